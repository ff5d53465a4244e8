package gate

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/gatehouse/gatehouse/internal/approval"
	"github.com/gatehouse/gatehouse/internal/explain"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/settings"
	"github.com/gatehouse/gatehouse/internal/verdict"
)

// How a waiting request ended, in the audit log's "by", besides the
// approval package's person, rule, mode, timeout and shutdown.
const (
	// ByInterrupted: the agent's hook was interrupted while it waited.
	ByInterrupted = "interrupted"
	// ByCancelled: the agent went away (its connection closed) without
	// saying why.
	ByCancelled = "cancelled"
	// ByNotDelivered: a decision was made, but after the agent had stopped
	// waiting; the agent never received it.
	ByNotDelivered = "not-delivered"
)

// StopShutdown is the stop reason of a request whose connection the server
// closed because it stops (the agent socket's word for it).
const StopShutdown = "shutdown"

// outcome is how a waiting request ended as the agent saw it, for the
// audit log and the answer: by is who decided (the broker's word when it
// decided), a the answer made from the decision. A wait the agent gave up
// is recorded with the reason it gave; a decision made after the agent
// stopped waiting (after SIGSTOP/SIGCONT, say, an allow clicked for a hook
// that had answered "ask" on its own seconds before) reached nobody and is
// recorded as not delivered, never as an allow.
func outcome(ctx context.Context, c call, by string, err error, a Answer) (string, Answer) {
	switch {
	case err != nil && errors.Is(err, approval.ErrClosed):
		return approval.ByShutdown, a
	case err != nil:
		return stoppedWaiting(ctx, c)
	case !c.waiting():
		return ByNotDelivered, Answer{Decision: verdict.Ask, Reason: "Gatehouse: " + a.Decision + " was decided after the agent had stopped waiting; the agent never received it"}
	}
	return by, a
}

// stoppedWaiting is the record of a wait the agent gave up before anyone
// decided: what its hook then told it (ask, or deny in dontAsk mode, the
// hook's own answer for a wait it stopped), and why.
func stoppedWaiting(ctx context.Context, c call) (string, Answer) {
	told := verdict.Ask
	if c.Mode == policy.ModeDontAsk {
		told = verdict.Deny
	}
	switch c.stopReason() {
	case StopInterrupted:
		return ByInterrupted, Answer{Decision: told, Reason: "Gatehouse: the agent's hook was interrupted before anyone decided"}
	case StopTimeout:
		return approval.ByTimeout, Answer{Decision: told, Reason: "Gatehouse: nobody decided before the agent's hook timed out"}
	case StopShutdown:
		return approval.ByShutdown, Answer{Decision: verdict.Ask, Reason: "Gatehouse: the editor closed before anyone decided"}
	}
	// Gone without a word: this server told it nothing.
	return ByCancelled, Answer{Decision: verdict.Ask, Reason: "Gatehouse: the agent stopped waiting (its hook was cancelled or ended) before anyone decided"}
}

// Verdict is a person's decision on a pending request, as the editor sends it.
type Verdict struct {
	ID       string `json:"id"`
	Decision string `json:"decision"`         // allow | deny
	Scope    string `json:"scope,omitempty"`  // once (default) | session | always
	Reason   string `json:"reason,omitempty"` // for deny: goes back to the agent
	Rule     string `json:"rule,omitempty"`   // for session/always: the rule, edited by the person
}

// Decide applies a person's verdict. "always" first saves the rule to the
// request's project's .claude/settings.local.json; if that fails the request
// stays pending and the error says why.
func (g *Gate) Decide(v Verdict) error {
	req, ok := g.broker.Get(v.ID)
	if !ok {
		return fmt.Errorf("no pending request %q (already decided, or the agent gave up)", v.ID)
	}
	scope := approval.Scope(v.Scope)
	if scope == "" {
		scope = approval.ScopeOnce
	}
	switch v.Decision {
	case approval.Allow, approval.Deny:
	default:
		return fmt.Errorf("decision must be allow or deny, not %q", v.Decision)
	}
	switch scope {
	case approval.ScopeOnce, approval.ScopeSession, approval.ScopeAlways:
	default:
		return fmt.Errorf("scope must be once, session or always, not %q", v.Scope)
	}
	rule := v.Rule
	if scope != approval.ScopeOnce && v.Decision == approval.Allow {
		if rule == "" {
			rule = req.SuggestedRule
		}
		if rule == "" {
			return fmt.Errorf("request %s has no rule to remember; approve it once, or give a rule", v.ID)
		}
		if _, err := policy.ParseRule(rule); err != nil {
			return fmt.Errorf("rule %q: %w", rule, err)
		}
	}
	if scope == approval.ScopeAlways && v.Decision == approval.Allow {
		g.mu.Lock()
		project := g.calls[v.ID].project
		g.mu.Unlock()
		if project == "" {
			return fmt.Errorf("request %s has no project to save the rule in", v.ID)
		}
		if err := settings.AddRule(g.locations(project), settings.Allow, rule); err != nil {
			return fmt.Errorf("save rule %s: %w", rule, err)
		}
	}
	if err := g.broker.Decide(v.ID, approval.Decision{
		Behavior: v.Decision,
		Scope:    scope,
		Reason:   v.Reason,
		Rule:     rule,
		By:       approval.ByPerson,
	}); err != nil {
		return err
	}
	if scope != approval.ScopeOnce && v.Decision == approval.Allow {
		// The rule applies from the next decision on, without waiting for
		// the file watcher, and to the other requests already waiting.
		g.ReloadPolicy()
	}
	return nil
}

// Pending lists the waiting requests, oldest first.
func (g *Gate) Pending() []approval.Request { return g.broker.Pending() }

// ExplainCommand is Gatehouse's reading of a command, for the editor.
func (g *Gate) ExplainCommand(command, description, cwd string) explain.Explanation {
	roots := g.Roots()
	if cwd == "" && len(roots) > 0 {
		cwd = roots[0]
	}
	return explain.Explain(command, explain.Options{
		Description:    description,
		Cwd:            cwd,
		WorkspaceRoots: roots,
		Home:           g.opt.Home,
	})
}

// Status reports what a client needs to know that it reached the right
// server (agentsock.Service).
func (g *Gate) Status(context.Context) (any, error) {
	return map[string]any{
		"version": g.opt.Version,
		"pid":     os.Getpid(),
		"roots":   g.Roots(),
		"mode":    g.Mode(),
		"pending": len(g.broker.Pending()),
	}, nil
}

// PermissionRow is one rule in effect, with where it comes from.
type PermissionRow struct {
	Behavior string `json:"behavior"`
	Rule     string `json:"rule"`
	Source   string `json:"source"`
	Scope    string `json:"scope,omitempty"`
	Ignored  string `json:"ignored,omitempty"` // why the rule does not apply now
}

// EffectivePermissions lists every rule of every root's settings, plus the
// rules approved for sessions.
func (g *Gate) EffectivePermissions() []PermissionRow {
	var rows []PermissionRow
	g.mu.Lock()
	trusted := g.trusted
	g.mu.Unlock()
	for _, root := range g.Roots() {
		pol, err := g.policy(root)
		if err != nil {
			rows = append(rows, PermissionRow{Behavior: "error", Rule: err.Error(), Source: root})
			continue
		}
		for _, r := range pol.Settings.Rules {
			row := PermissionRow{Behavior: string(r.Behavior), Rule: r.Text, Source: r.Source.Path, Scope: string(r.Source.Scope)}
			if !trusted && r.Behavior == settings.Allow && r.Source.Scope.FromWorkspace() {
				row.Ignored = "the workspace is not trusted"
			}
			rows = append(rows, row)
		}
		for _, b := range pol.Settings.Broken {
			rows = append(rows, PermissionRow{Behavior: "error", Rule: b.Error(), Source: b.Path})
		}
	}
	return rows
}
