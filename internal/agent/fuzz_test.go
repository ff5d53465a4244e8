package agent

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse: any payload either fails to parse or gives a call whose
// non-allow answers are never written as an allow.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/agents/*.json")
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil && c.Agent == "" {
			return
		}
		for _, b := range []string{Deny, Ask, "bogus"} {
			out := Render(c, Decision{Behavior: b, Reason: "r"})
			s := string(out.Stdout)
			if len(s) == 0 || strings.Contains(s, `"allow"`) || strings.Contains(s, `"cancel":false`) {
				t.Fatalf("%s for %s rendered as %q", b, c.Agent, s)
			}
		}
	})
}
