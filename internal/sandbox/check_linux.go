package sandbox

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	llsys "github.com/landlock-lsm/go-landlock/landlock/syscall"
)

// Item is one thing the sandbox needs from this machine.
type Item struct {
	Name   string // bwrap, userns, landlock, seccomp, netns
	OK     bool
	Detail string // what was found, or what is missing and how to get it
}

// minLandlockABI is the first ABI that scopes signals and abstract unix
// sockets (6); filesystem rules alone date from ABI 1.
const minLandlockABI = 6

// Missing runs the checks that cost no process start (what Run needs to
// know before it starts bwrap, whose own failure is reported by bwrap).
func Missing() []Item {
	var out []Item
	for _, it := range []Item{checkBwrapPath(), checkLandlock(), checkSeccomp()} {
		if !it.OK {
			out = append(out, it)
		}
	}
	return out
}

// Check runs every check, including starting bwrap with the namespaces the
// sandbox uses; self is the gatehouse binary (run as `self --version`
// inside, to see that a program starts).
func Check(self string) []Item {
	items := []Item{checkBwrapPath(), checkUserns()}
	if items[0].OK {
		items = append(items, probeBwrap(self))
	}
	return append(items, checkLandlock(), checkSeccomp())
}

func checkBwrapPath() Item {
	path, err := exec.LookPath("bwrap")
	if err != nil {
		return Item{Name: "bwrap", Detail: "bubblewrap is not installed (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap)"}
	}
	return Item{Name: "bwrap", OK: true, Detail: path}
}

func checkUserns() Item {
	if b, err := os.ReadFile("/proc/sys/user/max_user_namespaces"); err == nil {
		if n, _ := strconv.Atoi(strings.TrimSpace(string(b))); n == 0 {
			return Item{Name: "userns", Detail: "user namespaces are disabled (user.max_user_namespaces = 0); set it above 0 with sysctl"}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/unprivileged_userns_clone"); err == nil && strings.TrimSpace(string(b)) == "0" && os.Geteuid() != 0 {
		return Item{Name: "userns", Detail: "unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone = 0); set it to 1 with sysctl"}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/apparmor_restrict_unprivileged_userns"); err == nil && strings.TrimSpace(string(b)) == "1" && os.Geteuid() != 0 {
		return Item{Name: "userns", OK: true, Detail: "AppArmor restricts unprivileged user namespaces; bwrap needs a profile that allows them (see the bwrap line)"}
	}
	return Item{Name: "userns", OK: true, Detail: "user namespaces available"}
}

// probeBwrap starts bwrap with the sandbox's namespaces (user, PID, IPC,
// UTS, network without a route) and no further user namespaces.
func probeBwrap(self string) Item {
	args := []string{"--die-with-parent", "--new-session",
		"--unshare-user", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
		"--disable-userns", "--cap-drop", "ALL", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--", self, "--version"}
	var out bytes.Buffer
	cmd := exec.Command("bwrap", args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return Item{Name: "namespaces", Detail: fmt.Sprintf("bwrap cannot create the sandbox's namespaces here (%v: %s); user namespaces may be disabled or blocked by AppArmor/SELinux, or bwrap is older than 0.8 (needs --disable-userns)", err, strings.TrimSpace(out.String()))}
	}
	v, _ := exec.Command("bwrap", "--version").Output()
	return Item{Name: "namespaces", OK: true, Detail: strings.TrimSpace(string(v)) + ": mount, user, PID, IPC, UTS and network namespaces work (network: loopback only)"}
}

func checkLandlock() Item {
	abi, err := llsys.LandlockGetABIVersion()
	if err != nil {
		return Item{Name: "landlock", Detail: fmt.Sprintf("Landlock is not available (%v); it needs Linux 5.13+ with landlock in the lsm= boot parameter", err)}
	}
	if abi < minLandlockABI {
		return Item{Name: "landlock", Detail: fmt.Sprintf("Landlock ABI %d; the sandbox needs ABI %d (Linux 6.12+) to scope signals and abstract unix sockets", abi, minLandlockABI)}
	}
	return Item{Name: "landlock", OK: true, Detail: fmt.Sprintf("ABI %d: writes confined to the writable directories, signals and abstract unix sockets scoped to the sandbox", abi)}
}

func checkSeccomp() Item {
	if !seccompSupported() {
		return Item{Name: "seccomp", Detail: "no seccomp filter is written for this architecture, so unix sockets outside could be reached"}
	}
	b, err := os.ReadFile("/proc/self/status")
	if err != nil || !bytes.Contains(b, []byte("\nSeccomp:")) {
		return Item{Name: "seccomp", Detail: "the kernel has no seccomp (CONFIG_SECCOMP_FILTER), so unix sockets outside could be reached"}
	}
	return Item{Name: "seccomp", OK: true, Detail: "socket(AF_UNIX), io_uring and keyrings refused to the program"}
}
