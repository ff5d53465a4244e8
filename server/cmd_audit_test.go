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
		if err := l.Append(audit.Entry{Session: "1a2b3c", Agent: "codex", Tool: "Bash", Summary: s, Decision: "allow", By: "person"}); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, _ := runAuditCmd(t, "verify", "--workspace", ws); code != 0 || out != "ok: 3 entries\n" {
		t.Errorf("verify = %d %q", code, out)
	}
	code, out, _ = runAuditCmd(t, "-n", "2")
	if code != 0 || strings.Count(out, "\n") != 2 || strings.Contains(out, "npm run test") || !strings.Contains(out, "allow  person   codex        Bash  git status") {
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

// TestAuditVerifyTruncation: `audit verify` fails, saying so, when entries
// were cut from the end of the log, when it was emptied and when it was
// deleted; a log without a checkpoint (older installs) still verifies,
// with a note.
func TestAuditVerifyTruncation(t *testing.T) {
	for _, c := range []struct {
		name string
		cut  func(path string)
		code int
		want string
	}{
		{"last two lines cut", func(p string) {
			b, _ := os.ReadFile(p)
			lines := strings.SplitAfter(string(b), "\n")
			os.WriteFile(p, []byte(strings.Join(lines[:len(lines)-3], "")), 0o600)
		}, 1, "records 4 entries, the log holds 2"},
		{"emptied", func(p string) { os.Truncate(p, 0) }, 1, "records 4 entries, the log holds 0"},
		{"deleted", func(p string) { os.Remove(p) }, 1, "the log is gone"},
		{"no checkpoint", func(p string) { os.Remove(audit.CheckpointPath(p)) }, 0, "ok: 4 entries (no checkpoint"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("XDG_STATE_HOME", t.TempDir())
			ws := t.TempDir()
			l, err := audit.OpenWorkspace(ws)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{"npm run test", "make build", "git status", "ls"} {
				if err := l.Append(audit.Entry{Tool: "Bash", Summary: s, Decision: "allow", By: "rule"}); err != nil {
					t.Fatal(err)
				}
			}
			c.cut(l.Path())
			code, out, errs := runAuditCmd(t, "verify", "--workspace", ws)
			if code != c.code || !strings.Contains(out+errs, c.want) {
				t.Errorf("verify = %d %q %q; want %d mentioning %q", code, out, errs, c.code, c.want)
			}
		})
	}
}
