package gate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/settings"
)

func bashCall(root, command string) json.RawMessage {
	p, _ := json.Marshal(map[string]any{
		"session_id": "s1", "transcript_path": "/tmp/t.jsonl", "cwd": root,
		"permission_mode": "default", "hook_event_name": "PreToolUse", "tool_name": "Bash",
		"tool_input": map[string]any{"command": command},
	})
	return p
}

func writeSettings(t *testing.T, root, perms string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(root, ".claude"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, ".claude", "settings.json"), []byte(`{"permissions":`+perms+`}`), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A policy build that read the settings before they changed must never be
// the one kept: here the first build reads a file that allows `make deploy`,
// the file then denies it and the watcher reloads, and only then does the
// first build finish. Every later decision must deny.
func TestStaleBuildNeverReplacesNewer(t *testing.T) {
	g, root := newTestGate(t)
	writeSettings(t, root, `{"allow":["Bash(make deploy)"]}`)

	read := make(chan struct{})
	release := make(chan struct{})
	first := true
	open := openPolicy
	openPolicy = func(loc settings.Locations, trusted bool, lastGood *settings.Set) (*policy.Policy, error) {
		pol, err := open(loc, trusted, lastGood)
		if first {
			first = false
			close(read)
			<-release
		}
		return pol, err
	}
	t.Cleanup(func() { openPolicy = open })

	res := hookAsync(g, root, bashCall(root, "make deploy"))
	<-read // the first build has read the old file
	writeSettings(t, root, `{"deny":["Bash(make deploy)"]}`)
	g.ReloadPolicy()
	close(release)
	if r := <-res; r.Decision == "allow" {
		t.Errorf("the decision in flight during the change allowed by the old rules: %+v", r)
	}
	for range 3 {
		r := <-hookAsync(g, root, bashCall(root, "make deploy"))
		if r.Decision != "deny" {
			t.Fatalf("after the change: %+v, want deny", r)
		}
	}
}
