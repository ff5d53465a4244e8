package agent

import (
	"encoding/json"
	"errors"
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
		urls, ok := promptURLs(v.Prompt)
		if !ok {
			c.Parts = []Part{otherPart(Gemini, c.Tool, in)}
			break
		}
		for _, u := range urls {
			c.Parts = append(c.Parts, fetchPart(u))
		}
	case "google_web_search":
		c.Parts = []Part{{Tool: "WebSearch", Input: mustJSON(map[string]string{"query": v.Query})}}
	default:
		c.Parts = []Part{otherPart(Gemini, c.Tool, in)}
	}
	return c, nil
}

// promptURLs finds the URLs web_fetch will fetch inside its prompt, the way
// Gemini CLI finds them: it splits the prompt on white space and keeps each
// word that parses as an http(s) URL (WHATWG URL parsing). So a URL is a
// whole word, never a part of one (`https://github.com'@evil.com` is a URL
// of evil.com, not of github.com). A word whose host a WHATWG parser could
// read differently from Go's (quotes, backslashes, angle brackets, control
// or non-ASCII characters) makes the call one Gatehouse cannot read, so it
// asks; so do no URLs and more than 20.
func promptURLs(prompt string) ([]string, bool) {
	var urls []string
	for _, w := range strings.Fields(prompt) {
		lower := strings.ToLower(w)
		if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
			if strings.Contains(lower, "://") {
				// Gemini would not fetch it (no URL starts there), but a
				// word Gatehouse reads otherwise is not one to guess at.
				return nil, false
			}
			continue
		}
		for _, r := range w {
			if r < 0x21 || r > 0x7e || strings.ContainsRune("\\'\"<>`^{}|", r) {
				return nil, false
			}
		}
		urls = append(urls, w)
	}
	return urls, len(urls) > 0 && len(urls) <= 20
}

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
