package workspace

import (
	"io/fs"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// memFS is an in-memory file system for running one platform's rules on
// another: entries are keyed by their full path in the platform's spelling,
// folded to lower case when the file system ignores case.
type memFS struct {
	fold  bool
	nodes map[string]*memNode
}

type memNode struct {
	name   string
	mode   fs.FileMode
	target string
}

func newMemFS(fold bool) *memFS { return &memFS{fold: fold, nodes: map[string]*memNode{}} }

func (m *memFS) key(name string) string {
	if m.fold {
		return strings.ToLower(name)
	}
	return name
}

func (m *memFS) dir(names ...string) *memFS {
	for _, n := range names {
		m.nodes[m.key(n)] = &memNode{name: n, mode: fs.ModeDir | 0o755}
	}
	return m
}

func (m *memFS) link(name, target string, mode fs.FileMode) *memFS {
	m.nodes[m.key(name)] = &memNode{name: name, mode: mode, target: target}
	return m
}

func (m *memFS) Lstat(name string) (fs.FileInfo, error) {
	n, ok := m.nodes[m.key(name)]
	if !ok {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: fs.ErrNotExist}
	}
	return memInfo{n}, nil
}

func (m *memFS) Readlink(name string) (string, error) {
	n, ok := m.nodes[m.key(name)]
	if !ok || n.target == "" {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: syscall.EINVAL}
	}
	return n.target, nil
}

func (m *memFS) SameFile(a, b fs.FileInfo) bool { return a.Sys() == b.Sys() }

type memInfo struct{ n *memNode }

func (i memInfo) Name() string       { return i.n.name }
func (i memInfo) Size() int64        { return 0 }
func (i memInfo) Mode() fs.FileMode  { return i.n.mode }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.n.mode.IsDir() }
func (i memInfo) Sys() any           { return i.n }

// platformRoots builds the roots described at the top of platform.tsv.
func platformRoots(t testing.TB, name string) *Roots {
	t.Helper()
	var opts Options
	var root string
	switch name {
	case "windows":
		junction := fs.ModeIrregular | fs.ModeDir
		opts = Options{Platform: Windows, Home: `C:\Users\me`, FS: newMemFS(true).
			dir(`C:\`, `C:\proj`, `C:\proj\src`, `C:\proj\.git`, `C:\proj_evil`, `C:\outside`, `D:\`, `D:\other`, `C:\Users`, `C:\Users\me`).
			link(`C:\proj\out`, `C:\outside`, fs.ModeSymlink).
			link(`C:\proj\rel`, `..\outside`, fs.ModeSymlink).
			link(`C:\proj\junc`, `\??\C:\outside`, junction).
			link(`C:\proj\juncin`, `\??\C:\proj\src`, junction).
			link(`C:\proj\unc`, `\\evil\share\x`, fs.ModeSymlink).
			link(`C:\proj\dev`, `\\?\C:\proj\src`, fs.ModeSymlink)}
		root = `C:\proj`
	case "darwin", "darwin-cs":
		m := newMemFS(name == "darwin").
			dir("/", "/Users", "/Users/me", "/Users/me/proj", "/Users/me/proj/src", "/Users/me/proj_evil", "/private", "/private/tmp").
			link("/tmp", "private/tmp", fs.ModeSymlink).
			link("/Users/me/proj/t", "/tmp", fs.ModeSymlink)
		if name == "darwin-cs" {
			m.dir("/Users/me/PROJ")
		}
		opts = Options{Platform: Darwin, Home: "/Users/me", FS: m}
		root = "/Users/me/proj"
	case "linux":
		opts = Options{Platform: Linux, Home: "/home/me", FS: newMemFS(false).
			dir("/", "/home", "/home/me", "/home/me/proj", "/home/me/proj/src", "/home/me/PROJ")}
		root = "/home/me/proj"
	default:
		t.Fatalf("unknown platform %q", name)
	}
	r, err := NewRootsWith(opts, root)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestPlatformTable(t *testing.T) {
	roots := map[string]*Roots{}
	for _, p := range []string{"windows", "darwin", "darwin-cs", "linux"} {
		roots[p] = platformRoots(t, p)
	}
	for _, rw := range readTable(t, "platform.tsv", 6, "") {
		f := rw.fields
		r := roots[f[0]]
		if r == nil {
			t.Fatalf("platform.tsv:%d: unknown platform %q", rw.line, f[0])
		}
		v := r.Check(f[2], f[1])
		checkRow(t, "platform.tsv:"+strconv.Itoa(rw.line)+" "+f[0]+" "+strconv.Quote(f[2]), v, f[3], f[4], f[5], r.platform.CaseInsensitive)
	}
}

func TestWindowsRootsAreResolved(t *testing.T) {
	r := platformRoots(t, "windows")
	if got := r.Dirs(); len(got) != 1 || got[0] != `C:\proj` {
		t.Errorf("Dirs() = %q", got)
	}
	r2, err := NewRootsWith(Options{Platform: Windows, FS: r.fsys}, `c:\PROJ\junc`)
	if err != nil {
		t.Fatal(err)
	}
	if got := r2.Dirs(); len(got) != 1 || got[0] != `C:\outside` {
		t.Errorf("a junction root resolved to %q, want C:\\outside", got)
	}
	for _, bad := range []string{`\\host\share`, `C:proj`, `C:\proj\con`, `C:\missing`} {
		if _, err := NewRootsWith(Options{Platform: Windows, FS: r.fsys}, bad); err == nil {
			t.Errorf("root %q accepted", bad)
		}
	}
}
