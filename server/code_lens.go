package main

import (
	"context"
	"fmt"

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
				Command: s.lensCommand(l, e.ID, params.TextDocument.URI, len(e.Undecided)),
			})
		}
	}
	return lenses, nil
}

// lensCommand maps a proposal lens to the command it runs.
func (s *lspServer) lensCommand(l proposal.Lens, id string, u uri.URI, undecided int) protocol.Command {
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
		if !s.clientCaps.vscodeDiff {
			// gatehouse.showDiff exists only where the extension
			// registered it; any other editor would get an error.
			return protocol.Command{Title: l.Title, Command: cmdShowDiffText, Arguments: args(map[string]any{"id": id})}
		}
		return protocol.Command{Title: l.Title, Command: clientCmdShowDiff, Arguments: args(map[string]any{"id": id, "uri": string(u), "hunk": l.Hunk})}
	}
}

// showDiffText shows an edit as a unified diff in a plain LSP editor's
// message area, and returns it.
func (s *lspServer) showDiffText(ctx context.Context, id string) (any, error) {
	p, ok := s.g.Proposal(id)
	if !ok {
		return nil, fmt.Errorf("no pending or reviewable edit %q", id)
	}
	diff := p.UnifiedDiff()
	shown := diff
	if len(shown) > maxShownDiff {
		shown = shown[:maxShownDiff] + "\n… (the diff goes on; it is " + fmt.Sprint(len(diff)) + " bytes)"
	}
	if err := s.client.ShowMessage(ctx, &protocol.ShowMessageParams{Type: protocol.MessageTypeInfo, Message: shown}); err != nil {
		return nil, fmt.Errorf("show the diff: %w", err)
	}
	return map[string]string{"diff": diff}, nil
}

// maxShownDiff bounds the diff put in a message: editors show messages in
// a status line or a popup, not a buffer.
const maxShownDiff = 16 << 10

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
