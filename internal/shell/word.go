package shell

import (
	"slices"
	"strings"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// literal resolves a parsed word to the string bash would pass to the
// program, or reports it as dynamic. It must never produce a literal that
// differs from what bash runs: whenever bash could expand, split or glob the
// word, the result is Dynamic.
//
// Tilde: an unquoted leading "~" or "~/..." keeps its text ("~/x") with
// Tilde set and Dynamic false, so that the policy layer can expand the home
// directory itself; "~user" forms are Dynamic.
func (a *analysis) literal(w *syntax.Word) Word {
	out := Word{Pos: a.off(w.Pos()), End: a.off(w.End())}
	if w == nil || len(w.Parts) == 0 {
		return out
	}
	if len(w.Parts) == 1 {
		// Most words are one unquoted literal without a byte that could
		// make bash change it (escape, brace, tilde, assignment tilde,
		// glob): the literal is the value, as the general path finds.
		if lit, ok := w.Parts[0].(*syntax.Lit); ok && plainLiteral(lit.Value) {
			out.Value = lit.Value
			return out
		}
	}
	// Most words are one unquoted literal: their value is a substring of
	// the source and needs no copy. A builder is used only from a second
	// non-empty piece on, and the glob pattern only for globs.
	var val joiner
	dynamic, glob := false, false
	// vars: the word is dynamic only through plain variables in double
	// quotes (other reasons clear it).
	vars, other := false, false
	// usedBound: a loop variable's value is part of the word; its
	// pattern (if any) cannot be written from the parts.
	usedBound := false
	for i, part := range w.Parts {
		switch p := part.(type) {
		case *syntax.Lit:
			s := p.Value
			if i == 0 && strings.HasPrefix(s, "~") {
				// Tilde expansion happens only at the start of an unquoted word.
				rest := s[1:]
				if rest == "" && len(w.Parts) == 1 || strings.HasPrefix(rest, "/") {
					out.Tilde = true
				} else {
					dynamic = true // ~user, ~+, ~-, or "~" followed by a quoted part
				}
			}
			if unquotedGlob(s) {
				glob = true
			}
			val.add(unescapeUnquoted(s))
		case *syntax.SglQuoted:
			if !p.Dollar {
				val.add(p.Value)
				continue
			}
			v, ok := ansiC(p.Value)
			if !ok {
				dynamic, other = true, true
			}
			if strings.ContainsRune(p.Value, '\\') {
				a.escaped[out.Pos] = true
			}
			val.add(v)
		case *syntax.DblQuoted:
			if p.Dollar {
				// $"..." is translated through the locale's message catalog.
				dynamic, other = true, true
			}
			for _, inner := range p.Parts {
				lit, ok := inner.(*syntax.Lit)
				if pe, isParam := inner.(*syntax.ParamExp); isParam {
					if v, bound := a.boundValue(pe, true); bound {
						val.add(v)
						usedBound = true
						continue
					}
				}
				if !ok {
					dynamic = true
					if pe, ok := inner.(*syntax.ParamExp); ok && plainParam(pe) {
						vars = true
					} else {
						other = true
					}
					continue
				}
				val.add(unescapeDouble(lit.Value))
			}
		case *syntax.ParamExp:
			if v, bound := a.boundValue(p, false); bound {
				val.add(v)
				usedBound = true
				continue
			}
			dynamic, other = true, true
		default:
			// CmdSubst, ArithmExp, ProcSubst, ExtGlob, BraceExp.
			dynamic, other = true, true
		}
	}
	if !dynamic && hasBraceExpansion(w) {
		dynamic = true
	}
	if !dynamic && assignmentTilde(w) {
		// bash expands ~ after the = (and after a :) of an argument that
		// looks like an assignment: "a=~/x" is passed as "a=/home/u/x".
		dynamic = true
	}
	if dynamic || glob {
		out.Dynamic = true
		// A tilde, a glob or a brace in the rest of the word is
		// another reason: only a word otherwise literal counts.
		out.Vars = vars && !other && !glob && !out.Tilde && !hasBraceExpansion(w) && !assignmentTilde(w)
		if !dynamic && !out.Tilde && !usedBound {
			out.Pattern = globPattern(w)
		}
		return out
	}
	out.Value = val.String()
	return out
}

// plainParam reports $name or ${name} with no operator, index or
// indirection: its value is read and nothing is evaluated. Positional and
// special parameters other than $? $# $$ $! $0 $- are not plain ("$@"
// makes several words).
func plainParam(p *syntax.ParamExp) bool {
	if p.Param == nil || p.Excl || p.Length || p.Width || p.IsSet || p.Index != nil || p.Slice != nil ||
		p.Repl != nil || p.Exp != nil || p.Names != 0 || p.NestedParam != nil || p.Flags != nil || len(p.Modifiers) > 0 {
		return false
	}
	switch n := p.Param.Value; n {
	case "?", "#", "$", "!", "0", "-":
		return true
	default:
		return validName(n)
	}
}

// WordVariables returns the names of the variables a word with Vars set
// reads, from its source text (Word.Text), in order, or nil if the text
// is not such a word.
func WordVariables(text string) []string {
	p := parsers.Get().(*syntax.Parser)
	defer parsers.Put(p)
	var words []*syntax.Word
	err := p.Words(strings.NewReader(text), func(w *syntax.Word) bool {
		words = append(words, w)
		return len(words) < 2
	})
	if err != nil || len(words) != 1 {
		return nil
	}
	var names []string
	ok := true
	syntax.Walk(words[0], func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.ParamExp:
			if !plainParam(n) {
				ok = false
			}
			names = append(names, n.Param.Value)
			return false
		case *syntax.CmdSubst, *syntax.ProcSubst, *syntax.ArithmExp, *syntax.ExtGlob:
			ok = false
		}
		return ok
	})
	if !ok {
		return nil
	}
	return names
}

// literalSpecial marks the bytes after which an unquoted literal needs the
// general path of literal: \ (escape), { (brace expansion), ~ and =
// (tilde expansion, also in NAME=~ arguments), * ? [ (globs).
var literalSpecial = func() (t [256]bool) {
	for _, c := range []byte("\\{~=*?[") {
		t[c] = true
	}
	return t
}()

// plainLiteral reports an unquoted literal with none of literalSpecial.
func plainLiteral(s string) bool {
	for i := 0; i < len(s); i++ {
		if literalSpecial[s[i]] {
			return false
		}
	}
	return true
}

// joiner concatenates the pieces of a word, copying only when there is
// more than one non-empty piece.
type joiner struct {
	first string
	sb    strings.Builder
	multi bool
}

func (j *joiner) add(s string) {
	switch {
	case s == "":
	case j.multi:
		j.sb.WriteString(s)
	case j.first == "":
		j.first = s
	default:
		j.multi = true
		j.sb.Grow(len(j.first) + len(s) + 8)
		j.sb.WriteString(j.first)
		j.sb.WriteString(s)
	}
}

func (j *joiner) String() string {
	if j.multi {
		return j.sb.String()
	}
	return j.first
}

// globPattern is the pattern of a word that literal found to be a glob
// and otherwise static (only literal, quoted and $'..' parts): unquoted
// text as written, quoted text with its metacharacters escaped.
func globPattern(w *syntax.Word) string {
	var pattern strings.Builder
	for _, part := range w.Parts {
		switch p := part.(type) {
		case *syntax.Lit:
			pattern.WriteString(p.Value)
		case *syntax.SglQuoted:
			if !p.Dollar {
				pattern.WriteString(escapeGlob(p.Value))
				continue
			}
			v, _ := ansiC(p.Value)
			pattern.WriteString(escapeGlob(v))
		case *syntax.DblQuoted:
			for _, inner := range p.Parts {
				if lit, ok := inner.(*syntax.Lit); ok {
					pattern.WriteString(escapeGlob(unescapeDouble(lit.Value)))
				}
			}
		}
	}
	return pattern.String()
}

// assignmentTilde reports an argument like NAME=~/x or NAME=a:~/x, whose
// tilde bash expands even though it is not an assignment.
func assignmentTilde(w *syntax.Word) bool {
	first, ok := w.Parts[0].(*syntax.Lit)
	if !ok {
		return false
	}
	name, _, found := strings.Cut(first.Value, "=")
	bare := strings.TrimSuffix(name, "+") // A+=~/x
	if i := strings.IndexByte(bare, '['); i > 0 && strings.HasSuffix(bare, "]") {
		bare = bare[:i] // a[1]=~/x
	}
	if !found || !validName(bare) {
		return false
	}
	for i, p := range w.Parts {
		lit, ok := p.(*syntax.Lit)
		if !ok {
			continue
		}
		v := lit.Value
		if i == 0 {
			v = v[len(name):]
		}
		if strings.Contains(v, "=~") || strings.Contains(v, ":~") {
			return true
		}
	}
	return false
}

// hasBraceExpansion reports whether bash would brace-expand the word
// ({a,b} or {1..3}); "{}" alone, as in find -exec, is left literal.
func hasBraceExpansion(w *syntax.Word) bool {
	hasBrace := false
	for _, p := range w.Parts {
		if lit, ok := p.(*syntax.Lit); ok && strings.Contains(lit.Value, "{") {
			hasBrace = true
			break
		}
	}
	if !hasBrace {
		return false
	}
	cp := &syntax.Word{Parts: slices.Clone(w.Parts)}
	if !syntax.SplitBraces(cp) {
		return false
	}
	for _, p := range cp.Parts {
		if _, ok := p.(*syntax.BraceExp); ok {
			return true
		}
	}
	return false
}

// unquotedGlob reports an unescaped glob metacharacter in an unquoted
// literal. A "[" counts only when a "]" follows, as bash does, so that the
// test command "[" stays literal.
func unquotedGlob(s string) bool {
	open := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '*', '?':
			return true
		case '[':
			open = true
		case ']':
			if open {
				return true
			}
		}
	}
	return false
}

// escapeGlob quotes the pattern metacharacters of a quoted part.
func escapeGlob(s string) string {
	if !strings.ContainsAny(s, "*?[]\\") {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte("*?[]\\", s[i]) >= 0 {
			sb.WriteByte('\\')
		}
		sb.WriteByte(s[i])
	}
	return sb.String()
}

// unescapeUnquoted removes the backslashes of an unquoted literal: "\x" is
// "x". The parser removes backslash-newline pairs, except one at the end
// of the line after an escaped backslash (B\\\ then newline), which bash
// removes too: it is dropped here.
func unescapeUnquoted(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == '\n' {
				continue // a line continuation
			}
		}
		sb.WriteByte(s[i])
	}
	return sb.String()
}

// unescapeDouble resolves backslashes inside double quotes, where only
// $ ` " \ (and newline, already removed by the parser) are special.
func unescapeDouble(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case '$', '`', '"', '\\':
				i++
			case '\n':
				i++ // a line continuation, as unescapeUnquoted
				continue
			}
		}
		sb.WriteByte(s[i])
	}
	return sb.String()
}

// unescapeHeredoc resolves backslashes in an unquoted heredoc body line,
// where only $ ` \ are special.
func unescapeHeredoc(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case '$', '`', '\\':
				i++
			}
		}
		sb.WriteByte(s[i])
	}
	return sb.String()
}

// ansiC decodes the body of a $'...' string as bash does. ok is false for
// escapes whose result this package does not reproduce exactly (\c, \u, \U,
// a NUL byte that truncates the word), so the caller marks the word dynamic.
func ansiC(s string) (string, bool) {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			sb.WriteByte(c)
			continue
		}
		i++
		switch c = s[i]; c {
		case 'a':
			sb.WriteByte('\a')
		case 'b':
			sb.WriteByte('\b')
		case 'e', 'E':
			sb.WriteByte(0x1b)
		case 'f':
			sb.WriteByte('\f')
		case 'n':
			sb.WriteByte('\n')
		case 'r':
			sb.WriteByte('\r')
		case 't':
			sb.WriteByte('\t')
		case 'v':
			sb.WriteByte('\v')
		case '\\', '\'', '"', '?':
			sb.WriteByte(c)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			n, j := 0, 0
			for ; j < 3 && i+j < len(s) && s[i+j] >= '0' && s[i+j] <= '7'; j++ {
				n = n*8 + int(s[i+j]-'0')
			}
			i += j - 1
			if n&0xff == 0 {
				return "", false
			}
			sb.WriteByte(byte(n))
		case 'x':
			n, j := 0, 0
			for ; j < 2 && i+1+j < len(s) && isHex(s[i+1+j]); j++ {
				n = n*16 + hexVal(s[i+1+j])
			}
			if j == 0 {
				sb.WriteString("\\x")
				continue
			}
			i += j
			if n == 0 {
				return "", false
			}
			sb.WriteByte(byte(n))
		default:
			// \c, \u, \U and anything else: not reproduced here.
			return "", false
		}
	}
	out := sb.String()
	if !utf8.ValidString(out) {
		// Bytes that are not UTF-8 are legal but make the name or path
		// ambiguous for every later check; ask.
		return out, false
	}
	return out, true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	default:
		return int(c-'A') + 10
	}
}
