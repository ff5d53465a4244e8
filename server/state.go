package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/gatehouse/gatehouse/internal/action"
	"github.com/gatehouse/gatehouse/internal/approval"
	"github.com/gatehouse/gatehouse/internal/audit"
	"github.com/gatehouse/gatehouse/internal/proposal"
)

// pendingView is one waiting request as the editor lists it.
type pendingView struct {
	approval.Request
	URI   string `json:"uri,omitempty"`
	Hunks int    `json:"hunks,omitempty"`
	// Ranges are the lines each undecided hunk replaces in the file as it
	// is now (0-based, end exclusive; empty for a pure insertion), for the
	// editor to colour.
	Ranges []lineRange `json:"ranges,omitempty"`
}

type lineRange struct {
	StartLine int `json:"startLine"`
	EndLine   int `json:"endLine"`
}

// reviewableView is an edit applied without a person, still reviewable.
type reviewableView struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Path    string `json:"path"`
	URI     string `json:"uri"`
	Summary string `json:"summary"`
	Status  string `json:"status"`
	// Accepted is when the edit was applied (RFC 3339, UTC); Agent who
	// proposed it.
	Accepted string `json:"accepted"`
	Agent    string `json:"agent,omitempty"`
}

type stateView struct {
	Mode       string           `json:"mode"`
	Pending    []pendingView    `json:"pending"`
	Reviewable []reviewableView `json:"reviewable"`
	// SocketProblem is why agents cannot connect now; absent when they can.
	SocketProblem string `json:"socketProblem,omitempty"`
}

func (s *lspServer) pendingViews() []pendingView {
	reqs := s.g.Pending()
	out := make([]pendingView, 0, len(reqs))
	for _, r := range reqs {
		v := pendingView{Request: r}
		if r.Path != "" {
			v.URI = string(pathToURI(r.Path))
		}
		if p, ok := r.Attachment.(*proposal.Proposal); ok {
			v.Hunks = len(p.Hunks)
		}
		if r.Kind == action.Edit {
			for _, e := range s.g.PendingEdits(r.Path) {
				if e.ID != r.ID {
					continue
				}
				// The review's proposal, not the attachment: it follows
				// the file when it changes before a decision.
				v.Hunks = len(e.Proposal.Hunks)
				for _, i := range e.Undecided {
					h := e.Proposal.Hunks[i]
					v.Ranges = append(v.Ranges, lineRange{StartLine: h.OrigStart, EndLine: h.OrigStart + h.OrigLines})
				}
			}
		}
		out = append(out, v)
	}
	return out
}

func (s *lspServer) state() stateView {
	mode := s.g.Mode()
	if mode == "" {
		mode = "default"
	}
	st := stateView{Mode: mode, Pending: s.pendingViews(), Reviewable: []reviewableView{}}
	s.mu.Lock()
	st.SocketProblem = s.socketProblem
	s.mu.Unlock()
	for _, e := range s.g.Reviewable() {
		st.Reviewable = append(st.Reviewable, reviewableView{ID: e.ID, Kind: "edit", Path: e.Path, URI: string(pathToURI(e.Path)), Summary: e.Summary, Status: "accepted, reviewable",
			Accepted: e.Accepted.UTC().Format(time.RFC3339), Agent: e.Agent})
	}
	return st
}

// stateChanged asks the notifier to tell the client. Changes coalesce: a
// burst of 500 requests is a handful of notifications, not 500.
func (s *lspServer) stateChanged() {
	select {
	case s.dirty <- struct{}{}:
	default:
	}
}

// notifyLoop sends gatehouse/didChangeState, refreshes code lenses and
// republishes the pending-hunk diagnostics whenever the state changed.
func (s *lspServer) notifyLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.dirty:
		}
		if err := s.conn.Notify(ctx, notifyDidChangeState, s.state()); err != nil {
			s.log.Debug("notify state", "err", err)
		}
		s.publishHunkDiagnostics(ctx)
		if s.clientCaps.codeLensRefresh {
			rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			if err := s.client.CodeLensRefresh(rctx); err != nil {
				s.log.Debug("code lens refresh", "err", err)
			}
			cancel()
		}
		// Let a burst settle before the next round.
		time.Sleep(20 * time.Millisecond)
	}
}

// publishHunkDiagnostics puts an information diagnostic on every pending
// hunk, so the Problems panel lists what waits for review.
func (s *lspServer) publishHunkDiagnostics(ctx context.Context) {
	byPath := map[string][]protocol.Diagnostic{}
	for _, e := range s.g.PendingEdits("") {
		for _, i := range e.Undecided {
			h := e.Proposal.Hunks[i]
			byPath[e.Path] = append(byPath[e.Path], protocol.Diagnostic{
				Range:    lspRange(h.Range),
				Severity: protocol.DiagnosticSeverityInformation,
				Source:   protocol.NewOptional("gatehouse"),
				Message:  protocol.String(fmt.Sprintf("Agent edit waiting for review: +%d -%d lines (Accept or Reject above)", h.NewLines, h.OrigLines)),
			})
		}
	}
	s.mu.Lock()
	prev := s.published
	s.published = map[string]bool{}
	for p := range byPath {
		s.published[p] = true
	}
	problems := s.settingsProblems
	s.mu.Unlock()
	for p := range prev {
		if _, still := byPath[p]; !still {
			byPath[p] = nil
		}
	}
	for p, diags := range byPath {
		// A settings file may carry both kinds.
		diags = append(diags, problems[p]...)
		if diags == nil {
			diags = []protocol.Diagnostic{}
		}
		s.client.PublishDiagnostics(ctx, &protocol.PublishDiagnosticsParams{URI: pathToURI(p), Diagnostics: diags})
	}
}

// proposedContent serves the diff view: the file as it is and as the edit
// would leave it.
func (s *lspServer) proposedContent(id string) (any, error) {
	p, ok := s.g.Proposal(id)
	if !ok {
		return nil, fmt.Errorf("no pending or reviewable edit %q", id)
	}
	return map[string]string{
		"path":     p.Path,
		"uri":      string(pathToURI(p.Path)),
		"original": string(p.Original),
		"proposed": string(p.Proposed),
	}, nil
}

// revert undoes an auto-accepted edit: through the editor when the file is
// open (so undo works), else through os.Root on disk.
func (s *lspServer) revert(ctx context.Context, id string) error {
	p, ok := s.g.Proposal(id)
	if !ok {
		return fmt.Errorf("no reviewable edit %q", id)
	}
	buf, open := s.docs.Content(p.Path)
	if !open {
		return s.g.RevertOnDisk(id)
	}
	plan, err := s.g.PlanRevert(id, buf, true)
	if err != nil {
		return err
	}
	end := proposal.ToUTF16(buf, len(buf))
	u := pathToURI(plan.Path)
	label := "Revert agent edit"
	res, err := s.client.ApplyEdit(ctx, &protocol.ApplyWorkspaceEditParams{
		Label: &label,
		Edit: protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{
			u: {{Range: protocol.Range{End: protocol.Position{Line: uint32(end.Line), Character: uint32(end.Character)}}, NewText: string(plan.Original)}},
		}},
	})
	if err != nil {
		return fmt.Errorf("revert %s in the editor: %w", plan.Path, err)
	}
	if !res.Applied {
		return fmt.Errorf("the editor refused to revert %s", plan.Path)
	}
	s.g.Reverted(id)
	return nil
}

// auditTail returns the last entries of the first root's audit log.
func (s *lspServer) auditTail(limit int) (any, error) {
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	roots := s.g.Roots()
	if len(roots) == 0 {
		return []json.RawMessage{}, nil
	}
	path, err := audit.PathFor(roots[0])
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := audit.Print(&buf, path, audit.PrintOptions{JSON: true, Last: limit}); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return []json.RawMessage{}, nil
		}
		return nil, err
	}
	out := []json.RawMessage{}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 && json.Valid(line) {
			out = append(out, json.RawMessage(append([]byte(nil), line...)))
		}
	}
	return out, nil
}
