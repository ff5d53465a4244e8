package install

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
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
	dst := filepath.Join(dataDir, "bin", filepath.Base(exe))
	if err := copyFile(exe, dst); err != nil {
		return "", fmt.Errorf("copy the gatehouse binary out of its versioned folder: %w", err)
	}
	if hook := hookBeside(exe); hook != "" {
		if err := copyFile(hook, filepath.Join(dataDir, "bin", filepath.Base(hook))); err != nil {
			return "", fmt.Errorf("copy the gatehouse-hook binary out of its versioned folder: %w", err)
		}
	}
	return dst, nil
}

// HookBinary is the binary the hook command runs: gatehouse-hook beside
// gatehouse when it is there (the same hook, faster to start because it
// links nothing else), else gatehouse itself.
func HookBinary(gatehouse string) string {
	if hook := hookBeside(gatehouse); hook != "" {
		return hook
	}
	return gatehouse
}

// hookBeside is the gatehouse-hook binary in gatehouse's folder (with the
// same extension, .exe on Windows), or "" when there is none that can run.
func hookBeside(gatehouse string) string {
	name := "gatehouse-hook" + strings.TrimPrefix(filepath.Base(gatehouse), "gatehouse")
	p := filepath.Join(filepath.Dir(gatehouse), name)
	fi, err := os.Stat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return ""
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o111 == 0 {
		return ""
	}
	return p
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
