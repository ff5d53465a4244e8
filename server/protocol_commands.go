package main

import (
	"encoding/json"

	"github.com/gatehouse/gatehouse/internal/gate"
)

// The argument and result of every workspace/executeCommand command, typed
// once here. extension/src/lspExt.ts declares the same shapes under the same
// names; protocol_parity_test.go fails when the two differ. Arguments are
// decoded strictly (decodeArgs): a field the server does not know is an
// error, never silently dropped, so that a misspelt "scope" cannot turn an
// approval for the session into one for once (or the reverse) unnoticed.

// NoArgs is the argument of commands that take none (absent, null or {}).
type NoArgs struct{}

// DecideArgs is gatehouse.decide's argument (contract 4).
type DecideArgs struct {
	ID       string `json:"id"`
	Decision string `json:"decision"`         // allow | deny
	Scope    string `json:"scope,omitempty"`  // once (default) | session | always
	Reason   string `json:"reason,omitempty"` // for deny: goes back to the agent
	Rule     string `json:"rule,omitempty"`   // for session/always: the rule, edited by the person
}

// SetModeArgs is gatehouse.setMode's argument (contract 4).
type SetModeArgs struct {
	Mode string `json:"mode"` // default | acceptEdits | plan | dontAsk
}

// SetModeResult says what switching the mode answered by itself: the
// waiting requests the new mode allows or denies without asking.
type SetModeResult struct {
	OK      bool           `json:"ok"`
	Settled []gate.Settled `json:"settled"`
}

// ApproveArgs is gatehouse.approve's argument.
type ApproveArgs struct {
	ID    string `json:"id"`
	Scope string `json:"scope,omitempty"`
	Rule  string `json:"rule,omitempty"`
}

// DenyArgs is gatehouse.deny's argument.
type DenyArgs struct {
	ID     string `json:"id"`
	Reason string `json:"reason,omitempty"`
}

// ExplainArgs is gatehouse.explain's argument.
type ExplainArgs struct {
	Command     string `json:"command"`
	Description string `json:"description,omitempty"`
	Cwd         string `json:"cwd,omitempty"`
}

// HunkArgs names one hunk of a pending edit (acceptHunk, rejectHunk).
type HunkArgs struct {
	ID   string `json:"id"`
	Hunk *int   `json:"hunk"`
}

// FileArgs names a pending edit (acceptFile, rejectFile). URI is accepted
// for older clients; the edit is found by its id.
type FileArgs struct {
	ID  string `json:"id"`
	URI string `json:"uri,omitempty"`
}

// IDArgs names one request or reviewable edit.
type IDArgs struct {
	ID string `json:"id"`
}

// AuditTailArgs is gatehouse.auditTail's argument.
type AuditTailArgs struct {
	Limit int `json:"limit,omitempty"` // 1..1000; default 200
}

// AcceptModifiedArgs is gatehouse.acceptModified's argument: the person's
// own version of the whole file a pending edit changes.
type AcceptModifiedArgs struct {
	ID      string `json:"id"`
	Content string `json:"content"`
}

// SettledArgs is gatehouse.settled's argument.
type SettledArgs struct {
	IDs []string `json:"ids"`
}

// AuditViewArgs is gatehouse.auditView's argument.
type AuditViewArgs struct {
	Limit int `json:"limit,omitempty"` // 1..1000; default 200
}

// AuditView is the audit log as the editor shows it: where it is, whether it
// verifies, and its last entries, newest first.
type AuditView struct {
	Path    string            `json:"path"`
	Verify  AuditVerify       `json:"verify"`
	Entries []json.RawMessage `json:"entries"`
}

// AuditVerify is the result of checking the log's hash chain and checkpoint.
type AuditVerify struct {
	OK      bool   `json:"ok"`
	Entries int    `json:"entries"`
	Message string `json:"message"`
}

// OKResult is the result of commands that only succeed or fail.
type OKResult struct {
	OK bool `json:"ok"`
}

// PermissionsView is gatehouse.permissions' result: every rule in effect,
// the rules approved for agent sessions, the mode, and what `gatehouse
// sandbox` can enforce on this machine.
type PermissionsView struct {
	Mode     string               `json:"mode"`
	Rules    []gate.PermissionRow `json:"rules"`
	Sessions []gate.PermissionRow `json:"sessions"`
	Sandbox  []SandboxCheck       `json:"sandbox"`
}

// SandboxCheck is one thing the sandbox needs from this machine (as
// `gatehouse sandbox --check` reports it).
type SandboxCheck struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// DiffTextResult is gatehouse.showDiffText's result: the edit as a unified
// diff (also shown with window/showMessage, for editors without a diff view).
type DiffTextResult struct {
	Diff string `json:"diff"`
}
