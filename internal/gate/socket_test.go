package gate

import (
	"context"
	"encoding/json"

	"github.com/gatehouse/gatehouse/internal/hook"
	"github.com/gatehouse/gatehouse/internal/verdict"
)

// hookParams is what the agent socket hands over: a Claude Code-shaped
// payload and the project it is for.
type hookParams struct {
	Payload    json.RawMessage
	ProjectDir string
	Agent      string
	AskReason  string
}

// Hook reads a payload the way the socket's adapter does
// (agentsock.GateService, which these tests cannot import: it imports the
// gate) and submits it.
func (g *Gate) Hook(ctx context.Context, p hookParams) (Answer, error) {
	payload, err := hook.ParsePayload(p.Payload)
	if err != nil {
		return Answer{Decision: verdict.Deny, Reason: "Gatehouse: " + err.Error()}, nil
	}
	project := p.ProjectDir
	if project == "" {
		project = payload.Cwd
	}
	return g.Submit(ctx, Request{Project: project, Cwd: payload.Cwd, Agent: p.Agent, Session: payload.SessionID,
		Tool: payload.ToolName, Input: payload.ToolInput, Mode: payload.PermissionMode, AskReason: p.AskReason}), nil
}
