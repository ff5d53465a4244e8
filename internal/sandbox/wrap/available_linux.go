package wrap

import (
	"os/exec"
	"runtime"

	"golang.org/x/sys/unix"
)

// Available reports, cheaply and without starting anything, whether this
// machine has what the sandbox needs (bwrap, Landlock ABI 6, a seccomp
// filter for the architecture). Only then may a call that lacked a rule be
// allowed because it runs sandboxed: elsewhere the sandbox would refuse it.
func Available() bool {
	if _, err := exec.LookPath("bwrap"); err != nil {
		return false
	}
	// landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION)
	abi, _, errno := unix.Syscall(unix.SYS_LANDLOCK_CREATE_RULESET, 0, 0, 1)
	if errno != 0 || abi < 6 {
		return false
	}
	return runtime.GOARCH == "amd64" || runtime.GOARCH == "arm64"
}
