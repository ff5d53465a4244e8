package gate

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/audit"
)

func editPayload(t *testing.T, root, file, old, new string) json.RawMessage {
	t.Helper()
	p, _ := json.Marshal(map[string]any{
		"session_id": "s1", "transcript_path": "/tmp/t.jsonl", "cwd": root,
		"permission_mode": "default", "hook_event_name": "PreToolUse", "tool_name": "Edit",
		"tool_input": map[string]any{"file_path": file, "old_string": old, "new_string": new},
	})
	return p
}

func newTestGate(t *testing.T) (*Gate, string) {
	t.Helper()
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	g := New(Options{Roots: []string{root}, Home: t.TempDir(), ManagedDirs: []string{}, Trusted: true, NoAudit: true})
	t.Cleanup(g.Close)
	return g, root
}

// hookAsync sends one payload for root's project and delivers the answer
// when the gate gives it (after a person decides, for requests that wait).
func hookAsync(g *Gate, root string, payload json.RawMessage) <-chan Answer {
	res := make(chan Answer, 1)
	go func() {
		r, _ := g.Hook(context.Background(), hookParams{Payload: payload, ProjectDir: root})
		res <- r
	}()
	return res
}

func waitPending(t *testing.T, g *Gate) string {
	t.Helper()
	for i := 0; i < 500; i++ {
		if p := g.Pending(); len(p) == 1 {
			return p[0].ID
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("no pending request appeared")
	return ""
}

// A file saved on disk under a pending edit makes the edit stale when the
// text it replaces is gone: the agent is told, nothing is applied.
func TestDiskChangeMakesPendingEditStale(t *testing.T) {
	g, root := newTestGate(t)
	file := filepath.Join(root, "main.go")
	os.WriteFile(file, []byte("package main\n\nfunc old() {}\n"), 0o644)
	res := hookAsync(g, root, editPayload(t, root, file, "func old() {}", "func renamed() {}"))
	waitPending(t, g)
	os.WriteFile(file, []byte("package main\n\nfunc somethingElse() {}\n"), 0o644)
	select {
	case r := <-res:
		if r.Decision != "deny" || !strings.Contains(r.Reason, "changed") {
			t.Fatalf("got %+v, want deny naming the change", r)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the pending edit was not answered after its file changed on disk")
	}
}

// A disk change that keeps the replaced text only recomputes the hunks; the
// person's accept then answers allow.
func TestDiskChangeRebasesPendingEdit(t *testing.T) {
	g, root := newTestGate(t)
	file := filepath.Join(root, "a.txt")
	os.WriteFile(file, []byte("one\ntwo\nthree\n"), 0o644)
	res := hookAsync(g, root, editPayload(t, root, file, "two", "TWO"))
	id := waitPending(t, g)
	os.WriteFile(file, []byte("zero\none\ntwo\nthree\n"), 0o644)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if p, ok := g.Proposal(id); ok && strings.HasPrefix(string(p.Original), "zero") {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if p, _ := g.Proposal(id); p == nil || !strings.HasPrefix(string(p.Original), "zero") {
		t.Fatal("the proposal was not recomputed against the new content")
	}
	if err := g.SetFile(id, true); err != nil {
		t.Fatal(err)
	}
	if r := <-res; r.Decision != "allow" {
		t.Fatalf("got %+v, want allow", r)
	}
}

func TestSetModeRefusesBypass(t *testing.T) {
	g, _ := newTestGate(t)
	if err := g.SetMode("bypassPermissions"); err == nil {
		t.Fatal("the editor could turn the gate off")
	}
	if err := g.SetMode("acceptEdits"); err != nil || g.Mode() != "acceptEdits" {
		t.Fatalf("SetMode(acceptEdits) = %v, mode %q", err, g.Mode())
	}
}

func bashPayload(t *testing.T, cwd, command string) json.RawMessage {
	t.Helper()
	p, _ := json.Marshal(map[string]any{
		"session_id": "s1", "transcript_path": "/tmp/t.jsonl", "cwd": cwd,
		"permission_mode": "default", "hook_event_name": "PreToolUse", "tool_name": "Bash",
		"tool_input": map[string]any{"command": command},
	})
	return p
}

// An agent whose project is a subfolder of the editor's workspace is decided
// by that subfolder's settings, like the offline hook, and a change to them
// applies to the next call even though only the roots are watched.
func TestSubfolderProjectUsesItsOwnSettings(t *testing.T) {
	g, root := newTestGate(t)
	sub := filepath.Join(root, "sub")
	os.MkdirAll(filepath.Join(sub, ".claude"), 0o755)
	settingsFile := filepath.Join(sub, ".claude", "settings.json")
	os.WriteFile(settingsFile, []byte(`{"permissions":{"deny":["Bash(git status)"]}}`), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := g.Hook(ctx, hookParams{Payload: bashPayload(t, sub, "git status"), ProjectDir: sub})
	if err != nil || r.Decision != "deny" {
		t.Fatalf("with the subfolder's deny rule: %+v, %v", r, err)
	}
	os.WriteFile(settingsFile, []byte(`{"permissions":{"allow":["Bash(git status)"]}}`), 0o644)
	r, err = g.Hook(ctx, hookParams{Payload: bashPayload(t, sub, "git status"), ProjectDir: sub})
	if err != nil || r.Decision != "allow" {
		t.Fatalf("after the subfolder's settings changed: %+v, %v", r, err)
	}
}

// Requests already waiting are decided again when the policy changes: an
// allow rule added to the settings, or accept-edits switched on, answers
// them without a click; what still asks keeps waiting.
func TestPolicyChangeDecidesWaitingRequests(t *testing.T) {
	g, root := newTestGate(t)
	file := filepath.Join(root, "a.txt")
	os.WriteFile(file, []byte("one\ntwo\n"), 0o644)
	type result struct {
		name string
		r    Answer
	}
	res := make(chan result, 3)
	send := func(name string, payload json.RawMessage) {
		ch := hookAsync(g, root, payload)
		go func() { res <- result{name, <-ch} }()
	}
	send("npm test", bashPayload(t, root, "npm test"))
	send("edit", editPayload(t, root, file, "two", "TWO"))
	send("curl", bashPayload(t, root, "curl https://example.com"))
	for i := 0; i < 500 && len(g.Pending()) < 3; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if n := len(g.Pending()); n != 3 {
		t.Fatalf("%d requests waiting, want 3", n)
	}

	os.MkdirAll(filepath.Join(root, ".claude"), 0o755)
	os.WriteFile(filepath.Join(root, ".claude", "settings.json"), []byte(`{"permissions":{"allow":["Bash(npm test)"]}}`), 0o644)
	g.ReloadPolicy()
	if r := <-res; r.name != "npm test" || r.r.Decision != "allow" {
		t.Fatalf("after the allow rule was added: %+v", r)
	}
	if err := g.SetMode("acceptEdits"); err != nil {
		t.Fatal(err)
	}
	if r := <-res; r.name != "edit" || r.r.Decision != "allow" {
		t.Fatalf("after accept-edits was switched on: %+v", r)
	}
	if p := g.Pending(); len(p) != 1 || p[0].Command != "curl https://example.com" {
		t.Fatalf("the request no rule covers should still wait: %+v", p)
	}
}

// Every decision is in the audit log with what was asked and who decided,
// in the same words as the offline hook's entries.
func TestDecisionsAreAudited(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(root, ".claude"), 0o755)
	os.WriteFile(filepath.Join(root, ".claude", "settings.json"), []byte(`{"permissions":{"allow":["Bash(git status)"]}}`), 0o644)
	g := New(Options{Roots: []string{root}, Home: t.TempDir(), ManagedDirs: []string{}, Trusted: true})
	defer g.Close()
	ctx := context.Background()
	if r, _ := g.Hook(ctx, hookParams{Payload: bashPayload(t, root, "git status"), ProjectDir: root}); r.Decision != "allow" {
		t.Fatalf("git status: %+v", r)
	}
	res := hookAsync(g, root, bashPayload(t, root, "make deploy"))
	id := waitPending(t, g)
	if err := g.Decide(Verdict{ID: id, Decision: "deny", Reason: "not today"}); err != nil {
		t.Fatal(err)
	}
	<-res

	path, err := audit.PathFor(root)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := audit.Verify(path); err != nil || n != 2 {
		t.Fatalf("audit verify: %d entries, %v", n, err)
	}
	var buf strings.Builder
	if err := audit.Print(&buf, path, audit.PrintOptions{JSON: true}); err != nil {
		t.Fatal(err)
	}
	var entries []audit.Entry
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var e audit.Entry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	want := []struct{ summary, decision, by string }{
		{"git status", "allow", "rule"},
		{"make deploy", "deny", "person"},
	}
	for i, w := range want {
		e := entries[i]
		if e.Summary != w.summary || e.Decision != w.decision || e.By != w.by || e.Kind != "command" {
			t.Errorf("entry %d = %+v, want %+v", i, e, w)
		}
	}
	if !strings.Contains(entries[1].Reason, "not today") || entries[1].ID != id {
		t.Errorf("the person's entry lost its reason or request id: %+v", entries[1])
	}
}
