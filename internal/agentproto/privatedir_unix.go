//go:build unix

package agentproto

import (
	"fmt"
	"os"
	"syscall"
)

// checkPrivateDir refuses a socket directory another user owns and closes
// one others can enter: whoever can create a socket there could pose as
// the server.
func checkPrivateDir(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("socket directory %s: %w", dir, err)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !fi.IsDir() || !ok {
		return fmt.Errorf("socket directory %s is not a directory", dir)
	}
	if int(st.Uid) != os.Getuid() {
		return fmt.Errorf("socket directory %s belongs to uid %d, not you: remove it", dir, st.Uid)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("socket directory %s is open to others and cannot be fixed: %w", dir, err)
		}
	}
	return nil
}
