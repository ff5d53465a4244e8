package proposal

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrNotModifiable: the tool's input cannot carry a version the person
// wrote (NotebookEdit, an Edit of a file with mixed line endings, an Edit
// of an existing empty file); accept or reject the agent's edit as it is.
var ErrNotModifiable = errors.New("this tool's input cannot carry a version you wrote: accept or reject the agent's edit as it is")

// ModifiedInput returns the tool input that makes the agent's own tool leave
// the file holding content: the person's version of the proposal, for
// Claude Code's updatedInput. It keeps the tool and the file (Claude Code
// keeps the tool when it takes an updatedInput, and the person edits this
// file, not another), in the same shapes as UpdatedInput: a Write writes
// content; an Edit or MultiEdit replaces the whole original once, so that
// if the file changed meanwhile the tool finds no old_string and writes
// nothing.
func (p *Proposal) ModifiedInput(content []byte) (json.RawMessage, error) {
	if !utf8.Valid(content) {
		// JSON would turn the bytes into U+FFFD: the file would not hold
		// what the person saw.
		return nil, errors.New("your version is not valid UTF-8 text")
	}
	var v any
	switch p.Tool {
	case ToolWrite:
		v = map[string]any{"file_path": p.Path, "content": string(content)}
	case ToolEdit, ToolMultiEdit:
		if mixedLineEndings(p.Original) || (p.Existed && len(p.Original) == 0) {
			return nil, ErrNotModifiable
		}
		e := editInput{
			FilePath:  p.Path,
			OldString: strings.ReplaceAll(string(p.Original), "\r\n", "\n"),
			NewString: strings.ReplaceAll(string(content), "\r\n", "\n"),
		}
		if p.Tool == ToolEdit {
			v = e
		} else {
			v = multiEditInput{FilePath: p.Path, Edits: []editInput{{OldString: e.OldString, NewString: e.NewString}}}
		}
	default:
		return nil, ErrNotModifiable
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode modified %s input: %w", p.Tool, err)
	}
	return raw, nil
}

// LineChanges counts the lines content adds and removes relative to the
// proposal's own result, for telling the agent how far the person's
// version departs from what it proposed.
func (p *Proposal) LineChanges(content []byte) (added, removed int) {
	for _, h := range computeHunks(p.Proposed, content) {
		added += h.NewLines
		removed += h.OrigLines
	}
	return added, removed
}
