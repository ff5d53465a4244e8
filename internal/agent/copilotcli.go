package agent

import (
	"encoding/json"
	"errors"
)

// The Copilot CLI and SDK send {timestamp (number), cwd, toolName,
// toolArgs} with the Copilot agent's tool names and read
// {permissionDecision, permissionDecisionReason}.

type copilotCLIPayload struct {
	Cwd      string          `json:"cwd"`
	ToolName string          `json:"toolName"`
	ToolArgs json.RawMessage `json:"toolArgs"`
}

func parseCopilotCLI(data []byte) (Call, error) {
	var p copilotCLIPayload
	if err := json.Unmarshal(data, &p); err != nil {
		return Call{}, err
	}
	c := Call{Event: EventPreToolUse, Cwd: p.Cwd, Tool: p.ToolName}
	if err := checkCwd(c.Cwd); err != nil {
		return c, err
	}
	if c.Tool == "" {
		return c, errors.New("toolName missing")
	}
	args := p.ToolArgs
	var s string
	if json.Unmarshal(args, &s) == nil {
		args = json.RawMessage(s) // some builds send the arguments as a JSON string
	}
	in, err := object(args, "toolArgs")
	if err != nil {
		return c, err
	}
	c.ToolInput = in
	switch c.Tool {
	case "bash", "shell":
		var v struct {
			Command     string `json:"command"`
			Description string `json:"description"`
		}
		if err := decode(in, c.Tool, &v); err != nil {
			return c, err
		}
		c.Parts = []Part{bashPart(v.Command, v.Description)}
		return c, nil
	}
	c.Parts, err = vscodeParts(c.Cwd, c.Tool, in)
	return c, err
}

func renderCopilotCLI(_ Call, d Decision) Output {
	if len(d.UpdatedInput) > 0 {
		d = partial(d)
	}
	return Output{Stdout: encode(struct {
		PermissionDecision       string `json:"permissionDecision"`
		PermissionDecisionReason string `json:"permissionDecisionReason,omitempty"`
	}{d.Behavior, d.Reason})}
}
