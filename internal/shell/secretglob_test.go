package shell

import (
	"math/rand/v2"
	"path"
	"strings"
	"testing"
)

// globMatchesSecretByMatching is globMatchesSecret without the literal
// start-and-end filter: every name is matched.
func globMatchesSecretByMatching(pattern string) bool {
	dir, base := path.Split(pattern)
	if strings.Trim(base, "*?") == "" && !isSecretPath(strings.TrimSuffix(dir, "/")) {
		return false
	}
	for _, name := range secretNames {
		if strings.HasPrefix(name, ".") && !strings.HasPrefix(base, ".") {
			continue
		}
		if ok, err := path.Match(base, name); (ok || err != nil) && isSecretPath(dir+name) {
			return true
		}
	}
	return strings.ContainsAny(dir, "*?[") && isSecretPath(path.Join("x", base)) || isSecretPath(strings.TrimSuffix(dir, "/"))
}

// TestSecretGlobFilterKeepsEveryMatch: filtering names by the pattern's
// literal start and end never loses a match, on patterns cut from the
// secret names themselves.
func TestSecretGlobFilterKeepsEveryMatch(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 8))
	pieces := []string{"*", "?", "*", ".", "e", "env", "id_", "rsa", "key", "pem", "[", "]", "\\", "a", "/", ".ssh/", "x"}
	for _, name := range secretNames {
		pieces = append(pieces, name, name[:len(name)/2], name[len(name)/2:])
	}
	matched := 0
	for range 20000 {
		var b strings.Builder
		for range 1 + rnd.IntN(4) {
			b.WriteString(pieces[rnd.IntN(len(pieces))])
		}
		p := b.String()
		if globMatchesSecretByMatching(p) {
			matched++
		}
		if got, want := globMatchesSecret(p), globMatchesSecretByMatching(p); got != want {
			t.Fatalf("globMatchesSecret(%q) = %v, matching every name says %v", p, got, want)
		}
	}
	if matched < 500 {
		t.Fatalf("only %d of the patterns match a secret name: the test says little", matched)
	}
	t.Logf("%d of 20000 patterns match", matched)
}
