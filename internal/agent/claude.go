package agent

import (
	"encoding/json"
	"errors"
)

// Claude Code: PreToolUse is decided by the hook's own Claude Code path
// (contract 2, byte for byte); PermissionRequest, which fires only when
// Claude Code is about to prompt, answers with a decision object and has no
// ask (exit 2 does nothing there).

type claudePayload struct {
	SessionID      string          `json:"session_id"`
	Cwd            string          `json:"cwd"`
	PermissionMode string          `json:"permission_mode"`
	HookEventName  string          `json:"hook_event_name"`
	ToolName       string          `json:"tool_name"`
	ToolInput      json.RawMessage `json:"tool_input"`
}

func parseClaude(data []byte) (Call, error) {
	var ev probe
	if json.Unmarshal(data, &ev) == nil && ev.HookEventName == EventPreToolUse {
		// The hook's Claude Code path reads (and words the errors of)
		// every PreToolUse payload, broken or not.
		return Call{Event: EventPreToolUse, Legacy: true}, nil
	}
	var p claudePayload
	if err := json.Unmarshal(data, &p); err != nil {
		return Call{Event: EventPermissionRequest}, err
	}
	c := Call{Event: p.HookEventName, Session: p.SessionID, Cwd: p.Cwd, Mode: p.PermissionMode, Tool: p.ToolName}
	if p.HookEventName == EventPreToolUse {
		c.Legacy = true
		return c, nil
	}
	return samePart(c, p.ToolInput)
}

// samePart fills a call whose tool and input already use the policy's
// vocabulary (Claude Code, Codex).
func samePart(c Call, input json.RawMessage) (Call, error) {
	if err := checkCwd(c.Cwd); err != nil {
		return c, err
	}
	if c.Tool == "" {
		return c, errors.New("tool_name missing")
	}
	in, err := object(input, "tool_input")
	if err != nil {
		return c, err
	}
	c.ToolInput = in
	c.Parts = []Part{{Tool: c.Tool, Input: in}}
	return c, nil
}

type claudeOutput struct {
	HookSpecificOutput claudeSpecific `json:"hookSpecificOutput"`
}

type claudeSpecific struct {
	HookEventName            string              `json:"hookEventName,omitempty"`
	PermissionDecision       string              `json:"permissionDecision,omitempty"`
	PermissionDecisionReason string              `json:"permissionDecisionReason,omitempty"`
	UpdatedInput             json.RawMessage     `json:"updatedInput,omitempty"`
	Decision                 *permissionDecision `json:"decision,omitempty"`
}

type permissionDecision struct {
	Behavior     string          `json:"behavior"`
	UpdatedInput json.RawMessage `json:"updatedInput,omitempty"`
	Message      string          `json:"message,omitempty"`
}

func renderClaude(c Call, d Decision) Output {
	if c.Event == EventPermissionRequest {
		d = noAsk(d)
		pd := &permissionDecision{Behavior: d.Behavior, UpdatedInput: d.UpdatedInput}
		if d.Behavior == Deny {
			pd.Message = d.Reason
		}
		return Output{Stdout: encode(claudeOutput{claudeSpecific{HookEventName: EventPermissionRequest, Decision: pd}})}
	}
	return Output{Stdout: preToolUseOutput(d, d.UpdatedInput)}
}

// preToolUseOutput is Claude Code's PreToolUse answer, which VS Code
// Copilot and Codex read too.
func preToolUseOutput(d Decision, updated json.RawMessage) []byte {
	return encode(claudeOutput{claudeSpecific{
		HookEventName:            EventPreToolUse,
		PermissionDecision:       d.Behavior,
		PermissionDecisionReason: d.Reason,
		UpdatedInput:             updated,
	}})
}
