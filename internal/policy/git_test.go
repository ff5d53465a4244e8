package policy

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/gatehouse/gatehouse/internal/settings"
	"github.com/gatehouse/gatehouse/internal/workspace"
)

// A real repository with a file a Read rule denies in its index: git
// prints it without the line naming it. Both index formats git writes
// (2 by default, 4 with path compression) are read.
func TestGitIndexHoldsDeniedFile(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	for _, version := range []string{"2", "3", "4"} {
		t.Run("index v"+version, func(t *testing.T) {
			root := t.TempDir()
			if r, err := filepath.EvalSymlinks(root); err == nil {
				root = r
			}
			proj, home := filepath.Join(root, "proj"), filepath.Join(root, "home")
			for rel, content := range map[string]string{
				"proj/.env": "K=1\n", "proj/src/main.go": "package main\n", "proj/src/util/a.go": "package util\n",
				"proj/.claude/settings.json": `{"permissions":{"allow":["Bash(git diff:*)","Bash(git log:*)","Bash(git show:*)","Bash(git add:*)"],"deny":["Read(./.env)"]}}`,
				"home/.keep":                 "",
			} {
				p := filepath.Join(root, rel)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, args := range [][]string{{"init", "-q", "."}, {"add", ".env", "src"}, {"update-index", "--index-version", version}} {
				cmd := exec.Command("git", args...)
				cmd.Dir = proj
				cmd.Env = append(os.Environ(), "HOME="+home, "GIT_CONFIG_NOSYSTEM=1")
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			set := settings.Load(settings.Locations{ProjectDir: proj, Home: home}, nil)
			roots, err := workspace.NewRootsWith(workspace.Options{Home: home}, proj)
			if err != nil {
				t.Fatal(err)
			}
			pol := New(set, roots, true)
			for cmd, want := range map[string]Behavior{
				"git diff --cached":                   Ask,
				"git show":                            Ask,
				"git log -p":                          Ask,
				"git diff --cached -- '.en?'":         Ask,
				"git diff --cached -- ':(icase).ENV'": Ask,
				"git add -u":                          Ask,
				"git log --oneline":                   Allow,
				"git diff --cached -- '*.go'":         Allow,
				"git log -p -- src/main.go":           Allow,
				"git diff -- src":                     Allow,
			} {
				d := pol.Decide(Request{Tool: "Bash", Cwd: proj, Input: mustJSON(map[string]string{"command": cmd})})
				if d.Behavior != want {
					t.Errorf("%s: %s, want %s (%s)", cmd, d.Behavior, want, d.Reason)
				}
			}
		})
	}
}
