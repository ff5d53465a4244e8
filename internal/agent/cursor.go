package agent

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Cursor's hooks (.cursor/hooks.json) send camelCase events and read
// {"permission","user_message","agent_message"}; ask works for shell and MCP
// events only. Installed with failClosed, so a crash blocks.

type cursorPayload struct {
	ConversationID string          `json:"conversation_id"`
	HookEventName  string          `json:"hook_event_name"`
	WorkspaceRoots []string        `json:"workspace_roots"`
	Command        string          `json:"command"`
	Cwd            string          `json:"cwd"`
	FilePath       string          `json:"file_path"`
	ToolName       string          `json:"tool_name"`
	ToolInput      json.RawMessage `json:"tool_input"`
}

func parseCursor(data []byte) (Call, error) {
	var p cursorPayload
	if err := json.Unmarshal(data, &p); err != nil {
		return Call{}, err
	}
	c := Call{Event: p.HookEventName, Session: p.ConversationID, Cwd: p.Cwd, Tool: p.HookEventName}
	if c.Cwd == "" && len(p.WorkspaceRoots) > 0 {
		c.Cwd = p.WorkspaceRoots[0]
	}
	if err := checkCwd(c.Cwd); err != nil {
		return c, err
	}
	switch p.HookEventName {
	case "beforeShellExecution":
		c.Parts = []Part{bashPart(p.Command, "")}
	case "beforeReadFile":
		path, err := absPath(c.Cwd, p.FilePath)
		if err != nil {
			return c, err
		}
		c.Parts = []Part{readPart(path)}
	case "beforeMCPExecution":
		// tool_input is a JSON string; Cursor names no server, so no
		// mcp__server rule can match and it asks unless denied by name.
		c.Tool = p.ToolName
		var s string
		in := json.RawMessage(`{}`)
		if json.Unmarshal(p.ToolInput, &s) == nil && json.Valid([]byte(s)) {
			in = json.RawMessage(s)
		}
		c.Parts = []Part{otherPart(Cursor, "MCP:"+p.ToolName, mustJSON(map[string]json.RawMessage{"arguments": in}))}
	case "preToolUse":
		c.Tool = p.ToolName
		in, err := object(p.ToolInput, "tool_input")
		if err != nil {
			return c, err
		}
		c.ToolInput = in
		c.Parts, err = cursorToolParts(c.Cwd, p.ToolName, in)
		if err != nil {
			return c, err
		}
	default:
		return c, fmt.Errorf("hook_event_name %q is not one Gatehouse decides; register gatehouse hook under beforeShellExecution, beforeMCPExecution, beforeReadFile or preToolUse", p.HookEventName)
	}
	return c, nil
}

func cursorToolParts(cwd, tool string, in json.RawMessage) ([]Part, error) {
	var v struct {
		Command  string `json:"command"`
		FilePath string `json:"file_path"`
		Path     string `json:"path"`
		Content  string `json:"content"`
	}
	if err := decode(in, tool, &v); err != nil {
		return nil, err
	}
	path := v.FilePath
	if path == "" {
		path = v.Path
	}
	switch tool {
	case "Shell":
		return []Part{bashPart(v.Command, "")}, nil
	case "Read", "Write", "Delete":
		abs, err := absPath(cwd, path)
		if err != nil {
			return nil, err
		}
		switch tool {
		case "Read":
			return []Part{readPart(abs)}, nil
		case "Write":
			return []Part{writePart(abs, v.Content)}, nil
		}
		return []Part{deletePart(abs)}, nil
	}
	if strings.HasPrefix(tool, "MCP:") {
		return []Part{otherPart(Cursor, tool, in)}, nil
	}
	return []Part{otherPart(Cursor, tool, in)}, nil
}

type cursorOutput struct {
	Permission   string          `json:"permission"`
	UserMessage  string          `json:"user_message,omitempty"`
	AgentMessage string          `json:"agent_message,omitempty"`
	UpdatedInput json.RawMessage `json:"updated_input,omitempty"`
}

func renderCursor(c Call, d Decision) Output {
	if d.Behavior == Ask && c.Event != "beforeShellExecution" && c.Event != "beforeMCPExecution" {
		d = noAsk(d)
	}
	var upd json.RawMessage
	if len(d.UpdatedInput) > 0 {
		var ok bool
		if c.Event == "preToolUse" {
			upd, ok = rewrite(c, d, "command")
		}
		if !ok {
			d = partial(d)
		}
	}
	o := cursorOutput{Permission: d.Behavior, UserMessage: d.Reason, UpdatedInput: upd}
	if d.Behavior == Deny {
		o.AgentMessage = d.Reason
	}
	return Output{Stdout: encode(o)}
}
