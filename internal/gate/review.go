package gate

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/gatehouse/gatehouse/internal/approval"
	"github.com/gatehouse/gatehouse/internal/workspace"
)

// The person's side of a review beyond accept and reject: hunk verdicts to
// show in the editor, their own version of an edit, what the gate answered
// without them, and the rules they approved for sessions.

// HunkState is one hunk of a pending edit as the editor shows it in the
// file itself: where it stands in the file as it is now, the lines it removes
// and adds, and the person's verdict on it so far.
type HunkState struct {
	Index     int      `json:"index"`
	State     string   `json:"state"`     // undecided | accepted | rejected
	OrigStart int      `json:"origStart"` // first line replaced, 0-based, in the file as it is now
	OrigLines int      `json:"origLines"` // lines removed (0: a pure insertion before OrigStart)
	Removed   []string `json:"removed"`
	Added     []string `json:"added"`
}

// maxShownHunkLines bounds the lines of one hunk sent for inline display;
// the diff view shows the rest.
const maxShownHunkLines = 500

// HunkStates lists every hunk of a pending edit with the verdict on it so
// far, so that the editor can show each one in place (and an accepted hunk
// as accepted until the whole edit is decided).
func (g *Gate) HunkStates(id string) ([]HunkState, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	r := g.edits[id]
	if r == nil {
		return nil, fmt.Errorf("no pending edit %q (already decided?)", id)
	}
	out := make([]HunkState, len(r.states))
	for i, s := range r.states {
		h := r.prop.Hunks[i]
		out[i] = HunkState{
			Index: i, State: [...]string{"undecided", "accepted", "rejected"}[s],
			OrigStart: h.OrigStart, OrigLines: h.OrigLines,
			Removed: clip(h.Removed), Added: clip(h.Added),
		}
	}
	return out, nil
}

func clip(lines []string) []string {
	if lines == nil {
		return []string{}
	}
	if len(lines) > maxShownHunkLines {
		return append(lines[:maxShownHunkLines:maxShownHunkLines], fmt.Sprintf("… %d more lines: see the diff view", len(lines)-maxShownHunkLines))
	}
	return lines
}

// maxModified bounds the version a person can send, like the files Gatehouse
// reads to show an edit.
const maxModified = maxEditFile

// AcceptModified answers a pending edit with the person's own version of the
// file: the agent's tool gets an updatedInput that leaves the file holding
// content, and the reason says the person changed it. It is a person's
// decision on the request that is waiting, never a way to write elsewhere:
// the version is for the file the agent named (the arguments carry no path),
// which must be inside the workspace; an edit of a file outside stays
// accept-or-reject as the agent wrote it. A version equal to the agent's
// proposal is a plain accept.
func (g *Gate) AcceptModified(id string, content []byte) error {
	if len(content) > maxModified {
		return fmt.Errorf("your version is larger than %d MiB", maxModified>>20)
	}
	g.mu.Lock()
	r := g.edits[id]
	var project string
	if r != nil {
		project = r.project
	}
	g.mu.Unlock()
	if r == nil {
		return fmt.Errorf("no pending edit %q (already decided?)", id)
	}
	prop := r.prop
	if string(content) == string(prop.Proposed) {
		return g.SetFile(id, true)
	}
	if prop.Existed && string(content) == string(prop.Original) {
		return errors.New("your version is the file as it is now: reject the edit instead")
	}
	roots, err := workspace.NewRoots(project)
	if err != nil {
		return fmt.Errorf("workspace %s: %w", project, err)
	}
	if v := roots.Check(prop.Path, project); !v.Inside || v.Err != nil {
		return fmt.Errorf("%s is outside the workspace %s: accept or reject the agent's edit as it is", prop.Path, project)
	}
	input, err := prop.ModifiedInput(content)
	if err != nil {
		return err
	}
	added, removed := prop.LineChanges(content)
	return g.broker.Decide(id, approval.Decision{
		Behavior: approval.Allow, Scope: approval.ScopeOnce, By: approval.ByPerson, UpdatedInput: input,
		Reason: fmt.Sprintf("the person modified your proposed edit to %s before accepting it (+%d -%d lines from what you proposed); the file now holds their version, so read it again before editing it further",
			filepath.Base(prop.Path), added, removed),
	})
}

// Settled is a request that is no longer waiting, and what its agent was told.
type Settled struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	Tool     string `json:"tool"`
	Summary  string `json:"summary"`
	Command  string `json:"command,omitempty"` // the shell command, for commands
	Path     string `json:"path,omitempty"`    // the file, for edits
	Decision string `json:"decision"`          // what the agent was told: allow | deny | ask
	By       string `json:"by"`                // person | rule | mode | timeout | shutdown
	Reason   string `json:"reason"`            // what the agent was told, in its words
}

// Settled reports how the requests ids ended, for those the gate still
// remembers (unknown and still-pending ids are left out): so that the editor
// can say what happened to a request nobody decided there, one that timed
// out or that a mode switch or a new rule answered.
func (g *Gate) Settled(ids []string) []Settled {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var out []Settled
	hist := g.broker.History(0)
	for i := len(hist) - 1; i >= 0 && len(want) > 0; i-- {
		e := hist[i]
		if !want[e.Request.ID] {
			continue
		}
		delete(want, e.Request.ID)
		s := Settled{ID: e.Request.ID, Kind: string(e.Request.Kind), Tool: e.Request.Tool, Summary: e.Request.Summary,
			Command: e.Request.Command, Path: e.Request.Path, Decision: e.Decision.Behavior, By: e.Decision.By}
		// The agent's answer as wait gives it.
		switch {
		case e.Decision.By == approval.ByTimeout:
			s.Decision, s.Reason = approval.Ask, "Gatehouse: nobody decided in the editor in time; approve here if you want this to run"
		case e.Decision.By == approval.ByShutdown:
			s.Decision, s.Reason = approval.Ask, "Gatehouse: the editor closed before anyone decided; approve here if you want this to run"
		case e.Decision.By == approval.ByRule:
			s.Reason = "Gatehouse: " + e.Decision.Reason
		default:
			s.Reason = e.Decision.Reason
		}
		out = append(out, s)
	}
	return out
}

// SessionRules lists the rules a person approved for an agent session that
// still apply, one row each, for Effective Permissions.
func (g *Gate) SessionRules() []PermissionRow {
	seen := map[string]bool{}
	var rows []PermissionRow
	sessions := map[string]bool{}
	for _, e := range g.broker.History(0) {
		if e.Decision.Scope == approval.ScopeSession && e.Decision.Behavior == approval.Allow && e.Request.Session != "" {
			sessions[e.Request.Session] = true
		}
	}
	for session := range sessions {
		for _, rule := range g.broker.SessionRules(session) {
			key := session + "\x00" + rule
			if seen[key] {
				continue
			}
			seen[key] = true
			rows = append(rows, PermissionRow{Behavior: approval.Allow, Rule: rule, Source: "approved for agent session " + shortID(session), Scope: "session"})
		}
	}
	sortRows(rows)
	return rows
}

func shortID(s string) string {
	if len(s) > 8 {
		return s[:8] + "…"
	}
	return s
}

func sortRows(rows []PermissionRow) {
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Source != rows[j].Source {
			return rows[i].Source < rows[j].Source
		}
		return rows[i].Rule < rows[j].Rule
	})
}
