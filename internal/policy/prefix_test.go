package policy

import (
	"strings"
	"testing"
)

// prefixMatch must answer as globMatch does on the runs with sep after the
// last one and a final wildcard, which is what a `cmd:*` pattern means.
func TestPrefixMatchIsGlobMatch(t *testing.T) {
	runs := [][]string{
		{"git"}, {"git\x00status"}, {""}, {"", ""}, {"git", ""}, {"", "push"},
		{"git", "push"}, {"a", "b", "c"}, {"a", "", "b"}, {"x\x00", "y"}, {"a", "a"},
	}
	texts := []string{"", "git", "git\x00", "git\x00status", "git\x00status\x00-s", "gitx\x00",
		"git\x00push\x00x", "git\x00x\x00push", "git\x00pushpush\x00", "abc\x00", "a\x00b\x00c\x00d",
		"aab\x00", "axbxc", "axbxc\x00", "x\x00y\x00", "x\x00\x00y\x00", "aa\x00", "a\x00a", "a\x00a\x00",
		"\x00", "\x00\x00", "push\x00", "xpush\x00push"}
	for _, segs := range runs {
		n := len(segs)
		ext := append(append([]string(nil), segs...), "")
		ext[n-1] += sep
		for _, s := range texts {
			if got, want := prefixMatch(segs, s), globMatch(ext, s); got != want {
				t.Errorf("prefixMatch(%q, %q) = %v, globMatch gives %v", segs, s, got, want)
			}
		}
	}
}

// FuzzPrefixMatch compares prefixMatch with globMatch on the extended runs.
func FuzzPrefixMatch(f *testing.F) {
	f.Add("git*push", "git\x00x\x00push\x00")
	f.Add("a**b", "ab\x00")
	f.Fuzz(func(t *testing.T, pattern, s string) {
		segs := strings.Split(pattern, "*")
		ext := append(append([]string(nil), segs...), "")
		ext[len(segs)-1] += sep
		if got, want := prefixMatch(segs, s), globMatch(ext, s); got != want {
			t.Fatalf("prefixMatch(%q, %q) = %v, globMatch gives %v", segs, s, got, want)
		}
	})
}
