// Package jsontree is an order-preserving JSON value tree for editing files
// other programs wrote, re-encoded the way JavaScript's
// JSON.stringify(v, null, indent) would.
//
// Parsing keeps object members in file order, remembers where every value
// starts (so problems can be reported at a line and column), and on a syntax
// error still returns the part of the tree read so far. Encoding keeps
// numbers exactly as they were read (JSON.stringify would reformat 1.0 as 1;
// keeping the text changes nothing a reader of the file can see), and quotes
// strings as JSON.stringify does: only '"', '\\' and control characters are
// escaped; U+2028, U+2029, '<', '>' and '&' are written as they are.
//
// One difference from JavaScript cannot be avoided with encoding/json
// underneath: a lone surrogate escape such as "\ud800" is read as U+FFFD,
// so it is written back as U+FFFD rather than as "\ud800".
package jsontree

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Kind is the JSON type of a Value.
type Kind uint8

// The kinds of Value. Invalid is the zero Kind: the unfinished part of a
// tree returned with a syntax error.
const (
	Invalid Kind = iota
	Null
	Bool
	Number
	String
	Array
	Object
)

// Value is one JSON value. Scalars keep their text: the decoded string for a
// String, and the literal as written for a Number, Bool or Null.
type Value struct {
	Kind    Kind
	Members []Member // an Object's members in file order, duplicates included unless merged
	Elems   []*Value // an Array's elements
	Text    string   // a String's value, or the literal text of a Number, Bool or Null
	Offset  int64    // byte offset of the value's first byte in the parsed data; 0 for built values
}

// Member is one key and value of an Object.
type Member struct {
	Key   string
	Value *Value
}

// NewString returns a String value.
func NewString(s string) *Value { return &Value{Kind: String, Text: s} }

// NewNull returns a null value.
func NewNull() *Value { return &Value{Kind: Null, Text: "null"} }

// Get returns the last member named key, the one JSON.parse would keep, or
// nil if there is none or v is not an object.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	for i := len(v.Members) - 1; i >= 0; i-- {
		if v.Members[i].Key == key {
			return v.Members[i].Value
		}
	}
	return nil
}

// All returns every member named key, in file order. Readers that must not
// let a repeated key hide a value (a deny rule, say) use All instead of Get.
func (v *Value) All(key string) []*Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	var out []*Value
	for _, m := range v.Members {
		if m.Key == key {
			out = append(out, m.Value)
		}
	}
	return out
}

// Set replaces the value Get(key) would return, keeping the member's
// position, or appends a member if there is none, the way assigning to a
// JavaScript object's property does. It panics if v is not an object.
func (v *Value) Set(key string, val *Value) {
	if v.Kind != Object {
		panic("jsontree: Set on a value that is not an object")
	}
	for i := len(v.Members) - 1; i >= 0; i-- {
		if v.Members[i].Key == key {
			v.Members[i].Value = val
			return
		}
	}
	v.Members = append(v.Members, Member{Key: key, Value: val})
}

// Error is a problem at a byte offset of the parsed data. Callers that check
// a tree's shape use it for their own problems too, so that every message
// can point at a line and column (see LineCol).
type Error struct {
	Offset int64
	Msg    string
}

func (e *Error) Error() string { return e.Msg }

// DefaultMaxDepth is the nesting limit Parse uses when Options.MaxDepth is 0.
const DefaultMaxDepth = 256

// Options change how Parse reads a document.
type Options struct {
	// MaxDepth bounds nesting so that a hostile file cannot exhaust the
	// stack: the top-level value is at depth 0, and a value deeper than
	// MaxDepth is an error. 0 means DefaultMaxDepth.
	MaxDepth int
	// MergeDuplicates reads a repeated key the way JSON.parse does: the
	// member keeps its first position and takes its last value. Without it
	// every member is kept, so that All can see them.
	MergeDuplicates bool
}

// Parse parses data as one JSON value. Errors are *Error values carrying the
// byte offset of the problem. On an error Parse also returns the part of the
// tree read so far (members and elements are attached as soon as they
// start, the unfinished one with Kind Invalid), so that a reader can still
// recover what came before the mistake.
func Parse(data []byte, opt Options) (*Value, error) {
	if opt.MaxDepth == 0 {
		opt.MaxDepth = DefaultMaxDepth
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := &parser{dec: dec, data: data, opt: opt}
	root := &Value{}
	err := p.read(root, 0)
	if err == nil {
		off := p.start() // before Token, which would step past a trailing value's first byte
		if _, terr := dec.Token(); terr != io.EOF {
			err = &Error{Offset: off, Msg: "unexpected data after the top-level value"}
		}
	}
	return root, p.wrap(err)
}

type parser struct {
	dec  *json.Decoder
	data []byte
	opt  Options
}

// start is the offset where the next token begins: the decoder's offset is
// the end of the previous token, before any separator.
func (p *parser) start() int64 {
	off := p.dec.InputOffset()
	for off < int64(len(p.data)) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
			continue
		}
		break
	}
	return off
}

func (p *parser) read(v *Value, depth int) error {
	if depth > p.opt.MaxDepth {
		return &Error{Offset: p.start(), Msg: fmt.Sprintf("nesting deeper than %d levels", p.opt.MaxDepth)}
	}
	v.Offset = p.start()
	tok, err := p.dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			v.Kind = Object
			for p.dec.More() {
				ktok, err := p.dec.Token()
				if err != nil {
					return err
				}
				key, _ := ktok.(string) // the decoder accepts only strings as keys
				val := &Value{}
				if p.opt.MergeDuplicates && v.Get(key) != nil {
					v.Set(key, val)
				} else {
					v.Members = append(v.Members, Member{Key: key, Value: val})
				}
				if err := p.read(val, depth+1); err != nil {
					return err
				}
			}
		case '[':
			v.Kind = Array
			for p.dec.More() {
				e := &Value{}
				v.Elems = append(v.Elems, e)
				if err := p.read(e, depth+1); err != nil {
					return err
				}
			}
		default:
			return &Error{Offset: v.Offset, Msg: fmt.Sprintf("unexpected %q", rune(t))}
		}
		if _, err := p.dec.Token(); err != nil { // the closing delimiter
			return err
		}
	case string:
		v.Kind, v.Text = String, t
	case json.Number:
		v.Kind, v.Text = Number, string(t)
	case bool:
		v.Kind, v.Text = Bool, strconv.FormatBool(t)
	case nil:
		v.Kind, v.Text = Null, "null"
	}
	return nil
}

// wrap turns decoder errors into *Error values.
func (p *parser) wrap(err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &Error{Offset: se.Offset, Msg: se.Error()}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &Error{Offset: int64(len(p.data)), Msg: "unexpected end of file"}
	}
	return &Error{Offset: p.dec.InputOffset(), Msg: err.Error()}
}

// LineCol converts a byte offset of data into a 1-based line and column (in
// characters) for messages. Offsets outside data are clamped to it.
func LineCol(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	prefix := data[:off]
	line = bytes.Count(prefix, []byte{'\n'}) + 1
	lineStart := bytes.LastIndexByte(prefix, '\n') + 1
	col = utf8.RuneCount(prefix[lineStart:]) + 1
	return line, col
}

// Encode returns v as JSON.stringify(v, null, indent) would write it, without
// a final newline: with an empty indent on one line with no spaces,
// otherwise one member or element per line, nested levels indented by one
// more indent and ": " between key and value. Like JSON.stringify it uses
// only the first 10 UTF-16 code units of indent. A Value of Kind Invalid
// (only found in a tree returned with an error) is written as null.
func (v *Value) Encode(indent string) []byte {
	var b bytes.Buffer
	v.encode(&b, gap(indent), "")
	return b.Bytes()
}

// gap cuts indent to JSON.stringify's 10 UTF-16 code units.
func gap(indent string) string {
	units := 0
	for i, r := range indent {
		units += utf16.RuneLen(r)
		if units > 10 {
			return indent[:i]
		}
	}
	return indent
}

func (v *Value) encode(b *bytes.Buffer, gap, cur string) {
	next := cur + gap
	sep := func(i int) {
		if i > 0 {
			b.WriteByte(',')
		}
		if gap != "" {
			b.WriteByte('\n')
			b.WriteString(next)
		}
	}
	closing := func(c byte) {
		if gap != "" {
			b.WriteByte('\n')
			b.WriteString(cur)
		}
		b.WriteByte(c)
	}
	switch v.Kind {
	case Object:
		if len(v.Members) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteByte('{')
		for i, m := range v.Members {
			sep(i)
			quote(b, m.Key)
			b.WriteByte(':')
			if gap != "" {
				b.WriteByte(' ')
			}
			m.Value.encode(b, gap, next)
		}
		closing('}')
	case Array:
		if len(v.Elems) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteByte('[')
		for i, e := range v.Elems {
			sep(i)
			e.encode(b, gap, next)
		}
		closing(']')
	case String:
		quote(b, v.Text)
	case Invalid:
		b.WriteString("null")
	default:
		b.WriteString(v.Text)
	}
}

// quote writes s as a JSON string the way JSON.stringify does: '"' and '\\'
// are escaped, control characters as \b \f \n \r \t or \u00xx (lower-case
// hex), and everything else is written as it is, U+2028 and U+2029 included
// (encoding/json would escape those). A byte that is not valid UTF-8 is
// written as U+FFFD, which is what Node reads from such a file.
func quote(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				b.WriteString(`\u00`)
				b.WriteByte(hex[r>>4])
				b.WriteByte(hex[r&0xf])
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}
