package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"slices"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/gatehouse/gatehouse/internal/audit"
	"github.com/gatehouse/gatehouse/internal/explain"
	"github.com/gatehouse/gatehouse/internal/gate"
	"github.com/gatehouse/gatehouse/internal/sandbox"
)

// command is one workspace/executeCommand command: its name, the types of
// its argument and result (protocol_commands.go), and what it runs.
type command struct {
	Name   string
	Args   reflect.Type
	Result reflect.Type
	run    func(s *lspServer, ctx context.Context, raw json.RawMessage) (any, error)
}

// typed builds a command whose argument is decoded strictly into A.
func typed[A, R any](name string, fn func(s *lspServer, ctx context.Context, a A) (R, error)) command {
	return command{Name: name, Args: reflect.TypeFor[A](), Result: reflect.TypeFor[R](), run: func(s *lspServer, ctx context.Context, raw json.RawMessage) (any, error) {
		var a A
		if err := decodeArgs(raw, &a); err != nil {
			return nil, err
		}
		return fn(s, ctx, a)
	}}
}

// commands lists every command the server serves, in the order
// executeCommandProvider reports them.
var commands = []command{
	typed(cmdListPending, func(s *lspServer, _ context.Context, _ NoArgs) ([]pendingView, error) { return s.pendingViews(), nil }),
	typed(cmdDecide, func(s *lspServer, _ context.Context, a DecideArgs) (OKResult, error) {
		return ok(s.g.Decide(gate.Verdict{ID: a.ID, Decision: a.Decision, Scope: a.Scope, Reason: a.Reason, Rule: a.Rule}))
	}),
	typed(cmdSetMode, func(s *lspServer, _ context.Context, a SetModeArgs) (SetModeResult, error) { return s.setMode(a.Mode) }),
	typed(cmdGetState, func(s *lspServer, _ context.Context, _ NoArgs) (stateView, error) { return s.state(), nil }),
	typed(cmdApprove, func(s *lspServer, _ context.Context, a ApproveArgs) (OKResult, error) {
		return ok(s.g.Decide(gate.Verdict{ID: a.ID, Decision: "allow", Scope: a.Scope, Rule: a.Rule}))
	}),
	typed(cmdDeny, func(s *lspServer, _ context.Context, a DenyArgs) (OKResult, error) {
		return ok(s.g.Decide(gate.Verdict{ID: a.ID, Decision: "deny", Reason: a.Reason}))
	}),
	typed(cmdExplain, func(s *lspServer, _ context.Context, a ExplainArgs) (explain.Explanation, error) {
		if a.Command == "" {
			return explain.Explanation{}, fmt.Errorf("needs {command}")
		}
		return s.g.ExplainCommand(a.Command, a.Description, a.Cwd), nil
	}),
	typed(cmdEffectivePermissions, func(s *lspServer, _ context.Context, _ NoArgs) ([]gate.PermissionRow, error) {
		return s.g.EffectivePermissions(), nil
	}),
	typed(cmdAcceptHunk, func(s *lspServer, _ context.Context, a HunkArgs) (OKResult, error) { return s.setHunk(a, true) }),
	typed(cmdRejectHunk, func(s *lspServer, _ context.Context, a HunkArgs) (OKResult, error) { return s.setHunk(a, false) }),
	typed(cmdAcceptFile, func(s *lspServer, _ context.Context, a FileArgs) (OKResult, error) {
		return ok(s.g.SetFile(a.ID, true))
	}),
	typed(cmdRejectFile, func(s *lspServer, _ context.Context, a FileArgs) (OKResult, error) {
		return ok(s.g.SetFile(a.ID, false))
	}),
	typed(cmdAcceptAll, func(s *lspServer, _ context.Context, _ NoArgs) (OKResult, error) { return ok(s.g.SetAllEdits(true)) }),
	typed(cmdRejectAll, func(s *lspServer, _ context.Context, _ NoArgs) (OKResult, error) { return ok(s.g.SetAllEdits(false)) }),
	typed(cmdRevert, func(s *lspServer, ctx context.Context, a IDArgs) (OKResult, error) { return ok(s.revert(ctx, a.ID)) }),
	typed(cmdAuditTail, func(s *lspServer, _ context.Context, a AuditTailArgs) ([]json.RawMessage, error) {
		return s.auditEntries(a.Limit)
	}),
	typed(cmdAcceptModified, func(s *lspServer, _ context.Context, a AcceptModifiedArgs) (OKResult, error) {
		return ok(s.g.AcceptModified(a.ID, []byte(a.Content)))
	}),
	typed(cmdHunkStates, func(s *lspServer, _ context.Context, a IDArgs) ([]gate.HunkState, error) { return s.g.HunkStates(a.ID) }),
	typed(cmdSettled, func(s *lspServer, _ context.Context, a SettledArgs) ([]gate.Settled, error) {
		out := s.g.Settled(a.IDs)
		if out == nil {
			out = []gate.Settled{}
		}
		return out, nil
	}),
	typed(cmdAuditView, func(s *lspServer, _ context.Context, a AuditViewArgs) (AuditView, error) { return s.auditView(a.Limit) }),
	typed(cmdPermissions, func(s *lspServer, _ context.Context, _ NoArgs) (PermissionsView, error) {
		v := PermissionsView{Mode: s.state().Mode, Rules: s.g.EffectivePermissions(), Sessions: s.g.SessionRules()}
		if v.Rules == nil {
			v.Rules = []gate.PermissionRow{}
		}
		if v.Sessions == nil {
			v.Sessions = []gate.PermissionRow{}
		}
		v.Sandbox = []SandboxCheck{}
		self, _ := os.Executable()
		for _, it := range sandbox.Check(self) {
			v.Sandbox = append(v.Sandbox, SandboxCheck{Name: it.Name, OK: it.OK, Detail: it.Detail})
		}
		return v, nil
	}),
	typed(cmdShowDiffText, func(s *lspServer, ctx context.Context, a IDArgs) (DiffTextResult, error) {
		res, err := s.showDiffText(ctx, a.ID)
		if err != nil {
			return DiffTextResult{}, err
		}
		m, _ := res.(map[string]string)
		return DiffTextResult{Diff: m["diff"]}, nil
	}),
}

func serverCommands() []string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.Name
	}
	return names
}

// decodeArgs decodes a command's one argument object into v, refusing
// fields v does not have and anything after the object. Absent and null
// arguments are the zero value.
func decodeArgs(raw json.RawMessage, v any) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("argument must be an object of this command's fields: %w", err)
	}
	if dec.More() {
		return errors.New("argument has data after the object")
	}
	return nil
}

func (s *lspServer) ExecuteCommand(ctx context.Context, params *protocol.ExecuteCommandParams) (protocol.LSPAny, error) {
	i := slices.IndexFunc(commands, func(c command) bool { return c.Name == params.Command })
	if i < 0 {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: unknown command", params.Command)
	}
	if len(params.Arguments) > 1 {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: takes one argument object, got %d arguments", params.Command, len(params.Arguments))
	}
	var raw json.RawMessage
	if len(params.Arguments) == 1 {
		raw = json.RawMessage(params.Arguments[0])
	}
	res, err := commands[i].run(s, ctx, raw)
	if err != nil {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: %v", params.Command, err)
	}
	return marshalAny(res), nil
}

func (s *lspServer) setHunk(a HunkArgs, accept bool) (OKResult, error) {
	if a.Hunk == nil {
		return OKResult{}, fmt.Errorf("needs {id, hunk}")
	}
	return ok(s.g.SetHunk(a.ID, *a.Hunk, accept))
}

// setMode switches the mode and reports the waiting requests the new mode
// answered by itself (plan and dontAsk deny what would ask), so that the
// editor can say so instead of letting them vanish.
func (s *lspServer) setMode(mode string) (SetModeResult, error) {
	var before []string
	for _, r := range s.g.Pending() {
		before = append(before, r.ID)
	}
	if err := s.g.SetMode(mode); err != nil {
		return SetModeResult{}, err
	}
	res := SetModeResult{OK: true, Settled: []gate.Settled{}}
	for _, st := range s.g.Settled(before) {
		if st.By != "person" {
			res.Settled = append(res.Settled, st)
		}
	}
	return res, nil
}

// auditEntries returns the last entries of the first root's audit log,
// oldest first.
func (s *lspServer) auditEntries(limit int) ([]json.RawMessage, error) {
	res, err := s.auditTail(limit)
	if err != nil {
		return nil, err
	}
	entries, _ := res.([]json.RawMessage)
	if entries == nil {
		entries = []json.RawMessage{}
	}
	return entries, nil
}

// auditView is the audit log for the editor's readable view: newest first,
// with the verdict of a full verification.
func (s *lspServer) auditView(limit int) (AuditView, error) {
	v := AuditView{Entries: []json.RawMessage{}}
	roots := s.g.Roots()
	if len(roots) == 0 {
		v.Verify = AuditVerify{OK: true, Message: "no workspace folder, so no audit log"}
		return v, nil
	}
	path, err := audit.PathFor(roots[0])
	if err != nil {
		return v, err
	}
	v.Path = path
	rep, verr := audit.Check(path)
	switch {
	case errors.Is(verr, fs.ErrNotExist):
		v.Verify = AuditVerify{OK: true, Message: "nothing recorded yet"}
	case verr != nil:
		v.Verify = AuditVerify{OK: false, Entries: rep.Entries, Message: verr.Error()}
	default:
		v.Verify = AuditVerify{OK: true, Entries: rep.Entries, Message: fmt.Sprintf("%d entries, hash chain and checkpoint intact", rep.Entries)}
	}
	entries, err := s.auditEntries(limit)
	if err != nil {
		return v, err
	}
	slices.Reverse(entries)
	v.Entries = entries
	return v, nil
}

func ok(err error) (OKResult, error) {
	if err != nil {
		return OKResult{}, err
	}
	return OKResult{OK: true}, nil
}

func marshalAny(v any) protocol.LSPAny {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(map[string]string{"error": err.Error()})
	}
	return protocol.LSPAny(b)
}
