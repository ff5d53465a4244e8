package wrap

import (
	"strings"
	"testing"
	"unicode/utf8"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// words parses a command line as bash would and returns its words with
// quotes removed; nothing is expanded, so a word that would expand fails.
func words(t *testing.T, cmd string) []string {
	t.Helper()
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(cmd), "")
	if err != nil || len(f.Stmts) != 1 {
		t.Fatalf("%q does not parse as one command: %v", cmd, err)
	}
	st := f.Stmts[0]
	call, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || len(st.Redirs) > 0 || st.Background || len(call.Assigns) > 0 {
		t.Fatalf("%q is not one plain command", cmd)
	}
	var out []string
	for _, w := range call.Args {
		v, err := expand.Literal(&expand.Config{}, w)
		if err != nil {
			t.Fatalf("%q: a word expands: %v", cmd, err)
		}
		out = append(out, v)
	}
	return out
}

// FuzzCommand: whatever the line, the wrapped command is one plain command
// whose last word, as bash reads it, is exactly the line.
func FuzzCommand(f *testing.F) {
	for _, s := range []string{"echo hi", "a'b", `"$(x)"`, "`y`", "$'\\n'", "x\ny", "!!", "{a,b}", "~", "*", "#", "a=b c", "\t", "ä"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		cmd, err := Command("/usr/bin/gatehouse", "/w", line)
		if !utf8.ValidString(line) || strings.ContainsRune(line, 0) {
			return // refused or quoted as bytes; bash gets them either way
		}
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		w := words(t, cmd)
		if len(w) != 8 || w[7] != line {
			t.Fatalf("%q wrapped as %s reads back as %q", line, cmd, w)
		}
	})
}

func TestExcluded(t *testing.T) {
	c := Config{Enabled: true, Excluded: []string{"docker", "kubectl get:*", "make *"}}
	for line, want := range map[string]bool{
		"docker ps":           true,
		"docker":              true,
		"kubectl get pods":    true,
		"kubectl delete pods": false,
		"make build":          true,
		"docker ps; rm -rf ~": false,
		"docker ps && curl x": false,
		"docker $(evil)":      false,
		"docker ps > /etc/x":  false,
		"dockerd":             false,
		"FOO=1 docker ps":     false,
		"docker 'ps'":         false,
		"docker ps\nrm -rf ~": false,
	} {
		if got := c.excluded(line) != ""; got != want {
			t.Errorf("excluded(%q) = %v, want %v", line, got, want)
		}
	}
}
