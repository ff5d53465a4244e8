package sedscript

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Parse reads a GNU sed script strictly and returns its commands, or an
// error naming the first part it does not read exactly as GNU sed 4.9 does.
// A script Parse refuses must not be run automatically.
func Parse(script string, opt Options) (*Script, error) {
	if opt.Posix {
		return nil, errors.New("sed --posix changes how scripts are read; run sed without --posix")
	}
	if len(script) > MaxScriptLen {
		return nil, fmt.Errorf("sed script is %d bytes, longer than the %d this reader accepts", len(script), MaxScriptLen)
	}
	if !utf8.ValidString(script) {
		return nil, errors.New("sed script is not valid UTF-8")
	}
	if i := strings.IndexAny(script, "\x00\r\v\f"); i >= 0 {
		return nil, fmt.Errorf("sed script has a control byte %q at offset %d; remove it", script[i], i)
	}
	p := &parser{src: script, s: &Script{}}
	if strings.HasPrefix(script, "#n") && (len(script) == 2 || script[2] == '\n') {
		p.s.Quiet = true
	}
	if err := p.parse(); err != nil {
		return nil, fmt.Errorf("sed script: %w", err)
	}
	return p.s, nil
}

type parser struct {
	src   string
	pos   int
	depth int
	s     *Script
}

func (p *parser) eof() bool { return p.pos >= len(p.src) }

func (p *parser) peek() byte {
	if p.eof() {
		return 0
	}
	return p.src[p.pos]
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("at offset %d: %s", p.pos, fmt.Sprintf(format, args...))
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *parser) skipBlanks() {
	for !p.eof() && isBlank(p.src[p.pos]) {
		p.pos++
	}
}

// parse reads commands to the end of the script.
func (p *parser) parse() error {
	for {
		for !p.eof() && (isBlank(p.peek()) || p.peek() == ';' || p.peek() == '\n') {
			p.pos++
		}
		if p.eof() {
			break
		}
		if p.peek() == '#' {
			p.skipLine()
			continue
		}
		if err := p.command(); err != nil {
			return err
		}
	}
	if p.depth > 0 {
		return errors.New("unmatched `{`: close every block with `}`")
	}
	return nil
}

// skipLine moves to the newline ending the current line (or the end).
func (p *parser) skipLine() {
	if i := strings.IndexByte(p.src[p.pos:], '\n'); i >= 0 {
		p.pos += i
	} else {
		p.pos = len(p.src)
	}
}

// restOfLine returns the bytes from the current position to the end of the
// line, leading blanks skipped, and moves past them (not past the newline).
func (p *parser) restOfLine() string {
	p.skipBlanks()
	start := p.pos
	p.skipLine()
	return p.src[start:p.pos]
}

func (p *parser) command() error {
	hasAddr, err := p.addresses()
	if err != nil {
		return err
	}
	p.skipBlanks()
	if p.peek() == '!' {
		p.pos++
		p.skipBlanks()
		if p.peek() == '!' {
			return p.errorf("multiple `!`s")
		}
	}
	if p.eof() {
		return p.errorf("missing command")
	}
	c := Command{Name: p.src[p.pos], Offset: p.pos}
	p.pos++
	switch c.Name {
	case '{':
		p.depth++
		if p.depth > MaxDepth {
			return p.errorf("blocks nested deeper than %d", MaxDepth)
		}
		p.s.Commands = append(p.s.Commands, c)
		return nil
	case '}':
		if hasAddr {
			return p.errorf("`}` takes no address")
		}
		if p.depth == 0 {
			return p.errorf("unexpected `}`")
		}
		p.depth--
	case '=', 'd', 'D', 'F', 'g', 'G', 'h', 'H', 'n', 'N', 'p', 'P', 'x', 'z':
	case 'l', 'L', 'q', 'Q':
		p.skipBlanks()
		start := p.pos
		for !p.eof() && isDigit(p.peek()) {
			p.pos++
		}
		c.Arg = p.src[start:p.pos]
	case ':':
		if hasAddr {
			return p.errorf("`:` label takes no address")
		}
		if err := p.label(&c); err != nil {
			return err
		}
		if c.Arg == "" {
			return p.errorf("`:` needs a label")
		}
		p.s.Commands = append(p.s.Commands, c)
		return nil
	case 'b', 't', 'T', 'v':
		if err := p.label(&c); err != nil {
			return err
		}
		p.s.Commands = append(p.s.Commands, c)
		return nil
	case 'a', 'i', 'c':
		if err := p.text(&c); err != nil {
			return err
		}
		p.s.Commands = append(p.s.Commands, c)
		return nil
	case 'e':
		c.Arg = p.restOfLine()
		p.s.Commands = append(p.s.Commands, c)
		return nil
	case 'r', 'R', 'w', 'W':
		c.Arg = p.restOfLine()
		if c.Arg == "" {
			return p.errorf("missing file name after `%c`", c.Name)
		}
		p.s.Commands = append(p.s.Commands, c)
		return nil
	case 's':
		if err := p.substitute(&c); err != nil {
			return err
		}
		p.s.Commands = append(p.s.Commands, c)
		return nil
	case 'y':
		delim, err := p.delimiter()
		if err != nil {
			return err
		}
		if _, err := p.plainPart(delim, "y"); err != nil {
			return err
		}
		if _, err := p.plainPart(delim, "y"); err != nil {
			return err
		}
	case '#':
		return p.errorf("comments take no address")
	default:
		p.pos--
		return p.errorf("unknown command %q", c.Name)
	}
	p.s.Commands = append(p.s.Commands, c)
	return p.endOfCommand()
}

// endOfCommand accepts what may follow a command without argument: blanks,
// then ';', newline or the end (consumed), or '}' or '#' (left for the
// caller).
func (p *parser) endOfCommand() error {
	p.skipBlanks()
	switch p.peek() {
	case 0:
		return nil
	case ';', '\n':
		p.pos++
		return nil
	case '}', '#':
		return nil
	}
	return p.errorf("extra characters after command: %q", p.peek())
}

// addresses reads zero, one or two addresses and reports whether there was
// one.
func (p *parser) addresses() (bool, error) {
	first, ok, err := p.address(false)
	if err != nil || !ok {
		return false, err
	}
	p.skipBlanks()
	if p.peek() != ',' {
		if first == "0" {
			return false, p.errorf("line address 0 is valid only as 0,/re/")
		}
		return true, nil
	}
	p.pos++
	p.skipBlanks()
	second, ok, err := p.address(true)
	if err != nil {
		return false, err
	}
	if !ok {
		return false, p.errorf("missing second address after `,`")
	}
	if first == "0" && second != "/" {
		return false, p.errorf("line address 0 is valid only as 0,/re/")
	}
	return true, nil
}

// address reads one address. It returns its kind: "0" for line 0, "/" for
// a regex, "n" for any other form.
func (p *parser) address(second bool) (string, bool, error) {
	switch c := p.peek(); {
	case isDigit(c):
		start := p.pos
		p.digits()
		kind := "n"
		if p.src[start:p.pos] == strings.Repeat("0", p.pos-start) {
			kind = "0"
		}
		if p.peek() == '~' {
			p.pos++
			if !isDigit(p.peek()) {
				return "", false, p.errorf("first~step needs a step")
			}
			p.digits()
			kind = "n"
		}
		return kind, true, nil
	case c == '$':
		p.pos++
		return "n", true, nil
	case (c == '+' || c == '~') && second:
		p.pos++
		if !isDigit(p.peek()) {
			return "", false, p.errorf("`%c` needs a number", c)
		}
		p.digits()
		return "n", true, nil
	case c == '/' || c == '\\':
		p.pos++
		delim := byte('/')
		if c == '\\' {
			var err error
			if delim, err = p.delimiter(); err != nil {
				return "", false, err
			}
		}
		if _, err := p.regex(delim); err != nil {
			return "", false, err
		}
		for {
			p.skipBlanks()
			if p.peek() != 'I' && p.peek() != 'M' {
				break
			}
			p.pos++
		}
		return "/", true, nil
	}
	return "", false, nil
}

func (p *parser) digits() {
	for !p.eof() && isDigit(p.peek()) {
		p.pos++
	}
}

// delimiter reads the delimiter of a regex, s or y command.
func (p *parser) delimiter() (byte, error) {
	if p.eof() {
		return 0, p.errorf("missing delimiter")
	}
	d := p.src[p.pos]
	switch {
	case d == '\n' || d == '\\':
		return 0, p.errorf("delimiter %q is not allowed", d)
	case d == '[' || d == ']':
		return 0, p.errorf("delimiter %q is refused: it mixes with bracket expressions", d)
	case d >= utf8.RuneSelf:
		return 0, p.errorf("non-ASCII delimiter is refused")
	}
	p.pos++
	return d, nil
}

// regex reads a regular expression up to the unescaped delimiter outside
// bracket expressions and moves past the delimiter.
func (p *parser) regex(delim byte) (string, error) {
	start := p.pos
	for {
		if p.eof() {
			return "", p.errorf("unterminated regular expression")
		}
		switch c := p.src[p.pos]; {
		case c == delim:
			p.pos++
			return p.src[start : p.pos-1], nil
		case c == '\n':
			return "", p.errorf("unterminated regular expression (newline)")
		case c == '\\':
			p.pos += 2
			if p.pos > len(p.src) {
				return "", p.errorf("unterminated regular expression")
			}
		case c == '[':
			if strings.IndexByte(":.=^", delim) >= 0 {
				return "", p.errorf("delimiter %q with a bracket expression is refused", delim)
			}
			if err := p.bracket(delim); err != nil {
				return "", err
			}
		default:
			p.pos++
		}
	}
}

// bracket skips a bracket expression starting at '['. Inside it the
// delimiter and backslash are ordinary bytes, as in GNU sed 4.9.
func (p *parser) bracket(delim byte) error {
	p.pos++
	if p.peek() == '^' {
		p.pos++
	}
	if p.peek() == ']' {
		p.pos++
	}
	for {
		if p.eof() || p.peek() == '\n' {
			return p.errorf("unterminated bracket expression")
		}
		c := p.src[p.pos]
		if c == ']' {
			p.pos++
			return nil
		}
		if c == '[' && p.pos+1 < len(p.src) && strings.IndexByte(":.=", p.src[p.pos+1]) >= 0 {
			kind := p.src[p.pos+1]
			end := strings.Index(p.src[p.pos+2:], string([]byte{kind, ']'}))
			if end < 0 {
				return p.errorf("unterminated [%c in bracket expression", kind)
			}
			inner := p.src[p.pos+2 : p.pos+2+end]
			if strings.IndexByte(inner, '\n') >= 0 || strings.IndexByte(inner, delim) >= 0 {
				return p.errorf("[%c in bracket expression holds the delimiter or a newline; refused", kind)
			}
			p.pos += 2 + end + 2
			continue
		}
		p.pos++
	}
}

// plainPart reads an s replacement or a y part: a backslash escapes the
// next byte, an unescaped newline is an error.
func (p *parser) plainPart(delim byte, cmd string) (string, error) {
	start := p.pos
	for {
		if p.eof() {
			return "", p.errorf("unterminated `%s` command", cmd)
		}
		switch p.src[p.pos] {
		case delim:
			p.pos++
			return p.src[start : p.pos-1], nil
		case '\n':
			return "", p.errorf("unterminated `%s` command (newline)", cmd)
		case '\\':
			p.pos += 2
			if p.pos > len(p.src) {
				return "", p.errorf("unterminated `%s` command", cmd)
			}
		default:
			p.pos++
		}
	}
}

// substitute reads s/re/replacement/flags.
func (p *parser) substitute(c *Command) error {
	delim, err := p.delimiter()
	if err != nil {
		return err
	}
	if _, err := p.regex(delim); err != nil {
		return err
	}
	if _, err := p.plainPart(delim, "s"); err != nil {
		return err
	}
	var flags []byte
	for {
		p.skipBlanks()
		if p.eof() {
			break
		}
		f := p.src[p.pos]
		switch {
		case strings.IndexByte("gpiImMe", f) >= 0 || isDigit(f):
			flags = append(flags, f)
			p.pos++
			continue
		case f == 'w':
			p.pos++
			c.Arg = p.restOfLine()
			if c.Arg == "" {
				return p.errorf("missing file name after s///w")
			}
		case f == ';' || f == '\n':
			p.pos++
		case f == '}' || f == '#':
		default:
			return p.errorf("unknown option to `s`: %q", f)
		}
		break
	}
	c.Flags = string(flags)
	return nil
}

// label reads the label of :, b, t, T (or the version of v).
func (p *parser) label(c *Command) error {
	p.skipBlanks()
	start := p.pos
	for !p.eof() && isLabelByte(p.peek()) {
		p.pos++
	}
	c.Arg = p.src[start:p.pos]
	switch p.peek() {
	case 0, ' ', '\t', '\n', '}':
		return nil
	case ';':
		p.pos++
		return nil
	}
	return p.errorf("label byte %q is refused: use letters, digits, '_', '.', '-', ended by ';' or a newline", p.peek())
}

func isLabelByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_' || c == '.' || c == '-'
}

// text reads the text of a, i, c: one-liner or classic form, to the first
// newline not escaped by a backslash.
func (p *parser) text(c *Command) error {
	p.skipBlanks()
	if p.eof() || p.peek() == '\n' {
		return p.errorf("expected \\ or text after `%c`", c.Name)
	}
	start := p.pos
	for !p.eof() && p.peek() != '\n' {
		if p.peek() == '\\' {
			p.pos++
		}
		p.pos++
	}
	if p.pos > len(p.src) {
		p.pos = len(p.src)
	}
	c.Arg = p.src[start:p.pos]
	return nil
}
