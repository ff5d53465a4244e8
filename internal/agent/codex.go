package agent

import (
	"encoding/json"
	"github.com/gatehouse/gatehouse/internal/verdict"
)

// Codex CLI sends Claude Code's shape (with turn_id and model) and its own
// tools: Bash {command} for every shell, apply_patch {command: the patch}.
// Allow is printing nothing (an allow without updatedInput counts as a
// failed hook), ask is unsupported (a failed hook: the tool runs), so ask
// becomes a deny saying how to approve.

func parseCodex(data []byte) (Call, error) {
	var p claudePayload
	if err := json.Unmarshal(data, &p); err != nil {
		return Call{}, err
	}
	c := Call{Event: p.HookEventName, Session: p.SessionID, Cwd: p.Cwd, Tool: p.ToolName}
	switch p.PermissionMode {
	case verdict.ModeDefault, verdict.ModeAcceptEdits, verdict.ModePlan, verdict.ModeDontAsk, verdict.ModeBypass:
		c.Mode = p.PermissionMode
	}
	c, err := samePart(c, p.ToolInput)
	if err != nil {
		return c, err
	}
	if c.Tool == "apply_patch" {
		var v struct {
			Command string `json:"command"`
		}
		if err := decode(c.ToolInput, c.Tool, &v); err != nil {
			return c, err
		}
		c.Parts, err = patchParts(c.Cwd, v.Command)
		return c, err
	}
	if c.Tool == "Bash" {
		// command may be an argv array in some builds: then it is not
		// a string the policy can parse, and the policy asks.
		return c, nil
	}
	return c, nil
}

type codexPermission struct {
	Behavior string `json:"behavior"`
	Message  string `json:"message,omitempty"`
}

type codexSpecific struct {
	HookEventName string           `json:"hookEventName"`
	Decision      *codexPermission `json:"decision"`
}

func renderCodex(c Call, d Decision) Output {
	d = noAsk(d)
	if c.Event == EventPermissionRequest {
		if len(d.UpdatedInput) > 0 {
			d = partial(d) // updatedInput is reserved here: the hook would count as failed
		}
		pd := &codexPermission{Behavior: d.Behavior}
		if d.Behavior == Deny {
			pd.Message = d.Reason
		}
		return Output{Stdout: encode(struct {
			HookSpecificOutput codexSpecific `json:"hookSpecificOutput"`
		}{codexSpecific{HookEventName: EventPermissionRequest, Decision: pd}})}
	}
	if d.Behavior == Allow {
		if len(d.UpdatedInput) == 0 {
			return Output{} // allow is silence
		}
		if c.Tool == "Bash" && len(c.Parts) == 1 {
			return Output{Stdout: preToolUseOutput(d, d.UpdatedInput)}
		}
		d = partial(d)
	}
	return Output{Stdout: preToolUseOutput(d, nil)}
}
