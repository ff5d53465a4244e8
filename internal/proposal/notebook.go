package proposal

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/gatehouse/gatehouse/internal/jsontree"
)

// notebookOptions read a notebook as JSON.parse does (a repeated key keeps
// its first position and last value), with a nesting limit so that a hostile
// notebook cannot exhaust the stack.
var notebookOptions = jsontree.Options{MaxDepth: 200, MergeDuplicates: true}

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
	nb, err := jsontree.Parse(current, notebookOptions)
	if err != nil || nb.Kind != jsontree.Object {
		return nil, reject(ReasonNotebookJSON)
	}
	cells := nb.Get("cells")
	if cells == nil || cells.Kind != jsontree.Array {
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
	if mode == "replace" && index == len(cells.Elems) {
		mode = "insert"
		if in.CellType == "" {
			in.CellType = "code"
		}
	}
	switch mode {
	case "delete":
		cells.Elems = append(cells.Elems[:index], cells.Elems[index+1:]...)
	case "insert":
		cell := &jsontree.Value{Kind: jsontree.Object}
		cell.Set("cell_type", jsontree.NewString(in.CellType))
		if withCellIDs(nb) {
			sum := sha256.Sum256([]byte(fmt.Sprintf("%d\x00%s", index, *in.NewSource)))
			cell.Set("id", jsontree.NewString(hex.EncodeToString(sum[:4])))
		}
		cell.Set("metadata", &jsontree.Value{Kind: jsontree.Object})
		cell.Set("source", jsontree.NewString(*in.NewSource))
		if in.CellType == "code" {
			cell.Set("execution_count", jsontree.NewNull())
			cell.Set("outputs", &jsontree.Value{Kind: jsontree.Array})
		}
		cells.Elems = append(cells.Elems[:index], append([]*jsontree.Value{cell}, cells.Elems[index:]...)...)
	case "replace":
		cell := cells.Elems[index]
		if cell.Kind != jsontree.Object {
			return nil, reject(ReasonNotebookJSON)
		}
		cell.Set("source", jsontree.NewString(*in.NewSource))
		if t := cell.Get("cell_type"); t != nil && t.Kind == jsontree.String && t.Text == "code" {
			// Old outputs would describe code that no longer exists.
			cell.Set("execution_count", jsontree.NewNull())
			cell.Set("outputs", &jsontree.Value{Kind: jsontree.Array})
		}
		if in.CellType != "" {
			cell.Set("cell_type", jsontree.NewString(in.CellType))
		}
	}
	return nb.Encode(" "), nil
}

// findCell finds a cell by its id, then by Claude Code's "cell-N" index form.
func findCell(cells *jsontree.Value, id string) int {
	for i, c := range cells.Elems {
		if v := c.Get("id"); v != nil && v.Kind == jsontree.String && v.Text == id {
			return i
		}
	}
	if n, ok := strings.CutPrefix(id, "cell-"); ok {
		if i, err := strconv.Atoi(n); err == nil && i >= 0 && i < len(cells.Elems) && strconv.Itoa(i) == n {
			return i
		}
	}
	return -1
}

// withCellIDs reports whether the notebook format (4.5 and later) has cell ids.
func withCellIDs(nb *jsontree.Value) bool {
	major, minor := nb.Get("nbformat"), nb.Get("nbformat_minor")
	if major == nil || minor == nil {
		return false
	}
	ma, _ := strconv.Atoi(major.Text)
	mi, _ := strconv.Atoi(minor.Text)
	return ma > 4 || ma == 4 && mi >= 5
}
