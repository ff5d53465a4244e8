package policy

import (
	"strings"
	"unicode/utf8"
)

// quickString reads the string member key of a JSON object the way
// encoding/json.Unmarshal into struct{ F *string `json:"key"` } does, for
// the inputs that cover nearly every tool call: a flat object whose keys
// are plain ASCII and whose values are strings, numbers, true, false or
// null. ok is false for anything else (nested values, escaped or non-ASCII
// keys, surrogate escapes, a wrong type for key, invalid JSON): the caller
// then decodes with encoding/json, whose answer, or error, stands.
//
// Matching encoding/json exactly matters, since the command decided must
// be the command run: a key matches by exact name or without ASCII case,
// the last match wins, a null match leaves no value, and strings are
// unescaped the same way. FuzzQuickString holds it to that.
func quickString(data []byte, key string) (val *string, ok bool) {
	// One copy of the input: the values returned are substrings of it
	// or built anew, never views of data, which the caller may reuse.
	s := string(data)
	i := skipSpace(s, 0)
	if i >= len(s) || s[i] != '{' {
		return nil, false
	}
	i = skipSpace(s, i+1)
	if i < len(s) && s[i] == '}' {
		return nil, skipSpace(s, i+1) == len(s)
	}
	for {
		// A key: a string without escapes, controls or non-ASCII bytes.
		if i >= len(s) || s[i] != '"' {
			return nil, false
		}
		end := i + 1
		for end < len(s) && s[end] != '"' {
			if c := s[end]; c < 0x20 || c == '\\' || c >= utf8.RuneSelf {
				return nil, false
			}
			end++
		}
		if end >= len(s) {
			return nil, false
		}
		name := s[i+1 : end]
		i = skipSpace(s, end+1)
		if i >= len(s) || s[i] != ':' {
			return nil, false
		}
		i = skipSpace(s, i+1)
		if i >= len(s) {
			return nil, false
		}
		match := strings.EqualFold(name, key)
		switch c := s[i]; {
		case c == '"':
			v, next, good := quickUnquote(s, i)
			if !good {
				return nil, false
			}
			if match {
				val = &v
			}
			i = next
		case c == 'n':
			if !strings.HasPrefix(s[i:], "null") {
				return nil, false
			}
			if match {
				val = nil
			}
			i += 4
		case match:
			return nil, false // a wrong type: encoding/json words the error
		case c == 't' && strings.HasPrefix(s[i:], "true"):
			i += 4
		case c == 'f' && strings.HasPrefix(s[i:], "false"):
			i += 5
		case c == '-' || c >= '0' && c <= '9':
			next, good := skipNumber(s, i)
			if !good {
				return nil, false
			}
			i = next
		default:
			return nil, false
		}
		i = skipSpace(s, i)
		if i >= len(s) {
			return nil, false
		}
		switch s[i] {
		case ',':
			i = skipSpace(s, i+1)
		case '}':
			return val, skipSpace(s, i+1) == len(s)
		default:
			return nil, false
		}
	}
}

// skipSpace skips JSON whitespace from i.
func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// skipNumber skips a JSON number starting at i (RFC 8259 grammar).
func skipNumber(s string, i int) (int, bool) {
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return i, false
	}
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return i, false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return i, false
		}
	}
	return i, true
}

// quickUnquote reads the JSON string starting with the quote at s[i]. It
// refuses (good false) controls, invalid UTF-8 (which encoding/json would
// replace) and surrogate escapes (which it would pair or replace).
func quickUnquote(s string, i int) (v string, next int, good bool) {
	start := i + 1
	j := start
	for j < len(s) && s[j] != '"' && s[j] != '\\' && s[j] >= 0x20 {
		j++
	}
	if j < len(s) && s[j] == '"' {
		if !utf8.ValidString(s[start:j]) {
			return "", 0, false
		}
		return s[start:j], j + 1, true
	}
	var b strings.Builder
	b.Grow(j - start + 16)
	b.WriteString(s[start:j])
	for j < len(s) {
		c := s[j]
		switch {
		case c == '"':
			out := b.String()
			if !utf8.ValidString(out) {
				return "", 0, false
			}
			return out, j + 1, true
		case c < 0x20:
			return "", 0, false
		case c != '\\':
			b.WriteByte(c)
			j++
			continue
		}
		if j+1 >= len(s) {
			return "", 0, false
		}
		switch e := s[j+1]; e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			if j+6 > len(s) {
				return "", 0, false
			}
			r := rune(0)
			for _, h := range []byte(s[j+2 : j+6]) {
				var d byte
				switch {
				case h >= '0' && h <= '9':
					d = h - '0'
				case h >= 'a' && h <= 'f':
					d = h - 'a' + 10
				case h >= 'A' && h <= 'F':
					d = h - 'A' + 10
				default:
					return "", 0, false
				}
				r = r<<4 | rune(d)
			}
			if r >= 0xD800 && r <= 0xDFFF {
				return "", 0, false
			}
			b.WriteRune(r)
			j += 6
			continue
		default:
			return "", 0, false
		}
		j += 2
	}
	return "", 0, false
}
