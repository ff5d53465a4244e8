// Package workspace decides whether a path lies inside the workspace roots,
// the one place where that question is answered. A path is inside only if,
// after making it absolute, cleaning it and resolving every symlink of its
// existing prefix, it equals a root or lies below one by whole path
// components (never a string prefix). It also recognises protected paths
// (.git, .claude, .vscode, ...) after the same resolution.
//
// Anything that cannot be judged (NUL bytes, network paths, symlink loops,
// unreadable directories, Windows names that hide another name) is an Err
// verdict, which callers treat as outside.
//
// Choices worth knowing:
//   - ".." is taken the kernel's way on Unix (`link/..` is the parent of the
//     link's target) and lexically on Windows, as Windows does before the
//     file system sees the path.
//   - A dangling symlink is followed textually: writing through it would
//     create its target, so the target decides.
//   - Case-insensitive platforms (macOS, Windows) count a differently
//     spelled root (case, or NFC against NFD on macOS) as the root only when
//     the file system confirms it is the same directory, so a case-sensitive
//     macOS volume holding /proj and /PROJ cannot be used to escape, and an
//     unconfirmed spelling is outside (asks) rather than inside.
//   - Windows 8.3 short names (any "~digit" in a component) are an Err, not
//     a guess: GIT~1 may be .git, and which long name a short name stands
//     for depends on the directory's history.
//   - Protected names are matched wider than any one platform needs (see
//     ProtectedPattern), .idea and *.code-workspace included.
//   - A regular file inside with more than one name (a hard link) is
//     inside, with its link count in Verdict.HardLinks: its other names may
//     be outside, and writing it in place writes them too, so callers ask.
//     (Counted where the file system says, which is not on Windows.)
//   - The answer is about the file system at the time of the call. Writes
//     the server makes go through os.Root (WriteFileAtomic), which closes
//     the gap; an agent writing by itself after approval can race it.
package workspace

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"unicode/utf8"
)

// Verdict is the answer for one path.
type Verdict struct {
	Input     string // the path as given
	Resolved  string // absolute, cleaned, symlinks of the existing prefix resolved
	Inside    bool   // inside one of the roots
	Root      string // the root it is inside ("" if outside)
	Rel       string // slash-separated path relative to Root ("." for the root itself)
	Protected string // protected pattern that matched (".git/**", ".mcp.json", ...), "" if none
	// HardLinks is the number of names of the file, when it is an existing
	// regular file inside a root with more than one: the same file under
	// another name, which may be outside, so writing it in place changes
	// that one too. 0 otherwise.
	HardLinks int
	Err       error // invalid path (NUL byte, UNC/WebDAV, reserved name, ...): treat as outside
}

// Options configures NewRootsWith. The zero value means the running machine:
// its platform, its file system and the current user's home directory.
type Options struct {
	Platform Platform // zero value: HostPlatform()
	Home     string   // what "~" expands to; "": os.UserHomeDir()
	FS       FS       // nil: the real file system
}

// Roots is the set of workspace folders. It is immutable: create a new one
// when the folders change.
type Roots struct {
	platform Platform
	home     string
	fsys     FS
	roots    []root
	// dirs, set only in a Memo copy, holds resolved working directories.
	dirs map[string]walk
}

// Memo returns a copy of r that resolves each working directory once and
// resolves relative paths on from there, for the many paths of one
// decision (a command line naming files relative to the same directory).
// The copy trusts the file system not to change while it is used: use it
// for one decision and drop it, never keep it across decisions, because a
// directory replaced by a symlink in between would still be taken as the
// one resolved before. It is not safe for concurrent use.
func (r *Roots) Memo() *Roots {
	if r == nil {
		return nil
	}
	m := *r
	m.dirs = map[string]walk{}
	return &m
}

// root is one workspace folder, resolved when Roots was created.
type root struct {
	path string
	loc  location
}

// NewRoots resolves the workspace folders on the running machine. Each dir
// is made absolute, cleaned and its symlinks resolved now; it must exist
// and be a directory. With no dirs, every path is outside.
func NewRoots(dirs ...string) (*Roots, error) {
	return NewRootsWith(Options{}, dirs...)
}

// NewRootsWith is NewRoots with a chosen platform, home and file system.
func NewRootsWith(opts Options, dirs ...string) (*Roots, error) {
	r := &Roots{platform: opts.Platform, home: opts.Home, fsys: opts.FS}
	if r.platform == (Platform{}) {
		r.platform = HostPlatform()
	}
	if r.fsys == nil {
		r.fsys = osFS{}
	}
	if r.home == "" {
		// No home is not an error: "~" paths then get an Err verdict.
		r.home, _ = os.UserHomeDir()
	}
	for _, dir := range dirs {
		if dir == "" {
			return nil, fmt.Errorf("workspace folder: %w: pass the folder's path", ErrEmpty)
		}
		cwd := ""
		if opts.FS == nil {
			// Relative folders are relative to this process, as on a
			// command line; a fake file system has no such directory.
			cwd, _ = os.Getwd()
		}
		loc, _, err := r.resolve(dir, cwd)
		if err != nil {
			return nil, fmt.Errorf("workspace folder %s: %w", dir, err)
		}
		path := r.platform.format(loc.vol, loc.comps)
		info, err := r.fsys.Lstat(path)
		if err != nil {
			return nil, fmt.Errorf("workspace folder %s: %w", dir, err)
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("workspace folder %s (%s) is not a directory", dir, path)
		}
		r.roots = append(r.roots, root{path: path, loc: loc})
	}
	return r, nil
}

// Dirs returns the resolved workspace folders, in the order given.
func (r *Roots) Dirs() []string {
	if r == nil {
		return nil
	}
	out := make([]string, len(r.roots))
	for i, rt := range r.roots {
		out[i] = rt.path
	}
	return out
}

// Platform returns the path rules these roots apply.
func (r *Roots) Platform() Platform { return r.platform }

// Check decides whether path is inside the workspace. A relative path is
// taken against cwd, which must then be absolute; "~" and "~/x" are the
// user's home. The path need not exist: its existing prefix is resolved and
// the rest kept as written. A nil Roots has no folders.
func (r *Roots) Check(path, cwd string) Verdict {
	v := Verdict{Input: path}
	if r == nil {
		return v
	}
	loc, leaf, err := r.resolve(path, cwd)
	if err != nil {
		v.Err = fmt.Errorf("path %q: %w", path, err)
		return v
	}
	v.Resolved = r.platform.format(loc.vol, loc.comps)
	best := -1
	// The last relative path joined, for the root at depth relN: Rel
	// below is usually the same string.
	rel, relN := "", -1
	for i, rt := range r.roots {
		if !r.within(loc, rt) {
			continue
		}
		n := len(rt.loc.comps)
		if v.Protected == "" {
			// Protected relative to any root that holds the path, so a
			// nested root cannot hide the outer root's .claude folder.
			rel, relN = strings.Join(loc.comps[n:], "/"), n
			v.Protected = ProtectedPattern(rel)
		}
		if best < 0 || n > len(r.roots[best].loc.comps) {
			best = i
		}
	}
	if best < 0 {
		return v
	}
	rt := r.roots[best]
	v.Inside = true
	v.Root = rt.path
	v.Rel = "."
	if rest := loc.comps[len(rt.loc.comps):]; len(rest) > 0 {
		if relN == len(rt.loc.comps) {
			v.Rel = rel
		} else {
			v.Rel = strings.Join(rest, "/")
		}
	}
	// The resolution looked at the file already: no second Lstat.
	if leaf != nil && leaf.Mode().IsRegular() {
		if n := linkCount(leaf); n > 1 {
			v.HardLinks = n
		}
	}
	return v
}

// resolve makes path absolute against cwd, expands "~", cleans it (on
// Windows, lexically, as Windows does) and resolves its symlinks. leaf is
// what Lstat said of the resolved path (see Platform.resolve).
func (r *Roots) resolve(path, cwd string) (res location, leaf fs.FileInfo, err error) {
	p := r.platform
	path, err = r.expandHome(path)
	if err != nil {
		return location{}, nil, err
	}
	kind, loc, err := p.split(path)
	if err != nil {
		return location{}, nil, err
	}
	if kind != absolute {
		if cwd == "" {
			return location{}, nil, errors.New("relative path needs an absolute working directory, and none was given")
		}
		wd, err := r.expandHome(cwd)
		if err != nil {
			return location{}, nil, fmt.Errorf("working directory %q: %w", cwd, err)
		}
		ckind, cloc, err := p.split(wd)
		if err != nil {
			return location{}, nil, fmt.Errorf("working directory %q: %w", cwd, err)
		}
		if ckind != absolute {
			return location{}, nil, fmt.Errorf("working directory %q is not absolute", cwd)
		}
		if kind == relative && r.dirs != nil && !slices.Contains(loc.comps, "..") {
			if w, ok := r.dir(wd, cloc); ok {
				// Going on from the resolved directory is resolving the
				// joined path: follow takes components one at a time. A
				// ".." is left to the whole path, which Windows cleans
				// lexically across the join.
				// An error is reported by resolving the whole path below,
				// with the message naming the whole path.
				w.done = append(make([]string, 0, len(w.done)+len(loc.comps)), w.done...)
				if err := p.follow(r.fsys, &w, loc.comps, cloc); err == nil {
					return location{vol: w.vol, comps: w.done}, w.leaf, nil
				}
			}
		}
		if kind == relative {
			loc.comps = append(cloc.comps, loc.comps...)
		}
		loc.vol = cloc.vol
	}
	if p.WindowsPaths {
		loc.comps = clean(loc.comps)
	}
	return p.resolve(r.fsys, loc)
}

// dir returns the resolution of the working directory wd (parsed as cloc)
// from the memo, resolving it the first time. ok is false when it cannot
// be resolved: the caller then resolves the whole path, which reports the
// error as it always has.
func (r *Roots) dir(wd string, cloc location) (walk, bool) {
	if w, ok := r.dirs[wd]; ok {
		return w, true
	}
	comps := cloc.comps
	if r.platform.WindowsPaths {
		comps = clean(comps)
	}
	w := walk{vol: cloc.vol, done: make([]string, 0, len(comps))}
	if err := r.platform.follow(r.fsys, &w, comps, cloc); err != nil {
		return walk{}, false
	}
	w.done = slices.Clip(w.done)
	r.dirs[wd] = w
	return w, true
}

// expandHome expands "~" and "~/x" (also `~\x` on Windows). "~user" is not
// expanded by guessing: it is refused.
func (r *Roots) expandHome(path string) (string, error) {
	if !strings.HasPrefix(path, "~") {
		return path, nil
	}
	rest := path[1:]
	if rest != "" && rest[0] != '/' && !(r.platform.WindowsPaths && rest[0] == '\\') {
		return "", ErrHome
	}
	if r.home == "" {
		return "", ErrHome
	}
	return r.home + rest, nil
}

// within reports whether loc equals rt or lies below it, comparing whole
// components. On a case-insensitive platform, names that differ only in
// case (or in non-ASCII spelling, such as NFC against NFD on macOS) count as
// the same only if the file system confirms that the path's prefix is the
// root directory itself: a case-sensitive volume on macOS can hold both
// /proj and /PROJ, and folding alone would let /PROJ/x pass as inside /proj.
func (r *Roots) within(loc location, rt root) bool {
	n := len(rt.loc.comps)
	if len(loc.comps) < n {
		return false
	}
	exact := loc.vol == rt.loc.vol
	if !exact && !(r.platform.WindowsPaths && strings.EqualFold(loc.vol, rt.loc.vol)) {
		return false
	}
	for i, c := range rt.loc.comps {
		d := loc.comps[i]
		if c == d {
			continue
		}
		if !r.platform.CaseInsensitive || !(strings.EqualFold(c, d) || !isASCII(c) || !isASCII(d)) {
			return false
		}
		exact = false
	}
	if exact {
		return true
	}
	got, err := r.fsys.Lstat(r.platform.format(loc.vol, loc.comps[:n]))
	if err != nil {
		return false
	}
	want, err := r.fsys.Lstat(rt.path)
	return err == nil && r.fsys.SameFile(got, want)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
