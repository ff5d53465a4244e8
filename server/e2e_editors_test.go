package main

// Editors other than VS Code: the server sends them only what they said
// they support, and every lens it shows them runs.

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
)

type lensView struct {
	Command struct {
		Title     string
		Command   string
		Arguments []json.RawMessage
	}
}

func (c *lspClient) lenses(path string) []lensView {
	c.t.Helper()
	var out []lensView
	c.mustCall("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": string(pathToURI(path))}}, &out)
	return out
}

// neovimCaps is what Neovim 0.7 advertises: no code lens refresh.
var neovimCaps = map[string]any{"workspace": map[string]any{"applyEdit": true, "workspaceEdit": map[string]any{"documentChanges": true}}}

func TestServePlainEditorGetsWorkingLenses(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	orig := twentyLines()
	path := e.write("notes.txt", orig)
	c := startServer(t, e)
	res := c.initializeAs("Neovim", neovimCaps, nil)
	c.didOpen(path, orig)
	ch := e.startHook(e.payload("s1", "Edit", map[string]any{"file_path": path, "old_string": "line c", "new_string": "line C"}), waitHook)
	p := c.waitPending(1)[0]

	var diff *lensView
	for _, l := range c.lenses(path) {
		if l.Command.Title == "Show diff" {
			diff = &l
		}
	}
	if diff == nil {
		t.Fatal("no Show diff lens")
	}
	if diff.Command.Command == clientCmdShowDiff {
		t.Fatalf("Show diff runs %s, which only the VS Code extension registers", clientCmdShowDiff)
	}
	if missing := containsAll(res.Capabilities.ExecuteCommandProvider.Commands, diff.Command.Command); len(missing) > 0 {
		t.Fatalf("Show diff runs %s, which the server does not serve (%v)", diff.Command.Command, res.Capabilities.ExecuteCommandProvider.Commands)
	}
	// Running it as the editor would: workspace/executeCommand.
	var out struct{ Diff string }
	var arg any
	json.Unmarshal(diff.Command.Arguments[0], &arg)
	c.mustCommand(diff.Command.Command, arg, &out)
	if !strings.Contains(out.Diff, "-line c") || !strings.Contains(out.Diff, "+line C") {
		t.Errorf("Show diff returned %q, want the edit as a diff", out.Diff)
	}
	c.waitFor("the diff shown as a message", 10*time.Second, func() bool {
		return len(c.messages) > 0 && strings.Contains(c.messages[len(c.messages)-1], "+line C")
	})

	c.mustCommand(cmdDecide, map[string]any{"id": p.ID, "decision": "allow"}, nil)
	if r := e.await(ch); r.Decision != "allow" {
		t.Errorf("hook = %+v", r)
	}
	// A state change reached the client (so it would have been refreshed),
	// but no refresh request: the client did not offer to handle one.
	c.waitFor("a state notification", 10*time.Second, func() bool { return len(c.states) > 1 })
	c.pending()
	c.mu.Lock()
	n := c.refreshes
	c.mu.Unlock()
	if n != 0 {
		t.Errorf("sent %d workspace/codeLens/refresh to a client without refreshSupport", n)
	}
}

func TestServeVSCodeGetsItsDiffAndRefresh(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	orig := twentyLines()
	path := e.write("notes.txt", orig)
	c := startServer(t, e)
	c.initializeAs("Visual Studio Code", map[string]any{"workspace": map[string]any{"applyEdit": true, "codeLens": map[string]any{"refreshSupport": true}}}, map[string]any{"workspaceTrusted": true})
	ch := e.startHook(e.payload("s1", "Edit", map[string]any{"file_path": path, "old_string": "line c", "new_string": "line C"}), waitHook)
	p := c.waitPending(1)[0]
	found := false
	for _, l := range c.lenses(path) {
		found = found || (l.Command.Title == "Show diff" && l.Command.Command == clientCmdShowDiff)
	}
	if !found {
		t.Errorf("VS Code's Show diff lens does not run %s", clientCmdShowDiff)
	}
	c.waitFor("a code lens refresh", 10*time.Second, func() bool { return c.refreshes > 0 })
	c.mustCommand(cmdDecide, map[string]any{"id": p.ID, "decision": "deny"}, nil)
	e.await(ch)
}

// TestServeCancelRequest cancels a revert that waits on the editor: the
// server stops waiting, and the cancel is not an unknown method.
func TestServeCancelRequest(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "")
	orig := "one\ntwo\n"
	path := e.write("f.txt", orig)
	c := startServer(t, e)
	c.initialize()
	c.mustCommand(cmdSetMode, map[string]any{"mode": "acceptEdits"}, nil)
	c.didOpen(path, orig)
	if r := e.hook(e.payload("s1", "Edit", map[string]any{"file_path": path, "old_string": "two", "new_string": "TWO"}), quickHook); r.Decision != "allow" {
		t.Fatalf("edit = %+v", r)
	}
	proposed := "one\nTWO\n"
	os.WriteFile(path, []byte(proposed), 0o644)
	c.didChange(path, 2, proposed)
	var st struct{ Reviewable []struct{ ID string } }
	c.mustCommand(cmdGetState, nil, &st)
	if len(st.Reviewable) != 1 {
		t.Fatalf("reviewable = %+v", st.Reviewable)
	}
	id := st.Reviewable[0].ID

	c.mu.Lock()
	c.holdApply = make(chan struct{})
	c.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		// protocol.Call sends $/cancelRequest when ctx ends first.
		done <- protocol.Call(ctx, c.conn, "workspace/executeCommand", map[string]any{"command": cmdRevert, "arguments": []any{map[string]any{"id": id}}}, nil)
	}()
	c.waitFor("the revert's applyEdit", 10*time.Second, func() bool { return len(c.applied) > 0 })
	cancel()
	<-done
	// The server gave up on the editor's answer: the revert did not happen,
	// even though the editor says "applied" afterwards.
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(c.stderr.String(), "context canceled") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	close(c.holdApply)
	c.mustCommand(cmdGetState, nil, &st)
	if len(st.Reviewable) != 1 {
		t.Errorf("the cancelled revert went through: reviewable = %+v", st.Reviewable)
	}
	// A cancel for a call that is already answered is ignored, silently.
	c.notify("$/cancelRequest", map[string]any{"id": 99999})
	c.notify("$/cancelRequest", map[string]any{"id": "no-such"})
	c.pending()
	if s := c.stderr.String(); strings.Contains(s, "$/cancelRequest") {
		t.Errorf("$/cancelRequest was logged:\n%s", tail(s, 2000))
	}
}
