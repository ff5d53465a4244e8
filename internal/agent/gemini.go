package agent

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
)

// Gemini CLI's BeforeTool hook reads {"decision","reason","systemMessage"}
// whatever the exit code, and takes a rewritten tool_input under
// hookSpecificOutput.

type geminiPayload struct {
	SessionID string          `json:"session_id"`
	Cwd       string          `json:"cwd"`
	ToolName  string          `json:"tool_name"`
	ToolInput json.RawMessage `json:"tool_input"`
}

func parseGemini(data []byte) (Call, error) {
	var p geminiPayload
	if err := json.Unmarshal(data, &p); err != nil {
		return Call{}, err
	}
	c := Call{Event: EventPreToolUse, Session: p.SessionID, Cwd: p.Cwd, Tool: p.ToolName}
	if err := checkCwd(c.Cwd); err != nil {
		return c, err
	}
	if c.Tool == "" {
		return c, errors.New("tool_name missing")
	}
	in, err := object(p.ToolInput, "tool_input")
	if err != nil {
		return c, err
	}
	c.ToolInput = in
	var v struct {
		Command   string `json:"command"`
		DirPath   string `json:"dir_path"`
		FilePath  string `json:"file_path"`
		Content   string `json:"content"`
		OldString string `json:"old_string"`
		NewString string `json:"new_string"`
		Prompt    string `json:"prompt"`
		Query     string `json:"query"`
	}
	switch c.Tool {
	case "run_shell_command", "write_file", "replace", "read_file", "web_fetch", "google_web_search":
		if err := decode(in, c.Tool, &v); err != nil {
			return c, err
		}
	}
	switch c.Tool {
	case "run_shell_command":
		part := bashPart(v.Command, "")
		if v.DirPath != "" {
			dir, err := absPath(c.Cwd, v.DirPath)
			if err != nil {
				return c, err
			}
			part.Cwd = dir
		}
		c.Parts = []Part{part}
	case "write_file", "replace", "read_file":
		path, err := absPath(c.Cwd, v.FilePath)
		if err != nil {
			return c, err
		}
		switch c.Tool {
		case "write_file":
			c.Parts = []Part{writePart(path, v.Content)}
		case "replace":
			c.Parts = []Part{editPart(path, v.OldString, v.NewString)}
		default:
			c.Parts = []Part{readPart(path)}
		}
	case "web_fetch":
		urls := urlPattern.FindAllString(v.Prompt, 21)
		if len(urls) == 0 || len(urls) > 20 {
			c.Parts = []Part{otherPart(Gemini, c.Tool, in)}
			break
		}
		for _, u := range urls {
			c.Parts = append(c.Parts, fetchPart(strings.TrimRight(u, ".,;:!?)]}'\"")))
		}
	case "google_web_search":
		c.Parts = []Part{{Tool: "WebSearch", Input: mustJSON(map[string]string{"query": v.Query})}}
	default:
		c.Parts = []Part{otherPart(Gemini, c.Tool, in)}
	}
	return c, nil
}

// urlPattern finds the URLs web_fetch will fetch inside its prompt: every
// http(s) URL of the text is decided.
var urlPattern = regexp.MustCompile(`(?i)https?://[^\s<>"']+`)

type geminiOutput struct {
	Decision           string          `json:"decision"`
	Reason             string          `json:"reason,omitempty"`
	SystemMessage      string          `json:"systemMessage,omitempty"`
	HookSpecificOutput *geminiSpecific `json:"hookSpecificOutput,omitempty"`
}

type geminiSpecific struct {
	HookEventName string          `json:"hookEventName"`
	ToolInput     json.RawMessage `json:"tool_input"`
}

func renderGemini(c Call, d Decision) Output {
	var spec *geminiSpecific
	if len(d.UpdatedInput) > 0 {
		upd, ok := rewrite(c, d, "command")
		if !ok {
			d = partial(d)
		} else {
			spec = &geminiSpecific{HookEventName: "BeforeTool", ToolInput: upd}
		}
	}
	return Output{Stdout: encode(geminiOutput{Decision: d.Behavior, Reason: d.Reason, SystemMessage: d.Reason, HookSpecificOutput: spec})}
}
