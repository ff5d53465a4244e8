// Package agent reads the pre-tool hook payloads of the coding agents
// Gatehouse serves and writes decisions back in each agent's own format and
// exit-code convention.
//
// Every agent's tool call becomes an agent-neutral Call: one or more Parts,
// each named with the policy's tool vocabulary (Bash, Edit, MultiEdit, Write,
// Read, WebFetch, WebSearch, mcp__SERVER__TOOL), so one set of rules decides
// for every agent. A call that touches several files (an apply_patch, a
// multi-file replacement) is one Part per file; the call is allowed only when
// every Part is.
//
// Most agents fail open: a crash, a timeout or an answer they do not expect
// lets the tool run. So every Render ends in the form the agent reads as
// blocking whenever the decision is not allow, and an agent that has no
// "ask" gets a deny that says how to approve.
package agent

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/gatehouse/gatehouse/internal/verdict"
	"sort"
	"strings"
)

// Name identifies an agent in audit records and in the editor.
type Name string

// The agents Gatehouse recognises from their payloads.
const (
	ClaudeCode Name = "claude-code"
	VSCode     Name = "vscode-copilot"
	Cursor     Name = "cursor"
	Codex      Name = "codex"
	Gemini     Name = "gemini-cli"
	Cline      Name = "cline"
	CopilotCLI Name = "copilot-cli"
)

// Events the adapters answer.
const (
	EventPreToolUse        = "PreToolUse"
	EventPermissionRequest = "PermissionRequest"
)

// The three decisions, in the policy's vocabulary.
const (
	Allow = verdict.Allow
	Deny  = verdict.Deny
	Ask   = verdict.Ask
)

// Part is one tool call in the policy's vocabulary.
type Part struct {
	Tool  string          // Bash, Edit, MultiEdit, Write, Read, WebFetch, WebSearch, mcp__s__t, or the agent's own name when unknown
	Input json.RawMessage // that tool's input, Claude Code's field names
	Cwd   string          // working directory of this part ("" = the call's)
}

// Call is one agent's tool call, agent-neutral.
type Call struct {
	Agent   Name
	Event   string // EventPreToolUse or EventPermissionRequest
	Session string
	Cwd     string // absolute working directory ("" when the agent sends none)
	Mode    string // the agent's permission mode, when it uses the policy's names
	Tool    string // the tool as the agent named it
	// ToolInput is the agent's tool input as sent (an object), for rewrites.
	ToolInput json.RawMessage
	Parts     []Part
	// Legacy is true for a Claude Code PreToolUse payload: the hook's own
	// Claude Code path decides it, byte for byte as before.
	Legacy bool
}

// Decision is the neutral answer to a Call.
type Decision struct {
	Behavior string // Allow, Deny or Ask
	Reason   string
	// UpdatedInput, when set, is the policy-vocabulary input of a
	// single-part call to run instead (a rewritten command, a partly
	// accepted edit).
	UpdatedInput json.RawMessage
}

// Output is what the hook process prints and returns.
type Output struct {
	Stdout []byte
	Stderr string
	Code   int
}

// ErrUnknown is wrapped by Parse for a payload no adapter recognises.
var ErrUnknown = errors.New("unrecognised hook payload")

// probe holds the fields that tell the agents apart.
type probe struct {
	HookName       *string         `json:"hookName"`
	PreToolUse     json.RawMessage `json:"preToolUse"`
	ConversationID *string         `json:"conversation_id"`
	WorkspaceRoots json.RawMessage `json:"workspace_roots"`
	ToolName       *string         `json:"toolName"`
	ToolArgs       json.RawMessage `json:"toolArgs"`
	HookEventName  string          `json:"hook_event_name"`
	Timestamp      json.RawMessage `json:"timestamp"`
	PermissionMode *string         `json:"permission_mode"`
	TurnID         *string         `json:"turn_id"`
	Model          *string         `json:"model"`
}

// Detect names the agent that wrote data, from the payload alone (never
// from environment variables, which several agents set alike), checking in
// the order of the agents' docs. ok is false when no rule matches.
func Detect(data []byte) (Name, bool) {
	var p probe
	if json.Unmarshal(data, &p) != nil {
		return "", false
	}
	event := p.HookEventName
	switch {
	case p.HookName != nil && len(p.PreToolUse) > 0:
		return Cline, true
	case p.ConversationID != nil && len(p.WorkspaceRoots) > 0:
		return Cursor, true
	case p.ToolName != nil && len(p.ToolArgs) > 0:
		return CopilotCLI, true
	case event == "BeforeTool":
		return Gemini, true
	case event == EventPreToolUse && isString(p.Timestamp) && p.PermissionMode == nil:
		return VSCode, true
	case (event == EventPreToolUse || event == EventPermissionRequest) && p.TurnID != nil && p.Model != nil:
		return Codex, true
	case event == EventPreToolUse || event == EventPermissionRequest:
		return ClaudeCode, true
	}
	return "", false
}

func isString(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '"'
}

// Parse reads one hook payload (already checked to be one UTF-8 JSON object
// without duplicate keys) into a Call. A Claude Code PreToolUse payload
// comes back with Legacy set and no Parts.
func Parse(data []byte) (Call, error) {
	name, ok := Detect(data)
	if !ok {
		return Call{}, fmt.Errorf("%w: %s", ErrUnknown, Describe(data))
	}
	var c Call
	var err error
	switch name {
	case ClaudeCode:
		c, err = parseClaude(data)
	case VSCode:
		c, err = parseVSCode(data)
	case Cursor:
		c, err = parseCursor(data)
	case Codex:
		c, err = parseCodex(data)
	case Gemini:
		c, err = parseGemini(data)
	case Cline:
		c, err = parseCline(data)
	case CopilotCLI:
		c, err = parseCopilotCLI(data)
	}
	c.Agent = name
	if err != nil {
		return c, fmt.Errorf("%s hook input: %w", name, err)
	}
	if !c.Legacy && len(c.Parts) == 0 {
		return c, fmt.Errorf("%s hook input: tool %q has nothing to decide", name, c.Tool)
	}
	return c, nil
}

// Describe names what an unrecognised payload looked like: its top-level
// keys and its event name, so the person can tell which agent sent it.
func Describe(data []byte) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) != nil {
		return "not a JSON object"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 12 {
		keys = append(keys[:12], "…")
	}
	ev := ""
	if raw, ok := m["hook_event_name"]; ok {
		ev = " and hook_event_name " + string(raw)
	}
	return fmt.Sprintf("keys %s%s; gatehouse hook answers the pre-tool hooks of Claude Code, VS Code Copilot, Cursor, Codex CLI, Gemini CLI and Cline", strings.Join(keys, ", "), ev)
}

// Render writes d in the call's agent format. It never returns a form the
// agent reads as "go ahead" unless d allows.
func Render(c Call, d Decision) Output {
	switch d.Behavior {
	case Allow, Deny, Ask:
	default:
		d = Decision{Behavior: Deny, Reason: fmt.Sprintf("Gatehouse produced an unknown decision %q; denied to be safe", d.Behavior)}
	}
	if d.Behavior != Allow {
		d.UpdatedInput = nil
	}
	d.Reason = cleanReason(d.Reason)
	switch c.Agent {
	case VSCode:
		return renderVSCode(c, d)
	case Cursor:
		return renderCursor(c, d)
	case Codex:
		return renderCodex(c, d)
	case Gemini:
		return renderGemini(c, d)
	case Cline:
		return renderCline(c, d)
	case CopilotCLI:
		return renderCopilotCLI(c, d)
	}
	return renderClaude(c, d)
}

// Fail renders an error as the agent's blocking answer.
func Fail(c Call, err error) Output {
	return Render(c, Decision{Behavior: Deny, Reason: "Gatehouse: " + err.Error()})
}

// noAsk turns an ask into a deny for agents that have no ask (or read it as
// a failed hook and run the tool): the reason says how to approve.
func noAsk(d Decision) Decision {
	if d.Behavior == Ask {
		d.Behavior = Deny
		d.Reason = strings.TrimSpace(d.Reason) + " This agent cannot ask, so Gatehouse blocked it: approve it in the editor's Gatehouse panel (open the workspace in VS Code with the extension) or add an allow rule to .claude/settings.json, then retry."
	}
	return d
}

// rewrite returns the agent's own tool input with the command replaced by
// the one in d.UpdatedInput, for shell tools whose rewrite maps back one to
// one; ok is false otherwise.
func rewrite(c Call, d Decision, field string) (json.RawMessage, bool) {
	if len(d.UpdatedInput) == 0 || len(c.Parts) != 1 || c.Parts[0].Tool != "Bash" || field == "" {
		return nil, false
	}
	var upd struct {
		Command *string `json:"command"`
	}
	if json.Unmarshal(d.UpdatedInput, &upd) != nil || upd.Command == nil {
		return nil, false
	}
	var orig map[string]json.RawMessage
	if json.Unmarshal(c.ToolInput, &orig) != nil || orig == nil {
		return nil, false
	}
	cmd, _ := json.Marshal(*upd.Command)
	orig[field] = cmd
	out, err := json.Marshal(orig)
	if err != nil {
		return nil, false
	}
	return out, true
}

// partial refuses an allow whose UpdatedInput cannot be handed to the agent
// (a partly accepted edit in an agent without a matching rewrite field):
// running the whole edit would run what the person rejected.
func partial(d Decision) Decision {
	return Decision{Behavior: Deny, Reason: "Gatehouse: only part of this change was accepted and this agent cannot take a changed tool input; make the change again with only the accepted parts. " + d.Reason}
}

// encode marshals v as one line without HTML escaping (reasons quote
// commands: keep && and > readable).
func encode(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil
	}
	return buf.Bytes()
}

const maxReason = 2000

// cleanReason makes a reason one bounded line.
func cleanReason(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if len(s) > maxReason {
		cut := maxReason
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
