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
	"github.com/gatehouse/gatehouse/internal/audit/audittest"
)

// longEcho is allowed by the test's settings, and its audit entry is larger
// than a page, so that on a full disk its write is cut short.
var longEcho = "echo " + strings.Repeat("x", 5000)

func modePayload(t *testing.T, cwd, mode, command string) json.RawMessage {
	t.Helper()
	p, _ := json.Marshal(map[string]any{
		"session_id": "s1", "transcript_path": "/tmp/t.jsonl", "cwd": cwd,
		"permission_mode": mode, "hook_event_name": "PreToolUse", "tool_name": "Bash",
		"tool_input": map[string]any{"command": command},
	})
	return p
}

// TestAllowNeedsItsRecord: with the audit log on a full, then a read-only
// disk, what policy allows is not allowed: it waits in the editor with a
// reason that names the audit log; approved there, it still cannot be
// recorded, so the agent is told to ask, with the same reason (in dontAsk
// mode, denied). A deny stays a deny. Once the log can be written the next
// allow goes through, and the log verifies with the cut-short write kept
// in a repair entry.
func TestAllowNeedsItsRecord(t *testing.T) {
	fsys := audittest.Tmpfs(t, "64k")
	t.Setenv("XDG_STATE_HOME", fsys.Dir)
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(root, ".claude"), 0o755)
	os.WriteFile(filepath.Join(root, ".claude", "settings.json"),
		[]byte(`{"permissions":{"allow":["Bash(echo:*)"],"deny":["Bash(rm:*)"]}}`), 0o644)
	g := New(Options{Roots: []string{root}, Home: t.TempDir(), ManagedDirs: []string{}, Trusted: true})
	defer g.Close()
	hookNow := func(mode, command string) Answer {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		r, err := g.Hook(ctx, hookParams{Payload: modePayload(t, root, mode, command), ProjectDir: root})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := hookNow("default", longEcho); r.Decision != "allow" {
		t.Fatalf("before the disk is full: %+v", r)
	}

	for _, c := range []struct {
		name        string
		break_, fix func()
		errText     string
	}{
		{"full disk", func() { fsys.Fill() }, fsys.Free, "no space left on device"},
		{"read-only disk", func() { fsys.ReadOnly(true) }, func() { fsys.ReadOnly(false) }, "read-only file system"},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.break_()
			res := hookAsync(g, root, modePayload(t, root, "default", longEcho))
			id := waitPending(t, g)
			req := g.Pending()[0]
			if !strings.Contains(req.Reason, "audit log could not be written") || !strings.Contains(req.Reason, c.errText) {
				t.Errorf("pending request's reason %q does not name the audit log and %q", req.Reason, c.errText)
			}
			if err := g.Decide(Verdict{ID: id, Decision: "allow"}); err != nil {
				t.Fatal(err)
			}
			select {
			case r := <-res:
				if r.Decision != "ask" || !strings.Contains(r.Reason, "approved in the editor, but the audit log could not be written") {
					t.Errorf("approved, unrecorded: %+v; want ask naming the audit log", r)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("no answer after the approval")
			}
			if r := hookNow("dontAsk", longEcho); r.Decision != "deny" || !strings.Contains(r.Reason, "audit log could not be written") {
				t.Errorf("dontAsk: %+v; want deny naming the audit log", r)
			}
			if r := hookNow("default", "rm -r build"); r.Decision != "deny" {
				t.Errorf("a deny became %+v", r)
			}
			// What policy asks about anyway is shown with a note: an
			// approval will be asked again.
			res = hookAsync(g, root, modePayload(t, root, "default", "make deploy"))
			id = waitPending(t, g)
			if req := g.Pending()[0]; !strings.Contains(req.Reason, "audit log could not be written") {
				t.Errorf("pending ask's reason %q does not warn about the audit log", req.Reason)
			}
			g.Decide(Verdict{ID: id, Decision: "deny"})
			if r := <-res; r.Decision != "deny" {
				t.Errorf("denied in the editor: %+v", r)
			}
			c.fix()
			if r := hookNow("default", longEcho); r.Decision != "allow" {
				t.Fatalf("once the log can be written: %+v", r)
			}
		})
	}
	path, _ := audit.PathFor(root)
	r, err := audit.Check(path)
	if err != nil || len(r.Repairs) == 0 {
		t.Fatalf("Check = %+v, %v; want the cut-short write kept in a repair entry", r, err)
	}
	data, _ := os.ReadFile(path)
	if allows := strings.Count(string(data), `"decision":"allow"`); allows != 3 {
		t.Errorf("%d allows recorded for the 3 given:\n%.2000s", allows, data)
	}
}
