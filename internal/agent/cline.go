package agent

import (
	"encoding/json"
	"errors"
	"strings"
)

// Cline runs .clinerules/hooks/PreToolUse with {hookName, preToolUse:
// {toolName, parameters}} where every parameter is a string. It has no ask
// and no rewrite, and ignores exit codes: only {"cancel":true} blocks (it
// stops the task run).

type clinePayload struct {
	TaskID         string   `json:"taskId"`
	HookName       string   `json:"hookName"`
	WorkspaceRoots []string `json:"workspaceRoots"`
	PreToolUse     struct {
		ToolName   string                     `json:"toolName"`
		Parameters map[string]json.RawMessage `json:"parameters"`
	} `json:"preToolUse"`
}

func parseCline(data []byte) (Call, error) {
	var p clinePayload
	if err := json.Unmarshal(data, &p); err != nil {
		return Call{}, err
	}
	c := Call{Event: EventPreToolUse, Session: p.TaskID, Tool: p.PreToolUse.ToolName}
	if p.HookName != EventPreToolUse {
		return c, errors.New("hookName is " + p.HookName + ", want PreToolUse; install gatehouse hook as .clinerules/hooks/PreToolUse")
	}
	if len(p.WorkspaceRoots) > 0 {
		c.Cwd = p.WorkspaceRoots[0]
	}
	if err := checkCwd(c.Cwd); err != nil {
		return c, err
	}
	if c.Tool == "" {
		return c, errors.New("preToolUse.toolName missing")
	}
	params := map[string]string{}
	for k, raw := range p.PreToolUse.Parameters {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			s = string(raw) // not a string: keep the JSON text
		}
		params[k] = s
	}
	c.ToolInput = mustJSON(params)
	path := func(key string) (string, error) { return absPath(c.Cwd, params[key]) }
	switch c.Tool {
	case "execute_command":
		c.Parts = []Part{bashPart(params["command"], "")}
	case "run_commands":
		cmds := params["commands"]
		var list []string
		if json.Unmarshal([]byte(cmds), &list) == nil {
			cmds = strings.Join(list, "\n")
		}
		c.Parts = []Part{bashPart(cmds, "")}
	case "read_file", "write_to_file", "replace_in_file", "editor":
		key := "path"
		p, err := path(key)
		if err != nil {
			return c, err
		}
		switch c.Tool {
		case "read_file":
			c.Parts = []Part{readPart(p)}
		case "write_to_file":
			c.Parts = []Part{writePart(p, params["content"])}
		case "editor":
			c.Parts = []Part{editPart(p, params["old_text"], params["new_text"])}
		default:
			// SEARCH/REPLACE blocks: not reviewed hunk by hunk; the
			// path is still checked and it asks.
			c.Parts = []Part{otherPart(Cline, c.Tool, mustJSON(map[string]string{"file_path": p}))}
		}
	case "read_files":
		var list []string
		if json.Unmarshal([]byte(params["files"]), &list) != nil {
			list = []string{params["files"]}
		}
		for _, f := range list {
			p, err := absPath(c.Cwd, f)
			if err != nil {
				return c, err
			}
			c.Parts = append(c.Parts, readPart(p))
		}
	case "apply_patch":
		parts, err := patchParts(c.Cwd, params["input"])
		if err != nil {
			return c, err
		}
		c.Parts = parts
	case "use_mcp_tool":
		args := json.RawMessage(params["arguments"])
		if !json.Valid(args) || len(args) == 0 || args[0] != '{' {
			args = json.RawMessage(`{}`)
		}
		c.Parts = []Part{{Tool: "mcp__" + params["server_name"] + "__" + params["tool_name"], Input: args}}
	default:
		c.Parts = []Part{otherPart(Cline, c.Tool, c.ToolInput)}
	}
	return c, nil
}

type clineOutput struct {
	Cancel       bool   `json:"cancel"`
	ErrorMessage string `json:"errorMessage,omitempty"`
}

func renderCline(c Call, d Decision) Output {
	d = noAsk(d)
	if len(d.UpdatedInput) > 0 {
		d = partial(d)
	}
	if d.Behavior == Allow {
		return Output{Stdout: encode(clineOutput{Cancel: false})}
	}
	return Output{Stdout: encode(clineOutput{Cancel: true, ErrorMessage: d.Reason})}
}
