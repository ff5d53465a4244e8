//go:build !linux

package agentsock

import (
	"fmt"
	"net"
	"os"
)

// checkPeer relies on the 0700 directory and 0600 socket where the kernel's
// peer credentials are not read (macOS has LOCAL_PEERCRED; not wired yet).
func checkPeer(c *net.UnixConn) error { return nil }

func checkPrivateDir(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("socket directory %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("socket directory %s is not a directory", dir)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return os.Chmod(dir, 0o700)
	}
	return nil
}
