package hook

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"time"

	"github.com/gatehouse/gatehouse/internal/agent"
)

// parseOther recognises a payload of an agent other than Claude Code's
// PreToolUse (which keeps its own path, contract 2). It returns nil for
// Claude Code PreToolUse and for payloads no adapter recognises; otherwise
// the call, and an error when the payload is broken (answered in that
// agent's blocking form).
func parseOther(data []byte) (*agent.Call, error) {
	c, err := agent.Parse(data)
	if errors.Is(err, agent.ErrUnknown) || (err == nil && c.Legacy) {
		return nil, nil
	}
	if c.Legacy {
		return nil, nil
	}
	if derr := checkDocument(data); derr != nil {
		return &c, derr
	}
	return &c, err
}

// decideOther decides every part of another agent's call the way a Claude
// Code call is decided (the server when one answers, else offline) and
// writes the result in that agent's format. A deny of any part denies the
// call; an ask of any part asks; only when every part is allowed is the
// call allowed.
func decideOther(ctx context.Context, env Env, c agent.Call, timeout time.Duration, remote Remote, stderr io.Writer) agent.Output {
	project, err := projectDir(env, Payload{Cwd: c.Cwd})
	if err != nil {
		return agent.Fail(c, err)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	final := agent.Decision{Behavior: agent.Allow}
	asked := false
	for _, part := range c.Parts {
		cwd := part.Cwd
		if cwd == "" {
			cwd = c.Cwd
		}
		p := Payload{
			SessionID:      c.Session,
			Cwd:            cwd,
			PermissionMode: c.Mode,
			HookEventName:  EventPreToolUse,
			ToolName:       part.Tool,
			ToolInput:      part.Input,
			Agent:          string(c.Agent),
		}
		raw, err := json.Marshal(p)
		if err != nil {
			return agent.Fail(c, err)
		}
		p.Raw = raw
		a, err := decide(ctx, env, p, project, timeout, remote, stderr)
		if err != nil {
			return agent.Fail(c, err)
		}
		switch a.Decision {
		case Allow:
			if !asked {
				final.Reason = a.Reason
			}
			if len(a.UpdatedInput) > 0 {
				final.UpdatedInput = a.UpdatedInput
			}
		case Deny:
			return agent.Render(c, agent.Decision{Behavior: agent.Deny, Reason: a.Reason})
		default:
			if !asked {
				final = agent.Decision{Behavior: agent.Ask, Reason: a.Reason}
				asked = true
			}
		}
	}
	if asked {
		final.UpdatedInput = nil
	}
	return agent.Render(c, final)
}
