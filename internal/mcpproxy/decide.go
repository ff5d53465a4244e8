package mcpproxy

// This file is the only place where the proxy reaches the hook's decision
// path and the agent socket: everything else in the package speaks MCP.

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gatehouse/gatehouse/internal/hook"
)

// Agent names the proxy to the server, the approvals panel and the audit log.
const Agent = "mcp-proxy"

// Call is one tools/call to decide.
type Call struct {
	Server    string          // the --name of the proxied server
	Tool      string          // the tool's name as the server lists it
	Arguments json.RawMessage // a JSON object
	// AskReason, when set, asks the person even if a rule allows the call:
	// the tool's description is new or changed since it was approved.
	AskReason string
}

// Verdict is the decision on a Call.
type Verdict struct {
	Allow  bool
	Reason string
	// Arguments replace the call's arguments when the person edited them.
	Arguments json.RawMessage
}

// Decider decides tools/call requests.
type Decider interface {
	Decide(ctx context.Context, c Call) Verdict
}

// HookDecider decides like `gatehouse hook` does for an mcp__SERVER__TOOL
// call: the project's server over its agent socket (GATEHOUSE_SOCKET, else
// discovery), waiting for the person; with no server, the offline policy.
// Where the hook would answer ask there is nobody to ask behind an MCP
// client, so ask is refused with the reason.
type HookDecider struct {
	Env     hook.Env
	Project string // absolute workspace root
	Session string // one id per proxy process: "session" approvals last as long as it
	Socket  string // $GATEHOUSE_SOCKET; "" means discovery by project
}

// Decide implements Decider. Every failure is a refusal with its reason.
func (h HookDecider) Decide(ctx context.Context, c Call) Verdict {
	args := c.Arguments
	if len(args) == 0 || string(args) == "null" {
		args = json.RawMessage("{}")
	}
	payload, err := json.Marshal(map[string]any{
		"session_id":      h.Session,
		"cwd":             h.Project,
		"permission_mode": "default",
		"hook_event_name": hook.EventPreToolUse,
		"tool_name":       ToolRuleName(c.Server, c.Tool),
		"tool_input":      args,
	})
	if err != nil {
		return refuse(fmt.Sprintf("Gatehouse: the arguments of %s are not valid JSON (%v)", c.Tool, err))
	}
	env := h.Env
	env.ProjectDir = h.Project
	remote := &hook.SocketRemote{Socket: h.Socket, Agent: Agent, AskReason: c.AskReason}
	a, err := hook.Decide(ctx, env, payload, remote)
	if err != nil {
		return refuse("Gatehouse: " + err.Error())
	}
	switch a.Decision {
	case hook.Allow:
		if remote.Offline && c.AskReason != "" {
			// The offline policy allows by a rule written before this
			// description; nobody is here to approve the description.
			return refuse(c.AskReason + " No Gatehouse server is running to ask: open the project in the editor with Gatehouse, then call the tool again.")
		}
		return Verdict{Allow: true, Reason: a.Reason, Arguments: a.UpdatedInput}
	case hook.Deny:
		return refuse(a.Reason)
	}
	return refuse(a.Reason + " (nobody could be asked: start the editor with Gatehouse for this project, or add a rule, then call the tool again)")
}

func refuse(reason string) Verdict { return Verdict{Reason: reason} }
