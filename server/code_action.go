package main

import (
	"context"

	"go.lsp.dev/protocol"

	"github.com/gatehouse/gatehouse/internal/proposal"
)

// CodeAction offers the same choices as the code lenses on the hunks that
// intersect the requested range, and the file-level ones anywhere in a file
// with a pending edit.
func (s *lspServer) CodeAction(ctx context.Context, params *protocol.CodeActionParams) ([]protocol.CommandOrCodeAction, error) {
	path, err := uriToPath(params.TextDocument.URI)
	if err != nil {
		return nil, nil
	}
	var actions []protocol.CommandOrCodeAction
	for _, e := range s.g.PendingEdits(path) {
		for _, l := range e.Proposal.Lenses(true) {
			if l.Hunk >= 0 {
				if !contains(e.Undecided, l.Hunk) || !overlaps(lspRange(e.Proposal.Hunks[l.Hunk].Range), params.Range) {
					continue
				}
			}
			cmd := s.lensCommand(l, e.ID, params.TextDocument.URI, len(e.Undecided))
			kind := protocol.CodeActionKind("quickfix")
			if l.Action == proposal.ShowDiff {
				kind = protocol.CodeActionKind("")
			}
			a := &protocol.CodeAction{Title: cmd.Title, Command: cmd}
			if kind != "" {
				a.Kind = &kind
			}
			actions = append(actions, a)
		}
	}
	return actions, nil
}

// overlaps reports whether two ranges share a line (a cursor on a hunk's
// first line offers that hunk's actions).
func overlaps(a, b protocol.Range) bool {
	return !(b.End.Line < a.Start.Line || b.Start.Line > a.End.Line)
}
