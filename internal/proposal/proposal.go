// Package proposal turns an agent's file edit into a reviewable diff: the
// file's current content plus the change the agent wants (Claude Code's Edit,
// MultiEdit, Write or NotebookEdit input) become a Proposal with line hunks
// that a person accepts or rejects one by one, and whatever they accept
// becomes exactly the content that is written.
//
// The change is computed the way the agent's own tool would compute it, so
// that the diff shown is what will be written, and an edit the tool would
// refuse (old_string missing or ambiguous) is refused at once with the tool's
// own words. Positions are UTF-16 editor positions; the package knows nothing
// of LSP itself.
package proposal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// Input is one tool call as the agent sends it: tool_name and tool_input.
type Input struct {
	Tool string
	Raw  json.RawMessage
}

// Path returns the file the input wants to change (see TargetPath).
func (in Input) Path() (string, error) { return TargetPath(in.Tool, in.Raw) }

// Propose builds the Proposal for this input (see New).
func (in Input) Propose(current []byte, exists bool) (*Proposal, error) {
	return New(in.Tool, in.Raw, current, exists)
}

// Proposal is one file edit awaiting a decision.
type Proposal struct {
	Tool  string          // Edit, MultiEdit, Write or NotebookEdit
	Input json.RawMessage // the tool input, unchanged
	Path  string          // the file, as the tool input names it
	// Label names the file in Summary (a workspace-relative path, say);
	// Path is used when it is empty.
	Label    string
	Original []byte // content the proposal was computed against (nil if the file did not exist)
	Proposed []byte // content after the whole proposal
	Existed  bool   // the file existed when the proposal was computed
	Created  bool   // the proposal creates the file
	Hunks    []Hunk
	Added    int // lines added over all hunks
	Removed  int // lines removed over all hunks
}

// ErrStale is returned by Rebase when the file changed in a way the agent's
// edit no longer applies to; the proposal must be denied, never applied over
// the newer text.
var ErrStale = errors.New("proposal is stale")

// New computes the proposal of a tool call against current, the file's
// content now (the editor's buffer if it has the file open, else the disk);
// exists says whether the file exists at all. An edit the agent's tool would
// refuse returns a *Rejection whose Reason is the tool's own message; a
// malformed or unsupported input returns another error. Both mean deny.
func New(tool string, input json.RawMessage, current []byte, exists bool) (*Proposal, error) {
	if !exists {
		current = nil
	}
	path, proposed, err := compute(tool, input, current, exists)
	if err != nil {
		return nil, err
	}
	p := &Proposal{
		Tool:    tool,
		Input:   slices.Clone(input),
		Path:    path,
		Existed: exists,
		Created: !exists,
	}
	p.set(current, proposed)
	return p, nil
}

func (p *Proposal) set(original, proposed []byte) {
	p.Original, p.Proposed = original, proposed
	p.Hunks = computeHunks(original, proposed)
	p.Added, p.Removed = 0, 0
	for _, h := range p.Hunks {
		p.Added += h.NewLines
		p.Removed += h.OrigLines
	}
}

// Rebase recomputes the proposal against current, the file's newer content,
// assuming the file still exists as it did (see RebaseFile).
func (p *Proposal) Rebase(current []byte) error {
	return p.RebaseFile(current, p.Existed || len(current) > 0)
}

// RebaseFile recomputes the proposal after the file changed (on disk or in
// the editor) before the person decided. If the agent's edit still applies,
// the hunks are recomputed against the new content. If it does not, or if the
// proposal would overwrite text the agent never saw (a Write over a file that
// changed), it returns an error wrapping ErrStale with the reason and leaves
// the proposal as it was.
func (p *Proposal) RebaseFile(current []byte, exists bool) error {
	if !exists {
		current = nil
	}
	if exists == p.Existed && bytes.Equal(current, p.Original) {
		return nil
	}
	switch {
	case p.Tool == ToolWrite && exists && !p.Existed:
		return fmt.Errorf("%w: %s was created after the agent proposed to write it; the Write would overwrite it", ErrStale, p.Path)
	case p.Tool == ToolWrite && !exists:
		return fmt.Errorf("%w: %s was deleted after the agent proposed to write it", ErrStale, p.Path)
	case p.Tool == ToolWrite:
		return fmt.Errorf("%w: %s changed after the agent proposed to write it; the Write would overwrite the newer text", ErrStale, p.Path)
	}
	_, proposed, err := compute(p.Tool, p.Input, current, exists)
	if err != nil {
		return fmt.Errorf("%w: %s changed and the edit no longer applies: %v", ErrStale, p.Path, err)
	}
	p.Existed, p.Created = exists, !exists
	p.set(current, proposed)
	return nil
}

// Summary describes the proposal in one line, e.g.
// "Edit src/main.go: 3 hunks, +12 -4".
func (p *Proposal) Summary() string {
	name := p.Label
	if name == "" {
		name = p.Path
	}
	if p.Created {
		name += " (new file)"
	}
	if len(p.Hunks) == 0 {
		return fmt.Sprintf("%s %s: no changes", p.Tool, name)
	}
	noun := "hunks"
	if len(p.Hunks) == 1 {
		noun = "hunk"
	}
	return fmt.Sprintf("%s %s: %d %s, +%d -%d", p.Tool, name, len(p.Hunks), noun, p.Added, p.Removed)
}
