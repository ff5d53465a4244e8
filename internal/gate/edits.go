package gate

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gatehouse/gatehouse/internal/approval"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/proposal"
	"github.com/gatehouse/gatehouse/internal/workspace"
)

func newID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// hunkState is the person's verdict on one hunk so far.
type hunkState int

const (
	undecided hunkState = iota
	accepted
	rejected
)

// editReview is a pending edit being reviewed hunk by hunk. The agent's
// call is answered once every hunk has a verdict.
type editReview struct {
	prop    *proposal.Proposal
	project string
	states  []hunkState
}

func newEditReview(p *proposal.Proposal, project string) *editReview {
	return &editReview{prop: p, project: project, states: make([]hunkState, len(p.Hunks))}
}

// reviewedEdit is an edit that was allowed without a person (accept-edits
// mode or a rule): it stays listed, with its diff, and can be reverted.
type reviewedEdit struct {
	ID       string
	Prop     *proposal.Proposal
	Project  string
	Session  string
	Agent    string // who proposed it
	Accepted time.Time
	Reverted bool
	seq      uint64 // order of acceptance (Accepted may tie)
	size     int    // proposalSize, for the review window
}

// The review window: the edits applied without a person stay reviewable
// (listed, diffable, revertable) while they are among the last
// ReviewWindowEdits and, together, hold at most ReviewWindowBytes. Older ones
// drop out of the list (the audit log still has them): kept forever, 600
// auto-accepted edits of a 100 KiB file held 160 MB, and every state
// notification listed them all.
const (
	ReviewWindowEdits = 50
	ReviewWindowBytes = 32 << 20
)

// reviewSeq orders accepted edits (times may tie).
var reviewSeq atomic.Uint64

func (g *Gate) keepReviewable(c call, d policy.Decision, p *proposal.Proposal) {
	id := newID()
	g.mu.Lock()
	g.reviewed[id] = &reviewedEdit{ID: id, Prop: p, Project: c.project, Session: c.Session, Agent: c.agent, Accepted: time.Now(), seq: reviewSeq.Add(1), size: proposalSize(p)}
	g.trimReviewed()
	g.mu.Unlock()
	g.changed()
}

// trimReviewed drops the oldest reviewable edits beyond the window; reverted
// ones go first, as nothing is left to review in them. g.mu must be held.
func (g *Gate) trimReviewed() {
	total := 0
	for _, r := range g.reviewed {
		total += r.size
	}
	for len(g.reviewed) > ReviewWindowEdits || (total > ReviewWindowBytes && len(g.reviewed) > 1) {
		var oldest *reviewedEdit
		for _, r := range g.reviewed {
			if oldest == nil || (r.Reverted && !oldest.Reverted) || (r.Reverted == oldest.Reverted && r.seq < oldest.seq) {
				oldest = r
			}
		}
		delete(g.reviewed, oldest.ID)
		total -= oldest.size
	}
}

// proposalSize is about the memory a proposal holds: its input, both
// versions of the file and the lines of its hunks.
func proposalSize(p *proposal.Proposal) int {
	n := len(p.Input) + len(p.Original) + len(p.Proposed)
	for _, h := range p.Hunks {
		for _, l := range h.Removed {
			n += len(l)
		}
		for _, l := range h.Added {
			n += len(l)
		}
	}
	return n
}

// EditView is what the editor shows of one edit: its file, hunks and state.
type EditView struct {
	ID         string
	Path       string
	Summary    string
	Proposal   *proposal.Proposal
	Undecided  []int // hunks still waiting for a verdict
	Reviewable bool  // already applied (accept-edits), can be reverted
	// Of a reviewable edit: when it was applied and which agent proposed it.
	Accepted time.Time
	Agent    string
}

// PendingEdits lists the edits waiting for review on path ("" = every file).
func (g *Gate) PendingEdits(path string) []EditView {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []EditView
	for id, r := range g.edits {
		if path != "" && r.prop.Path != path {
			continue
		}
		v := EditView{ID: id, Path: r.prop.Path, Summary: r.prop.Summary(), Proposal: r.prop}
		for i, s := range r.states {
			if s == undecided {
				v.Undecided = append(v.Undecided, i)
			}
		}
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Reviewable lists the edits applied without a person, newest first.
func (g *Gate) Reviewable() []EditView {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []EditView
	for _, r := range g.reviewed {
		if r.Reverted {
			continue
		}
		out = append(out, EditView{ID: r.ID, Path: r.Prop.Path, Summary: r.Prop.Summary(), Proposal: r.Prop, Reviewable: true, Accepted: r.Accepted, Agent: r.Agent})
	}
	sort.Slice(out, func(i, j int) bool {
		return g.reviewed[out[i].ID].seq > g.reviewed[out[j].ID].seq
	})
	return out
}

// Proposal returns the proposal of a pending or reviewable edit.
func (g *Gate) Proposal(id string) (*proposal.Proposal, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if r := g.edits[id]; r != nil {
		return r.prop, true
	}
	if r := g.reviewed[id]; r != nil {
		return r.Prop, true
	}
	return nil, false
}

// SetHunk records a verdict on one hunk of a pending edit; once every hunk
// has one, the agent is answered.
func (g *Gate) SetHunk(id string, hunk int, accept bool) error {
	g.mu.Lock()
	r := g.edits[id]
	if r == nil {
		g.mu.Unlock()
		return fmt.Errorf("no pending edit %q (already decided?)", id)
	}
	if hunk < 0 || hunk >= len(r.states) {
		g.mu.Unlock()
		return fmt.Errorf("edit %s has no hunk %d", id, hunk)
	}
	r.states[hunk] = hunkVerdict(accept)
	g.mu.Unlock()
	return g.settleEdit(id)
}

// SetFile gives every undecided hunk of a pending edit the same verdict.
func (g *Gate) SetFile(id string, accept bool) error {
	g.mu.Lock()
	r := g.edits[id]
	if r == nil {
		g.mu.Unlock()
		return fmt.Errorf("no pending edit %q (already decided?)", id)
	}
	for i, s := range r.states {
		if s == undecided {
			r.states[i] = hunkVerdict(accept)
		}
	}
	g.mu.Unlock()
	return g.settleEdit(id)
}

// SetAllEdits accepts or rejects every pending edit.
func (g *Gate) SetAllEdits(accept bool) error {
	var errs []error
	for _, e := range g.PendingEdits("") {
		if err := g.SetFile(e.ID, accept); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func hunkVerdict(accept bool) hunkState {
	if accept {
		return accepted
	}
	return rejected
}

// settleEdit answers the agent when every hunk has a verdict: all accepted
// is the agent's own input, none is a deny naming what was rejected, and a
// mix is an allow whose updatedInput writes exactly the accepted content.
func (g *Gate) settleEdit(id string) error {
	g.mu.Lock()
	r := g.edits[id]
	if r == nil {
		g.mu.Unlock()
		return nil
	}
	acc := make([]bool, len(r.states))
	var rejectedHunks []string
	for i, s := range r.states {
		if s == undecided {
			g.mu.Unlock()
			g.changed()
			return nil
		}
		acc[i] = s == accepted
		if !acc[i] {
			rejectedHunks = append(rejectedHunks, hunkLabel(r.prop, i))
		}
	}
	prop := r.prop
	g.mu.Unlock()

	if len(rejectedHunks) == len(acc) && len(acc) > 0 {
		return g.broker.Decide(id, approval.Decision{
			Behavior: approval.Deny, Scope: approval.ScopeOnce, By: approval.ByPerson,
			Reason: "the person rejected every change to " + filepath.Base(prop.Path) + " (" + strings.Join(rejectedHunks, ", ") + ")",
		})
	}
	d := approval.Decision{Behavior: approval.Allow, Scope: approval.ScopeOnce, By: approval.ByPerson}
	if len(rejectedHunks) > 0 {
		_, input, err := prop.UpdatedInput(acc)
		if err != nil {
			// The mix cannot be expressed to the agent: refuse rather than
			// let the whole edit through.
			return g.broker.Decide(id, approval.Decision{
				Behavior: approval.Deny, Scope: approval.ScopeOnce, By: approval.ByPerson,
				Reason: "the person accepted only part of the edit to " + filepath.Base(prop.Path) + " (rejected " + strings.Join(rejectedHunks, ", ") + "); " + err.Error(),
			})
		}
		d.UpdatedInput = input
		var acceptedHunks []string
		for i, a := range acc {
			if a {
				acceptedHunks = append(acceptedHunks, hunkLabel(prop, i))
			}
		}
		d.Reason = "the person accepted only part of the edit to " + filepath.Base(prop.Path) +
			": accepted " + strings.Join(acceptedHunks, ", ") + "; rejected " + strings.Join(rejectedHunks, ", ")
	}
	return g.broker.Decide(id, d)
}

func hunkLabel(p *proposal.Proposal, i int) string {
	h := p.Hunks[i]
	return fmt.Sprintf("hunk %d at line %d", i+1, h.OrigStart+1)
}

// FileChanged tells the gate that path now holds content (the editor's
// buffer changed, or the file changed on disk). Pending edits of that file
// are recomputed against it; an edit whose old text is gone is answered
// deny, never applied over the newer text.
func (g *Gate) FileChanged(path string, content []byte, exists bool) {
	path = filepath.Clean(path)
	g.mu.Lock()
	var stale []string
	changed := false
	for id, r := range g.edits {
		if r.prop.Path != path {
			continue
		}
		// Rebase a copy and swap it in: readers (code lenses, the diff
		// view) may hold the old proposal, which must not change under them.
		next := *r.prop
		if err := next.RebaseFile(content, exists); err != nil {
			stale = append(stale, id)
			continue
		}
		if string(next.Original) == string(r.prop.Original) && next.Existed == r.prop.Existed {
			continue
		}
		r.prop = &next
		r.states = make([]hunkState, len(next.Hunks))
		changed = true
	}
	g.mu.Unlock()
	for _, id := range stale {
		g.broker.Decide(id, approval.Decision{
			Behavior: approval.Deny, Scope: approval.ScopeOnce, By: approval.ByRule,
			Reason: "the file " + filepath.Base(path) + " changed since the edit was proposed and the text it replaces is gone; read the file again and retry",
		})
	}
	if changed {
		g.changed()
	}
}

// RevertPlan is what reverting an auto-accepted edit writes.
type RevertPlan struct {
	ID       string
	Path     string
	Original []byte
	Existed  bool
	Project  string
}

// PlanRevert checks that an auto-accepted edit can be reverted: the file
// must still hold exactly what the edit wrote, so that a revert never
// destroys later work.
func (g *Gate) PlanRevert(id string, current []byte, exists bool) (RevertPlan, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	r := g.reviewed[id]
	if r == nil || r.Reverted {
		return RevertPlan{}, fmt.Errorf("no reviewable edit %q", id)
	}
	if !exists || string(current) != string(r.Prop.Proposed) {
		return RevertPlan{}, fmt.Errorf("%s changed after the edit was applied; revert it by hand", r.Prop.Path)
	}
	return RevertPlan{ID: id, Path: r.Prop.Path, Original: r.Prop.Original, Existed: r.Prop.Existed, Project: r.Project}, nil
}

// Reverted marks an auto-accepted edit as undone.
func (g *Gate) Reverted(id string) {
	g.mu.Lock()
	if r := g.reviewed[id]; r != nil {
		r.Reverted = true
	}
	g.mu.Unlock()
	g.changed()
}

// RevertOnDisk restores the content an auto-accepted edit replaced, through
// os.Root on the workspace root so that no symlink can redirect the write.
// The server uses it when the file is not open in the editor.
func (g *Gate) RevertOnDisk(id string) error {
	g.mu.Lock()
	r := g.reviewed[id]
	g.mu.Unlock()
	if r == nil {
		return fmt.Errorf("no reviewable edit %q", id)
	}
	current, err := os.ReadFile(r.Prop.Path)
	exists := err == nil
	plan, err := g.PlanRevert(id, current, exists)
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(plan.Project, plan.Path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("%s is outside the workspace %s; Gatehouse does not write there", plan.Path, plan.Project)
	}
	root, err := os.OpenRoot(plan.Project)
	if err != nil {
		return fmt.Errorf("open workspace %s: %w", plan.Project, err)
	}
	defer root.Close()
	if !plan.Existed {
		if err := root.Remove(rel); err != nil {
			return fmt.Errorf("revert %s: %w", plan.Path, err)
		}
	} else if err := workspace.WriteFileAtomic(root, filepath.ToSlash(rel), plan.Original, 0); err != nil {
		return fmt.Errorf("revert %s: %w", plan.Path, err)
	}
	g.Reverted(id)
	return nil
}
