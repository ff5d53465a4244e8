package proposal

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/aymanbagabas/go-udiff"
)

// Titles of the editor's code lenses and code actions, used verbatim by the
// server. Accept and reject titles begin with "Accept" / "Reject" (contract
// 5 of the design): editor tests find them by that prefix.
const (
	TitleAccept        = "Accept"
	TitleReject        = "Reject"
	TitleShowDiff      = "Show diff"
	TitleRejectFile    = "Reject all in file"
	TitleAcceptAllEdit = "Accept all edits"
	TitleRejectAllEdit = "Reject all edits"
)

// TitleAcceptFile is the per-file accept title, with the number of hunks it
// accepts: "Accept all in file (3)".
func TitleAcceptFile(hunks int) string {
	return fmt.Sprintf("Accept all in file (%d)", hunks)
}

// LensAction is what running a lens does.
type LensAction int

// Lens actions. Per hunk: AcceptHunk, RejectHunk, ShowDiff; per file:
// AcceptFile, RejectFile; over every pending edit: AcceptAll, RejectAll.
const (
	AcceptHunk LensAction = iota
	RejectHunk
	ShowDiff
	AcceptFile
	RejectFile
	AcceptAll
	RejectAll
)

// Lens is one code lens (or code action) to show on the file under review.
type Lens struct {
	Range  Range // in the original text
	Title  string
	Action LensAction
	Hunk   int // the hunk's index for per-hunk actions, -1 otherwise
}

// Lenses lists the lenses for this proposal: the file-level ones on the first
// line, then Accept / Reject / Show diff at the start of each hunk. With
// global set, "Accept all edits" / "Reject all edits" (which act on every
// pending edit, not only this file) join the file-level ones.
func (p *Proposal) Lenses(global bool) []Lens {
	top := Range{}
	lenses := make([]Lens, 0, 4+3*len(p.Hunks))
	if len(p.Hunks) > 0 {
		lenses = append(lenses,
			Lens{Range: top, Title: TitleAcceptFile(len(p.Hunks)), Action: AcceptFile, Hunk: -1},
			Lens{Range: top, Title: TitleRejectFile, Action: RejectFile, Hunk: -1})
	}
	if global {
		lenses = append(lenses,
			Lens{Range: top, Title: TitleAcceptAllEdit, Action: AcceptAll, Hunk: -1},
			Lens{Range: top, Title: TitleRejectAllEdit, Action: RejectAll, Hunk: -1})
	}
	for _, h := range p.Hunks {
		at := Range{Start: h.Range.Start, End: h.Range.Start}
		lenses = append(lenses,
			Lens{Range: at, Title: TitleAccept, Action: AcceptHunk, Hunk: h.Index},
			Lens{Range: at, Title: TitleReject, Action: RejectHunk, Hunk: h.Index},
			Lens{Range: at, Title: TitleShowDiff, Action: ShowDiff, Hunk: h.Index})
	}
	return lenses
}

// UnifiedDiff is the proposal as a unified diff: what the Show diff lens
// shows in editors that have no diff view of their own to open.
func (p *Proposal) UnifiedDiff() string {
	name := p.Label
	if name == "" {
		name = p.Path
	}
	name = strings.TrimPrefix(filepath.ToSlash(name), "/")
	return udiff.Unified("a/"+name, "b/"+name, string(p.Original), string(p.Proposed))
}
