package shell

import (
	"strconv"
	"strings"
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
