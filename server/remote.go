package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/gatehouse/gatehouse/internal/agentsock"
	"github.com/gatehouse/gatehouse/internal/hook"
)

func init() {
	newRemote = func(hook.Env) hook.Remote { return socketRemote{} }
}

// socketRemote asks the server of the project over its agent socket:
// $GATEHOUSE_SOCKET when the agent runs in the editor's terminal, else the
// discovery record of the project directory.
type socketRemote struct{}

// frameHeadroom is room in a socket frame for the JSON-RPC envelope around
// the payload.
const frameHeadroom = 64 << 10

func (socketRemote) Decide(ctx context.Context, p hook.Payload, projectDir string) (hook.Answer, error) {
	if len(p.Raw)+len(projectDir) > agentsock.MaxFrame-frameHeadroom {
		// The server would cut the connection mid-write and the person would
		// read "the server stopped"; say what happened instead. Never allow.
		why := fmt.Sprintf("Gatehouse: the tool input is %d MiB, more than the %d MiB the editor's server accepts, so it was not shown there", len(p.Raw)>>20, agentsock.MaxFrame>>20)
		if p.PermissionMode == "dontAsk" {
			return hook.Answer{Decision: hook.Deny, Reason: why + "; denied because the session is in dontAsk mode"}, nil
		}
		return hook.Answer{Decision: hook.Ask, Reason: why + "; approve here if you want this to run"}, nil
	}
	c, err := agentsock.DialProject(ctx, os.Getenv("GATEHOUSE_SOCKET"), projectDir)
	if errors.Is(err, agentsock.ErrNoServer) {
		return hook.Answer{}, fmt.Errorf("%w: %v", hook.ErrNoServer, err)
	}
	if err != nil {
		// A socket that exists but cannot be reached is not "no server":
		// something is wrong, and the hook must not decide as if alone.
		return hook.Answer{}, err
	}
	defer c.Close()
	agent := p.Agent
	if agent == "" {
		agent = "claude-code"
	}
	res, err := c.Hook(ctx, agentsock.HookParams{Payload: p.Raw, ProjectDir: projectDir, Agent: agent})
	if err != nil {
		return hook.Answer{}, err
	}
	return hook.Answer{Decision: res.Decision, Reason: res.Reason, UpdatedInput: res.UpdatedInput}, nil
}
