package sandbox

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The filter is small and fixed, so it is written out here with the
// kernel's classic BPF opcodes rather than through a policy compiler: a
// deny-list filter must also refuse other architectures' system calls (a
// 32-bit int 0x80 has its own numbers), which the compilers we looked at
// let through by default.

const (
	bpfLdAbsW  = unix.BPF_LD | unix.BPF_W | unix.BPF_ABS
	bpfJeqK    = unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K
	bpfJgeK    = unix.BPF_JMP | unix.BPF_JGE | unix.BPF_K
	bpfRetK    = unix.BPF_RET | unix.BPF_K
	offNr      = 0  // seccomp_data.nr
	offArch    = 4  // seccomp_data.arch
	offArg0    = 16 // seccomp_data.args[0], low 32 bits on little-endian machines
	x32Bit     = 0x40000000
	retAllow   = unix.SECCOMP_RET_ALLOW
	retENOSYS  = unix.SECCOMP_RET_ERRNO | uint32(unix.ENOSYS)
	retEACCES  = unix.SECCOMP_RET_ERRNO | uint32(unix.EACCES)
	labelAllow = "allow"
	labelNoSys = "enosys"
	labelDeny  = "eacces"
)

// refusedSyscalls do not exist inside the sandbox: io_uring can open and
// connect sockets without socket(2); the kernel keyrings are per user, not
// per namespace, and may hold the person's secrets.
var refusedSyscalls = []uint32{
	unix.SYS_IO_URING_SETUP, unix.SYS_IO_URING_ENTER, unix.SYS_IO_URING_REGISTER,
	unix.SYS_KEYCTL, unix.SYS_ADD_KEY, unix.SYS_REQUEST_KEY,
}

// seccompSupported reports whether this build knows the machine's
// architecture for the filter.
func seccompSupported() bool { return auditArch != 0 }

type insn struct {
	code   uint16
	k      uint32
	jt, jf string // labels; "" = next instruction
	label  string // this instruction's label
}

// filterProgram assembles the program: other architectures and x32 get
// ENOSYS, the refused calls ENOSYS, socket(AF_UNIX, ...) EACCES (unless
// unix sockets are allowed), everything else runs.
func filterProgram(blockUnix bool) ([]unix.SockFilter, error) {
	prog := []insn{
		{code: bpfLdAbsW, k: offArch},
		{code: bpfJeqK, k: auditArch, jf: labelNoSys},
		{code: bpfLdAbsW, k: offNr},
		{code: bpfJgeK, k: x32Bit, jt: labelNoSys},
	}
	for _, nr := range refusedSyscalls {
		prog = append(prog, insn{code: bpfJeqK, k: nr, jt: labelNoSys})
	}
	if blockUnix {
		prog = append(prog,
			insn{code: bpfJeqK, k: unix.SYS_SOCKET, jf: labelAllow},
			insn{code: bpfLdAbsW, k: offArg0},
			insn{code: bpfJeqK, k: unix.AF_UNIX, jt: labelDeny},
		)
	}
	prog = append(prog,
		insn{code: bpfRetK, k: retAllow, label: labelAllow},
		insn{code: bpfRetK, k: retENOSYS, label: labelNoSys},
		insn{code: bpfRetK, k: retEACCES, label: labelDeny},
	)
	at := map[string]int{}
	for i, in := range prog {
		if in.label != "" {
			at[in.label] = i
		}
	}
	out := make([]unix.SockFilter, len(prog))
	for i, in := range prog {
		f := unix.SockFilter{Code: in.code, K: in.k}
		for _, j := range []struct {
			label string
			dst   *uint8
		}{{in.jt, &f.Jt}, {in.jf, &f.Jf}} {
			if j.label == "" {
				continue
			}
			off := at[j.label] - i - 1
			if off < 0 || off > 255 {
				return nil, fmt.Errorf("seccomp filter: bad jump to %s", j.label)
			}
			*j.dst = uint8(off)
		}
		out[i] = f
	}
	return out, nil
}

// loadFilter installs the filter on the calling thread only (no TSYNC):
// the caller locks its goroutine to the thread and starts the program from
// it, so that the program inherits the filter and Gatehouse's other
// threads (the proxy relay, which needs a unix socket) do not.
func loadFilter(blockUnix bool) error {
	prog, err := filterProgram(blockUnix)
	if err != nil {
		return err
	}
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return fmt.Errorf("set no_new_privs: %w", err)
	}
	fprog := unix.SockFprog{Len: uint16(len(prog)), Filter: &prog[0]}
	if _, _, errno := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, 0, uintptr(unsafe.Pointer(&fprog))); errno != 0 {
		return fmt.Errorf("load seccomp filter: %w", errno)
	}
	return nil
}
