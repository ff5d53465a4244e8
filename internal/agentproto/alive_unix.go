//go:build unix

package agentproto

import (
	"errors"
	"syscall"
)

// processAlive tells whether pid names a running process. EPERM means it
// runs as someone else: alive. A reused pid reads as alive too, which only
// ever makes the hook ask instead of deciding alone.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
