package settings

import (
	"errors"
	"os"

	"github.com/gatehouse/gatehouse/internal/flock"
)

// lockDir takes an exclusive lock on the open directory dir, shared with
// every other process that adds a rule there, and returns the unlock.
// Where there is no flock, AddRule is serialised within one process only
// (addMu).
func lockDir(dir *os.File) (func(), error) {
	unlock, err := flock.Lock(dir)
	if errors.Is(err, flock.ErrUnsupported) {
		return func() {}, nil
	}
	return unlock, err
}
