//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package settings

import (
	"errors"
	"os"
	"syscall"
)

// lockDir takes an exclusive flock on the open directory dir, shared with
// every other process that adds a rule there, and returns the unlock.
func lockDir(dir *os.File) (func(), error) {
	fd := int(dir.Fd())
	for {
		err := syscall.Flock(fd, syscall.LOCK_EX)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EINTR) {
			return nil, err
		}
	}
	return func() { _ = syscall.Flock(fd, syscall.LOCK_UN) }, nil
}
