package workspace

import (
	"fmt"
	"path/filepath"
	"strconv"
	"testing"
)

// sameVerdict fails unless a Memo copy's verdict is the plain one, error
// text included.
func sameVerdict(t *testing.T, where string, got, want Verdict) {
	t.Helper()
	if fmt.Sprint(got.Err) != fmt.Sprint(want.Err) || (got.Err == nil) != (want.Err == nil) {
		t.Errorf("%s: Memo error %v, plain %v", where, got.Err, want.Err)
	}
	got.Err, want.Err = nil, nil
	if got != want {
		t.Errorf("%s: Memo %+v, plain %+v", where, got, want)
	}
}

// A Memo copy answers every path exactly as the Roots it came from, for
// working directories reached through symlinks, missing directories,
// loops and "..", asked in any order and again.
func TestMemoAnswersAsPlain(t *testing.T) {
	base := tree(t)
	r, err := NewRoots(filepath.Join(base, "proj"))
	if err != nil {
		t.Fatal(err)
	}
	m := r.Memo()
	if r.dirs != nil {
		t.Fatal("Memo changed the Roots it copies")
	}
	for pass := range 2 {
		for _, rw := range readTable(t, "fs.tsv", 5, base) {
			f := rw.fields
			sameVerdict(t, "fs.tsv:"+strconv.Itoa(rw.line)+" pass "+strconv.Itoa(pass), m.Check(f[0], f[1]), r.Check(f[0], f[1]))
		}
	}
	cwds := []string{"", "rel", "~", "~/x", "~nobody",
		base, base + "/proj", base + "/projlink", base + "/proj/", base + "/proj/src", base + "/proj/mid",
		base + "/proj/in2out", base + "/proj/in2outabs", base + "/proj/toparent", base + "/proj/toproj/toproj",
		base + "/proj/loop1", base + "/proj/self", base + "/proj/missing/deeper", base + "/proj/dangle_dir",
		base + "/proj/filelink", base + "/proj/src/../in2out", base + "/outside/out2in", base + "/proj/\x00"}
	paths := []string{"x", ".", "..", "../..", "src/a.go", "../proj/x", "../proj_evil/x", "in2out/x", "mid/../../outside",
		"toparent/proj/.git/config", ".git/config", "loop1", "dangle_out", "missing/../x", "/etc/passwd", "~/x", "a\x00"}
	for pass := range 2 {
		for _, cwd := range cwds {
			for _, p := range paths {
				where := fmt.Sprintf("pass %d Check(%q, %q)", pass, p, cwd)
				sameVerdict(t, where, m.Check(p, cwd), r.Check(p, cwd))
			}
		}
	}
}

// The platform rules (Windows cleans ".." lexically across the working
// directory) hold through a Memo copy too.
func TestMemoPlatformTable(t *testing.T) {
	roots := map[string]*Roots{}
	memos := map[string]*Roots{}
	for _, p := range []string{"windows", "darwin", "darwin-cs", "linux"} {
		roots[p] = platformRoots(t, p)
		memos[p] = roots[p].Memo()
	}
	for pass := range 2 {
		for _, rw := range readTable(t, "platform.tsv", 6, "") {
			f := rw.fields
			where := "platform.tsv:" + strconv.Itoa(rw.line) + " pass " + strconv.Itoa(pass)
			sameVerdict(t, where, memos[f[0]].Check(f[2], f[1]), roots[f[0]].Check(f[2], f[1]))
		}
	}
	var nilRoots *Roots
	if nilRoots.Memo() != nil {
		t.Error("Memo of nil Roots is not nil")
	}
}
