//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package flock

import (
	"errors"
	"os"
	"syscall"
)

// Lock takes an exclusive flock on f (a file or a directory), waiting for
// other holders, and returns the unlock.
func Lock(f *os.File) (func(), error) {
	fd := int(f.Fd())
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
