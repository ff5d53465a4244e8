package sandbox

import (
	"math"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// closeInherited marks every descriptor above stderr close-on-exec. Go
// opens its own that way, but descriptors this process inherited (from a
// shell, an agent, a terminal multiplexer) would otherwise pass through
// bwrap into the sandbox: a socket to a service outside, or a directory
// outside to open files relative to. The descriptors a child is meant to
// get (exec.Cmd.ExtraFiles) are placed after this, in the child.
func closeInherited() {
	if err := unix.CloseRange(3, math.MaxUint32, unix.CLOSE_RANGE_CLOEXEC); err == nil {
		return
	}
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return
	}
	for _, e := range ents {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd > 2 {
			unix.CloseOnExec(fd)
		}
	}
}
