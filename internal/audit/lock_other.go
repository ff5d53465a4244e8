//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package audit

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// lockWait is how long Append waits for another process's lock file.
const lockWait = 10 * time.Second

// lockFile takes an exclusive lock by creating f's name + ".lock"
// exclusively (platforms without flock), and returns the unlock.
func lockFile(f *os.File) (func(), error) {
	name := f.Name() + ".lock"
	deadline := time.Now().Add(lockWait)
	for {
		l, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			l.Close()
			return func() { _ = os.Remove(name) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s held for over %v: remove it if no gatehouse process is running", name, lockWait)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
