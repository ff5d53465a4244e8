package hook

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/sandbox/wrap"
	"github.com/gatehouse/gatehouse/internal/settings"
)

// decideSandboxed is decide for Claude Code's own calls, with its sandbox
// settings applied (internal/sandbox/wrap):
//
//   - with sandbox.enabled, an allowed Bash call is answered with
//     updatedInput whose command runs the line under `gatehouse sandbox`
//     (unless it is excluded or asks to run outside, where the settings
//     allow that);
//   - with sandbox.autoAllowBashIfSandboxed, a Bash call that only lacks
//     an allow rule is allowed that way without a prompt, when this machine
//     can run the sandbox.
//
// Deny rules, ask rules and every check that is more than "no rule allows
// it" decide as before. Other agents' answers cannot carry updatedInput,
// so their calls are never auto-allowed for the sandbox.
func decideSandboxed(ctx context.Context, env Env, p Payload, project string, timeout time.Duration, remote Remote, stderr io.Writer) (Answer, error) {
	if p.ToolName != "Bash" || p.Agent != "" {
		return decide(ctx, env, p, project, timeout, remote, stderr)
	}
	set, trusted := sandboxSettings(env, project, stderr)
	cfg := wrap.ConfigFrom(set, trusted)
	if !cfg.Enabled {
		return decide(ctx, env, p, project, timeout, remote, stderr)
	}
	plan := cfg.For(p.ToolInput)
	// The server, or the offline policy, applies autoAllowBashIfSandboxed
	// for a call the hook will wrap (wrap.AutoAllow): the decision is the
	// same whether the editor is open or not, and the editor's mode and
	// session rules count.
	p.Sandboxed = plan.Wrap
	a, err := decide(ctx, env, p, project, timeout, remote, stderr)
	if err != nil || a.Decision != Allow || !plan.Wrap {
		return a, err
	}
	return wrapAnswer(p, project, a), nil
}

// sandboxSettings loads the settings the way the offline decision does.
func sandboxSettings(env Env, project string, stderr io.Writer) (*settings.Set, bool) {
	loc := env.locations(project)
	trusted := env.trusted(project, stderr)
	// Most projects have no sandbox settings: a look for the key spares
	// every Bash call a second parse of the files the policy reads anyway.
	found := false
	for _, src := range loc.Sources() {
		// A key spelled with \u escapes is read in full too.
		if b, err := os.ReadFile(src.Path); err == nil && (bytes.Contains(b, []byte(`"sandbox"`)) || bytes.Contains(b, []byte(`\u`))) {
			found = true
			break
		}
	}
	if !found {
		return nil, trusted
	}
	return settings.Load(loc, nil), trusted
}

// wrapAnswer puts an allowed call under the sandbox. When that cannot be
// done (no gatehouse binary, a command that cannot be quoted) the allow
// becomes an ask: the person enabled the sandbox and must not get an
// unconfined run without seeing it.
func wrapAnswer(p Payload, project string, a Answer) Answer {
	input := p.ToolInput
	if len(a.UpdatedInput) > 0 {
		input = a.UpdatedInput
	}
	bin, err := wrap.Binary()
	var upd json.RawMessage
	if err == nil {
		upd, err = wrap.Input(input, bin, project)
	}
	if err != nil {
		reason := "Gatehouse: the sandbox is enabled but this command cannot be run in it (" + err.Error() + ")"
		if p.PermissionMode == "dontAsk" {
			// The agent would not ask: an unconfined run is not allowed silently.
			return Answer{Decision: Deny, Reason: reason + "; denied because the session is in dontAsk mode."}
		}
		return Answer{Decision: Ask, Reason: reason + "; approve to run it outside the sandbox."}
	}
	a.UpdatedInput = upd
	a.Reason = strings.TrimSpace(a.Reason) + " It runs in Gatehouse's sandbox (gatehouse sandbox)."
	return a
}
