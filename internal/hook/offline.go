package hook

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/gatehouse/gatehouse/internal/audit"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/sandbox/wrap"
	"github.com/gatehouse/gatehouse/internal/settings"
)

// decideOffline decides from the project's settings when no server answers.
// The workspace is trusted (the person installed this hook in it, which is
// the offline equivalent of trusting the folder in the editor) unless the
// server recorded that the editor does not trust it: offline is never more
// permissive than the server.
func decideOffline(_ context.Context, env Env, p Payload, project string, stderr io.Writer) (Answer, error) {
	cwd := p.Cwd
	switch {
	case cwd == "":
		cwd = project
	case !filepath.IsAbs(cwd) || strings.ContainsRune(cwd, 0):
		// Relative paths in the tool input would be resolved against it.
		return Answer{}, fmt.Errorf("hook input: cwd %q is not an absolute path", cwd)
	}
	pol, err := policy.Open(env.locations(project), env.trusted(project, stderr), nil)
	if err != nil {
		return Answer{}, fmt.Errorf("workspace %s: %w; check CLAUDE_PROJECT_DIR", project, err)
	}
	req := policy.Request{
		Tool:      p.ToolName,
		Input:     p.ToolInput,
		Cwd:       cwd,
		SessionID: p.SessionID,
		Mode:      p.PermissionMode,
	}
	d := pol.Decide(req)
	if p.Sandboxed {
		// The hook runs an allow of this call in the sandbox.
		d, _ = wrap.AutoAllow(pol, req, d, nil)
	}
	a := AnswerFor(d)
	if env.AuditLog != nil {
		// No allow without its record: the entry is written before the
		// answer is given. When it cannot be (a full or read-only disk, a
		// damaged log), an allow becomes an ask with the reason; a deny or
		// an ask stands, and the failure is reported on stderr (Claude
		// Code shows it in its debug output).
		if err := record(env, p, project, d, a); err != nil {
			fmt.Fprintf(stderr, "gatehouse hook: warning: %s\n", cleanReason(err.Error()))
			if a.Decision == Allow {
				a = unrecorded(p.PermissionMode, err)
				d.Reason = a.Reason
				_ = record(env, p, project, d, a) // best effort: the disk may have room for a smaller entry
			}
		}
	}
	return a, nil
}

// unrecorded is the answer for an allow whose audit record could not be
// written: Gatehouse hands out no allow it cannot record, so the person is
// asked in the agent's own prompt, or in dontAsk mode (where the agent
// would not ask) the call is denied.
func unrecorded(mode string, err error) Answer {
	reason := fmt.Sprintf("Gatehouse: the policy allows this, but the audit log could not be written (%v), "+
		"and Gatehouse allows nothing it cannot record. Once the log can be written again it goes on by itself.", err)
	if mode == "dontAsk" {
		return Answer{Decision: Deny, Reason: reason + " Denied because the session is in dontAsk mode."}
	}
	return Answer{Decision: Ask, Reason: reason + " Approve here if you want this to run."}
}

// locations are the settings files the hook reads for project.
func (env Env) locations(project string) settings.Locations {
	loc := settings.DefaultLocations(project)
	loc.Home = env.Home
	if env.ManagedDirs != nil {
		loc.ManagedDirs = env.ManagedDirs
	}
	return loc
}

// trusted is the editor's recorded trust of project (internal/trust); a
// record that cannot be read is an untrusted folder, with a warning.
func (env Env) trusted(project string, stderr io.Writer) bool {
	if env.Trusted == nil {
		return true
	}
	ok, err := env.Trusted(project)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse hook: warning: %s\n", cleanReason(err.Error()))
		return false
	}
	return ok
}

// record appends the offline decision to the workspace's audit log.
func record(env Env, p Payload, project string, d policy.Decision, a Answer) error {
	log, err := env.AuditLog(project)
	if err != nil {
		return err
	}
	rule := ""
	if d.Rule != nil {
		rule = d.Rule.Text
	}
	return log.Append(audit.Entry{
		Session:  p.SessionID,
		Agent:    agentName(p) + " (offline hook)",
		Tool:     p.ToolName,
		Kind:     string(d.Kind),
		Summary:  audit.Summary(p.ToolName, p.ToolInput, d.Paths),
		Input:    p.ToolInput,
		Decision: a.Decision,
		By:       d.DecidedBy(),
		Rule:     rule,
		Reason:   d.Reason,
	})
}

// AnswerFor turns a policy decision into the hook's answer.
func AnswerFor(d policy.Decision) Answer {
	reason := d.Message()
	switch d.Behavior {
	case policy.Allow, policy.Ask, policy.Deny:
		return Answer{Decision: string(d.Behavior), Reason: reason}
	}
	// A behavior this adapter does not know is never an allow.
	return Answer{Decision: Ask, Reason: reason}
}

// agentName names the agent of a payload for the audit log.
func agentName(p Payload) string {
	if p.Agent != "" {
		return p.Agent
	}
	return "claude-code"
}
