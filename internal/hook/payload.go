package hook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxInput is the largest hook input accepted on stdin. Claude Code sends a
// Write's whole content in tool_input, so the limit is generous; beyond it the
// hook refuses rather than deciding on a truncated payload.
const MaxInput = 64 << 20

// EventPreToolUse is the only hook event this adapter answers.
const EventPreToolUse = "PreToolUse"

// Payload is one Claude Code PreToolUse hook input. Fields Claude Code adds in
// later releases are ignored; the ones below are the contract.
type Payload struct {
	SessionID      string `json:"session_id"`
	TranscriptPath string `json:"transcript_path"`
	Cwd            string `json:"cwd"`
	PermissionMode string `json:"permission_mode"`
	HookEventName  string `json:"hook_event_name"`
	ToolName       string `json:"tool_name"`
	ToolUseID      string `json:"tool_use_id,omitempty"`
	// ToolInput is the tool's arguments exactly as sent (a JSON object):
	// Bash {command, description, timeout, run_in_background}, Edit
	// {file_path, old_string, new_string, replace_all}, MultiEdit {file_path,
	// edits}, Write {file_path, content}, Read {file_path, offset, limit},
	// NotebookEdit {notebook_path, ...}, WebFetch {url, prompt}, mcp__* any.
	ToolInput json.RawMessage `json:"tool_input"`
	// Raw is the whole input as read, for a Remote that forwards it as is.
	Raw json.RawMessage `json:"-"`
	// Agent names the agent that sent the call when it is not Claude Code
	// (the hook translated its payload into this shape); "" is Claude Code.
	Agent string `json:"-"`
	// Sandboxed says that an allow of this call runs under gatehouse
	// sandbox (the hook wraps it), so sandbox.autoAllowBashIfSandboxed may
	// apply; set by the hook, never read from the input.
	Sandboxed bool `json:"-"`
}

// ParsePayload decodes and validates one hook input. It refuses anything the
// policy could read differently from Claude Code: invalid UTF-8, object keys
// that repeat or differ only in case (Go's decoder matches field names
// case-insensitively and keeps the last duplicate, JavaScript keeps the exact
// name), a missing tool_name or tool_input, a tool_input that is not an object,
// and events other than PreToolUse.
func ParsePayload(data []byte) (Payload, error) {
	var p Payload
	data = bytes.TrimSpace(data)
	if err := checkDocument(data); err != nil {
		return p, err
	}
	if err := json.Unmarshal(data, &p); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return Payload{}, fmt.Errorf("hook input: field %s is a JSON %s, want %s", te.Field, te.Value, te.Type)
		}
		return Payload{}, fmt.Errorf("hook input: %w", err)
	}
	switch {
	case p.HookEventName == "":
		return p, errors.New("hook input: hook_event_name missing")
	case p.HookEventName != EventPreToolUse:
		return p, fmt.Errorf("hook input: hook_event_name is %q, want %q; register gatehouse hook under hooks.PreToolUse", p.HookEventName, EventPreToolUse)
	case p.ToolName == "":
		return p, errors.New("hook input: tool_name missing")
	case strings.ContainsFunc(p.ToolName, isControl):
		return p, errors.New("hook input: tool_name contains control characters")
	}
	in := bytes.TrimSpace(p.ToolInput)
	if len(in) == 0 || bytes.Equal(in, []byte("null")) {
		return p, errors.New("hook input: tool_input missing")
	}
	if in[0] != '{' {
		return p, fmt.Errorf("hook input: tool_input is not a JSON object (starts with %q)", in[:1])
	}
	p.ToolInput = in
	p.Raw = data
	return p, nil
}

// checkDocument refuses input that JSON readers could read differently:
// empty input, invalid UTF-8, anything but one object, repeated keys.
func checkDocument(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return errors.New("hook input: stdin is empty; gatehouse hook expects Claude Code's PreToolUse JSON on stdin")
	}
	if !utf8.Valid(data) {
		return errors.New("hook input: not valid UTF-8")
	}
	if data[0] != '{' {
		return errors.New("hook input: not a JSON object; gatehouse hook expects Claude Code's PreToolUse JSON on stdin")
	}
	if err := checkKeys(data); err != nil {
		return fmt.Errorf("hook input: %w", err)
	}
	return nil
}

// checkKeys walks the whole document and rejects duplicate object keys,
// including keys equal under Unicode case folding, at any depth.
func checkKeys(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := walkValue(dec, "", 0); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("trailing data after the JSON object")
	}
	return nil
}

// maxDepth bounds nesting so that a hostile document cannot exhaust the stack.
const maxDepth = 1000

func walkValue(dec *json.Decoder, path string, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("nested deeper than %d levels", maxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return syntaxError(err)
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	switch d {
	case '{':
		seen := map[string]string{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return syntaxError(err)
			}
			key, _ := tok.(string)
			folded := foldKey(key)
			if prev, dup := seen[folded]; dup {
				if prev == key {
					return fmt.Errorf("key %q appears twice in %s", key, where(path))
				}
				return fmt.Errorf("keys %q and %q differ only in case in %s", prev, key, where(path))
			}
			seen[folded] = key
			if err := walkValue(dec, path+"."+key, depth+1); err != nil {
				return err
			}
		}
	case '[':
		for i := 0; dec.More(); i++ {
			if err := walkValue(dec, fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing delimiter
		return syntaxError(err)
	}
	return nil
}

// foldKey maps key to one representative of its Unicode simple case-folding
// class, the equivalence encoding/json uses to match field names (so "K",
// "k" and the Kelvin sign "\u212a" fold alike).
func foldKey(key string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, key)
}

func where(path string) string {
	if path == "" {
		return "the top-level object"
	}
	return strings.TrimPrefix(path, ".")
}

func syntaxError(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return errors.New("JSON ends early (truncated input?)")
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON at byte %d: %v", se.Offset, se)
	}
	return fmt.Errorf("invalid JSON: %w", err)
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }
