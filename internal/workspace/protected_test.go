package workspace

import (
	"strings"
	"testing"
)

func TestProtectedPattern(t *testing.T) {
	for _, rw := range readTable(t, "protected.tsv", 2, "") {
		rel, want := rw.fields[0], rw.fields[1]
		if got := ProtectedPattern(rel); got != want {
			t.Errorf("protected.tsv:%d: ProtectedPattern(%q) = %q, want %q", rw.line, rel, got, want)
		}
	}
}

// FuzzProtectedPattern checks that a protected path stays protected below
// any folder and with anything below it.
func FuzzProtectedPattern(f *testing.F) {
	for _, s := range []string{".git/config", "a/.claude/x", "GIT~1", ".g\u200cit", "x", "", "a\\.envrc", "\xff.git"} {
		f.Add(s, "sub")
	}
	f.Fuzz(func(t *testing.T, rel, dir string) {
		p := ProtectedPattern(rel)
		if p == "" {
			return
		}
		if strings.ContainsAny(dir, "/\\") {
			return
		}
		for _, longer := range []string{dir + "/" + rel, rel + "/x"} {
			if ProtectedPattern(longer) == "" {
				t.Errorf("%q is protected (%s) but %q is not", rel, p, longer)
			}
		}
	})
}
