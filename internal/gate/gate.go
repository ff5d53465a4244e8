// Package gate is the approval flow of a running server: every agent request
// is decided by policy, and what policy asks about waits as a pending request
// (with Gatehouse's own explanation, or the edit as hunks) until a person
// decides in the editor, the agent gives up, or the server stops. It records
// every decision in the audit log.
//
// It knows nothing of LSP: the server's handlers call it and render its
// state; agents reach it through their adapters (internal/agentsock for the
// socket), which translate each agent's payload into a Request.
package gate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gatehouse/gatehouse/internal/action"
	"github.com/gatehouse/gatehouse/internal/approval"
	"github.com/gatehouse/gatehouse/internal/audit"
	"github.com/gatehouse/gatehouse/internal/explain"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/proposal"
	"github.com/gatehouse/gatehouse/internal/sandbox/wrap"
	"github.com/gatehouse/gatehouse/internal/settings"
	"github.com/gatehouse/gatehouse/internal/verdict"
)

// Modes the person can set from the editor.
var Modes = []string{policy.ModeDefault, policy.ModeAcceptEdits, policy.ModePlan, policy.ModeDontAsk}

// Documents gives the content of files open in the editor, which wins over
// the disk: the person may have unsaved changes the agent's edit must apply to.
type Documents interface {
	Content(path string) ([]byte, bool)
}

// Options configure a Gate.
type Options struct {
	Roots       []string // workspace folders, first is the primary
	Home        string
	ManagedDirs []string // nil: the platform's managed-settings directories
	Trusted     bool     // the editor trusts the workspace
	Documents   Documents
	Log         *slog.Logger
	// NoAudit disables the audit log and the trust record for the offline
	// hook (tests that do not look at the state directory).
	NoAudit bool
	// Version is reported by Status.
	Version string
}

// Gate is the server's decision and approval state.
type Gate struct {
	opt    Options
	log    *slog.Logger
	broker *approval.Broker

	mu       sync.Mutex
	roots    []string
	trusted  bool
	mode     string                  // "" = follow the agent's permission_mode
	policies map[string]*policyState // by project dir
	// generation counts the changes that make compiled policies stale
	// (settings reloaded, trust or roots changed); a policy built during
	// a change is never stored (see policy).
	generation uint64
	edits      map[string]*editReview   // pending edit reviews by request ID
	reviewed   map[string]*reviewedEdit // auto-accepted edits, reviewable, by ID
	calls      map[string]call          // each pending request as the agent sent it, by ID
	audits     map[string]*audit.Log    // by workspace root
	// auditDown is, by workspace root, why the last write to its audit
	// log failed (cleared by the next that succeeds): a person approving
	// a pending request is told the approval will be asked again.
	auditDown map[string]string

	disk *diskWatch

	subMu sync.Mutex
	subs  map[int]func()
	next  int
}

type policyState struct {
	pol      *policy.Policy
	lastGood *settings.Set
}

// New creates a Gate. Close it to answer every waiting request.
func New(opt Options) *Gate {
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	g := &Gate{
		opt:       opt,
		log:       log,
		roots:     cleanRoots(opt.Roots),
		trusted:   opt.Trusted,
		policies:  map[string]*policyState{},
		edits:     map[string]*editReview{},
		reviewed:  map[string]*reviewedEdit{},
		calls:     map[string]call{},
		audits:    map[string]*audit.Log{},
		auditDown: map[string]string{},
		subs:      map[int]func(){},
	}
	g.broker = approval.New(approval.Options{
		// The gate persists "always" rules into the request's own project
		// before it tells the broker, so the broker has nothing left to do.
		Always: func(string) error { return nil },
		Log:    log,
	})
	g.broker.Subscribe(g.changed)
	g.startDiskWatch()
	g.recordTrust()
	return g
}

func cleanRoots(roots []string) []string {
	out := make([]string, 0, len(roots))
	for _, r := range roots {
		if r != "" && filepath.IsAbs(r) {
			out = append(out, filepath.Clean(r))
		}
	}
	return out
}

// Close answers every waiting request with "not allowed".
func (g *Gate) Close() {
	g.broker.Close()
	g.disk.close()
}

// Subscribe calls fn after every change to the pending set, the reviewable
// edits or the mode. fn must not block.
func (g *Gate) Subscribe(fn func()) (cancel func()) {
	g.subMu.Lock()
	defer g.subMu.Unlock()
	id := g.next
	g.next++
	g.subs[id] = fn
	return func() {
		g.subMu.Lock()
		delete(g.subs, id)
		g.subMu.Unlock()
	}
}

func (g *Gate) changed() {
	g.subMu.Lock()
	fns := make([]func(), 0, len(g.subs))
	for _, fn := range g.subs {
		fns = append(fns, fn)
	}
	g.subMu.Unlock()
	for _, fn := range fns {
		fn()
	}
}

// SetRoots replaces the workspace folders (the editor added or removed one).
func (g *Gate) SetRoots(roots []string) {
	g.mu.Lock()
	g.roots = cleanRoots(roots)
	g.policies = map[string]*policyState{}
	g.generation++
	g.mu.Unlock()
	g.recordTrust()
	g.changed()
}

// Roots returns the workspace folders.
func (g *Gate) Roots() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.roots...)
}

// SetTrusted records whether the editor trusts the workspace; allow rules
// from the workspace's own settings count only when it does.
func (g *Gate) SetTrusted(trusted bool) {
	g.mu.Lock()
	g.trusted = trusted
	g.policies = map[string]*policyState{}
	g.generation++
	g.mu.Unlock()
	g.recordTrust()
	g.recheckPending()
	g.changed()
}

// ReloadPolicy drops the compiled policies; the next decision reads the
// settings files again. The watcher calls it on every change.
func (g *Gate) ReloadPolicy() {
	g.mu.Lock()
	for dir, st := range g.policies {
		// Keep the last good settings so a file broken mid-edit still
		// contributes the deny rules it had.
		g.policies[dir] = &policyState{lastGood: st.lastGood}
	}
	g.generation++
	g.mu.Unlock()
	g.recheckPending()
	g.changed()
}

// Mode is the mode the person set ("" when following the agent's own).
func (g *Gate) Mode() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.mode
}

// SetMode sets the mode for every later decision. bypassPermissions is not a
// mode the editor can set: it would turn the gate off.
func (g *Gate) SetMode(mode string) error {
	ok := false
	for _, m := range Modes {
		ok = ok || m == mode
	}
	if !ok {
		return fmt.Errorf("unknown mode %q: use one of %s", mode, strings.Join(Modes, ", "))
	}
	g.mu.Lock()
	g.mode = mode
	g.mu.Unlock()
	g.recheckPending()
	g.changed()
	return nil
}

// effectiveMode combines the person's mode with the agent's: the person's
// choice wins, except that an agent in plan mode stays in plan mode (it is
// the stricter of the two).
func (g *Gate) effectiveMode(agentMode string) string {
	g.mu.Lock()
	mode := g.mode
	g.mu.Unlock()
	if agentMode == policy.ModePlan || mode == "" {
		return agentMode
	}
	return mode
}

// projectFor is the project whose settings and boundary decide a request:
// the agent's own project directory, exactly as the offline hook would use
// it, so that a decision never depends on whether the editor is open. (An
// agent started in a subfolder of the editor's workspace reads that
// subfolder's .claude/ settings, and so does Gatehouse.)
func (g *Gate) projectFor(dir string) string {
	return filepath.Clean(dir)
}

// openPolicy builds a policy from the settings files (a variable so that a
// test can hold a build while the settings change under it).
var openPolicy = policy.Open

// maxPolicyBuilds bounds how often one decision rebuilds a policy while
// the settings keep changing under it; past it the decision asks.
const maxPolicyBuilds = 5

func (g *Gate) policy(project string) (*policy.Policy, error) {
	for range maxPolicyBuilds {
		g.mu.Lock()
		st := g.policies[project]
		trusted := g.trusted
		gen := g.generation
		watched := false
		for _, r := range g.roots {
			watched = watched || r == project
		}
		g.mu.Unlock()
		// Only the workspace roots' settings are watched; any other project
		// (an agent started in a subfolder or elsewhere) is read afresh for
		// every decision so that an edit to its settings is never missed.
		if watched && st != nil && st.pol != nil {
			return st.pol, nil
		}
		var lastGood *settings.Set
		if st != nil {
			lastGood = st.lastGood
		}
		pol, err := openPolicy(g.locations(project), trusted, lastGood)
		if err != nil {
			return nil, err
		}
		good := lastGood
		if len(pol.Settings.Broken) == 0 {
			good = pol.Settings
		}
		g.mu.Lock()
		// A build that started before a reload may have read the old
		// settings (a large file takes a while): storing it would keep a
		// stale policy in force until the next change, and using it would
		// decide by rules that no longer exist. Build again instead.
		fresh := g.generation == gen
		if fresh {
			g.policies[project] = &policyState{pol: pol, lastGood: good}
		}
		g.mu.Unlock()
		if fresh {
			return pol, nil
		}
	}
	return nil, fmt.Errorf("the settings changed %d times while they were being read; try again once they are saved", maxPolicyBuilds)
}

func (g *Gate) locations(project string) settings.Locations {
	loc := settings.DefaultLocations(project)
	loc.Home = g.opt.Home
	if g.opt.ManagedDirs != nil {
		loc.ManagedDirs = g.opt.ManagedDirs
	}
	return loc
}

// Policy returns the compiled policy of a workspace root (for display).
func (g *Gate) Policy(project string) (*policy.Policy, error) {
	return g.policy(filepath.Clean(project))
}

// Submit decides one agent-neutral request, waiting for the person when
// policy asks. An invalid request (no absolute project or working
// directory) is denied: paths in the tool input are resolved against them,
// and a relative one would make confinement depend on the server's own.
func (g *Gate) Submit(ctx context.Context, r Request) Answer {
	if r.Project == "" || !filepath.IsAbs(r.Project) {
		return Answer{Decision: verdict.Deny, Reason: "Gatehouse: no absolute project directory in the request"}
	}
	if r.Cwd == "" {
		r.Cwd = r.Project
	}
	if !filepath.IsAbs(r.Cwd) {
		return Answer{Decision: verdict.Deny, Reason: fmt.Sprintf("Gatehouse: hook input: cwd %q is not an absolute path", r.Cwd)}
	}
	if r.Agent == "" {
		r.Agent = "claude-code"
	}
	r.Project = g.projectFor(r.Project)
	r.Cwd = filepath.Clean(r.Cwd)
	return g.decide(ctx, call{Request: r, project: r.Project, cwd: r.Cwd, agent: r.Agent, askReason: r.AskReason})
}

// call is one agent request being decided.
type call struct {
	Request
	project string
	cwd     string
	agent   string
	// askReason turns an allow into an ask (see Request.AskReason).
	askReason string
}

func (g *Gate) decide(ctx context.Context, c call) Answer {
	d, err := g.policyDecision(c)
	if err != nil {
		a := Answer{Decision: verdict.Ask, Reason: "Gatehouse: cannot load the policy: " + err.Error()}
		g.record(c, d, nil, a, approval.ByRule, "")
		return a
	}

	var prop *proposal.Proposal
	if d.Kind == action.Edit && d.Behavior != policy.Deny {
		prop, err = g.propose(c)
		if err != nil {
			// Claude Code's own tool would fail the same way: tell the agent
			// at once so it can retry, instead of asking a person.
			a := Answer{Decision: verdict.Deny, Reason: "Gatehouse: " + err.Error()}
			g.record(c, d, nil, a, approval.ByRule, "")
			return a
		}
	}

	switch d.Behavior {
	case policy.Allow:
		a := answerFor(d)
		// No allow without its record: the entry is written before the
		// answer is given, and if it cannot be, the person decides.
		if err := g.record(c, d, nil, a, d.DecidedBy(), ruleText(d)); err != nil {
			d = askInstead(d, unrecordedReason("the policy allows this", err), g.effectiveMode(c.Mode))
			if d.Behavior == policy.Deny {
				a = answerFor(d)
				g.record(c, d, nil, a, d.DecidedBy(), "")
				return a
			}
			return g.wait(ctx, c, d, prop)
		}
		if prop != nil {
			g.keepReviewable(c, d, prop)
		}
		return a
	case policy.Deny:
		a := answerFor(d)
		g.record(c, d, nil, a, d.DecidedBy(), ruleText(d))
		return a
	}
	return g.wait(ctx, c, d, prop)
}

// recheckPending decides the waiting requests again after the policy
// changed (settings edited, the workspace trusted): what the new policy
// allows or denies outright is answered at once, so nobody has to click
// for a request a rule now covers. What still asks keeps waiting.
func (g *Gate) recheckPending() {
	g.mu.Lock()
	calls := make(map[string]call, len(g.calls))
	for id, c := range g.calls {
		calls[id] = c
	}
	g.mu.Unlock()
	for id, c := range calls {
		d, err := g.policyDecision(c)
		if err != nil || (d.Behavior != policy.Allow && d.Behavior != policy.Deny) {
			continue
		}
		g.broker.Decide(id, approval.Decision{
			Behavior: string(d.Behavior),
			Scope:    approval.ScopeOnce,
			By:       approval.ByRule,
			Rule:     ruleText(d),
			Reason:   "the mode or the settings changed while it waited: " + d.Reason,
		})
	}
}

func ruleText(d policy.Decision) string {
	if d.Rule == nil {
		return ""
	}
	return d.Rule.Text
}

// policyDecision decides a call by the project's policy plus the rules the
// person approved for its session.
func (g *Gate) policyDecision(c call) (policy.Decision, error) {
	pol, err := g.policy(c.project)
	if err != nil {
		return policy.Decision{}, err
	}
	var extra []policy.Rule
	for _, text := range g.broker.SessionRules(c.Session) {
		if r, err := policy.ParseRule(text); err == nil {
			r.Behavior = policy.Allow
			extra = append(extra, r)
		}
	}
	req := policy.Request{
		Tool:      c.Tool,
		Input:     c.Input,
		Cwd:       c.cwd,
		SessionID: c.Session,
		Mode:      g.effectiveMode(c.Mode),
	}
	d := pol.DecideWith(req, extra)
	if c.Sandboxed {
		// The caller runs an allow of this call under gatehouse sandbox:
		// the same rule as the offline hook's (internal/sandbox/wrap).
		d, _ = wrap.AutoAllow(pol, req, d, extra)
	}
	if c.askReason != "" && d.Behavior == policy.Allow {
		d = askInstead(d, c.askReason, g.effectiveMode(c.Mode))
	}
	return d, nil
}

// askInstead turns an allow into the ask the caller required (an MCP tool
// whose description nobody approved yet): a rule written for the tool as it
// was must not approve what it has become. In dontAsk mode nobody is asked,
// so it is denied.
func askInstead(d policy.Decision, reason, mode string) policy.Decision {
	d.Behavior, d.Reason, d.Rule, d.Check = policy.Ask, reason, nil, policy.CheckNoRule
	if mode == policy.ModeDontAsk {
		d.Behavior, d.Check = policy.Deny, policy.CheckDontAsk
		d.Reason = reason + " Denied because the session is in dontAsk mode."
	}
	return d
}

// wait makes a pending request and blocks until it is decided. Whatever
// ends the wait other than a person's decision is never an allow.
func (g *Gate) wait(ctx context.Context, c call, d policy.Decision, prop *proposal.Proposal) Answer {
	req := g.pendingRequest(c, d, prop)
	id := newID()
	req.ID = id
	g.mu.Lock()
	g.calls[id] = c
	if prop != nil {
		g.edits[id] = newEditReview(prop, c.project)
	}
	g.mu.Unlock()
	if prop != nil {
		dir := filepath.Dir(prop.Path)
		g.disk.watchDir(dir)
		defer g.disk.unwatchDir(dir)
	}
	dec, err := g.broker.Wait(ctx, req)
	g.mu.Lock()
	delete(g.edits, id)
	delete(g.calls, id)
	g.mu.Unlock()
	var a Answer
	switch {
	case err != nil && errors.Is(err, approval.ErrClosed):
		a = Answer{Decision: verdict.Ask, Reason: "Gatehouse: the editor closed before anyone decided; approve here if you want this to run"}
	case err != nil:
		a = Answer{Decision: verdict.Ask, Reason: "Gatehouse: nobody decided in the editor in time; approve here if you want this to run"}
	case dec.By == approval.ByRule && (dec.Behavior == approval.Allow || dec.Behavior == approval.Deny):
		// Decided again by the policy after it changed while waiting.
		a = Answer{Decision: dec.Behavior, Reason: "Gatehouse: " + dec.Reason}
	case dec.Behavior == approval.Allow:
		reason := "Gatehouse: approved in the editor" + scopeText(dec.Scope)
		if dec.Reason != "" {
			// What the person changed (hunks rejected, their own version):
			// the agent must know the file is not what it proposed.
			reason += "; " + dec.Reason
		}
		a = Answer{Decision: verdict.Allow, Reason: reason, UpdatedInput: dec.UpdatedInput}
	case dec.Behavior == approval.Deny:
		reason := "Gatehouse: denied in the editor"
		if dec.Reason != "" {
			reason += ": " + dec.Reason
		}
		a = Answer{Decision: verdict.Deny, Reason: reason}
	default:
		a = Answer{Decision: verdict.Ask, Reason: "Gatehouse: " + dec.Reason}
	}
	by := dec.By
	by, a = outcome(ctx, c, by, err, a)
	rec := req
	if rerr := g.record(c, d, &rec, a, by, dec.Rule); rerr != nil && a.Decision == verdict.Allow {
		// Approved, but not recorded: not allowed. The agent asks the
		// person again, in its own prompt, with the reason.
		a = unrecordedAnswer(dec, rerr, g.effectiveMode(c.Mode))
		g.record(c, d, &rec, a, by, dec.Rule)
		return a
	}
	// Only what a rule allowed while it waited is "accepted without a
	// person": an edit a person accepted is not listed as automatic.
	if a.Decision == verdict.Allow && prop != nil && len(dec.UpdatedInput) == 0 && dec.By == approval.ByRule {
		g.keepReviewable(c, d, prop)
	}
	return a
}

// unrecordedReason says why an allow became an ask: its audit record could
// not be written (a full or read-only disk, a damaged log), and Gatehouse
// gives no allow it cannot record.
func unrecordedReason(what string, err error) string {
	return fmt.Sprintf("Gatehouse: %s, but the audit log could not be written (%v), and Gatehouse allows nothing it cannot record. "+
		"Once the log can be written again it goes on by itself.", what, err)
}

// unrecordedAnswer is the answer for an approval whose record could not be
// written: ask in the agent's own prompt, or in dontAsk mode (where the
// agent would not ask) deny.
func unrecordedAnswer(dec approval.Decision, err error, mode string) Answer {
	what := "approved in the editor"
	if dec.By == approval.ByRule {
		what = "the policy allows this"
	}
	reason := unrecordedReason(what, err)
	if mode == policy.ModeDontAsk {
		return Answer{Decision: verdict.Deny, Reason: reason + " Denied because the session is in dontAsk mode."}
	}
	return Answer{Decision: verdict.Ask, Reason: reason + " Approve here if you want this to run."}
}

func scopeText(s approval.Scope) string {
	switch s {
	case approval.ScopeSession:
		return " for this session"
	case approval.ScopeAlways:
		return " and saved as a rule"
	}
	return ""
}

func (g *Gate) pendingRequest(c call, d policy.Decision, prop *proposal.Proposal) approval.Request {
	req := approval.Request{
		Kind:          d.Kind,
		Tool:          c.Tool,
		Input:         c.Input,
		Cwd:           c.cwd,
		Session:       c.Session,
		Agent:         c.agent,
		Reason:        d.Reason,
		SuggestedRule: d.SuggestedRule,
	}
	var in struct {
		Command     string `json:"command"`
		Description string `json:"description"`
		URL         string `json:"url"`
	}
	json.Unmarshal(c.Input, &in)
	req.Description = in.Description
	switch {
	case prop != nil:
		req.Path = prop.Path
		req.Summary = prop.Summary()
		req.Attachment = prop
	case c.Tool == "Bash":
		req.Command = in.Command
		ex := explain.Explain(in.Command, explain.Options{
			Description:    in.Description,
			Cwd:            c.cwd,
			WorkspaceRoots: g.Roots(),
			Home:           g.opt.Home,
		})
		req.Summary = ex.Summary
		req.Explanation, _ = json.Marshal(ex)
	case in.URL != "":
		req.Summary = "Fetch " + in.URL
	default:
		req.Summary = c.Tool
	}
	if req.Summary == "" {
		req.Summary = c.Tool
	}
	g.mu.Lock()
	down, isDown := g.auditDown[c.project]
	g.mu.Unlock()
	if isDown && !strings.Contains(req.Reason, "audit log could not be written") {
		req.Reason += " Note: the audit log could not be written at the last attempt (" + down +
			"); until it can, an approval here is asked again by the agent."
	}
	return req
}

// propose reads the file the edit targets (the editor's buffer if open) and
// builds the proposal; a proposal Claude Code's tool would refuse is an error.
func (g *Gate) propose(c call) (*proposal.Proposal, error) {
	target, err := proposal.TargetPath(c.Tool, c.Input)
	if err != nil {
		return nil, err
	}
	if !filepath.IsAbs(target) {
		target = filepath.Join(c.cwd, target)
	}
	target = filepath.Clean(target)
	content, exists, err := g.read(target)
	if err != nil {
		return nil, err
	}
	p, err := proposal.New(c.Tool, c.Input, content, exists)
	if err != nil {
		return nil, err
	}
	p.Path = target
	return p, nil
}

// maxEditFile bounds the files Gatehouse reads to show an edit.
const maxEditFile = 64 << 20

func (g *Gate) read(path string) ([]byte, bool, error) {
	if g.opt.Documents != nil {
		if b, ok := g.opt.Documents.Content(path); ok {
			return b, true, nil
		}
	}
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, false, fmt.Errorf("%s is not a regular file", path)
	}
	if fi.Size() > maxEditFile {
		return nil, false, fmt.Errorf("%s is larger than %d MiB; Gatehouse does not review edits to it", path, maxEditFile>>20)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, false, fmt.Errorf("read %s: %w", path, err)
	}
	return b, true, nil
}

// record appends the decision to the project's audit log. An error means
// it is not recorded: the caller must not hand out an allow (see decide).
func (g *Gate) record(c call, d policy.Decision, req *approval.Request, a Answer, by, rule string) error {
	if g.opt.NoAudit {
		return nil
	}
	l, err := g.auditLog(c.project)
	if err != nil {
		g.log.Error("audit log unavailable", "err", err)
		g.auditState(c.project, err)
		return err
	}
	e := audit.Entry{
		Time:      time.Now().UTC(),
		Workspace: c.project,
		Session:   c.Session,
		Agent:     c.agent,
		Tool:      c.Tool,
		Kind:      string(d.Kind),
		Summary:   audit.Summary(c.Tool, c.Input, d.Paths),
		Input:     c.Input,
		Decision:  a.Decision,
		By:        by,
		Rule:      rule,
		Reason:    a.Reason,
	}
	if req != nil {
		e.ID = req.ID
	}
	err = l.Append(e)
	g.auditState(c.project, err)
	if err != nil {
		g.log.Error("audit append failed", "decision", a.Decision, "err", err)
		return err
	}
	return nil
}

// auditState remembers whether the last write to project's audit log failed.
func (g *Gate) auditState(project string, err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if err != nil {
		g.auditDown[project] = err.Error()
	} else {
		delete(g.auditDown, project)
	}
}

func (g *Gate) auditLog(project string) (*audit.Log, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if l := g.audits[project]; l != nil {
		return l, nil
	}
	l, err := audit.OpenWorkspace(project)
	if err != nil {
		return nil, err
	}
	g.audits[project] = l
	return l, nil
}

// answerFor is a policy decision as the gate's answer. A behavior the gate
// does not know is never an allow.
func answerFor(d policy.Decision) Answer {
	switch d.Behavior {
	case policy.Allow, policy.Ask, policy.Deny:
		return Answer{Decision: string(d.Behavior), Reason: d.Message()}
	}
	return Answer{Decision: verdict.Ask, Reason: d.Message()}
}
