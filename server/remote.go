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

func (socketRemote) Decide(ctx context.Context, p hook.Payload, projectDir string) (hook.Answer, error) {
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
	res, err := c.Hook(ctx, agentsock.HookParams{Payload: p.Raw, ProjectDir: projectDir, Agent: "claude-code"})
	if err != nil {
		return hook.Answer{}, err
	}
	return hook.Answer{Decision: res.Decision, Reason: res.Reason, UpdatedInput: res.UpdatedInput}, nil
}
