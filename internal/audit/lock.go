package audit

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/gatehouse/gatehouse/internal/flock"
)

// lockWait is how long Append waits for another process's lock file where
// there is no flock.
const lockWait = 10 * time.Second

// lockFile takes an exclusive lock on f, shared with every other process
// appending to the same file, and returns the unlock: a flock, or where
// there is none, f's name + ".lock" created exclusively.
func lockFile(f *os.File) (func(), error) {
	unlock, err := flock.Lock(f)
	if !errors.Is(err, flock.ErrUnsupported) {
		return unlock, err
	}
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
