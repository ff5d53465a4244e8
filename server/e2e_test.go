package main

// End-to-end tests of `gatehouse serve` and `gatehouse hook`: the real binary,
// a real LSP client (lspclient_test.go), real hook processes and temporary
// workspaces. Each test is one behaviour a person or an agent relies on.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/explain"
)

// settingsGitStatus allows `git status` and denies `rm -rf`.
const settingsGitStatus = `{
  "permissions": {
    "allow": ["Bash(git status)"],
    "deny": ["Bash(rm -rf:*)"]
  }
}
`

// waitHook is how long a hook that should be answered by a person waits;
// quick is for hooks that must be answered without one (a wrong "ask" then
// shows up as a timeout answer instead of a hung test).
const (
	waitHook  = 25 * time.Second
	quickHook = 4 * time.Second
)

func TestServeLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	c := startServer(t, e)

	// Before initialize every request is refused, and the refusal does not
	// end the session.
	var out any
	err := c.command(cmdListPending, nil, &out)
	if err == nil || !strings.Contains(err.Error(), "before initialize") {
		t.Fatalf("listPending before initialize: err = %v, want a 'before initialize' error", err)
	}

	// Notifications before initialize are dropped (they used to reach
	// handlers that need the gate, and crash the server).
	early := e.write("early.txt", "x\n")
	c.didOpen(early, "x\n")
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"gatehouse": map[string]any{"workspaceTrusted": true}}})
	c.notify("workspace/didChangeWorkspaceFolders", map[string]any{"event": map[string]any{"added": []any{}, "removed": []any{}}})

	res := c.initialize()
	if missing := containsAll(res.Capabilities.ExecuteCommandProvider.Commands, cmdListPending, cmdDecide, cmdSetMode); len(missing) > 0 {
		t.Errorf("executeCommandProvider.commands lacks %v (contract 4): %v", missing, res.Capabilities.ExecuteCommandProvider.Commands)
	}
	if got := res.Capabilities.Experimental.Gatehouse.Socket; got != e.socket {
		t.Errorf("experimental.gatehouse.socket = %q, want %q", got, e.socket)
	}
	if _, err := os.Stat(e.socket); err != nil {
		t.Fatalf("socket not created: %v", err)
	}

	// A second initialize is refused: it used to replace the gate behind the
	// editor's back, so that requests waiting on the socket were no longer
	// listed and nobody could decide them.
	err = c.call("initialize", map[string]any{"processId": 1, "rootUri": string(pathToURI(e.home)), "capabilities": map[string]any{}}, nil)
	if err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("second initialize: err = %v, want a refusal", err)
	}
	ch := e.startHook(e.payload("s1", "Bash", bash("make lint")), waitHook)
	p := c.waitPending(1)[0]
	c.mustCommand(cmdDecide, map[string]any{"id": p.ID, "decision": "allow"}, nil)
	if r := e.await(ch); r.Decision != "allow" {
		t.Errorf("hook after a second initialize = %q %q", r.Decision, r.Reason)
	}

	// An unknown notification (with odd params) must not end the connection.
	c.notify("gatehouse/noSuchNotification", map[string]any{"x": []int{1}})
	c.notify("$/noSuchEither", "not an object")
	if p := c.pending(); len(p) != 0 {
		t.Fatalf("pending after unknown notifications = %v", p)
	}
	if code := c.shutdownExit(); code != 0 {
		t.Errorf("exit after shutdown: code %d, want 0", code)
	}
	if _, err := os.Stat(e.socket); !os.IsNotExist(err) {
		t.Errorf("socket %s still there after exit (err %v)", e.socket, err)
	}
	recs, _ := filepath.Glob(filepath.Join(e.run, "gatehouse", "*.json"))
	if len(recs) != 0 {
		t.Errorf("discovery records left after exit: %v", recs)
	}
}

func TestServeExitWithoutShutdown(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	c := startServer(t, e)
	c.initialize()
	c.notify("exit", nil)
	if code := c.waitExit(); code != 1 {
		t.Errorf("exit without shutdown: code %d, want 1", code)
	}
	if _, err := os.Stat(e.socket); !os.IsNotExist(err) {
		t.Errorf("socket %s still there after exit (err %v)", e.socket, err)
	}
}

func TestServePolicyWithoutPerson(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	c := startServer(t, e)
	c.initialize()
	for _, tc := range []struct {
		command, want string
	}{
		{"git status", "allow"},
		{"rm -rf build", "deny"},
		{"git status; rm -rf /", "deny"},
	} {
		r := e.hook(e.payload("s1", "Bash", bash(tc.command)), quickHook)
		if r.Code != 0 || r.Decision != tc.want {
			t.Errorf("hook %q = code %d %q (%s), want %s; stderr %s", tc.command, r.Code, r.Decision, r.Reason, tc.want, r.Stderr)
		}
	}
	if p := c.pending(); len(p) != 0 {
		t.Errorf("policy decisions left pending requests: %+v", p)
	}

	// A deny rule added while the server runs applies without a restart.
	e.write(".claude/settings.json", `{"permissions": {"allow": ["Bash(git status)"], "deny": ["Bash(git status)"]}}`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := e.hook(e.payload("s1", "Bash", bash("git status")), quickHook)
		if r.Decision == "deny" {
			break
		}
		if r.Decision != "allow" || time.Now().After(deadline) {
			t.Fatalf("git status after a deny rule was added = %q %q, want deny", r.Decision, r.Reason)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestServeAskThenDecide(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	c := startServer(t, e)
	c.initialize()
	for _, tc := range []struct {
		name       string
		command    string
		verdict    map[string]any
		want       string
		wantReason string
	}{
		{"allow once", "make lint", map[string]any{"decision": "allow", "scope": "once"}, "allow", "approved"},
		{"deny with reason", "make deploy", map[string]any{"decision": "deny", "reason": "deploys go through CI, not from here"}, "deny", "deploys go through CI, not from here"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch := e.startHook(e.payload("s-"+tc.name, "Bash", bash(tc.command)), waitHook)
			p := c.waitPending(1)[0]
			if p.Kind != "command" || p.Tool != "Bash" || p.Command != tc.command {
				t.Errorf("pending = kind %q tool %q command %q", p.Kind, p.Tool, p.Command)
			}
			var ex struct {
				Summary string   `json:"summary"`
				Risks   []string `json:"risks"`
			}
			if err := json.Unmarshal(p.Explanation, &ex); err != nil || ex.Summary == "" {
				t.Errorf("pending explanation = %s (%v), want an explanation with a summary", p.Explanation, err)
			}
			want := explain.Explain(tc.command, explain.Options{Cwd: e.ws, WorkspaceRoots: []string{e.ws}, Home: e.home}).Summary
			if p.Summary != want || ex.Summary != want {
				t.Errorf("summary = %q (explanation %q), want Gatehouse's explanation %q", p.Summary, ex.Summary, want)
			}
			// The editor is told without asking.
			c.waitFor("gatehouse/didChangeState listing the request", 10*time.Second, func() bool {
				if len(c.states) == 0 {
					return false
				}
				var st struct {
					Pending []pendingItem `json:"pending"`
				}
				json.Unmarshal(c.states[len(c.states)-1], &st)
				return len(st.Pending) == 1 && st.Pending[0].ID == p.ID
			})
			v := map[string]any{"id": p.ID}
			for k, x := range tc.verdict {
				v[k] = x
			}
			c.mustCommand(cmdDecide, v, nil)
			r := e.await(ch)
			if r.Code != 0 || r.Decision != tc.want || !strings.Contains(r.Reason, tc.wantReason) {
				t.Errorf("hook = code %d %q %q, want %s containing %q; stderr %s", r.Code, r.Decision, r.Reason, tc.want, tc.wantReason, r.Stderr)
			}
			if p := c.pending(); len(p) != 0 {
				t.Errorf("still pending after the decision: %+v", p)
			}
			if err := c.command(cmdDecide, v, nil); err == nil {
				t.Errorf("deciding %s twice succeeded", p.ID)
			}
		})
	}
}

func TestServeHookGivesUp(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	c := startServer(t, e)
	c.initialize()
	ch := e.startHook(e.payload("s1", "Bash", bash("make slow")), 1500*time.Millisecond)
	p := c.waitPending(1)[0]
	r := e.await(ch)
	if r.Code != 0 || r.Decision != "ask" {
		t.Errorf("hook that timed out = code %d %q %q, want ask", r.Code, r.Decision, r.Reason)
	}
	c.waitPending(0)
	if err := c.command(cmdDecide, map[string]any{"id": p.ID, "decision": "allow"}, nil); err == nil {
		t.Errorf("deciding a request whose agent gave up succeeded")
	}
}

func TestServeDecideAlways(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	local := e.write(".claude/settings.local.json", `{
  "env": {"FOO": "bar"},
  "permissions": {"deny": ["Bash(curl:*)"]}
}
`)
	c := startServer(t, e)
	c.initialize()

	payload := e.payload("s1", "Bash", bash("npm run test --silent"))
	ch := e.startHook(payload, waitHook)
	p := c.waitPending(1)[0]
	c.mustCommand(cmdDecide, map[string]any{"id": p.ID, "decision": "allow", "scope": "always", "rule": "Bash(npm run test:*)"}, nil)
	if r := e.await(ch); r.Decision != "allow" {
		t.Fatalf("hook after always = %q %q", r.Decision, r.Reason)
	}

	var saved struct {
		Env         map[string]string `json:"env"`
		Permissions struct {
			Allow []string `json:"allow"`
			Deny  []string `json:"deny"`
		} `json:"permissions"`
	}
	data, err := os.ReadFile(local)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &saved); err != nil {
		t.Fatalf("settings.local.json after always is not JSON: %v\n%s", err, data)
	}
	if len(containsAll(saved.Permissions.Allow, "Bash(npm run test:*)")) > 0 {
		t.Errorf("settings.local.json allow = %v, want the rule", saved.Permissions.Allow)
	}
	if saved.Env["FOO"] != "bar" || len(containsAll(saved.Permissions.Deny, "Bash(curl:*)")) > 0 {
		t.Errorf("settings.local.json lost what was there before:\n%s", data)
	}

	// The same call again, from any session, needs nobody.
	for _, session := range []string{"s1", "s2"} {
		r := e.hook(e.payload(session, "Bash", bash("npm run test --silent")), quickHook)
		if r.Decision != "allow" {
			t.Errorf("repeat in session %s = %q %q, want allow without a person", session, r.Decision, r.Reason)
		}
	}
	if p := c.pending(); len(p) != 0 {
		t.Errorf("pending after the saved rule: %+v", p)
	}
}

func TestServeDecideSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	c := startServer(t, e)
	c.initialize()

	ch := e.startHook(e.payload("sess-a", "Bash", bash("make build")), waitHook)
	p := c.waitPending(1)[0]
	c.mustCommand(cmdDecide, map[string]any{"id": p.ID, "decision": "allow", "scope": "session", "rule": "Bash(make build)"}, nil)
	if r := e.await(ch); r.Decision != "allow" {
		t.Fatalf("hook after session allow = %q %q", r.Decision, r.Reason)
	}
	if r := e.hook(e.payload("sess-a", "Bash", bash("make build")), quickHook); r.Decision != "allow" {
		t.Errorf("same session again = %q %q, want allow without a person", r.Decision, r.Reason)
	}

	// Another session still asks.
	ch = e.startHook(e.payload("sess-b", "Bash", bash("make build")), waitHook)
	p = c.waitPending(1)[0]
	if p.Session != "sess-b" {
		t.Errorf("pending session = %q, want sess-b", p.Session)
	}
	c.mustCommand(cmdDecide, map[string]any{"id": p.ID, "decision": "deny"}, nil)
	if r := e.await(ch); r.Decision != "deny" {
		t.Errorf("other session = %q %q, want deny from the person", r.Decision, r.Reason)
	}
	if data, err := os.ReadFile(filepath.Join(e.ws, ".claude", "settings.local.json")); err == nil {
		t.Errorf("a session approval was written to settings.local.json:\n%s", data)
	}
}

func TestServeKilledWhileWaiting(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	c := startServer(t, e)
	c.initialize()
	ch := e.startHook(e.payload("s1", "Bash", bash("make release")), waitHook)
	c.waitPending(1)
	c.kill()
	r := e.await(ch)
	if r.Code != 0 || r.Decision != "ask" {
		t.Errorf("hook after the server died = code %d %q %q, want ask (never allow); stderr %s", r.Code, r.Decision, r.Reason, r.Stderr)
	}
}

func TestServeBrokenSettings(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	c := startServer(t, e)
	c.initialize()
	if r := e.hook(e.payload("s1", "Bash", bash("git status")), quickHook); r.Decision != "allow" {
		t.Fatalf("git status before the break = %q %q", r.Decision, r.Reason)
	}

	// A trailing comma on line 3.
	path := e.write(".claude/settings.json", "{\n  \"permissions\": {\n    \"allow\": [\"Bash(git status)\",]\n  }\n}\n")
	u := string(pathToURI(path))
	var got []diagnostic
	c.waitFor("diagnostics on the broken settings file", 10*time.Second, func() bool {
		got = c.diags[u]
		return len(got) > 0
	})
	if got[0].Range.Start.Line != 2 || got[0].Source != "gatehouse" || got[0].Severity != 1 {
		t.Errorf("diagnostic = line %d source %q severity %d, want line 2 (0-based) from gatehouse, error: %+v", got[0].Range.Start.Line, got[0].Source, got[0].Severity, got[0])
	}

	// The allowlisted command now asks: nothing more permissive.
	ch := e.startHook(e.payload("s1", "Bash", bash("git status")), waitHook)
	p := c.waitPending(1)[0]
	if p.Command != "git status" {
		t.Errorf("pending = %+v", p)
	}
	c.mustCommand(cmdDecide, map[string]any{"id": p.ID, "decision": "deny", "reason": "settings are broken"}, nil)
	if r := e.await(ch); r.Decision != "deny" {
		t.Errorf("git status with broken settings = %q %q", r.Decision, r.Reason)
	}
	// The deny rule of the last good settings still applies.
	if r := e.hook(e.payload("s1", "Bash", bash("rm -rf build")), quickHook); r.Decision != "deny" {
		t.Errorf("rm -rf with broken settings = %q %q, want deny", r.Decision, r.Reason)
	}

	// Fixed: the diagnostic goes away and the allow rule is back.
	e.write(".claude/settings.json", settingsGitStatus)
	c.waitFor("the diagnostic to clear", 10*time.Second, func() bool { return len(c.diags[u]) == 0 })
	if r := e.hook(e.payload("s1", "Bash", bash("git status")), quickHook); r.Decision != "allow" {
		t.Errorf("git status after the fix = %q %q", r.Decision, r.Reason)
	}
}

// twentyLines is a file whose line 2 and line 17 an edit changes, far enough
// apart to be two hunks.
func twentyLines() string {
	var b strings.Builder
	for i := 1; i <= 20; i++ {
		b.WriteString("line " + string(rune('a'+i-1)) + "\n")
	}
	return b.String()
}

// applyEdit does what Claude Code's Edit tool does with an input: replace
// old_string, which must occur once, by new_string.
func applyEdit(t *testing.T, content string, input json.RawMessage) string {
	t.Helper()
	var in struct {
		OldString string `json:"old_string"`
		NewString string `json:"new_string"`
	}
	if err := json.Unmarshal(input, &in); err != nil {
		t.Fatalf("updatedInput %s: %v", input, err)
	}
	if n := strings.Count(content, in.OldString); n != 1 {
		t.Fatalf("updatedInput old_string occurs %d times in the file, want once", n)
	}
	return strings.Replace(content, in.OldString, in.NewString, 1)
}

func TestServeEditHunks(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	orig := twentyLines()
	path := e.write("src/notes.txt", orig)
	c := startServer(t, e)
	c.initialize()
	c.didOpen(path, orig)

	// One Edit whose old_string spans lines 2..17 and changes both ends.
	oldS := orig[strings.Index(orig, "line b") : strings.Index(orig, "line q")+len("line q")]
	newS := strings.Replace(strings.Replace(oldS, "line b", "line B (changed)", 1), "line q", "line Q (changed)", 1)
	ch := e.startHook(e.payload("s1", "Edit", map[string]any{"file_path": path, "old_string": oldS, "new_string": newS, "replace_all": false}), waitHook)
	p := c.waitPending(1)[0]
	if p.Kind != "edit" || p.Path != path || p.Hunks != 2 {
		t.Fatalf("pending = kind %q path %q hunks %d, want edit of %s with 2 hunks", p.Kind, p.Path, p.Hunks, path)
	}

	var content struct{ Path, Original, Proposed string }
	c.mustCall(reqProposedContent, map[string]any{"id": p.ID}, &content)
	if content.Original != orig || content.Proposed != strings.Replace(orig, oldS, newS, 1) {
		t.Errorf("proposedContent = %+v", content)
	}

	u := string(pathToURI(path))
	var lenses []struct {
		Range struct {
			Start struct{ Line int }
		}
		Command struct {
			Title     string
			Command   string
			Arguments []json.RawMessage
		}
	}
	c.mustCall("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": u}}, &lenses)
	var titles []string
	for _, l := range lenses {
		titles = append(titles, l.Command.Title)
	}
	if missing := containsAll(titles, "Accept", "Reject", "Show diff", "Accept all in file (2)"); len(missing) > 0 {
		t.Errorf("code lens titles %q lack %q", titles, missing)
	}
	accepts := 0
	for _, title := range titles {
		if strings.HasPrefix(title, "Accept") && title != "Accept all in file (2)" {
			accepts++
		}
	}
	if accepts != 2 {
		t.Errorf("code lenses have %d per-hunk Accept titles, want 2: %q", accepts, titles)
	}

	var actions []struct {
		Title   string
		Command struct{ Command string }
	}
	c.mustCall("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": u},
		"range":        map[string]any{"start": map[string]int{"line": 1, "character": 0}, "end": map[string]int{"line": 1, "character": 0}},
		"context":      map[string]any{"diagnostics": []any{}},
	}, &actions)
	var actionTitles []string
	for _, a := range actions {
		actionTitles = append(actionTitles, a.Title)
	}
	if missing := containsAll(actionTitles, "Accept", "Reject"); len(missing) > 0 {
		t.Errorf("code actions on hunk 0 %q lack %q", actionTitles, missing)
	}

	c.mustCommand(cmdAcceptHunk, map[string]any{"id": p.ID, "hunk": 0}, nil)
	if p := c.pending(); len(p) != 1 {
		t.Fatalf("after one hunk the edit must still wait: %+v", p)
	}
	c.mustCommand(cmdRejectHunk, map[string]any{"id": p.ID, "hunk": 1}, nil)
	r := e.await(ch)
	if r.Decision != "allow" || len(r.UpdatedInput) == 0 {
		t.Fatalf("hook after a partial accept = %q %q updatedInput %s, want allow with updatedInput", r.Decision, r.Reason, r.UpdatedInput)
	}
	want := strings.Replace(orig, "line b", "line B (changed)", 1)
	if got := applyEdit(t, orig, r.UpdatedInput); got != want {
		t.Errorf("updatedInput yields\n%s\nwant exactly the accepted hunk:\n%s", got, want)
	}
}

func TestServeEditStale(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	orig := twentyLines()
	path := e.write("src/notes.txt", orig)
	c := startServer(t, e)
	c.initialize()
	c.didOpen(path, orig)
	ch := e.startHook(e.payload("s1", "Edit", map[string]any{"file_path": path, "old_string": "line c\n", "new_string": "line C\n"}), waitHook)
	c.waitPending(1)
	// The person types over the very text the edit replaces.
	c.didChange(path, 2, strings.Replace(orig, "line c\n", "line see\n", 1))
	r := e.await(ch)
	if r.Decision != "deny" || !strings.Contains(r.Reason, "changed") {
		t.Errorf("hook after the buffer changed = %q %q, want deny mentioning the change", r.Decision, r.Reason)
	}
	if p := c.pending(); len(p) != 0 {
		t.Errorf("stale edit still pending: %+v", p)
	}
}

func TestServeAcceptEdits(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	orig := "package main\n\nfunc main() {\n\tprintln(\"hi\")\n}\n"
	path := e.write("main.go", orig)
	c := startServer(t, e)
	c.initialize()
	c.mustCommand(cmdSetMode, map[string]any{"mode": "acceptEdits"}, nil)

	input := map[string]any{"file_path": path, "old_string": "println(\"hi\")", "new_string": "println(\"hello\")"}
	r := e.hook(e.payload("s1", "Edit", input), quickHook)
	if r.Decision != "allow" {
		t.Fatalf("edit in acceptEdits = %q %q, want allow at once", r.Decision, r.Reason)
	}
	// Claude Code applies the edit itself.
	proposed := strings.Replace(orig, "println(\"hi\")", "println(\"hello\")", 1)
	if err := os.WriteFile(path, []byte(proposed), 0o644); err != nil {
		t.Fatal(err)
	}

	var st struct {
		Mode       string
		Reviewable []struct{ ID, Path string }
	}
	c.mustCommand(cmdGetState, nil, &st)
	if st.Mode != "acceptEdits" || len(st.Reviewable) != 1 || st.Reviewable[0].Path != path {
		t.Fatalf("getState = %+v, want the edit of %s reviewable", st, path)
	}
	id := st.Reviewable[0].ID
	var content struct{ Original, Proposed string }
	c.mustCall(reqProposedContent, map[string]any{"id": id}, &content)
	if content.Original != orig || content.Proposed != proposed {
		t.Errorf("proposedContent of the reviewable edit = %+v", content)
	}
	// A revert never destroys later work: once the file changed again it
	// refuses and leaves the file alone.
	later := proposed + "// the person's own line\n"
	os.WriteFile(path, []byte(later), 0o644)
	if err := c.command(cmdRevert, map[string]any{"id": id}, nil); err == nil {
		t.Errorf("revert over later changes succeeded")
	}
	if got, _ := os.ReadFile(path); string(got) != later {
		t.Errorf("refused revert changed the file to %q", got)
	}
	os.WriteFile(path, []byte(proposed), 0o644)
	c.mustCommand(cmdRevert, map[string]any{"id": id}, nil)
	if got, _ := os.ReadFile(path); string(got) != orig {
		t.Errorf("after revert the file holds %q, want the original bytes %q", got, orig)
	}
	if err := c.command(cmdRevert, map[string]any{"id": id}, nil); err == nil {
		t.Errorf("reverting twice succeeded")
	}
	c.mustCommand(cmdGetState, nil, &st)
	if len(st.Reviewable) != 0 {
		t.Errorf("reverted edit still reviewable: %+v", st.Reviewable)
	}

	// With the file open, the revert goes through the editor (so that undo
	// works) and the disk is left to the editor.
	r = e.hook(e.payload("s1", "Edit", input), quickHook)
	if r.Decision != "allow" {
		t.Fatalf("second edit in acceptEdits = %q %q", r.Decision, r.Reason)
	}
	c.didOpen(path, proposed)
	c.mustCommand(cmdGetState, nil, &st)
	if len(st.Reviewable) != 1 {
		t.Fatalf("getState = %+v, want one reviewable edit", st)
	}
	c.mustCommand(cmdRevert, map[string]any{"id": st.Reviewable[0].ID}, nil)
	c.mu.Lock()
	applied := c.applied
	c.mu.Unlock()
	if len(applied) != 1 || !strings.Contains(string(applied[0]), `println(\"hi\")`) {
		t.Errorf("workspace/applyEdit requests = %s, want one restoring the original", applied)
	}
}

func TestServeAcceptEditsProtected(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	outside := filepath.Join(e.home, "notes.txt")
	if err := os.WriteFile(outside, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := startServer(t, e)
	c.initialize()
	c.mustCommand(cmdSetMode, map[string]any{"mode": "acceptEdits"}, nil)
	for _, rel := range []string{".vscode/settings.json", ".claude/settings.json", ".git/hooks/pre-commit", ".mcp.json", outside} {
		t.Run(strings.TrimPrefix(rel, e.home), func(t *testing.T) {
			path := rel
			if !filepath.IsAbs(rel) {
				path = e.write(rel, "{}\n")
				if rel == ".claude/settings.json" {
					e.write(rel, settingsGitStatus)
				}
			}
			data, _ := os.ReadFile(path)
			ch := e.startHook(e.payload("s1", "Write", map[string]any{"file_path": path, "content": string(data) + "\n// more\n"}), waitHook)
			// Either it waits for a person or it is denied at once; it is
			// never allowed.
			deadline := time.Now().Add(10 * time.Second)
			for {
				select {
				case r := <-ch:
					if r.Decision == "allow" {
						t.Errorf("write to %s in acceptEdits = allow, want a person or deny", rel)
					}
					return
				default:
				}
				if ps := c.pending(); len(ps) == 1 {
					c.mustCommand(cmdDecide, map[string]any{"id": ps[0].ID, "decision": "deny"}, nil)
					if r := e.await(ch); r.Decision != "deny" {
						t.Errorf("write to %s = %q %q", rel, r.Decision, r.Reason)
					}
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("write to %s neither waited nor finished", rel)
				}
				time.Sleep(15 * time.Millisecond)
			}
		})
	}
}

func TestServeExitWhileWaiting(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	c := startServer(t, e)
	c.initialize()
	ch := e.startHook(e.payload("s1", "Bash", bash("make release")), waitHook)
	c.waitPending(1)
	if code := c.shutdownExit(); code != 0 {
		t.Errorf("exit with a waiting hook = code %d, want 0", code)
	}
	r := e.await(ch)
	if r.Code != 0 || r.Decision != "ask" {
		t.Errorf("hook when the editor closed = code %d %q %q, want ask; stderr %s", r.Code, r.Decision, r.Reason, r.Stderr)
	}
}

func TestServeUntrustedWorkspace(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	c := startServer(t, e)
	c.initializeWith(map[string]any{"workspaceTrusted": false})

	// A cloned repository's own allow rules do not count yet; its deny
	// rules do.
	ch := e.startHook(e.payload("s1", "Bash", bash("git status")), waitHook)
	p := c.waitPending(1)[0]
	c.mustCommand(cmdDecide, map[string]any{"id": p.ID, "decision": "deny"}, nil)
	if r := e.await(ch); r.Decision != "deny" {
		t.Errorf("git status in an untrusted workspace = %q %q", r.Decision, r.Reason)
	}
	if r := e.hook(e.payload("s1", "Bash", bash("rm -rf build")), quickHook); r.Decision != "deny" {
		t.Errorf("rm -rf in an untrusted workspace = %q %q, want deny", r.Decision, r.Reason)
	}

	// The person trusts the folder.
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"gatehouse": map[string]any{"workspaceTrusted": true}}})
	deadline := time.Now().Add(5 * time.Second)
	for {
		r := e.hook(e.payload("s1", "Bash", bash("git status")), 500*time.Millisecond)
		if r.Decision == "allow" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("git status after trusting = %q %q, want allow", r.Decision, r.Reason)
		}
	}
}

func TestServeDiscovery(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	e.socket = "" // no --socket, no GATEHOUSE_SOCKET: the hook finds the server by its record
	c := startServerArgs(t, e)
	res := c.initialize()
	sock := res.Capabilities.Experimental.Gatehouse.Socket
	if !strings.HasPrefix(sock, filepath.Join(e.run, "gatehouse")+string(filepath.Separator)) {
		t.Fatalf("default socket %q is not under $XDG_RUNTIME_DIR/gatehouse", sock)
	}
	if fi, err := os.Stat(sock); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("socket %s: %v (mode %v), want 0600", sock, err, fi.Mode().Perm())
	}
	if fi, err := os.Stat(filepath.Dir(sock)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("socket dir: %v (mode %v), want 0700", err, fi.Mode().Perm())
	}
	// A hook without GATEHOUSE_SOCKET, working in a subdirectory, reaches
	// this server through the discovery record of CLAUDE_PROJECT_DIR: the
	// request waits in the editor instead of being decided offline.
	sub := filepath.Dir(e.write("pkg/sub/x.txt", "x"))
	payload := e.payload("s1", "Bash", bash("make sub"))
	var m map[string]any
	json.Unmarshal(payload, &m)
	m["cwd"] = sub
	payload, _ = json.Marshal(m)
	ch := e.startHook(payload, waitHook)
	p := c.waitPending(1)[0]
	c.mustCommand(cmdDecide, map[string]any{"id": p.ID, "decision": "allow"}, nil)
	if r := e.await(ch); r.Decision != "allow" || !strings.Contains(r.Reason, "editor") {
		t.Errorf("discovered hook = %q %q, want allow from the editor", r.Decision, r.Reason)
	}
	if code := c.shutdownExit(); code != 0 {
		t.Errorf("exit = %d", code)
	}
	if _, err := os.Stat(sock); !os.IsNotExist(err) {
		t.Errorf("default socket left after exit: %v", err)
	}
}

func TestServePendingKinds(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	existing := e.write("README.md", "# title\n\nbody\n")
	c := startServer(t, e)
	c.initialize()
	for _, tc := range []struct {
		name     string
		tool     string
		input    map[string]any
		kind     string
		path     string
		verdict  string // the command that settles it
		want     string
		reasonIn string
	}{
		{"fetch", "WebFetch", map[string]any{"url": "https://example.com/docs", "prompt": "read"}, "fetch", "", "allow", "allow", "approved"},
		{"mcp", "mcp__github__create_issue", map[string]any{"title": "x"}, "mcp", "", "deny", "deny", "denied"},
		{"write new file", "Write", map[string]any{"file_path": filepath.Join(e.ws, "new.txt"), "content": "hello\n"}, "edit", filepath.Join(e.ws, "new.txt"), cmdAcceptAll, "allow", "approved"},
		{"multiedit rejected", "MultiEdit", map[string]any{"file_path": existing, "edits": []map[string]any{{"old_string": "# title", "new_string": "# Title"}, {"old_string": "body", "new_string": "Body"}}}, "edit", existing, cmdRejectFile, "deny", "rejected every change"},
		{"edit accepted by file", "Edit", map[string]any{"file_path": existing, "old_string": "body", "new_string": "the body"}, "edit", existing, cmdAcceptFile, "allow", "approved"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch := e.startHook(e.payload("s1", tc.tool, tc.input), waitHook)
			p := c.waitPending(1)[0]
			if p.Kind != tc.kind || p.Tool != tc.tool || p.Path != tc.path || p.Summary == "" {
				t.Errorf("pending = kind %q tool %q path %q summary %q, want kind %q path %q", p.Kind, p.Tool, p.Path, p.Summary, tc.kind, tc.path)
			}
			switch tc.verdict {
			case "allow", "deny":
				c.mustCommand(cmdDecide, map[string]any{"id": p.ID, "decision": tc.verdict}, nil)
			case cmdAcceptAll:
				c.mustCommand(tc.verdict, nil, nil)
			default:
				c.mustCommand(tc.verdict, map[string]any{"id": p.ID}, nil)
			}
			r := e.await(ch)
			if r.Decision != tc.want || !strings.Contains(r.Reason, tc.reasonIn) || len(r.UpdatedInput) != 0 {
				t.Errorf("hook = %q %q updatedInput %s, want %s containing %q and the agent's own input", r.Decision, r.Reason, r.UpdatedInput, tc.want, tc.reasonIn)
			}
		})
	}
}

func TestServeOversizedInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	c := startServer(t, e)
	c.initialize()
	// One line of 8.5 MiB: over the socket's frame, under the hook's input
	// limit. Built once; encoding it is slow under the race detector.
	big := e.payload("s1", "Write", map[string]any{"file_path": filepath.Join(e.ws, "big.txt"), "content": strings.Repeat("a", 17<<19)})
	for _, mode := range []string{"default", "dontAsk"} {
		payload := []byte(strings.Replace(string(big), `"permission_mode":"default"`, `"permission_mode":"`+mode+`"`, 1))
		want := map[string]string{"default": "ask", "dontAsk": "deny"}[mode]
		r := e.hook(payload, quickHook)
		if r.Code != 0 || r.Decision != want || !strings.Contains(r.Reason, "MiB") {
			t.Errorf("10 MiB Write in %s = code %d %q %q, want %s saying it is too large; stderr %s", mode, r.Code, r.Decision, r.Reason, want, r.Stderr)
		}
	}
	if p := c.pending(); len(p) != 0 {
		t.Errorf("pending = %+v", p)
	}
}

func TestServeEditOddPath(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	// Spaces, parentheses, non-ASCII, '#' and '%' must survive the trip
	// through file: URIs both ways.
	ws := filepath.Join(filepath.Dir(e.ws), "my proj (v2) café #1 100%")
	if err := os.Rename(e.ws, ws); err != nil {
		t.Fatal(err)
	}
	e.ws = ws
	path := e.write("src/naïve file.txt", "one\ntwo\n")
	c := startServer(t, e)
	c.initialize()
	c.didOpen(path, "one\ntwo\n")
	ch := e.startHook(e.payload("s1", "Edit", map[string]any{"file_path": path, "old_string": "two", "new_string": "TWO"}), waitHook)
	p := c.waitPending(1)[0]
	if p.Path != path || p.URI != string(pathToURI(path)) {
		t.Errorf("pending path %q uri %q, want %q", p.Path, p.URI, path)
	}
	var lenses []struct{ Command struct{ Title string } }
	c.mustCall("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": p.URI}}, &lenses)
	if len(lenses) == 0 {
		t.Errorf("no code lenses on %s", p.URI)
	}
	c.mustCommand(cmdAcceptFile, map[string]any{"id": p.ID}, nil)
	if r := e.await(ch); r.Decision != "allow" {
		t.Errorf("hook = %q %q", r.Decision, r.Reason)
	}
}

// A folder added to the window after start is served like the first: a
// hook working in it finds this server by discovery, and a rule added to its
// own settings while a request waits answers that request.
func TestServeAddedFolder(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "")
	e.socket = ""
	c := startServerArgs(t, e)
	c.initialize()
	other := filepath.Join(filepath.Dir(e.ws), "other")
	if err := os.MkdirAll(filepath.Join(other, ".claude"), 0o700); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWorkspaceFolders", map[string]any{"event": map[string]any{
		"added":   []map[string]string{{"uri": string(pathToURI(other)), "name": "other"}},
		"removed": []map[string]string{},
	}})
	hookIn := func(command string) <-chan hookResult {
		payload := e.payload("s1", "Bash", bash(command))
		var m map[string]any
		json.Unmarshal(payload, &m)
		m["cwd"] = other
		payload, _ = json.Marshal(m)
		return e.startHookIn(other, payload, waitHook)
	}
	// Notifications are handled in order: once a later call is answered,
	// the folder is served.
	c.mustCommand(cmdGetState, nil, nil)
	// The discovery record of the added folder leads the hook here.
	ch := hookIn("make build")
	p := c.waitPending(1)[0]
	c.mustCommand(cmdDecide, map[string]any{"id": p.ID, "decision": "allow"}, nil)
	if r := e.await(ch); r.Decision != "allow" || !strings.Contains(r.Reason, "editor") {
		t.Fatalf("hook in the added folder = %q %q, want allow from the editor", r.Decision, r.Reason)
	}
	// The added folder's settings are watched: a rule saved while a request
	// waits answers it without a person.
	ch = hookIn("make lint")
	c.waitPending(1)
	if err := os.WriteFile(filepath.Join(other, ".claude", "settings.json"), []byte(`{"permissions":{"allow":["Bash(make lint)"]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := e.await(ch); r.Decision != "allow" || !strings.Contains(r.Reason, "settings changed") {
		t.Fatalf("after the added folder's rule was saved: %q %q", r.Decision, r.Reason)
	}
	if code := c.shutdownExit(); code != 0 {
		t.Errorf("exit = %d", code)
	}
}

// Language clients that add --stdio (vscode-languageclient's stdio
// transport, and others) start the server as usual.
func TestServeAcceptsStdioFlag(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	c := startServerArgs(t, e, "--stdio", "--socket", e.socket)
	c.initialize()
	if code := c.shutdownExit(); code != 0 {
		t.Errorf("exit = %d", code)
	}
}
