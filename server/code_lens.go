package main

import (
	"context"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/gatehouse/gatehouse/internal/proposal"
)

// CodeLens shows, on a file with pending edits, Accept / Reject / Show diff
// above each hunk and Accept all in file / Reject all in file above the first.
func (s *lspServer) CodeLens(ctx context.Context, params *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	path, err := uriToPath(params.TextDocument.URI)
	if err != nil {
		return nil, nil
	}
	var lenses []protocol.CodeLens
	for _, e := range s.g.PendingEdits(path) {
		for _, l := range e.Proposal.Lenses(false) {
			if l.Hunk >= 0 && !contains(e.Undecided, l.Hunk) {
				continue
			}
			lenses = append(lenses, protocol.CodeLens{
				Range:   lspRange(l.Range),
				Command: lensCommand(l, e.ID, params.TextDocument.URI, len(e.Undecided)),
			})
		}
	}
	return lenses, nil
}

// lensCommand maps a proposal lens to the command it runs.
func lensCommand(l proposal.Lens, id string, u uri.URI, undecided int) protocol.Command {
	args := func(v map[string]any) []protocol.LSPAny { return []protocol.LSPAny{marshalAny(v)} }
	switch l.Action {
	case proposal.AcceptHunk:
		return protocol.Command{Title: l.Title, Command: cmdAcceptHunk, Arguments: args(map[string]any{"id": id, "hunk": l.Hunk})}
	case proposal.RejectHunk:
		return protocol.Command{Title: l.Title, Command: cmdRejectHunk, Arguments: args(map[string]any{"id": id, "hunk": l.Hunk})}
	case proposal.AcceptFile:
		return protocol.Command{Title: proposal.TitleAcceptFile(undecided), Command: cmdAcceptFile, Arguments: args(map[string]any{"id": id})}
	case proposal.RejectFile:
		return protocol.Command{Title: l.Title, Command: cmdRejectFile, Arguments: args(map[string]any{"id": id})}
	case proposal.AcceptAll:
		return protocol.Command{Title: l.Title, Command: cmdAcceptAll}
	case proposal.RejectAll:
		return protocol.Command{Title: l.Title, Command: cmdRejectAll}
	default: // show diff
		return protocol.Command{Title: l.Title, Command: clientCmdShowDiff, Arguments: args(map[string]any{"id": id, "uri": string(u), "hunk": l.Hunk})}
	}
}

func lspRange(r proposal.Range) protocol.Range {
	return protocol.Range{
		Start: protocol.Position{Line: uint32(r.Start.Line), Character: uint32(r.Start.Character)},
		End:   protocol.Position{Line: uint32(r.End.Line), Character: uint32(r.End.Character)},
	}
}

func contains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
