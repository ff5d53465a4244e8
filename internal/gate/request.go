package gate

import "encoding/json"

// Request is one agent-neutral call to decide: what an agent's adapter made
// of its payload, whichever agent sent it. The gate knows no agent's wire
// format; the adapters (internal/agentsock for the socket, internal/hook
// for the offline hook) translate to and from it.
type Request struct {
	Project string          // the project whose settings and boundary decide (absolute)
	Cwd     string          // the call's working directory (absolute)
	Agent   string          // which agent asked: claude-code, vscode-copilot, cursor, …
	Session string          // the agent's session id; "" when it has none
	Tool    string          // the tool, by Claude Code's names: Bash, Edit, Write, Read, WebFetch, mcp__s__t, …
	Input   json.RawMessage // the tool's input, by Claude Code's field names
	Mode    string          // the agent's permission mode
	// AskReason, when set, turns what policy would allow into an ask with
	// this reason (the MCP proxy's unapproved tool descriptions).
	AskReason string
	// Sandboxed: the caller runs what is allowed under gatehouse sandbox,
	// so sandbox.autoAllowBashIfSandboxed may apply (internal/sandbox/wrap).
	Sandboxed bool
	// Waiting reports whether the agent still waits for the answer, and
	// StopReason why it stopped (StopInterrupted, StopTimeout, or "" when it
	// said nothing); nil means still waiting and no reason known.
	Waiting    func() bool
	StopReason func() string
}

// Why an agent stopped waiting, when its adapter knows.
const (
	StopInterrupted = "interrupted"
	StopTimeout     = "timeout"
)

// Answer is the gate's answer to a Request, in the vocabulary of
// internal/verdict: allow, ask or deny, the reason, and the tool input to
// run instead when the person changed it (partial or edited acceptance).
type Answer struct {
	Decision     string
	Reason       string
	UpdatedInput json.RawMessage
}

func (r Request) waiting() bool { return r.Waiting == nil || r.Waiting() }
func (r Request) stopReason() string {
	if r.StopReason == nil {
		return ""
	}
	return r.StopReason()
}
