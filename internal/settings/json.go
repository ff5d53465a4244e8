package settings

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// value is a JSON value that keeps object members in file order (duplicates
// included) and remembers where it starts, so that errors can point at a
// line and column and AddRule can rewrite a file without reordering it.
type value struct {
	kind byte // 'o' object, 'a' array, 's' string, 'l' literal (number, true, false, null)
	obj  []member
	arr  []*value
	str  string // string value, or the literal's text
	off  int64  // byte offset of the value's first byte
}

type member struct {
	key string
	val *value
}

// get returns the last member named key (JSON.parse semantics: the last
// duplicate wins), or nil.
func (v *value) get(key string) *value {
	if v == nil || v.kind != 'o' {
		return nil
	}
	for i := len(v.obj) - 1; i >= 0; i-- {
		if v.obj[i].key == key {
			return v.obj[i].val
		}
	}
	return nil
}

// all returns every member named key, in file order.
func (v *value) all(key string) []*value {
	if v == nil || v.kind != 'o' {
		return nil
	}
	var out []*value
	for _, m := range v.obj {
		if m.key == key {
			out = append(out, m.val)
		}
	}
	return out
}

func (v *value) kindName() string {
	switch v.kind {
	case 'o':
		return "an object"
	case 'a':
		return "an array"
	case 's':
		return "a string"
	}
	switch v.str {
	case "true", "false":
		return "a boolean"
	case "null":
		return "null"
	}
	return "a number"
}

// offsetError is a problem at a byte offset of a file.
type offsetError struct {
	off int64
	msg string
}

func (e *offsetError) Error() string { return e.msg }

// parseTree parses data as one JSON value. On a syntax error it returns the
// partial tree read so far (members are attached as soon as they start), so
// that deny rules before the error can still be recovered.
func parseTree(data []byte) (*value, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := &treeParser{dec: dec, data: data}
	root := &value{}
	err := p.read(root, 0)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			err = &offsetError{off: p.start(), msg: "unexpected data after the top-level value"}
		}
	}
	return root, p.wrap(err)
}

type treeParser struct {
	dec  *json.Decoder
	data []byte
}

// start is the offset where the next token begins: the decoder's offset is
// the end of the previous token, before any separator.
func (p *treeParser) start() int64 {
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

// maxDepth bounds nesting so that a hostile file cannot exhaust the stack.
const maxDepth = 256

func (p *treeParser) read(v *value, depth int) error {
	if depth > maxDepth {
		return &offsetError{off: p.start(), msg: "nesting deeper than 256 levels"}
	}
	v.off = p.start()
	tok, err := p.dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			v.kind = 'o'
			for p.dec.More() {
				ktok, err := p.dec.Token()
				if err != nil {
					return err
				}
				key, _ := ktok.(string)
				m := member{key: key, val: &value{}}
				v.obj = append(v.obj, m)
				if err := p.read(m.val, depth+1); err != nil {
					return err
				}
			}
		case '[':
			v.kind = 'a'
			for p.dec.More() {
				e := &value{}
				v.arr = append(v.arr, e)
				if err := p.read(e, depth+1); err != nil {
					return err
				}
			}
		default:
			return &offsetError{off: v.off, msg: fmt.Sprintf("unexpected %q", rune(t))}
		}
		if _, err := p.dec.Token(); err != nil { // the closing delimiter
			return err
		}
	case string:
		v.kind, v.str = 's', t
	case json.Number:
		v.kind, v.str = 'l', string(t)
	case bool:
		v.kind, v.str = 'l', fmt.Sprint(t)
	case nil:
		v.kind, v.str = 'l', "null"
	}
	return nil
}

// wrap turns decoder errors into offsetErrors.
func (p *treeParser) wrap(err error) error {
	if err == nil {
		return nil
	}
	var oe *offsetError
	if errors.As(err, &oe) {
		return oe
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &offsetError{off: se.Offset, msg: se.Error()}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &offsetError{off: int64(len(p.data)), msg: "unexpected end of file"}
	}
	return &offsetError{off: p.dec.InputOffset(), msg: err.Error()}
}

// lineCol converts a byte offset into a 1-based line and column (in
// characters) for messages.
func lineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	prefix := data[:off]
	line = bytes.Count(prefix, []byte{'\n'}) + 1
	lineStart := bytes.LastIndexByte(prefix, '\n') + 1
	col = utf8.RuneCount(prefix[lineStart:]) + 1
	return line, col
}

// encode writes v as indented JSON (two spaces, like Claude Code writes its
// own files), keeping member order.
func (v *value) encode(b *strings.Builder, indent string) {
	switch v.kind {
	case 'o':
		if len(v.obj) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		for i, m := range v.obj {
			b.WriteString(indent + "  ")
			writeString(b, m.key)
			b.WriteString(": ")
			m.val.encode(b, indent+"  ")
			if i < len(v.obj)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent + "}")
	case 'a':
		if len(v.arr) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[\n")
		for i, e := range v.arr {
			b.WriteString(indent + "  ")
			e.encode(b, indent+"  ")
			if i < len(v.arr)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent + "]")
	case 's':
		writeString(b, v.str)
	default:
		b.WriteString(v.str)
	}
}

func writeString(b *strings.Builder, s string) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	b.Write(bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}))
}
