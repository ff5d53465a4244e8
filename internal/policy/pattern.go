package policy

import (
	"errors"
	"fmt"
	"strings"
)

// sep stands between words when a command is matched against a Bash
// pattern. Bash cannot pass a NUL byte in an argument, so a word that
// contains a space ("git status" as one quoted word) can never be mistaken
// for two words, and a pattern's spaces only ever match word boundaries.
const sep = "\x00"

// bashPattern is a compiled Bash(...) specifier.
type bashPattern struct {
	// segs are the literal runs of the pattern; a wildcard stands between
	// each pair. Words are separated by sep inside the runs.
	segs []string
	// prefix: `cmd:*` or `cmd *`: the pattern, then optionally sep and
	// anything (zero or more further words).
	prefix bool
	// program is the first word when it is a plain literal (no wildcard):
	// the rule is then specific to one program.
	program string
	// flags is set for plain patterns with short-option clusters
	// (rm -rf): deny and ask rules also match the same letters in any
	// order or split (rm -fr, rm -r -f, rm -rfv).
	flags *flagPattern
}

// flagPattern matches a command by program, a set of options and the
// remaining words.
type flagPattern struct {
	letters string       // short-option letters the command must set, e.g. "rf"
	long    []string     // long options the command must give, e.g. "--force"
	rest    *bashPattern // the program and the pattern's other words
}

// parseBashPattern compiles a Bash specifier. Words are separated by
// unquoted blanks; '...' and "..." group words with spaces and make '*'
// literal; a backslash makes the next character literal.
func parseBashPattern(spec string) (*bashPattern, error) {
	p := &bashPattern{}
	s := strings.TrimSpace(spec)
	if rest, ok := strings.CutSuffix(s, ":*"); ok {
		p.prefix, s = true, strings.TrimSpace(rest)
	}
	type token struct {
		segs     []string // literal runs split by wildcards
		loneStar bool
	}
	var toks []token
	var cur *token
	var lit strings.Builder
	quote := byte(0)
	startTok := func() {
		if cur == nil {
			toks = append(toks, token{})
			cur = &toks[len(toks)-1]
		}
	}
	endTok := func() {
		if cur != nil {
			cur.segs = append(cur.segs, lit.String())
			lit.Reset()
			cur.loneStar = len(cur.segs) == 2 && cur.segs[0] == "" && cur.segs[1] == ""
			cur = nil
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote == '\'' && c == '\'', quote == '"' && c == '"':
			quote = 0
		case quote == '"' && c == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\'):
			i++
			lit.WriteByte(s[i])
		case quote != 0:
			lit.WriteByte(c)
		case c == ' ' || c == '\t':
			endTok()
		case c == '\'' || c == '"':
			startTok()
			quote = c
		case c == '\\':
			startTok()
			if i+1 >= len(s) {
				return nil, errors.New("trailing backslash in Bash pattern")
			}
			i++
			lit.WriteByte(s[i])
		case c == '*':
			startTok()
			cur.segs = append(cur.segs, lit.String())
			lit.Reset()
		default:
			startTok()
			lit.WriteByte(c)
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c quote in Bash pattern", quote)
	}
	endTok()
	// A last word that is a lone '*' means "and any further words", like :*.
	if len(toks) > 1 && toks[len(toks)-1].loneStar && !p.prefix {
		toks, p.prefix = toks[:len(toks)-1], true
	}
	if len(toks) == 0 {
		return nil, errors.New("empty Bash pattern: write Bash alone to match every command")
	}
	if len(toks[0].segs) == 1 {
		p.program = toks[0].segs[0]
	}
	segs := []string{""}
	for i, t := range toks {
		if i > 0 {
			segs[len(segs)-1] += sep
		}
		segs[len(segs)-1] += t.segs[0]
		segs = append(segs, t.segs[1:]...)
	}
	p.segs = segs
	p.flags = flagsOf(spec, p)
	return p, nil
}

// flagsOf builds the option-order-free form of a plain pattern (no quotes,
// escapes or wildcards except the trailing one) that has options.
func flagsOf(spec string, p *bashPattern) *flagPattern {
	if p.program == "" || strings.ContainsAny(spec, "'\"\\") {
		return nil
	}
	s := strings.TrimSuffix(strings.TrimSpace(spec), ":*")
	words := strings.Fields(s)
	if p.prefix && len(words) > 0 && words[len(words)-1] == "*" {
		words = words[:len(words)-1]
	}
	f := &flagPattern{}
	rest := []string{words[0]}
	for _, w := range words[1:] {
		switch {
		case strings.Contains(w, "*"):
			return nil
		case isShortCluster(w):
			f.letters += w[1:]
		case isLongOption(w):
			f.long = append(f.long, w)
		default:
			rest = append(rest, w)
		}
	}
	if f.letters == "" && len(f.long) == 0 {
		return nil
	}
	f.rest = &bashPattern{prefix: p.prefix, segs: []string{joinWords(rest)}}
	return f
}

func isShortCluster(w string) bool {
	if len(w) < 2 || w[0] != '-' || w[1] == '-' {
		return false
	}
	for _, c := range w[1:] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func isLongOption(w string) bool {
	return len(w) > 2 && strings.HasPrefix(w, "--") && !strings.Contains(w, "=")
}

// matchFlags matches command words (program first) against the option-
// order-free form: every letter and long option given somewhere before
// "--" (a long option also by an abbreviation of at least two letters, as
// getopt and git accept), and the other words matching the rest.
func (f *flagPattern) matchFlags(words []string) bool {
	var set string
	var long []string
	others := []string{words[0]}
	opts := true
	for _, w := range words[1:] {
		switch {
		case opts && w == "--":
			opts = false
		case opts && isShortCluster(w):
			set += w[1:]
		case opts && strings.HasPrefix(w, "--") && len(w) > 2:
			name, _, _ := strings.Cut(w, "=")
			long = append(long, name)
		default:
			others = append(others, w)
		}
	}
	for i := 0; i < len(f.letters); i++ {
		if !strings.ContainsRune(set, rune(f.letters[i])) {
			return false
		}
	}
	for _, want := range f.long {
		found := false
		for _, got := range long {
			if got == want || (len(got) >= 4 && strings.HasPrefix(want, got)) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return f.rest.match(joinWords(others))
}

// match reports whether the command text (words joined by sep) matches.
func (p *bashPattern) match(s string) bool {
	if globMatch(p.segs, s) {
		return true
	}
	if !p.prefix {
		return false
	}
	// The pattern, a word boundary, then anything: the runs as globMatch
	// takes them, with sep after the last run and a final wildcard.
	return prefixMatch(p.segs, s)
}

// prefixMatch reports whether s is the runs segs (a wildcard between each
// pair, leftmost matching), then sep, then anything. It is globMatch on
// segs with sep appended to the last run and an empty run added, without
// building that list for every command.
func prefixMatch(segs []string, s string) bool {
	first := segs[0]
	if len(segs) == 1 {
		return len(s) > len(first) && strings.HasPrefix(s, first) && s[len(first)] == sep[0]
	}
	if !strings.HasPrefix(s, first) {
		return false
	}
	mid := s[len(first):]
	for _, seg := range segs[1 : len(segs)-1] {
		i := strings.Index(mid, seg)
		if i < 0 {
			return false
		}
		mid = mid[i+len(seg):]
	}
	// The leftmost place where the last run is followed by sep.
	last := segs[len(segs)-1]
	for off := 0; off <= len(mid); {
		i := strings.Index(mid[off:], last)
		if i < 0 {
			return false
		}
		if end := off + i + len(last); end < len(mid) && mid[end] == sep[0] {
			return true
		}
		off += i + 1
	}
	return false
}

// globMatch matches s against literal runs with a wildcard (any bytes,
// including none) between each pair of runs.
func globMatch(segs []string, s string) bool {
	if len(segs) == 1 {
		return s == segs[0]
	}
	first, last := segs[0], segs[len(segs)-1]
	if len(s) < len(first)+len(last) || !strings.HasPrefix(s, first) || !strings.HasSuffix(s, last) {
		return false
	}
	mid := s[len(first) : len(s)-len(last)]
	// Leftmost matching of each middle run is optimal when the only
	// metacharacter is a wildcard.
	for _, seg := range segs[1 : len(segs)-1] {
		i := strings.Index(mid, seg)
		if i < 0 {
			return false
		}
		mid = mid[i+len(seg):]
	}
	return true
}

// joinWords builds the text a Bash pattern is matched against.
func joinWords(words []string) string { return strings.Join(words, sep) }
