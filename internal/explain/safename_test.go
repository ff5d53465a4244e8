package explain

import (
	"regexp"
	"testing"
)

// safeName must accept exactly what its documented pattern accepts.
func FuzzSafeName(f *testing.F) {
	pattern := regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._+-]{0,63}$`)
	for _, s := range []string{"", "ls", "-rf", "/bin/ls", "g++", "python3.12", "a b", "_x", ".hidden", "x-", string(make([]byte, 65)), "ä"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := safeName(s), pattern.MatchString(s); got != want {
			t.Fatalf("safeName(%q) = %v, pattern says %v", s, got, want)
		}
	})
}
