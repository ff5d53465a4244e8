package policy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCdFollowsBash checks where the line is after cd against bash itself:
// a cd the policy follows (allows) must land, in bash, in a directory the
// policy considered, and a cd whose landing place bash decides differently
// (logical "..", CDPATH) must not be allowed.
func TestCdFollowsBash(t *testing.T) {
	pol, proj := project(t, true, map[string]string{
		"proj/.claude/settings.json": `{"permissions":{"allow":["Bash(ls:*)","Bash(echo:*)"]}}`,
		"proj/docs/deep/api/x.md":    "x",
		"outside/x":                  "x",
	})
	// docs/api is a symlink two levels down: docs/api/.. is docs to bash
	// (logical), docs/deep to the kernel (physical).
	if err := os.Symlink("deep/api", filepath.Join(proj, "docs", "api")); err != nil {
		t.Fatal(err)
	}
	rows := []struct {
		expect, cmd, why string
	}{
		{"allow", "cd ./docs/api && ls", "a symlink inside"},
		{"ask", "cd ./docs/api/../../.. && ls", "logical .. leaves the workspace (physical stays in it)"},
		{"allow", "cd ./docs/api/../.. && ls", "logical: the project; physical: docs"},
		{"ask", "cd ./docs/api && cd ../../.. && ls", "a later cd .. from the logical path"},
		{"ask", "cd -L ./docs/api/../../.. && ls", "explicit -L"},
		{"ask", "cd docs && ls", "CDPATH may apply"},
		{"ask", "CDPATH=.. cd ./docs && ls", "a prefix assignment on cd"},
	}
	for _, r := range rows {
		d := pol.Decide(bashReq(proj, r.cmd))
		if string(d.Behavior) != r.expect {
			t.Errorf("%q: got %s, want %s (%s): %s", r.cmd, d.Behavior, r.expect, r.why, d.Reason)
		}
	}
	if _, err := exec.LookPath("bash"); err != nil {
		return
	}
	// Where bash really lands, for the two readings above.
	for cd, want := range map[string]string{
		"cd ./docs/api/../../..": filepath.Dir(proj),
		"cd -P ./docs/api/../..": filepath.Join(proj, "docs"),
		"cd ./docs/api/../..":    proj,
	} {
		cmd := exec.Command("bash", "--norc", "--noprofile", "-c", cd+" && pwd -P")
		cmd.Dir = proj
		cmd.Env = []string{"PATH=/usr/bin:/bin", "PWD=" + proj}
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v", cd, err)
		}
		if got := strings.TrimSpace(string(out)); got != want {
			t.Errorf("bash %s lands in %s, want %s", cd, got, want)
		}
	}
}
