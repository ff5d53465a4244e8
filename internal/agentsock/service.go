package agentsock

import (
	"context"

	"github.com/gatehouse/gatehouse/internal/gate"
	"github.com/gatehouse/gatehouse/internal/hook"
	"github.com/gatehouse/gatehouse/internal/verdict"
)

// GateService serves a gate on the socket. It is the socket's adapter: a
// MethodHook payload is Claude Code-shaped (the hook sends every other
// agent's call as such parts, and the MCP proxy writes one), so it is read
// with the hook's own parser and handed to the gate as an agent-neutral
// request; the gate never sees a wire format.
type GateService struct{ Gate *gate.Gate }

// Hook implements Service.
func (s GateService) Hook(ctx context.Context, p HookParams) (HookResult, error) {
	payload, err := hook.ParsePayload(p.Payload)
	if err != nil {
		return HookResult{Decision: verdict.Deny, Reason: "Gatehouse: " + err.Error()}, nil
	}
	project := p.ProjectDir
	if project == "" {
		project = payload.Cwd
	}
	a := s.Gate.Submit(ctx, gate.Request{
		Project:    project,
		Cwd:        payload.Cwd,
		Agent:      p.Agent,
		Session:    payload.SessionID,
		Tool:       payload.ToolName,
		Input:      payload.ToolInput,
		Mode:       payload.PermissionMode,
		AskReason:  p.AskReason,
		Sandboxed:  p.Sandboxed,
		Waiting:    func() bool { return Waiting(ctx) },
		StopReason: func() string { return StopReason(ctx) },
	})
	return HookResult{Decision: a.Decision, Reason: a.Reason, UpdatedInput: a.UpdatedInput}, nil
}

// Explain implements Service.
func (s GateService) Explain(_ context.Context, p ExplainParams) (any, error) {
	return s.Gate.ExplainCommand(p.Command, p.Description, p.Cwd), nil
}

// Status implements Service.
func (s GateService) Status(ctx context.Context) (any, error) { return s.Gate.Status(ctx) }
