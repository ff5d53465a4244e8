package proposal

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Reasons Claude Code's NotebookEdit gives when it refuses an edit.
const (
	ReasonNotebookPath     = "File must be a Jupyter notebook (.ipynb file). For editing other file types, use the FileEdit tool."
	ReasonNotebookMissing  = "Notebook file does not exist."
	ReasonNotebookJSON     = "Notebook is not valid JSON."
	ReasonNotebookMode     = "Edit mode must be replace, insert, or delete."
	ReasonNotebookCellType = "Cell type is required when using edit_mode=insert."
	ReasonNotebookCellID   = "Cell ID must be specified when not inserting a new cell."
)

// ReasonNotebookNoCell is NotebookEdit's message for a cell_id that names no cell.
func ReasonNotebookNoCell(id string) string {
	return fmt.Sprintf("Cell with ID %q not found in notebook.", id)
}

type notebookInput struct {
	NotebookPath string  `json:"notebook_path"`
	CellID       string  `json:"cell_id"`
	NewSource    *string `json:"new_source"`
	CellType     string  `json:"cell_type"`
	EditMode     string  `json:"edit_mode"`
}

// applyNotebookEdit replaces, inserts or deletes one cell of an .ipynb file
// and serialises the notebook the way Claude Code does (JSON.stringify with
// one-space indent, keys in their original order, no final newline), so that
// the diff shows what will really be written. Two details are approximations:
// a new cell's id is derived from its content (Claude Code picks a random
// one) and numbers are written as they were read.
func applyNotebookEdit(path string, input json.RawMessage, current []byte, exists bool) ([]byte, error) {
	var in notebookInput
	if err := decode(ToolNotebookEdit, input, &in); err != nil {
		return nil, err
	}
	if !strings.HasSuffix(strings.ToLower(path), ".ipynb") {
		return nil, reject(ReasonNotebookPath)
	}
	mode := in.EditMode
	if mode == "" {
		mode = "replace"
	}
	if mode != "replace" && mode != "insert" && mode != "delete" {
		return nil, reject(ReasonNotebookMode)
	}
	if mode == "insert" && in.CellType == "" {
		return nil, reject(ReasonNotebookCellType)
	}
	if in.CellType != "" && in.CellType != "code" && in.CellType != "markdown" {
		return nil, reject(fmt.Sprintf("Cell type must be code or markdown, not %q.", in.CellType))
	}
	if in.NewSource == nil && mode != "delete" {
		return nil, fmt.Errorf("NotebookEdit input has no new_source: send the cell's new source")
	}
	if !exists {
		return nil, reject(ReasonNotebookMissing)
	}
	nb, err := parseJSON(current)
	if err != nil || nb.kind != '{' {
		return nil, reject(ReasonNotebookJSON)
	}
	cells := nb.get("cells")
	if cells == nil || cells.kind != '[' {
		return nil, reject(ReasonNotebookJSON)
	}
	index := 0
	if in.CellID == "" {
		if mode != "insert" {
			return nil, reject(ReasonNotebookCellID)
		}
	} else {
		index = findCell(cells, in.CellID)
		if index < 0 {
			return nil, reject(ReasonNotebookNoCell(in.CellID))
		}
		if mode == "insert" {
			index++ // a new cell goes after the one named
		}
	}
	if mode == "replace" && index == len(cells.arr) {
		mode = "insert"
		if in.CellType == "" {
			in.CellType = "code"
		}
	}
	switch mode {
	case "delete":
		cells.arr = append(cells.arr[:index], cells.arr[index+1:]...)
	case "insert":
		cell := &jsonValue{kind: '{'}
		cell.set("cell_type", jsonString(in.CellType))
		if withCellIDs(nb) {
			sum := sha256.Sum256([]byte(fmt.Sprintf("%d\x00%s", index, *in.NewSource)))
			cell.set("id", jsonString(hex.EncodeToString(sum[:4])))
		}
		cell.set("metadata", &jsonValue{kind: '{'})
		cell.set("source", jsonString(*in.NewSource))
		if in.CellType == "code" {
			cell.set("execution_count", &jsonValue{kind: 'n', raw: "null"})
			cell.set("outputs", &jsonValue{kind: '['})
		}
		cells.arr = append(cells.arr[:index], append([]*jsonValue{cell}, cells.arr[index:]...)...)
	case "replace":
		cell := cells.arr[index]
		if cell.kind != '{' {
			return nil, reject(ReasonNotebookJSON)
		}
		cell.set("source", jsonString(*in.NewSource))
		if t := cell.get("cell_type"); t != nil && t.kind == '"' && t.raw == "code" {
			// Old outputs would describe code that no longer exists.
			cell.set("execution_count", &jsonValue{kind: 'n', raw: "null"})
			cell.set("outputs", &jsonValue{kind: '['})
		}
		if in.CellType != "" {
			cell.set("cell_type", jsonString(in.CellType))
		}
	}
	var out bytes.Buffer
	nb.stringify(&out, 0)
	return out.Bytes(), nil
}

// findCell finds a cell by its id, then by Claude Code's "cell-N" index form.
func findCell(cells *jsonValue, id string) int {
	for i, c := range cells.arr {
		if v := c.get("id"); v != nil && v.kind == '"' && v.raw == id {
			return i
		}
	}
	if n, ok := strings.CutPrefix(id, "cell-"); ok {
		if i, err := strconv.Atoi(n); err == nil && i >= 0 && i < len(cells.arr) && strconv.Itoa(i) == n {
			return i
		}
	}
	return -1
}

// withCellIDs reports whether the notebook format (4.5 and later) has cell ids.
func withCellIDs(nb *jsonValue) bool {
	major, minor := nb.get("nbformat"), nb.get("nbformat_minor")
	if major == nil || minor == nil {
		return false
	}
	ma, _ := strconv.Atoi(major.raw)
	mi, _ := strconv.Atoi(minor.raw)
	return ma > 4 || ma == 4 && mi >= 5
}

// jsonValue is a JSON value that keeps object keys in their order, so that
// re-serialising a notebook changes only what the edit changed. kind is '{',
// '[', '"' (raw holds the decoded string), or 'n' for other scalars (raw
// holds the literal: number, true, false, null).
type jsonValue struct {
	kind byte
	keys []string
	vals []*jsonValue
	arr  []*jsonValue
	raw  string
}

func jsonString(s string) *jsonValue { return &jsonValue{kind: '"', raw: s} }

func (v *jsonValue) get(key string) *jsonValue {
	for i, k := range v.keys {
		if k == key {
			return v.vals[i]
		}
	}
	return nil
}

func (v *jsonValue) set(key string, val *jsonValue) {
	for i, k := range v.keys {
		if k == key {
			v.vals[i] = val
			return
		}
	}
	v.keys = append(v.keys, key)
	v.vals = append(v.vals, val)
}

// maxJSONDepth bounds nesting so that a hostile notebook cannot exhaust the
// stack.
const maxJSONDepth = 200

func parseJSON(data []byte) (*jsonValue, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := parseValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data after JSON value")
	}
	return v, nil
}

func parseValue(dec *json.Decoder, depth int) (*jsonValue, error) {
	if depth > maxJSONDepth {
		return nil, errors.New("JSON nested too deeply")
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			v := &jsonValue{kind: '{'}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, ok := k.(string)
				if !ok {
					return nil, errors.New("object key is not a string")
				}
				val, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				v.set(key, val) // a repeated key keeps the last value, like JSON.parse
			}
			_, err := dec.Token()
			return v, err
		case '[':
			v := &jsonValue{kind: '['}
			for dec.More() {
				val, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				v.arr = append(v.arr, val)
			}
			_, err := dec.Token()
			return v, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case string:
		return jsonString(t), nil
	case json.Number:
		return &jsonValue{kind: 'n', raw: t.String()}, nil
	case bool:
		return &jsonValue{kind: 'n', raw: strconv.FormatBool(t)}, nil
	case nil:
		return &jsonValue{kind: 'n', raw: "null"}, nil
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

// stringify writes v as JavaScript's JSON.stringify(v, null, 1) would.
func (v *jsonValue) stringify(w *bytes.Buffer, depth int) {
	indent := func(d int) {
		w.WriteByte('\n')
		w.WriteString(strings.Repeat(" ", d))
	}
	switch v.kind {
	case '{':
		if len(v.keys) == 0 {
			w.WriteString("{}")
			return
		}
		w.WriteByte('{')
		for i, k := range v.keys {
			if i > 0 {
				w.WriteByte(',')
			}
			indent(depth + 1)
			jsQuote(w, k)
			w.WriteString(": ")
			v.vals[i].stringify(w, depth+1)
		}
		indent(depth)
		w.WriteByte('}')
	case '[':
		if len(v.arr) == 0 {
			w.WriteString("[]")
			return
		}
		w.WriteByte('[')
		for i, e := range v.arr {
			if i > 0 {
				w.WriteByte(',')
			}
			indent(depth + 1)
			e.stringify(w, depth+1)
		}
		indent(depth)
		w.WriteByte(']')
	case '"':
		jsQuote(w, v.raw)
	default:
		w.WriteString(v.raw)
	}
}

// jsQuote quotes s as JSON.stringify does: only '"', '\\' and control
// characters are escaped; everything else, including non-ASCII, is kept.
func jsQuote(w *bytes.Buffer, s string) {
	w.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			w.WriteString(`\"`)
		case '\\':
			w.WriteString(`\\`)
		case '\b':
			w.WriteString(`\b`)
		case '\f':
			w.WriteString(`\f`)
		case '\n':
			w.WriteString(`\n`)
		case '\r':
			w.WriteString(`\r`)
		case '\t':
			w.WriteString(`\t`)
		default:
			if r < 0x20 {
				fmt.Fprintf(w, `\u%04x`, r)
			} else {
				w.WriteRune(r)
			}
		}
	}
	w.WriteByte('"')
}
