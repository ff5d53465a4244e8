// Package agentsock is the local endpoint through which agents reach a running
// Gatehouse server: JSON-RPC 2.0, one JSON object per line, on a unix socket
// that only the same user can open. It also keeps the discovery records that
// let `gatehouse hook` find the server of a project without GATEHOUSE_SOCKET.
//
// The socket is the trust boundary between the agent's processes and the
// approval broker, so it refuses peers of another uid, frames over 8 MiB and
// unknown methods, and one bad client never affects another.
package agentsock

import (
	"encoding/json"
	"errors"
)

// Method names on the agent socket. docs/protocol.md documents them.
const (
	// MethodHook asks for a decision on one Claude Code PreToolUse payload and
	// waits until policy or a person decides.
	MethodHook = "gatehouse/hook"
	// MethodExplain explains a shell command without deciding anything.
	MethodExplain = "gatehouse/explain"
	// MethodStatus reports the server's version, roots, mode and pending count.
	MethodStatus = "gatehouse/status"
)

// MaxFrame is the largest JSON-RPC message accepted on the socket. Hook
// payloads carry whole file contents (Write), so it is generous, but bounded
// so that a broken or hostile client cannot exhaust memory.
const MaxFrame = 8 << 20

// HookParams are the parameters of MethodHook.
type HookParams struct {
	// Payload is the hook input exactly as Claude Code wrote it on stdin.
	Payload json.RawMessage `json:"payload"`
	// ProjectDir is $CLAUDE_PROJECT_DIR, or the payload's cwd when unset.
	ProjectDir string `json:"projectDir"`
	// Agent names the caller ("claude-code" for the hook).
	Agent string `json:"agent,omitempty"`
	// AskReason, when set, makes a call that policy would allow ask the
	// person instead, with this reason (deny rules still deny; in dontAsk
	// mode it is denied). The MCP proxy sets it for a tool whose
	// description the person has not approved yet.
	AskReason string `json:"askReason,omitempty"`
}

// HookResult is the answer to MethodHook, in Claude Code's vocabulary.
type HookResult struct {
	Decision     string          `json:"decision"` // allow | deny | ask
	Reason       string          `json:"reason"`
	UpdatedInput json.RawMessage `json:"updatedInput,omitempty"`
}

// ExplainParams are the parameters of MethodExplain.
type ExplainParams struct {
	Command     string `json:"command"`
	Description string `json:"description,omitempty"`
	Cwd         string `json:"cwd,omitempty"`
}

// ErrNoServer means no server answers for the project: the caller decides
// locally from the same policy.
var ErrNoServer = errors.New("no Gatehouse server is running for this project")
