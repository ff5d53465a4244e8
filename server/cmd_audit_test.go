package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/audit"
)

func runAuditCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"audit"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestAuditCommand(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	ws := t.TempDir()
	t.Setenv("CLAUDE_PROJECT_DIR", ws)

	code, out, _ := runAuditCmd(t, "path")
	want, _ := audit.PathFor(ws)
	if code != 0 || strings.TrimSpace(out) != want {
		t.Fatalf("audit path = %d %q, want %q", code, out, want)
	}
	if code, _, errs := runAuditCmd(t, "verify"); code != 1 || !strings.Contains(errs, "no audit log") {
		t.Errorf("verify without a log: %d %q", code, errs)
	}
	if code, _, errs := runAuditCmd(t); code != 0 || !strings.Contains(errs, "nothing recorded") {
		t.Errorf("show without a log: %d %q", code, errs)
	}

	l, err := audit.OpenWorkspace(ws)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"npm run test", "make build", "git status"} {
		if err := l.Append(audit.Entry{Session: "1a2b3c", Tool: "Bash", Summary: s, Decision: "allow", By: "person"}); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, _ := runAuditCmd(t, "verify", "--workspace", ws); code != 0 || out != "ok: 3 entries\n" {
		t.Errorf("verify = %d %q", code, out)
	}
	code, out, _ = runAuditCmd(t, "-n", "2")
	if code != 0 || strings.Count(out, "\n") != 2 || strings.Contains(out, "npm run test") || !strings.Contains(out, "allow  person   Bash  git status") {
		t.Errorf("audit -n 2 = %d\n%s", code, out)
	}
	if code, out, _ := runAuditCmd(t, "--json", "-n", "1"); code != 0 || !strings.HasPrefix(out, `{"time"`) {
		t.Errorf("audit --json = %d %q", code, out)
	}

	b, _ := os.ReadFile(want)
	os.WriteFile(want, bytes.Replace(b, []byte("make build"), []byte("make buildX"), 1), 0o600)
	if code, _, errs := runAuditCmd(t, "verify"); code != 1 || !strings.Contains(errs, "line 2") {
		t.Errorf("verify of an edited log = %d %q", code, errs)
	}

	if code, _, _ := runAuditCmd(t, "bogus"); code != 2 {
		t.Errorf("unknown action exits %d, want 2", code)
	}
}
