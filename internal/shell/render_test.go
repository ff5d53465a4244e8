package shell

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// renderWord shows a word as the corpus writes it: bare when it has only
// safe characters, Go-quoted otherwise, "?" when dynamic.
func renderWord(w Word) string {
	if w.Dynamic {
		return "?"
	}
	if w.Value != "" && !strings.ContainsFunc(w.Value, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,@+%~{}[]", r))
	}) {
		return w.Value
	}
	return strconv.Quote(w.Value)
}

// renderCommand shows a command as "[wrappers] name args".
func renderCommand(c Command) string {
	var parts []string
	if len(c.Wrappers) > 0 {
		var ws []string
		for _, w := range c.Wrappers {
			ws = append(ws, w.Name)
		}
		parts = append(parts, "["+strings.Join(ws, " ")+"]")
	}
	for _, a := range c.Assigns {
		parts = append(parts, a.Name+"="+renderWord(a.Value))
	}
	if c.Name.Dynamic || c.Name.Value != "" {
		parts = append(parts, renderWord(c.Name))
	}
	for _, a := range c.Args {
		parts = append(parts, renderWord(a))
	}
	for _, r := range c.Redirs {
		parts = append(parts, r.FD+r.Op+renderWord(r.Target))
	}
	return strings.Join(parts, " ")
}

// renderEffect shows an effect as "kind", "kind:path", with "!" when inherent.
func renderEffect(e Effect) string {
	s := string(e.Kind)
	if e.Inherent {
		s += "!"
	}
	if e.Path != "" {
		s += ":" + e.Path
	}
	return s
}

// TestDump prints the analysis of the line in $SHELL_DUMP, for looking at
// a command while extending the tables: SHELL_DUMP='...' go test -run Dump -v
func TestDump(t *testing.T) {
	src := os.Getenv("SHELL_DUMP")
	if src == "" {
		t.Skip("set SHELL_DUMP to a command line")
	}
	l := Analyze(src)
	fmt.Println("error:", l.ParseError)
	for _, c := range l.Commands {
		fmt.Printf("cmd %s   %+v\n", renderCommand(c), c.Context)
		var es []string
		for _, e := range c.Effects {
			es = append(es, renderEffect(e)+" ("+e.Reason+") "+strconv.Quote(span(src, e.Pos, e.End)))
		}
		slices.Sort(es)
		for _, e := range es {
			fmt.Println("   ", e)
		}
	}
	for _, c := range l.Constructs {
		fmt.Printf("construct %s %q\n", c.Kind, span(src, c.Pos, c.End))
	}
}
