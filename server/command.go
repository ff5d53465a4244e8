package main

import (
	"context"
	"encoding/json"
	"fmt"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/gatehouse/gatehouse/internal/gate"
)

func serverCommands() []string {
	return []string{
		cmdListPending, cmdDecide, cmdSetMode, cmdGetState, cmdApprove, cmdDeny, cmdExplain,
		cmdEffectivePermissions, cmdAcceptHunk, cmdRejectHunk, cmdAcceptFile, cmdRejectFile,
		cmdAcceptAll, cmdRejectAll, cmdRevert, cmdAuditTail, cmdShowDiffText,
	}
}

// commandArgs is the union of every command's single argument object.
type commandArgs struct {
	ID          string `json:"id"`
	Decision    string `json:"decision"`
	Scope       string `json:"scope"`
	Reason      string `json:"reason"`
	Rule        string `json:"rule"`
	Mode        string `json:"mode"`
	Hunk        *int   `json:"hunk"`
	Command     string `json:"command"`
	Description string `json:"description"`
	Cwd         string `json:"cwd"`
	Limit       int    `json:"limit"`
}

func (s *lspServer) ExecuteCommand(ctx context.Context, params *protocol.ExecuteCommandParams) (protocol.LSPAny, error) {
	var a commandArgs
	if len(params.Arguments) > 0 && len(params.Arguments[0]) > 0 && string(params.Arguments[0]) != "null" {
		if err := json.Unmarshal(params.Arguments[0], &a); err != nil {
			return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: argument must be an object: %v", params.Command, err)
		}
	}
	res, err := s.execute(ctx, params.Command, a)
	if err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: %v", params.Command, err)
	}
	return marshalAny(res), nil
}

func (s *lspServer) execute(ctx context.Context, command string, a commandArgs) (any, error) {
	switch command {
	case cmdListPending:
		return s.pendingViews(), nil
	case cmdGetState:
		return s.state(), nil
	case cmdDecide:
		return ok(s.g.Decide(gate.Verdict{ID: a.ID, Decision: a.Decision, Scope: a.Scope, Reason: a.Reason, Rule: a.Rule}))
	case cmdApprove:
		return ok(s.g.Decide(gate.Verdict{ID: a.ID, Decision: "allow", Scope: a.Scope, Rule: a.Rule}))
	case cmdDeny:
		return ok(s.g.Decide(gate.Verdict{ID: a.ID, Decision: "deny", Reason: a.Reason}))
	case cmdSetMode:
		return ok(s.g.SetMode(a.Mode))
	case cmdExplain:
		if a.Command == "" {
			return nil, fmt.Errorf("needs {command}")
		}
		return s.g.ExplainCommand(a.Command, a.Description, a.Cwd), nil
	case cmdEffectivePermissions:
		return s.g.EffectivePermissions(), nil
	case cmdAcceptHunk, cmdRejectHunk:
		if a.Hunk == nil {
			return nil, fmt.Errorf("needs {id, hunk}")
		}
		return ok(s.g.SetHunk(a.ID, *a.Hunk, command == cmdAcceptHunk))
	case cmdAcceptFile, cmdRejectFile:
		return ok(s.g.SetFile(a.ID, command == cmdAcceptFile))
	case cmdAcceptAll, cmdRejectAll:
		return ok(s.g.SetAllEdits(command == cmdAcceptAll))
	case cmdRevert:
		return ok(s.revert(ctx, a.ID))
	case cmdAuditTail:
		return s.auditTail(a.Limit)
	case cmdShowDiffText:
		return s.showDiffText(ctx, a.ID)
	}
	return nil, fmt.Errorf("unknown command")
}

func ok(err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return map[string]bool{"ok": true}, nil
}

func marshalAny(v any) protocol.LSPAny {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(map[string]string{"error": err.Error()})
	}
	return protocol.LSPAny(b)
}
