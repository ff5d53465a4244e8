package agent

import (
	"encoding/json"
	"fmt"
)

// VS Code's Copilot agent sends Claude Code's PreToolUse shape with its own
// tool names (camelCase inside tool_input) and reads Claude Code's answer;
// exit 2 is a deny.

func parseVSCode(data []byte) (Call, error) {
	var p claudePayload
	if err := json.Unmarshal(data, &p); err != nil {
		return Call{}, err
	}
	c := Call{Event: EventPreToolUse, Session: p.SessionID, Cwd: p.Cwd, Tool: p.ToolName}
	if err := checkCwd(c.Cwd); err != nil {
		return c, err
	}
	if c.Tool == "" {
		return c, fmt.Errorf("tool_name missing")
	}
	in, err := object(p.ToolInput, "tool_input")
	if err != nil {
		return c, err
	}
	c.ToolInput = in
	c.Parts, err = vscodeParts(c.Cwd, c.Tool, in)
	return c, err
}

// vscodeParts maps the Copilot agent's tools (shared by the Copilot CLI).
func vscodeParts(cwd, tool string, in json.RawMessage) ([]Part, error) {
	var v struct {
		Command      string   `json:"command"`
		Explanation  string   `json:"explanation"`
		FilePath     string   `json:"filePath"`
		Content      string   `json:"content"`
		OldString    string   `json:"oldString"`
		NewString    string   `json:"newString"`
		Input        string   `json:"input"`
		URLs         []string `json:"urls"`
		Replacements []struct {
			FilePath  string `json:"filePath"`
			OldString string `json:"oldString"`
			NewString string `json:"newString"`
		} `json:"replacements"`
	}
	switch tool {
	case "run_in_terminal", "create_file", "replace_string_in_file", "multi_replace_string_in_file", "apply_patch", "read_file", "fetch_webpage":
		if err := decode(in, tool, &v); err != nil {
			return nil, err
		}
	}
	switch tool {
	case "run_in_terminal":
		return []Part{bashPart(v.Command, v.Explanation)}, nil
	case "create_file", "replace_string_in_file", "read_file":
		path, err := absPath(cwd, v.FilePath)
		if err != nil {
			return nil, err
		}
		switch tool {
		case "create_file":
			return []Part{writePart(path, v.Content)}, nil
		case "replace_string_in_file":
			return []Part{editPart(path, v.OldString, v.NewString)}, nil
		}
		return []Part{readPart(path)}, nil
	case "multi_replace_string_in_file":
		// One part per file, its replacements in order.
		var order []string
		byFile := map[string][]edit{}
		for _, r := range v.Replacements {
			path, err := absPath(cwd, r.FilePath)
			if err != nil {
				return nil, err
			}
			if _, ok := byFile[path]; !ok {
				order = append(order, path)
			}
			byFile[path] = append(byFile[path], edit{Old: r.OldString, New: r.NewString})
		}
		parts := make([]Part, 0, len(order))
		for _, path := range order {
			parts = append(parts, multiEditPart(path, byFile[path]))
		}
		return parts, nil
	case "apply_patch":
		return patchParts(cwd, v.Input)
	case "fetch_webpage":
		parts := make([]Part, 0, len(v.URLs))
		for _, u := range v.URLs {
			parts = append(parts, fetchPart(u))
		}
		return parts, nil
	}
	return []Part{otherPart(VSCode, tool, in)}, nil
}

func renderVSCode(c Call, d Decision) Output {
	upd, ok := rewrite(c, d, "command")
	if len(d.UpdatedInput) > 0 && !ok {
		d = partial(d)
	}
	return Output{Stdout: preToolUseOutput(d, upd)}
}
