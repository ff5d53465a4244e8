package policy

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Directories are remembered for one decision only: a working directory
// that becomes a symlink to somewhere outside between two decisions is
// judged anew, so the second decision asks.
func TestDirectoriesResolvedPerDecision(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	pol, proj := project(t, true, map[string]string{
		"proj/.claude/settings.json": `{"permissions":{"allow":["Bash(cat:*)","Edit"]}}`,
		"proj/sub/notes.txt":         "x\n",
		"outside/notes.txt":          "secret\n",
	})
	sub := filepath.Join(proj, "sub")
	bash := bashReq(sub, "cat notes.txt && cat notes.txt")
	edit := editReq(sub, "notes.txt", "")
	if d := pol.Decide(bash); d.Behavior != Allow {
		t.Fatalf("before the swap: %s %s", d.Behavior, d.Reason)
	}
	if d := pol.Decide(edit); d.Behavior != Allow {
		t.Fatalf("before the swap: edit %s %s", d.Behavior, d.Reason)
	}
	if err := os.RemoveAll(sub); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(filepath.Dir(proj), "outside"), sub); err != nil {
		t.Fatal(err)
	}
	if d := pol.Decide(bash); d.Behavior == Allow {
		t.Fatalf("after the swap the line is still allowed: %s", d.Reason)
	}
	if d := pol.Decide(edit); d.Behavior == Allow {
		t.Fatalf("after the swap the edit is still allowed: %s", d.Reason)
	}
}
