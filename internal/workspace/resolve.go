package workspace

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// FS is what path resolution asks of a file system. The real one is used
// unless Options says otherwise; tests use an in-memory one to run the
// Windows and macOS rules on Linux.
type FS interface {
	Lstat(name string) (fs.FileInfo, error)
	Readlink(name string) (string, error)
	// SameFile reports whether two results of Lstat describe one file.
	SameFile(a, b fs.FileInfo) bool
}

// osFS is the file system of the running machine.
type osFS struct{}

func (osFS) Lstat(name string) (fs.FileInfo, error) { return os.Lstat(name) }
func (osFS) Readlink(name string) (string, error)   { return os.Readlink(name) }
func (osFS) SameFile(a, b fs.FileInfo) bool         { return os.SameFile(a, b) }

// maxLinks bounds the symlinks followed for one path; Linux gives up at 40
// too. A loop reaches it and is reported as ErrLoop.
const maxLinks = 40

// resolve follows every symlink in loc the way the kernel does while
// opening it: component by component, ".." taken from the directory reached
// so far (so `link/..` is the parent of the link's target, not of the
// link). Components that do not exist are kept as written; a symlink that
// dangles is followed textually, because creating the path would create
// its target. The result has no "..", and its existing prefix no symlinks.
// leaf is what Lstat said of the resolved path, nil when it does not exist
// (or ends in ".." from a directory whose information is not kept).
func (p Platform) resolve(fsys FS, loc location) (res location, leaf fs.FileInfo, err error) {
	w := walk{vol: loc.vol, done: make([]string, 0, len(loc.comps))}
	if err := p.follow(fsys, &w, loc.comps, loc); err != nil {
		return location{}, nil, err
	}
	return location{vol: w.vol, comps: w.done}, w.leaf, nil
}

// walk is the state of a resolution between components: resolving a path
// is resolving its first components, then going on from there with the
// rest, which is how a resolved working directory is reused (see Memo).
type walk struct {
	vol     string
	done    []string
	links   int  // symlinks followed so far
	missing bool // an earlier component does not exist: neither do later ones
	// leaf is what Lstat said of the last component of done, when it
	// exists and is not a link (nil otherwise): the file the path names.
	leaf fs.FileInfo
}

// follow resolves todo on from w. whole is the path being resolved, for
// error messages.
func (p Platform) follow(fsys FS, w *walk, todo []string, whole location) error {
	vol, done, links, missing, leaf := w.vol, w.done, w.links, w.missing, w.leaf
	defer func() { w.vol, w.done, w.links, w.missing, w.leaf = vol, done, links, missing, leaf }()
	for len(todo) > 0 {
		c := todo[0]
		todo = todo[1:]
		leaf = nil
		if c == ".." {
			if len(done) > 0 {
				done = done[:len(done)-1]
			}
			missing = false
			continue
		}
		done = append(done, c)
		if missing {
			continue
		}
		name := p.format(vol, done)
		info, err := fsys.Lstat(name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
				missing = true
				continue
			}
			// Permission denied and the like: whether this is a symlink
			// cannot be known, so the path cannot be judged.
			return fmt.Errorf("inspect %s: %w", name, err)
		}
		if !p.mayRedirect(info) {
			leaf = info
			continue
		}
		target, err := fsys.Readlink(name)
		if err != nil {
			if info.Mode()&fs.ModeSymlink == 0 && !info.IsDir() {
				// A Windows reparse point on a file that is not a link
				// (cloud placeholder, dedup): it does not redirect paths.
				leaf = info
				continue
			}
			return fmt.Errorf("read symlink %s: %w", name, err)
		}
		if links++; links > maxLinks {
			return fmt.Errorf("resolve %s: %w", p.format(whole.vol, whole.comps), ErrLoop)
		}
		kind, t, err := p.splitTarget(target)
		if err != nil {
			return fmt.Errorf("symlink %s points to %q: %w", name, target, err)
		}
		done = done[:len(done)-1]
		switch kind {
		case absolute:
			vol, done = t.vol, done[:0]
		case rooted:
			done = done[:0]
		}
		todo = append(t.comps, todo...)
	}
	return nil
}

// mayRedirect reports whether the entry can send the path elsewhere: a
// symlink, or on Windows any reparse point (Go reports junctions and mount
// points as irregular, not as symlinks).
func (p Platform) mayRedirect(info fs.FileInfo) bool {
	m := info.Mode()
	return m&fs.ModeSymlink != 0 || p.WindowsPaths && m&fs.ModeIrregular != 0
}

// clean removes ".." lexically, as Windows does to every path before the
// file system sees it. ".." above the volume root stays at the root.
func clean(comps []string) []string {
	out := make([]string, 0, len(comps))
	for _, c := range comps {
		if c == ".." {
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			continue
		}
		out = append(out, c)
	}
	return out
}
