package proposal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Apply returns the content after accepting exactly the hunks whose index is
// true in accepted; every other hunk keeps the original text. A missing entry
// (accepted shorter than Hunks) counts as rejected, so that a short answer
// never accepts more than was asked.
func (p *Proposal) Apply(accepted []bool) []byte {
	out := make([]byte, 0, max(len(p.Original), len(p.Proposed)))
	last := 0
	for i, h := range p.Hunks {
		if i >= len(accepted) || !accepted[i] {
			continue
		}
		out = append(out, p.Original[last:h.start]...)
		out = append(out, p.Proposed[h.newStart:h.newEnd]...)
		last = h.end
	}
	return append(out, p.Original[last:]...)
}

// AllAccepted reports whether accepted accepts every hunk.
func (p *Proposal) AllAccepted(accepted []bool) bool {
	for i := range p.Hunks {
		if i >= len(accepted) || !accepted[i] {
			return false
		}
	}
	return true
}

// Errors from UpdatedInput.
var (
	// ErrNoneAccepted: no hunk was accepted, so there is nothing to run;
	// deny the tool call instead.
	ErrNoneAccepted = errors.New("no hunk accepted: deny the tool call instead of rewriting it")
	// ErrNotSplittable: the tool's input cannot express part of the
	// change (NotebookEdit); accept or reject it whole.
	ErrNotSplittable = errors.New("this tool's input cannot express a partial acceptance: accept or reject the whole edit")
)

// UpdatedInput returns the tool input that makes the agent's tool write
// exactly Apply(accepted), for Claude Code's updatedInput. When every hunk is
// accepted it is the original input, unchanged.
//
// Claude Code keeps the tool when it takes an updatedInput, so the input
// keeps the tool's own shape: a Write gets {file_path, content}; an Edit gets
// one replacement of the whole original content by the accepted content (the
// whole content occurs exactly once, so the tool applies it unambiguously),
// and a MultiEdit the same as its only element. If the file changed in the
// meantime the tool fails to find old_string and writes nothing, which is the
// safe outcome. NotebookEdit, and Edit or MultiEdit on a file that mixes
// CRLF and LF line endings, cannot express a partial acceptance
// (ErrNotSplittable).
func (p *Proposal) UpdatedInput(accepted []bool) (tool string, input json.RawMessage, err error) {
	if p.AllAccepted(accepted) {
		return p.Tool, p.Input, nil
	}
	anyAccepted := false
	for i := range p.Hunks {
		anyAccepted = anyAccepted || i < len(accepted) && accepted[i]
	}
	if !anyAccepted {
		return p.Tool, nil, ErrNoneAccepted
	}
	content := string(p.Apply(accepted))
	var v any
	switch p.Tool {
	case ToolWrite:
		v = map[string]any{"file_path": p.Path, "content": content}
	case ToolEdit, ToolMultiEdit:
		if mixedLineEndings(p.Original) {
			// The tool rewrites every line ending to the dominant one,
			// so no input keeps the ones the person left alone.
			return p.Tool, nil, ErrNotSplittable
		}
		// The tool matches against the file with CRLF folded to LF and
		// writes its dominant line ending back; speak its language.
		e := editInput{
			FilePath:  p.Path,
			OldString: strings.ReplaceAll(string(p.Original), "\r\n", "\n"),
			NewString: strings.ReplaceAll(content, "\r\n", "\n"),
		}
		if p.Tool == ToolEdit {
			v = e
		} else {
			v = multiEditInput{FilePath: p.Path, Edits: []editInput{{OldString: e.OldString, NewString: e.NewString}}}
		}
	default:
		return p.Tool, nil, ErrNotSplittable
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return p.Tool, nil, fmt.Errorf("encode updated %s input: %w", p.Tool, err)
	}
	return p.Tool, raw, nil
}

// mixedLineEndings reports whether content has both CRLF and bare LF line
// endings.
func mixedLineEndings(content []byte) bool {
	crlf := bytes.Count(content, []byte("\r\n"))
	return crlf > 0 && bytes.Count(content, []byte("\n")) > crlf
}
