// Package agentproto is what an agent needs to reach a running Gatehouse
// server: the method names and messages of the agent socket (JSON-RPC 2.0,
// one JSON object per line), the discovery records that say which socket
// serves which workspace, and a small client.
//
// It is apart from the server (internal/agentsock) so that the hook, which
// runs before every tool call of every agent, links none of the server's
// machinery: a process's start-up cost is mostly the code it loads.
package agentproto

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
	// Sandboxed says the caller runs what is allowed under gatehouse
	// sandbox, so the server may apply sandbox.autoAllowBashIfSandboxed
	// (when its own reading of the settings enables it).
	Sandboxed bool `json:"sandboxed,omitempty"`
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
