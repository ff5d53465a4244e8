package workspace

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// WriteFileAtomic replaces rel (slash-separated, relative to root) with data
// so that readers see the old or the new content, never a mix: it writes a
// temporary file in the same directory inside the root, syncs it and renames
// it over rel. Every step goes through os.Root, so no symlink can carry the
// write out of the root. Missing parent folders are created (0755).
//
// perm applies to the file; with perm == 0 an existing file keeps its mode
// (a new one gets 0644). Symlinks in rel that stay inside the root are
// followed (the target is written, the link kept); a path that leads out of
// the root is refused. On failure the temporary file is removed and rel is
// untouched.
func WriteFileAtomic(root *os.Root, rel string, data []byte, perm fs.FileMode) error {
	target, err := linkTarget(root, rel)
	if err != nil {
		return err
	}
	name := filepath.FromSlash(target)
	dir := path.Dir(target)
	if dir != "." {
		if err := root.MkdirAll(filepath.FromSlash(dir), 0o755); err != nil {
			return fmt.Errorf("write %s: create its folder: %w", rel, err)
		}
	}
	mode := perm.Perm()
	if perm == 0 {
		mode = 0o644
		if info, err := root.Stat(name); err == nil {
			if !info.Mode().IsRegular() {
				return fmt.Errorf("write %s: not a regular file", rel)
			}
			mode = info.Mode().Perm()
		}
	}
	f, tmp, err := createTemp(root, dir, path.Base(target))
	if err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	ok := false
	defer func() {
		if !ok {
			f.Close()
			root.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", rel, err)
	}
	// The temporary file was created under the umask: set the mode exactly.
	if err := f.Chmod(mode); err != nil {
		return fmt.Errorf("write %s: set mode: %w", rel, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: sync: %w", rel, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: close: %w", rel, err)
	}
	if err := root.Rename(tmp, name); err != nil {
		return fmt.Errorf("write %s: replace: %w", rel, err)
	}
	ok = true
	return nil
}

// linkTarget finds the file that writing rel would really change: rel is
// resolved against the root the way Check does it (the kernel's way, so
// `link/..` is the parent of the link's target), which follows links that
// stay inside and finds those that leave. The result is symlink-free and
// relative to the root; os.Root then enforces it while writing, so a link
// swapped in between cannot carry the write out.
func linkTarget(root *os.Root, rel string) (string, error) {
	if rel == "" || strings.IndexByte(rel, 0) >= 0 || path.IsAbs(rel) || filepath.IsAbs(rel) || filepath.VolumeName(rel) != "" {
		return "", fmt.Errorf("write %q: want a path relative to the workspace folder", rel)
	}
	roots, err := NewRoots(root.Name())
	if err != nil {
		return "", fmt.Errorf("write %s: %w", rel, err)
	}
	v := roots.Check(filepath.FromSlash(rel), roots.Dirs()[0])
	switch {
	case v.Err != nil:
		return "", fmt.Errorf("write %s: %w", rel, v.Err)
	case !v.Inside:
		return "", fmt.Errorf("write %s: the path leads to %s, outside the workspace folder %s", rel, v.Resolved, roots.Dirs()[0])
	case v.Rel == ".":
		return "", fmt.Errorf("write %s: that is the workspace folder itself, not a file", rel)
	}
	return v.Rel, nil
}

// createTemp creates an unused hidden file next to base in dir.
func createTemp(root *os.Root, dir, base string) (*os.File, string, error) {
	var rnd [6]byte
	for range 10 {
		if _, err := rand.Read(rnd[:]); err != nil {
			return nil, "", err
		}
		name := filepath.FromSlash(path.Join(dir, "."+base+"."+hex.EncodeToString(rnd[:])+".tmp"))
		f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			return f, name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, "", err
		}
	}
	return nil, "", errors.New("cannot create a temporary file: too many name collisions")
}
