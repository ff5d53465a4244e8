package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// documents holds the editor's open buffers: an agent's edit applies to what
// the person sees, unsaved changes included.
type documents struct {
	mu    sync.Mutex
	files map[string][]byte
}

func newDocuments() *documents { return &documents{files: map[string][]byte{}} }

// Content implements gate.Documents.
func (d *documents) Content(path string) ([]byte, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	b, ok := d.files[path]
	return b, ok
}

func (d *documents) set(path string, b []byte) []byte {
	d.mu.Lock()
	d.files[path] = b
	d.mu.Unlock()
	return b
}

func (d *documents) remove(path string) {
	d.mu.Lock()
	delete(d.files, path)
	d.mu.Unlock()
}

// The buffer notifications are decoded here rather than by the protocol
// package: its union and string decoding allocates about ten times a
// document's size (a 50 MiB didChange peaked near 500 MB), where this
// decodes the text once, straight into the bytes the server keeps.

// textParams is the part of didOpen / didChange params the server reads.
type textParams struct {
	TextDocument struct {
		URI  string   `json:"uri"`
		Text jsonText `json:"text"`
	} `json:"textDocument"`
	ContentChanges []struct {
		Range json.RawMessage `json:"range"`
		Text  jsonText        `json:"text"`
	} `json:"contentChanges"`
}

// jsonText is a JSON string decoded into bytes with one allocation.
type jsonText []byte

func (t *jsonText) UnmarshalJSON(raw []byte) error {
	b, err := unquoteJSON(raw)
	if err != nil {
		return err
	}
	*t = b
	return nil
}

// didOpenRaw handles textDocument/didOpen from its raw params.
func (s *lspServer) didOpenRaw(raw []byte) error {
	var p textParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return fmt.Errorf("textDocument/didOpen: %w", err)
	}
	path, err := uriToPath(uri.URI(p.TextDocument.URI))
	if err != nil {
		return nil
	}
	b := s.docs.set(path, nonNil(p.TextDocument.Text))
	s.g.FileChanged(path, b, true)
	return nil
}

// didChangeRaw applies full-text syncs (the server asks for full sync): the
// last change carries the whole document.
func (s *lspServer) didChangeRaw(raw []byte) error {
	var p textParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return fmt.Errorf("textDocument/didChange: %w", err)
	}
	path, err := uriToPath(uri.URI(p.TextDocument.URI))
	if err != nil || len(p.ContentChanges) == 0 {
		return nil
	}
	last := p.ContentChanges[len(p.ContentChanges)-1]
	if len(last.Range) > 0 && string(last.Range) != "null" {
		// A partial change would need the previous text; this server
		// negotiates full sync, so drop the buffer and fall back to disk.
		s.docs.remove(path)
		return nil
	}
	b := s.docs.set(path, nonNil(last.Text))
	s.g.FileChanged(path, b, true)
	return nil
}

// nonNil keeps an empty document distinct from "no buffer".
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

func (s *lspServer) DidClose(ctx context.Context, params *protocol.DidCloseTextDocumentParams) error {
	if path, err := uriToPath(params.TextDocument.URI); err == nil {
		s.docs.remove(path)
	}
	return nil
}

// unquoteJSON decodes a JSON string literal (quotes included) into a new
// slice of at most len(raw) bytes.
func unquoteJSON(raw []byte) ([]byte, error) {
	raw = bytes.Trim(raw, " \t\r\n")
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		if string(raw) == "null" {
			return nil, nil
		}
		return nil, errors.New("text is not a JSON string")
	}
	in := raw[1 : len(raw)-1]
	out := make([]byte, 0, len(in))
	for i := 0; i < len(in); {
		j := bytes.IndexByte(in[i:], '\\')
		if j < 0 {
			out = append(out, in[i:]...)
			break
		}
		out = append(out, in[i:i+j]...)
		i += j
		if i+1 >= len(in) {
			return nil, errors.New("text ends inside an escape")
		}
		switch c := in[i+1]; c {
		case '"', '\\', '/':
			out = append(out, c)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(in[i+2:])
			if !ok {
				return nil, errors.New("text has a bad \\u escape")
			}
			i += 6
			if utf16.IsSurrogate(r) {
				if i+6 <= len(in) && in[i] == '\\' && in[i+1] == 'u' {
					if r2, ok := hex4(in[i+2:]); ok {
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							out = utf8.AppendRune(out, dec)
							i += 6
							continue
						}
					}
				}
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
			continue
		default:
			return nil, fmt.Errorf("text has a bad escape \\%c", c)
		}
		i += 2
	}
	return out, nil
}

// hex4 reads the four hex digits of a \u escape.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
