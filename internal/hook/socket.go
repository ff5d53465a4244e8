package hook

import (
	"context"
	"errors"
	"fmt"

	"github.com/gatehouse/gatehouse/internal/agentproto"
)

// SocketRemote asks the Gatehouse server of the project over its agent
// socket: Socket when set ($GATEHOUSE_SOCKET in the editor's terminals),
// else the discovery record of the project directory. It is the one client
// of the socket that the hook and the MCP proxy share.
type SocketRemote struct {
	Socket string
	// Agent names the agent when the payload does not (the MCP proxy).
	Agent string
	// AskReason turns an allow into an ask on the server (see
	// agentproto.HookParams).
	AskReason string
	// Offline is set when no server answered, so the hook decided from
	// the offline policy.
	Offline bool
}

// frameHeadroom is room in a socket frame for the JSON-RPC envelope around
// the payload.
const frameHeadroom = 64 << 10

// Decide implements Remote.
func (r *SocketRemote) Decide(ctx context.Context, p Payload, projectDir string) (Answer, error) {
	if len(p.Raw)+len(projectDir) > agentproto.MaxFrame-frameHeadroom {
		// The server would cut the connection mid-write and the person would
		// read "the server stopped"; say what happened instead. Never allow.
		return stopped(p, fmt.Sprintf("the tool input is %d MiB, more than the %d MiB the editor's server accepts, so it was not shown there", len(p.Raw)>>20, agentproto.MaxFrame>>20)), nil
	}
	c, err := agentproto.DialProject(ctx, r.Socket, projectDir)
	if errors.Is(err, agentproto.ErrNoServer) {
		r.Offline = true
		return Answer{}, fmt.Errorf("%w: %v", ErrNoServer, err)
	}
	if err != nil {
		// A socket that exists but cannot be reached is not "no server":
		// something is wrong, and the hook must not decide as if alone.
		return Answer{}, err
	}
	defer c.Close()
	agent := p.Agent
	if agent == "" {
		agent = r.Agent
	}
	if agent == "" {
		agent = "claude-code"
	}
	res, err := c.Hook(ctx, agentproto.HookParams{Payload: p.Raw, ProjectDir: projectDir, Agent: agent, AskReason: r.AskReason, Sandboxed: p.Sandboxed})
	if err != nil {
		return Answer{}, err
	}
	return Answer{Decision: res.Decision, Reason: res.Reason, UpdatedInput: res.UpdatedInput}, nil
}
