package awkscript

import (
	"fmt"
	"slices"
	"strings"
)

type tokKind uint8

const (
	tName   tokKind = iota + 1 // identifiers and keywords
	tNumber                    // 12, 1.5e3
	tString                    // "..." (text is the raw literal with quotes)
	tRegexp                    // /.../
	tNewline
	tPunct // operators and brackets
)

type token struct {
	kind tokKind
	text string
	pos  int
	// call: a name immediately followed by '(' (no blank between), which
	// awk reads as a function call.
	call bool
	// condEnd: the ')' closing the condition of if, while or for, after
	// which a statement starts: `if (c) /re/` is a regexp to awk.
	condEnd bool
}

// builtins are the functions of POSIX awk, gawk and mawk that only compute;
// system is handled on its own.
var builtins = map[string]bool{
	"length": true, "substr": true, "index": true, "split": true, "sub": true, "gsub": true, "match": true,
	"sprintf": true, "sin": true, "cos": true, "atan2": true, "exp": true, "log": true, "sqrt": true, "int": true,
	"rand": true, "srand": true, "tolower": true, "toupper": true, "close": true, "fflush": true,
	"gensub": true, "strftime": true, "systime": true, "mktime": true, "and": true, "or": true, "xor": true,
	"lshift": true, "rshift": true, "compl": true, "asort": true, "asorti": true, "patsplit": true,
	"isarray": true, "typeof": true, "strtonum": true,
}

// keywords after which an operand (so a regexp) may follow.
var operandKeywords = map[string]bool{
	"print": true, "printf": true, "return": true, "else": true, "do": true, "in": false, "case": true,
	"BEGIN": true, "END": true, "BEGINFILE": true, "ENDFILE": true,
}

// puncts are the operators and brackets awk knows, longest first.
var puncts = []string{
	"**=", "|&", "&&", "||", "==", "<=", ">=", "!=", "++", "--", "+=", "-=", "*=", "/=", "%=", "^=", ">>", "!~", "**",
	"{", "}", "(", ")", "[", "]", ";", ",", "+", "-", "*", "/", "%", "^", "!", ">", "<", "|", "?", ":", "~", "$", "=", "@",
}

// lex splits the program into tokens, or fails on anything it cannot read
// exactly.
func lex(src string) ([]token, error) {
	var toks []token
	// parens holds, for each open '(', whether it opens the condition of
	// if, while or for.
	var parens []bool
	// operandNext: an operand is expected, so '/' starts a regexp.
	operandNext := func() bool {
		if len(toks) == 0 {
			return true
		}
		t := toks[len(toks)-1]
		switch t.kind {
		case tNumber, tString, tRegexp:
			return false
		case tNewline:
			return true
		case tName:
			return operandKeywords[t.text]
		}
		if t.condEnd {
			return true
		}
		switch t.text {
		case ")", "]", "++", "--":
			// What follows an operand divides it. A regexp read as a
			// division would show its text as tokens, but a '#' or '"'
			// in it would start a comment or a string that hides what
			// follows, so only where awk's grammar divides too.
			return false
		}
		return true
	}
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '\n':
			toks = append(toks, token{kind: tNewline, text: "\n", pos: i})
			i++
		case c == '\\':
			// A line continuation; awk allows blanks before the newline
			// in some versions only: refuse them.
			if i+1 < len(src) && src[i+1] == '\n' {
				i += 2
				continue
			}
			if i+2 < len(src) && src[i+1] == '\r' {
				return nil, fmt.Errorf("carriage return at offset %d", i+1)
			}
			return nil, fmt.Errorf("backslash outside a string at offset %d", i)
		case c == '#':
			for i < len(src) && src[i] != '\n' {
				if src[i] < 0x20 && src[i] != '\t' || src[i] == 0x7f {
					return nil, fmt.Errorf("control byte in a comment at offset %d", i)
				}
				i++
			}
		case c == '"':
			j, err := scanString(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{kind: tString, text: src[i:j], pos: i})
			i = j
		case c == '/' && operandNext():
			j, err := scanRegexp(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{kind: tRegexp, text: src[i:j], pos: i})
			i = j
		case isDigit(c) || c == '.' && i+1 < len(src) && isDigit(src[i+1]):
			// A number ends where awk's does: 1system("id") is the number
			// 1 and a call of system, not one word.
			j := scanNumber(src, i)
			toks = append(toks, token{kind: tNumber, text: src[i:j], pos: i})
			i = j
		case isLetter(c) || c == '_':
			j := i
			for j < len(src) && (isLetter(src[j]) || isDigit(src[j]) || src[j] == '_') {
				j++
			}
			toks = append(toks, token{kind: tName, text: src[i:j], pos: i, call: j < len(src) && src[j] == '('})
			i = j
		default:
			k := slices.IndexFunc(puncts, func(p string) bool { return strings.HasPrefix(src[i:], p) })
			if k < 0 {
				return nil, fmt.Errorf("byte %q at offset %d is not awk", c, i)
			}
			t := token{kind: tPunct, text: puncts[k], pos: i}
			switch t.text {
			case "(":
				cond := false
				if n := len(toks); n > 0 && toks[n-1].kind == tName {
					switch toks[n-1].text {
					case "if", "while", "for":
						cond = true
					}
				}
				parens = append(parens, cond)
			case ")":
				if n := len(parens); n > 0 {
					t.condEnd = parens[n-1]
					parens = parens[:n-1]
				}
			}
			toks = append(toks, t)
			i += len(puncts[k])
		}
	}
	return toks, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// scanNumber returns the end of the number starting at i: 0x1F, 12, 1.5,
// .5, 1e10, 2.5E-3.
func scanNumber(src string, i int) int {
	j := i
	if src[j] == '0' && j+2 < len(src) && (src[j+1] == 'x' || src[j+1] == 'X') && isHex(src[j+2]) {
		j += 2
		for j < len(src) && isHex(src[j]) {
			j++
		}
		return j
	}
	for j < len(src) && isDigit(src[j]) {
		j++
	}
	if j < len(src) && src[j] == '.' {
		j++
		for j < len(src) && isDigit(src[j]) {
			j++
		}
	}
	if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
		k := j + 1
		if k < len(src) && (src[k] == '+' || src[k] == '-') {
			k++
		}
		if k < len(src) && isDigit(src[k]) {
			for k < len(src) && isDigit(src[k]) {
				k++
			}
			j = k
		}
	}
	return j
}
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// scanString returns the end of the string literal starting at i.
func scanString(src string, i int) (int, error) {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			if j+1 >= len(src) {
				return 0, fmt.Errorf("string at offset %d does not end", i)
			}
			j++
		case '"':
			return j + 1, nil
		case '\n':
			return 0, fmt.Errorf("newline inside the string at offset %d", i)
		case 0:
			return 0, fmt.Errorf("NUL byte inside the string at offset %d", i)
		}
	}
	return 0, fmt.Errorf("string at offset %d does not end", i)
}

// scanRegexp returns the end of the regexp literal starting at i.
func scanRegexp(src string, i int) (int, error) {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			if j+1 >= len(src) || src[j+1] == '\n' {
				return 0, fmt.Errorf("regexp at offset %d does not end on its line", i)
			}
			j++
		case '[':
			// A bracket expression: "]" first (or after "^") is literal.
			k := j + 1
			if k < len(src) && src[k] == '^' {
				k++
			}
			if k < len(src) && src[k] == ']' {
				k++
			}
			for k < len(src) && src[k] != ']' {
				switch src[k] {
				case '/':
					return 0, fmt.Errorf("'/' inside a bracket expression of the regexp at offset %d: awks disagree on where it ends; write \\/", i)
				case '\n':
					return 0, fmt.Errorf("regexp at offset %d does not end on its line", i)
				case '\\':
					k++
				}
				k++
			}
			if k >= len(src) {
				return 0, fmt.Errorf("bracket expression in the regexp at offset %d does not end", i)
			}
			j = k
		case '/':
			return j + 1, nil
		case '\n':
			return 0, fmt.Errorf("regexp at offset %d does not end on its line", i)
		case 0:
			return 0, fmt.Errorf("NUL byte inside the regexp at offset %d", i)
		}
	}
	return 0, fmt.Errorf("regexp at offset %d does not end", i)
}

// Check reads an awk program and reports its effects, or an error naming
// the first part it cannot read.
func Check(src string) (Effects, error) {
	var e Effects
	if len(src) > MaxProgramLen {
		return e, fmt.Errorf("awk program is %d bytes, longer than the %d this reader accepts", len(src), MaxProgramLen)
	}
	toks, err := lex(src)
	if err != nil {
		return e, fmt.Errorf("awk program: %w", err)
	}
	runs := func(why string) {
		if !slices.Contains(e.RunsCode, why) {
			e.RunsCode = append(e.RunsCode, why)
		}
	}
	// Functions the program defines may be called.
	defined := map[string]bool{}
	for k := 0; k+1 < len(toks); k++ {
		if t := toks[k]; t.kind == tName && (t.text == "function" || t.text == "func") && toks[k+1].kind == tName {
			defined[toks[k+1].text] = true
		}
	}
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		switch t.kind {
		case tPunct:
			switch t.text {
			case "|", "|&":
				runs("|")
			case "@":
				runs("@")
			case ":":
				if k+1 < len(toks) && toks[k+1].text == ":" && toks[k+1].pos == t.pos+1 {
					return e, fmt.Errorf("awk program: gawk namespace '::' at offset %d is not read", t.pos)
				}
			}
		case tName:
			switch t.text {
			case "system":
				runs("system")
			case "ENVIRON":
				e.Environment = true
			case "ARGV", "ARGC":
				e.ChangesInput = true
			case "SYMTAB", "FUNCTAB":
				// gawk: every global variable (ENVIRON, ARGV) and every
				// function by a computed name.
				e.ChangesInput, e.Environment = true, true
				runs(t.text)
			case "print", "printf":
				k = printStatement(toks, k, &e)
			case "getline":
				getline(toks, k, &e)
			default:
				if t.call && !builtins[t.text] && !defined[t.text] && !isKeyword(t.text) {
					runs("the function " + t.text)
				}
			}
		}
	}
	return e, nil
}

func isKeyword(s string) bool {
	switch s {
	case "if", "while", "for", "do", "else", "function", "func", "return", "in", "delete", "exit", "next",
		"nextfile", "break", "continue", "getline", "print", "printf", "BEGIN", "END", "BEGINFILE", "ENDFILE", "switch", "case", "default":
		return true
	}
	return false
}

// printStatement scans a print or printf statement starting at toks[k] for
// output redirections and returns the index of its last token, so that
// the caller goes on with the tokens it holds (getline, system) too.
func printStatement(toks []token, k int, e *Effects) int {
	depth := 0
	for j := k + 1; j < len(toks); j++ {
		t := toks[j]
		if t.kind == tNewline && depth == 0 && endsOperand(toks[j-1]) {
			// awk continues a statement after a newline that follows ","
			// "&&", "||" and other operators: print "x",
			// "y" > "f" is one statement.
			return k
		}
		if t.kind != tPunct {
			continue
		}
		switch t.text {
		case "(", "[":
			depth++
		case ")", "]":
			depth--
		case ";", "}":
			if depth <= 0 {
				return k
			}
		case ">", ">>":
			// A target that is one string literal ending the statement
			// is a known file; anything else is not. A ">" inside
			// brackets is a comparison to gawk and mawk; it still counts
			// (as a write to an unknown file), so that no awk's reading
			// of print (a > "f") is missed.
			if depth == 0 && j+1 < len(toks) && toks[j+1].kind == tString && statementEnds(toks, j+2) {
				if p, ok := literal(toks[j+1].text); ok {
					if p != "/dev/stdout" && p != "/dev/stderr" && p != "-" && !slices.Contains(e.WritesFiles, p) {
						e.WritesFiles = append(e.WritesFiles, p)
					}
					continue
				}
			}
			e.WritesUnknown = true
		}
	}
	return k
}

// endsOperand reports a token after which a newline ends a statement.
func endsOperand(t token) bool {
	switch t.kind {
	case tName, tNumber, tString, tRegexp:
		return true
	case tPunct:
		switch t.text {
		case ")", "]", "++", "--":
			return true
		}
	}
	return false
}

// statementEnds reports whether toks[j] ends a statement.
func statementEnds(toks []token, j int) bool {
	if j >= len(toks) {
		return true
	}
	t := toks[j]
	return t.kind == tNewline || t.kind == tPunct && (t.text == ";" || t.text == "}")
}

// getline finds the file of `getline [lvalue] < file`.
func getline(toks []token, k int, e *Effects) {
	j := k + 1
	// An optional lvalue: name, name[...], or $primary.
	if j < len(toks) && toks[j].kind == tName && !isKeyword(toks[j].text) {
		j++
		if j < len(toks) && toks[j].text == "[" {
			depth := 0
		subscript:
			for ; j < len(toks); j++ {
				switch toks[j].text {
				case "[":
					depth++
				case "]":
					depth--
				}
				if depth == 0 {
					break subscript
				}
			}
			j++
		}
	} else if j < len(toks) && toks[j].text == "$" {
		// $NF, $(expr): what follows is not a file; any "<" after it is
		// read as a redirection below, which only reports more.
		j++
		if j < len(toks) && toks[j].kind != tPunct {
			j++
		}
	}
	// Every "<" in the statement after getline may be its redirection
	// (getline < "a" < "b", a subscript left open): only the form
	// getline [lvalue] < "literal" with no other "<" names a known file.
	n := 0
	for l := k + 1; l < len(toks) && !statementEnds(toks, l); l++ {
		if toks[l].text == "<" {
			n++
		}
	}
	if n == 0 {
		return // getline from the input
	}
	if n == 1 && j+1 < len(toks) && toks[j].text == "<" && toks[j+1].kind == tString {
		if p, ok := literal(toks[j+1].text); ok {
			// "a" "b" after the literal would concatenate to the
			// getline's result, not the name: awk reads "a".
			if p != "-" && p != "/dev/stdin" && !slices.Contains(e.ReadsFiles, p) {
				e.ReadsFiles = append(e.ReadsFiles, p)
			}
			return
		}
	}
	e.ReadsUnknown = true
}

// literal returns the value of a string literal without escapes; with
// escapes the value is not reported (ok false), so that "\056env" is not
// taken for a harmless name.
func literal(s string) (string, bool) {
	v := s[1 : len(s)-1]
	if strings.ContainsAny(v, "\\") || v == "" {
		return "", false
	}
	return v, true
}
