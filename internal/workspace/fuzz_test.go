package workspace

import (
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// FuzzCheck runs Check on the real symlink tree of fs.tsv and on the
// in-memory Windows and macOS file systems. It must never panic, never
// answer inside together with an error, and an inside answer must name a
// Resolved path below Root by whole components, with Rel the rest of it.
func FuzzCheck(f *testing.F) {
	base := tree(f)
	real, err := NewRoots(filepath.Join(base, "proj"))
	if err != nil {
		f.Fatal(err)
	}
	cwd := filepath.Join(base, "proj")
	all := []*Roots{real, platformRoots(f, "windows"), platformRoots(f, "darwin"), platformRoots(f, "darwin-cs")}
	cwds := []string{cwd, `C:\proj`, "/Users/me/proj", "/Users/me/proj"}
	for _, s := range []string{
		"x", "../proj_evil/x", "in2out/x", "in2out/../proj/x", "loop1", "dangle_out", "toproj/.git/config",
		"mid/../../outside", "~/x", "~x", "", "a\x00", `\\host\share`, `C:foo`, `con.txt`, `.git.\config`,
		`GIT~1`, `file::$DATA`, `..\..\proj_evil`, "/users/ME/PROJ/.Claude/x", ".g\u200cit/x", "\xff\xfe",
	} {
		for i := range all {
			f.Add(uint8(i), s, "")
			f.Add(uint8(i), s, ".")
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, path, sub string) {
		i := int(which) % len(all)
		r := all[i]
		wd := cwds[i]
		if sub != "" {
			wd += string(filepath.Separator) + sub
			if i > 0 {
				wd = cwds[i] + "/" + sub
			}
		}
		v := r.Check(path, wd)
		// A Memo copy, with the working directory already resolved,
		// answers the same.
		m := r.Memo()
		m.Check(".", wd)
		sameVerdict(t, "Memo", m.Check(path, wd), v)
		if v.Inside && v.Err != nil {
			t.Fatalf("inside with an error: %+v", v)
		}
		if v.Err != nil && (v.Root != "" || v.Protected != "") {
			t.Fatalf("an error with a root or pattern: %+v", v)
		}
		if !v.Inside {
			if v.Root != "" || v.Rel != "" || v.Protected != "" {
				t.Fatalf("outside with inside fields: %+v", v)
			}
			return
		}
		if !belowByComponents(r.platform, v.Resolved, v.Root) {
			t.Fatalf("inside, but %q is not below %q by components", v.Resolved, v.Root)
		}
		if v.Protected != ProtectedPattern(v.Rel) && v.Protected == "" {
			t.Fatalf("rel %q is protected but the verdict says not: %+v", v.Rel, v)
		}
	})
}

// belowByComponents is the property Check promises, stated independently:
// Resolved's components start with Root's components (compared exactly,
// or without case on a case-insensitive platform) and contain no "..".
func belowByComponents(p Platform, resolved, root string) bool {
	split := func(s string) []string {
		if p.WindowsPaths {
			s = strings.ReplaceAll(s, `\`, "/")
		}
		return components(s, "/")
	}
	rc, pc := split(root), split(resolved)
	if len(pc) < len(rc) {
		return false
	}
	for i, c := range rc {
		if c != pc[i] && !(p.CaseInsensitive && strings.EqualFold(c, pc[i])) && !(p.CaseInsensitive && (!isASCII(c) || !isASCII(pc[i]))) {
			return false
		}
	}
	for _, c := range pc {
		if c == ".." {
			return false
		}
	}
	return true
}

func TestCheckIsDeterministicUnderErrors(t *testing.T) {
	// Errors wrap a sentinel so callers can say why in one sentence.
	r := platformRoots(t, "windows")
	v := r.Check(`\\host\share\x`, "")
	if !errors.Is(v.Err, ErrNetwork) || !strings.Contains(v.Err.Error(), strconv.Quote(`\\host\share\x`)) {
		t.Errorf("got %v", v.Err)
	}
	if v := r.Check(`C:\proj\GIT~1\config`, ""); !errors.Is(v.Err, ErrShortName) {
		t.Errorf("got %v", v.Err)
	}
	if v := r.Check(`C:\proj\con.txt`, ""); !errors.Is(v.Err, ErrReserved) {
		t.Errorf("got %v", v.Err)
	}
	if v := r.Check(`C:\proj\a:b`, ""); !errors.Is(v.Err, ErrStream) {
		t.Errorf("got %v", v.Err)
	}
	if v := r.Check(`C:x`, ""); !errors.Is(v.Err, ErrDriveRelative) {
		t.Errorf("got %v", v.Err)
	}
}

// BenchmarkCheck measures a typical edit path: five components below the
// root, all existing, on the real file system.
func BenchmarkCheck(b *testing.B) {
	base := tree(b)
	proj := filepath.Join(base, "proj")
	dir := filepath.Join(proj, "internal", "policy", "testdata", "rules")
	if err := mkdirAll(dir); err != nil {
		b.Fatal(err)
	}
	r, err := NewRoots(proj)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("relative", func(b *testing.B) {
		for b.Loop() {
			if v := r.Check("internal/policy/testdata/rules/deny.json", proj); !v.Inside {
				b.Fatal(v)
			}
		}
	})
	b.Run("absolute", func(b *testing.B) {
		p := filepath.Join(dir, "deny.json")
		for b.Loop() {
			if v := r.Check(p, ""); !v.Inside {
				b.Fatal(v)
			}
		}
	})
	b.Run("through-link", func(b *testing.B) {
		for b.Loop() {
			if v := r.Check("mid/../in2out/x/y/z", proj); v.Inside {
				b.Fatal(v)
			}
		}
	})
	mem := platformRoots(b, "windows")
	b.Run("windows-mem", func(b *testing.B) {
		for b.Loop() {
			if v := mem.Check(`src\internal\policy\rules\deny.json`, `C:\proj`); !v.Inside {
				b.Fatal(v)
			}
		}
	})
}

func BenchmarkProtectedPattern(b *testing.B) {
	for b.Loop() {
		ProtectedPattern("internal/policy/testdata/rules/deny.json")
	}
}
