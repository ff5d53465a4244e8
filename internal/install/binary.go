package install

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
)

// versionedDir matches a folder whose name carries a version, as editor
// extension folders do (publisher.gatehouse-1.2.3): an update deletes it,
// and a hook command pointing into it would stop running.
var versionedDir = regexp.MustCompile(`[/\\]extensions[/\\][^/\\]+[-@]v?\d+\.\d+`)

// StableBinary returns a path of the running binary that survives updates:
// the binary itself unless it lies in a versioned folder, in which case it
// is copied to dataDir/bin/gatehouse (updated on every install).
func StableBinary(exe, dataDir string) (string, error) {
	exe, err := filepath.EvalSymlinks(exe)
	if err != nil {
		return "", fmt.Errorf("find the gatehouse binary: %w", err)
	}
	if !versionedDir.MatchString(filepath.Dir(exe)) {
		return exe, nil
	}
	if dataDir == "" {
		return "", fmt.Errorf("the gatehouse binary %s is in a versioned folder that updates delete, and there is no data directory to copy it to; pass --binary PATH", exe)
	}
	dst := filepath.Join(dataDir, "bin", "gatehouse")
	if err := copyFile(exe, dst); err != nil {
		return "", fmt.Errorf("copy the gatehouse binary out of its versioned folder: %w", err)
	}
	return dst, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".gatehouse-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o755); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// Rename over the old copy: a hook running it keeps its open file.
	return os.Rename(tmp.Name(), dst)
}
