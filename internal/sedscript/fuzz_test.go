package sedscript

import (
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics and that what it accepts is
// consistent: every command offset is inside the script, and a script whose
// text has no e, w, W, r or R byte at all reports no effects.
func FuzzParse(f *testing.F) {
	for _, r := range readRows(f) {
		f.Add(r.script)
	}
	f.Fuzz(func(t *testing.T, script string) {
		s, err := Parse(script, Options{})
		if err != nil {
			return
		}
		for _, c := range s.Commands {
			if c.Offset < 0 || c.Offset >= len(script) || script[c.Offset] != c.Name {
				t.Fatalf("%q: command %q at bad offset %d", script, c.Name, c.Offset)
			}
		}
		eff := s.Effects()
		if !strings.ContainsAny(script, "ewWrR") && (eff.RunsCode || len(eff.WritesFiles) > 0 || len(eff.ReadsFiles) > 0) {
			t.Fatalf("%q: effects %+v without an effect command", script, eff)
		}
		if eff.RunsCode && !strings.Contains(script, "e") {
			t.Fatalf("%q: runs code without an e", script)
		}
	})
}
