package workspace

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// tree builds the directory tree described at the top of
// testdata/workspace/fs.tsv and returns its base directory, resolved.
func tree(t testing.TB) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows; the Windows rules run in platform_test.go")
	}
	base, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{"proj/src", "proj/.git", "proj/sub", "proj_evil", "outside"} {
		must(os.MkdirAll(filepath.Join(base, d), 0o755))
	}
	for _, f := range []string{"proj/src/a.go", "proj/file.txt", "proj/.git/config", "proj/sub/.git"} {
		must(os.WriteFile(filepath.Join(base, f), []byte("x\n"), 0o644))
	}
	links := [][2]string{
		{"proj/in2out", "../outside"},
		{"proj/in2outabs", filepath.Join(base, "outside")},
		{"proj/mid", "src"},
		{"proj/toroot", "/"},
		{"proj/toproj", "."},
		{"proj/toparent", ".."},
		{"proj/loop1", "loop2"},
		{"proj/loop2", "loop1"},
		{"proj/self", "self"},
		{"proj/dangle_in", "newfile.txt"},
		{"proj/dangle_out", "../outside/new.txt"},
		{"proj/dangle_chain", "dangle_out"},
		{"proj/dangle_dir", "../outside/newdir"},
		{"proj/gitlink", ".git"},
		{"proj/evil", "../proj_evil"},
		{"proj/filelink", "file.txt"},
		{"outside/out2in", "../proj/src"},
		{"projlink", "proj"},
	}
	for _, l := range links {
		must(os.Symlink(l[1], filepath.Join(base, l[0])))
	}
	return base
}

func TestCheckTree(t *testing.T) {
	base := tree(t)
	r, err := NewRoots(filepath.Join(base, "projlink"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Dirs(), []string{filepath.Join(base, "proj")}; len(got) != 1 || got[0] != want[0] {
		t.Fatalf("Dirs() = %q, want %q (the link resolved)", got, want)
	}
	for _, rw := range readTable(t, "fs.tsv", 5, base) {
		f := rw.fields
		v := r.Check(f[0], f[1])
		checkRow(t, "fs.tsv:"+strconv.Itoa(rw.line)+" "+f[0], v, f[2], f[3], f[4], false)
		if v.Input != f[0] {
			t.Errorf("fs.tsv:%d: Input %q, want %q", rw.line, v.Input, f[0])
		}
	}
}

func TestCheckErrors(t *testing.T) {
	base := tree(t)
	r, err := NewRoots(filepath.Join(base, "proj"))
	if err != nil {
		t.Fatal(err)
	}
	cwd := filepath.Join(base, "proj")
	for _, tc := range []struct {
		path string
		want error
	}{
		{"", ErrEmpty},
		{"a\x00b", ErrNUL},
		{cwd + "/x\x00/../y", ErrNUL},
		{"loop1", ErrLoop},
		{"~nobody/x", ErrHome},
	} {
		v := r.Check(tc.path, cwd)
		if !errors.Is(v.Err, tc.want) || v.Inside {
			t.Errorf("Check(%q) = %+v, want error %v", tc.path, v, tc.want)
		}
	}
}

func TestNewRoots(t *testing.T) {
	base := tree(t)
	if _, err := NewRoots(filepath.Join(base, "missing")); err == nil {
		t.Error("a missing folder was accepted as a root")
	}
	if _, err := NewRoots(filepath.Join(base, "proj/file.txt")); err == nil {
		t.Error("a file was accepted as a root")
	}
	if _, err := NewRoots(""); err == nil {
		t.Error("an empty folder name was accepted")
	}
	if _, err := NewRoots(filepath.Join(base, "proj/loop1")); err == nil {
		t.Error("a symlink loop was accepted as a root")
	}
	empty, err := NewRoots()
	if err != nil {
		t.Fatal(err)
	}
	if v := empty.Check("/", ""); v.Inside {
		t.Errorf("no roots, yet %+v", v)
	}
	var none *Roots
	if v := none.Check("/", ""); v.Inside || none.Dirs() != nil {
		t.Errorf("nil roots, yet %+v", v)
	}
}

func TestNestedRoots(t *testing.T) {
	base := tree(t)
	proj := filepath.Join(base, "proj")
	r, err := NewRoots(proj, filepath.Join(proj, "src"), filepath.Join(base, "outside"))
	if err != nil {
		t.Fatal(err)
	}
	v := r.Check("src/a.go", proj)
	if !v.Inside || v.Root != filepath.Join(proj, "src") || v.Rel != "a.go" {
		t.Errorf("want the deepest root, got %+v", v)
	}
	// A nested root must not hide the outer root's protected folders.
	os.MkdirAll(filepath.Join(proj, "src/.claude"), 0o755)
	r2, err := NewRoots(filepath.Join(proj, "src"), proj)
	if err != nil {
		t.Fatal(err)
	}
	if v := r2.Check(filepath.Join(proj, ".git/config"), ""); v.Protected != ".git/**" {
		t.Errorf("got %+v", v)
	}
	if v := r.Check("in2out/x", proj); !v.Inside || v.Root != filepath.Join(base, "outside") {
		t.Errorf("a link into another root: got %+v", v)
	}
}

func TestHome(t *testing.T) {
	base := tree(t)
	r, err := NewRootsWith(Options{Home: filepath.Join(base, "proj")}, filepath.Join(base, "proj"))
	if err != nil {
		t.Fatal(err)
	}
	for path, rel := range map[string]string{"~": ".", "~/src/a.go": "src/a.go", "~/.claude/x": ".claude/x"} {
		if v := r.Check(path, ""); !v.Inside || v.Rel != rel {
			t.Errorf("Check(%q) = %+v, want rel %q", path, v, rel)
		}
	}
	if v := r.Check("x", "~/src"); !v.Inside || v.Rel != "src/x" {
		t.Errorf("~ in cwd: got %+v", v)
	}
	if v := r.Check("~/../outside", ""); v.Inside {
		t.Errorf("~/.. escaped: %+v", v)
	}
}

func TestUnreadableDirectoryIsAnError(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root reads every directory")
	}
	base := tree(t)
	locked := filepath.Join(base, "proj/locked")
	os.Mkdir(locked, 0o755)
	os.Symlink("/etc", filepath.Join(locked, "l"))
	os.Chmod(locked, 0)
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	r, _ := NewRoots(filepath.Join(base, "proj"))
	if v := r.Check("locked/l/passwd", filepath.Join(base, "proj")); v.Err == nil || v.Inside {
		t.Errorf("got %+v, want an error: the link cannot be seen", v)
	}
}

func mkdirAll(dir string) error { return os.MkdirAll(dir, 0o755) }

// TestHardLinksCounted: a file inside with another name outside is
// reported with its link count; a file with one name, a directory and a
// missing file are not.
func TestHardLinksCounted(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("hard links are not counted on Windows")
	}
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ws, out := filepath.Join(dir, "ws"), filepath.Join(dir, "out")
	for _, d := range []string{ws, out} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(out, "secret"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, "plain"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(filepath.Join(out, "secret"), filepath.Join(ws, "linked")); err != nil {
		t.Skip("cannot make a hard link here:", err)
	}
	r, err := NewRoots(ws)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]int{"linked": 2, "plain": 0, ".": 0, "missing": 0} {
		if v := r.Check(name, ws); !v.Inside || v.HardLinks != want {
			t.Errorf("%s: inside %v, %d hard links, want inside and %d", name, v.Inside, v.HardLinks, want)
		}
	}
}
