package hook

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/settings"
)

// decideOffline decides from the project's settings when no server answers.
// The workspace is trusted: the person installed this hook in it, which is
// the offline equivalent of trusting the folder in the editor.
func decideOffline(_ context.Context, env Env, p Payload, project string) (Answer, error) {
	cwd := p.Cwd
	switch {
	case cwd == "":
		cwd = project
	case !filepath.IsAbs(cwd) || strings.ContainsRune(cwd, 0):
		// Relative paths in the tool input would be resolved against it.
		return Answer{}, fmt.Errorf("hook input: cwd %q is not an absolute path", cwd)
	}
	loc := settings.DefaultLocations(project)
	loc.Home = env.Home
	if env.ManagedDirs != nil {
		loc.ManagedDirs = env.ManagedDirs
	}
	pol, err := policy.Open(loc, true, nil)
	if err != nil {
		return Answer{}, fmt.Errorf("workspace %s: %w; check CLAUDE_PROJECT_DIR", project, err)
	}
	d := pol.Decide(policy.Request{
		Tool:      p.ToolName,
		Input:     p.ToolInput,
		Cwd:       cwd,
		SessionID: p.SessionID,
		Mode:      p.PermissionMode,
	})
	return answerFor(d), nil
}

// answerFor turns a policy decision into the hook's answer. Claude Code shows
// an ask reason to the person at its prompt and a deny reason to the model,
// so both say that Gatehouse decided and why; an ask also offers the rule
// that would allow such calls from now on.
func answerFor(d policy.Decision) Answer {
	reason := strings.TrimSpace(d.Reason)
	if reason == "" {
		reason = fmt.Sprintf("%s (%s)", d.Behavior, d.Check)
	}
	if !strings.HasPrefix(reason, "Gatehouse") {
		reason = "Gatehouse: " + reason
	}
	if d.Behavior == policy.Ask && d.SuggestedRule != "" {
		reason += " To allow such calls from now on, add " + d.SuggestedRule + " to permissions.allow."
	}
	switch d.Behavior {
	case policy.Allow, policy.Ask, policy.Deny:
		return Answer{Decision: string(d.Behavior), Reason: reason}
	}
	// A behavior this adapter does not know is never an allow.
	return Answer{Decision: Ask, Reason: reason}
}
