package hook_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/audit"
	"github.com/gatehouse/gatehouse/internal/audit/audittest"
	"github.com/gatehouse/gatehouse/internal/hook"
)

// longEcho is allowed by echoProject's settings, and its audit entry is
// larger than a page, so that it cannot fit in what is left of the log's
// last one on a full disk: the write is cut short.
var longEcho = "echo " + strings.Repeat("x", 5000)

func echoProject(t *testing.T) string {
	t.Helper()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, ".claude"), 0o755)
	os.WriteFile(filepath.Join(dir, ".claude", "settings.json"),
		[]byte(`{"permissions":{"allow":["Bash(echo:*)"],"deny":["Bash(rm:*)"]}}`), 0o644)
	return dir
}

func commandPayload(mode, cwd, command string) []byte {
	return fmt.Appendf(nil, `{"session_id":"s1","cwd":%q,"permission_mode":%q,"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":%q}}`, cwd, mode, command)
}

// TestOfflineAllowNeedsItsRecord: with the audit log on a full, then a
// read-only disk, an allow becomes an ask whose reason names the audit log
// (deny in dontAsk mode), a deny stays a deny; once the disk has room the
// next allow goes through, the log verifies and the cut-short write is
// kept in a repair entry.
func TestOfflineAllowNeedsItsRecord(t *testing.T) {
	fsys := audittest.Tmpfs(t, "64k")
	dir := echoProject(t)
	logPath := filepath.Join(fsys.Dir, "audit", "log.jsonl")
	env := hook.Env{ProjectDir: dir, Home: t.TempDir(), ManagedDirs: []string{},
		AuditLog: func(string) (*audit.Log, error) { return audit.Open(logPath) }}
	decide := func(mode, command string) (string, string) {
		t.Helper()
		code, o, stderr := runInProcess(t, env, commandPayload(mode, dir, command), nil)
		if code != 0 {
			t.Fatalf("%s: exit %d, stderr %q", command[:10], code, stderr)
		}
		return o.HookSpecificOutput.PermissionDecision, o.HookSpecificOutput.PermissionDecisionReason
	}
	if got, why := decide("default", longEcho); got != "allow" {
		t.Fatalf("before the disk is full: %s (%s)", got, why)
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
			for range 2 {
				got, why := decide("default", longEcho)
				if got != "ask" || !strings.Contains(why, "audit log could not be written") || !strings.Contains(why, c.errText) {
					t.Fatalf("allow with the log unwritable: %s (%s); want ask naming the audit log and %q", got, why, c.errText)
				}
			}
			if got, why := decide("dontAsk", longEcho); got != "deny" || !strings.Contains(why, "audit log") {
				t.Errorf("dontAsk: %s (%s); want deny naming the audit log", got, why)
			}
			if got, _ := decide("default", "rm -r build"); got != "deny" {
				t.Errorf("a deny became %s", got)
			}
			c.fix()
			if got, why := decide("default", longEcho); got != "allow" {
				t.Fatalf("once the log can be written: %s (%s)", got, why)
			}
			r, err := audit.Check(logPath)
			if err != nil {
				t.Fatalf("audit verify: %v", err)
			}
			t.Logf("%d entries, repairs at lines %v", r.Entries, r.Repairs)
		})
	}
	r, err := audit.Check(logPath)
	if err != nil || len(r.Repairs) == 0 {
		t.Errorf("Check = %+v, %v; want the cut-short write kept in a repair entry", r, err)
	}
}

// TestHookProcessAllowNeedsItsRecord: the same through the binary, whose
// log is in $XDG_STATE_HOME: a full disk turns the allow into an ask that
// says why, and nothing claims it was allowed.
func TestHookProcessAllowNeedsItsRecord(t *testing.T) {
	fsys := audittest.Tmpfs(t, "64k")
	p := newProject(t)
	env := []string{"HOME=" + p.home, "CLAUDE_PROJECT_DIR=" + p.dir, "XDG_STATE_HOME=" + fsys.Dir}
	run := func() hookOutput {
		t.Helper()
		r := runHook(t, p.payload(t, "bash_git_status.json"), env...)
		if r.code != 0 {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
		return decodeOutput(t, r.stdout)
	}
	if o := run(); o.HookSpecificOutput.PermissionDecision != "allow" {
		t.Fatalf("before the disk is full: %+v", o)
	}
	fsys.Fill()
	o := run().HookSpecificOutput
	if o.PermissionDecision != "ask" || !strings.Contains(o.PermissionDecisionReason, "audit log could not be written") {
		t.Fatalf("on a full disk: %+v; want ask naming the audit log", o)
	}
	fsys.Free()
	if o := run(); o.HookSpecificOutput.PermissionDecision != "allow" {
		t.Fatalf("once there is room: %+v", o)
	}
	logs, _ := filepath.Glob(filepath.Join(fsys.Dir, "gatehouse", "audit", "*.jsonl"))
	if len(logs) != 1 {
		t.Fatalf("audit logs %v", logs)
	}
	r, err := audit.Check(logs[0])
	if err != nil {
		t.Fatalf("audit verify: %v", err)
	}
	data, _ := os.ReadFile(logs[0])
	if allows := strings.Count(string(data), `"decision":"allow"`); allows != 2 {
		t.Errorf("%d allows recorded for the 2 given (entries %d):\n%s", allows, r.Entries, data)
	}
}
