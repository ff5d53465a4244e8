package main

// The names the extension and other clients use. extension/src/lspExt.ts
// mirrors this file and protocol_commands.go (each command's argument and
// result); protocol_parity_test.go fails when they differ. Only ever add.
const (
	// workspace/executeCommand commands served by the server (contract 4).
	cmdListPending          = "gatehouse.listPending"          // () -> Pending[]
	cmdDecide               = "gatehouse.decide"               // {id, decision: allow|deny, scope: once|session|always, reason?, rule?}
	cmdSetMode              = "gatehouse.setMode"              // {mode: default|acceptEdits|plan|dontAsk}
	cmdGetState             = "gatehouse.getState"             // () -> {mode, pending: Pending[], reviewable: Pending[]}
	cmdApprove              = "gatehouse.approve"              // {id, scope?: once|session|always, rule?}
	cmdDeny                 = "gatehouse.deny"                 // {id, reason?}
	cmdExplain              = "gatehouse.explain"              // {command, description?} -> Explanation
	cmdEffectivePermissions = "gatehouse.effectivePermissions" // () -> [{behavior, rule, source}]
	cmdAcceptHunk           = "gatehouse.acceptHunk"           // {id, hunk}
	cmdRejectHunk           = "gatehouse.rejectHunk"           // {id, hunk}
	cmdAcceptFile           = "gatehouse.acceptFile"           // {id} or {uri}
	cmdRejectFile           = "gatehouse.rejectFile"           // {id} or {uri}
	cmdAcceptAll            = "gatehouse.acceptAll"            // ()
	cmdRejectAll            = "gatehouse.rejectAll"            // ()
	cmdRevert               = "gatehouse.revert"               // {id}: undo an auto-accepted edit
	cmdAuditTail            = "gatehouse.auditTail"            // {limit?} -> AuditEntry[]
	cmdAcceptModified       = "gatehouse.acceptModified"       // {id, content}: accept the person's own version of the file
	cmdHunkStates           = "gatehouse.hunkStates"           // {id} -> HunkState[]
	cmdSettled              = "gatehouse.settled"              // {ids} -> Settled[]: how requests that left the pending set ended
	cmdAuditView            = "gatehouse.auditView"            // {limit?} -> AuditView
	cmdPermissions          = "gatehouse.permissions"          // () -> PermissionsView
	cmdShowDiffText         = "gatehouse.showDiffText"         // {id}: the edit as a unified diff, shown with window/showMessage -> {diff}

	// Client-side command that code lenses point at in VS Code; the extension
	// registers it. Other editors get cmdShowDiffText instead.
	clientCmdShowDiff = "gatehouse.showDiff" // {id, uri}

	// Server -> client notification whenever the pending set or the mode changes.
	notifyDidChangeState = "gatehouse/didChangeState" // {mode, pending: Pending[], reviewable: Pending[]}

	// Client -> server request for the content an edit proposes (for the diff view).
	reqProposedContent = "gatehouse/proposedContent" // {id} -> {path, uri, original, proposed}
)
