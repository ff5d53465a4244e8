package policy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
				`git log -p -- '\.env'`:               Ask, // a backslash escapes in git's globs
				"git diff --cached -- .":              Ask, // the whole tree
				"cd ./src && git diff --cached -- ..": Ask,
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
			// Where git ignores case (file systems without case), .ENV
			// may reach .env: pathspecs are judged without case.
			cmd := exec.Command("git", "config", "core.ignorecase", "true")
			cmd.Dir = proj
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git config: %v\n%s", err, out)
			}
			if d := pol.Decide(Request{Tool: "Bash", Cwd: proj, Input: mustJSON(map[string]string{"command": "git log -p -- .ENV"})}); d.Behavior == Allow {
				t.Errorf("core.ignorecase: git log -p -- .ENV allowed (%s)", d.Reason)
			}
		})
	}
}

// The configuration git reads decides what a git command runs: settings
// that hand control to files in the workspace make git commands ask;
// core.hooksPath makes its directory protected instead.
func TestGitConfigHandsControlToWorkspace(t *testing.T) {
	for _, tc := range []struct {
		config, global string
		want           Behavior
	}{
		{"[core]\n\tbare = false\n\tfilemode = true\n[remote \"origin\"]\n\turl = https://example.com/x.git\n", "", Allow},
		{"[core]\n\tfsmonitor = true\n\tpager = less -FRX\n\teditor = vim\n", "", Allow},
		{"[core]\n\tfsmonitor = \"id > /tmp/pwn; false\"\n", "", Ask},
		{"[core]\n\tfsmonitor = build/mon.sh\n", "", Ask},
		{"[core]\n\tfsmonitor = run.sh\n", "", Ask}, // a file at the root
		{"[core]\n\tpager = sh build/pager\n", "", Ask},
		{"[core]\n\tsshCommand = ./tools/ssh\n", "", Allow}, // git status reaches no other repository
		{"", "[credential]\n\thelper = \"!f() { echo password=x; }; f\"\n", Allow},
		{"[trailer \"sign\"]\n\tcommand = build/sign.sh\n", "", Ask},
		{"[diff \"pdf\"]\n\ttextconv = tools/pdf2txt\n", "", Ask},
		{"[filter \"lfs\"]\n\tclean = git-lfs clean -- %f\n\tsmudge = git-lfs smudge -- %f\n", "", Allow},
		{"[filter \"x\"]\n\tclean = python3 tools/clean.py\n", "", Ask},
		{"[gpg]\n\tprogram = ./build/gpg\n", "", Ask},
		{"[Core]\n\tFSMonitor = build/mon.sh\n", "", Ask}, // names ignore case
		{"[core]\n\tworktree = ../..\n", "", Ask},         // git works on the directory above the workspace
		{"[core]\n\tworktree = ../build\n", "", Ask},      // or on part of it
		{"[core]\n\tworktree = ..\n", "", Allow},          // the workspace itself
		{"[include]\n\tpath = ../build/extra.cfg\n", "", Ask},
		{"[includeIf \"gitdir:~/\"]\n\tpath = ../build/extra.cfg\n", "", Ask},
		{"[include]\n\tpath = extra.cfg\n", "", Allow}, // inside .git, protected
		{"", "[core]\n\tpager = build/pager\n", Ask},   // the user's configuration, a workspace path
		{"", "[core]\n\tpager = delta\n", Allow},
		{"[core]\n\thooksPath = .githooks\n", "", Allow},
	} {
		root := t.TempDir()
		if r, err := filepath.EvalSymlinks(root); err == nil {
			root = r
		}
		proj, home := filepath.Join(root, "proj"), filepath.Join(root, "home")
		for rel, content := range map[string]string{
			"proj/.git/HEAD": "ref: refs/heads/main\n", "proj/.git/config": tc.config, "proj/.git/extra.cfg": "[core]\n\tfsmonitor = true\n",
			"proj/run.sh": "", "proj/build/extra.cfg": "", "proj/.claude/settings.json": `{"permissions":{"allow":["Bash(git status:*)","Bash(git fetch:*)","Bash(printf:*)"]}}`,
			"home/.gitconfig": tc.global,
		} {
			p := filepath.Join(root, rel)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		set := settings.Load(settings.Locations{ProjectDir: proj, Home: home}, nil)
		roots, err := workspace.NewRootsWith(workspace.Options{Home: home}, proj)
		if err != nil {
			t.Fatal(err)
		}
		pol := New(set, roots, true)
		d := pol.Decide(Request{Tool: "Bash", Cwd: proj, Input: mustJSON(map[string]string{"command": "git status"})})
		if d.Behavior != tc.want {
			t.Errorf("config %q, global %q: git status %s, want %s (%s)", tc.config, tc.global, d.Behavior, tc.want, d.Reason)
		}
		if strings.Contains(tc.config+tc.global, "sshCommand") || strings.Contains(tc.global, "credential") {
			if d := pol.Decide(Request{Tool: "Bash", Cwd: proj, Input: mustJSON(map[string]string{"command": "git fetch origin"})}); d.Behavior == Allow {
				t.Errorf("config %q, global %q: git fetch allowed (%s)", tc.config, tc.global, d.Reason)
			}
		}
		if strings.Contains(tc.config, "hooksPath") {
			for _, req := range []Request{
				{Tool: "Bash", Cwd: proj, Input: mustJSON(map[string]string{"command": "printf 'id\\n' > .githooks/pre-commit"})},
				{Tool: "Write", Mode: ModeAcceptEdits, Cwd: proj, Input: mustJSON(map[string]string{"file_path": filepath.Join(proj, ".githooks", "pre-commit"), "content": "id"})},
			} {
				if d := pol.Decide(req); d.Behavior == Allow {
					t.Errorf("%s %s: allowed a write into core.hooksPath (%s)", req.Tool, req.Input, d.Reason)
				}
			}
		}
	}
}

// git add -A asks exactly when git would stage a file a Read rule
// denies, as git add --dry-run reports, whatever the .gitignore files say.
func TestGitAddStagesDenied(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	for _, tc := range []struct {
		ignores map[string]string // .gitignore files by directory
		deny    string
	}{
		{nil, `"Read(./.env)"`},
		{map[string]string{".": ".env\n"}, `"Read(./.env)"`},
		{map[string]string{".": "/.env\n"}, `"Read(./.env)"`},
		{map[string]string{".": ".env*\n"}, `"Read(./.env.*)"`},
		{map[string]string{".": ".env\n"}, `"Read(./.env.*)"`},
		{map[string]string{".": "*.pem\n"}, `"Read(*.pem)"`},
		{map[string]string{".": "*.pem\n!keys/*.pem\n"}, `"Read(*.pem)"`},
		{map[string]string{".": "keys/\n"}, `"Read(*.pem)"`},
		{map[string]string{".": "**/keys\n"}, `"Read(*.pem)"`},
		{map[string]string{"keys": "*\n"}, `"Read(*.pem)"`},
		{map[string]string{"keys": "*\n!b.pem\n"}, `"Read(*.pem)"`},
		{map[string]string{".": "*.pem\n", "keys": "!a.pem\n"}, `"Read(*.pem)"`},
		{map[string]string{".": "keys/a.pem\n.env\n"}, `"Read(*.pem)","Read(./.env)"`},
	} {
		root := t.TempDir()
		if r, err := filepath.EvalSymlinks(root); err == nil {
			root = r
		}
		proj, home := filepath.Join(root, "proj"), filepath.Join(root, "home")
		files := map[string]string{
			"proj/.env": "K=1\n", "proj/.env.local": "K=2\n", "proj/src/main.go": "package main\n",
			"proj/keys/a.pem": "a", "proj/keys/b.pem": "b",
			"proj/.claude/settings.json": `{"permissions":{"allow":["Bash(git add:*)"],"deny":[` + tc.deny + `]}}`,
			"home/.keep":                 "",
		}
		for dir, content := range tc.ignores {
			files[filepath.Join("proj", dir, ".gitignore")] = content
		}
		for rel, content := range files {
			p := filepath.Join(root, rel)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		git := func(args ...string) string {
			cmd := exec.Command("git", args...)
			cmd.Dir = proj
			cmd.Env = append(os.Environ(), "HOME="+home, "GIT_CONFIG_NOSYSTEM=1")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("git %v: %v\n%s", args, err, out)
			}
			return string(out)
		}
		git("init", "-q", ".")
		git("add", ".claude", "src") // .claude is not denied; the index is not empty
		set := settings.Load(settings.Locations{ProjectDir: proj, Home: home}, nil)
		roots, err := workspace.NewRootsWith(workspace.Options{Home: home}, proj)
		if err != nil {
			t.Fatal(err)
		}
		pol := New(set, roots, true)
		// What git would add, judged by the same rules.
		want := Allow
		for _, line := range strings.Split(git("add", "-A", "--dry-run"), "\n") {
			f, ok := strings.CutPrefix(line, "add '")
			if !ok {
				continue
			}
			f = strings.TrimSuffix(f, "'")
			d := pol.Decide(Request{Tool: "Read", Cwd: proj, Input: mustJSON(map[string]string{"file_path": filepath.Join(proj, f)})})
			if d.Behavior == Deny {
				want = Ask
			}
		}
		d := pol.Decide(Request{Tool: "Bash", Cwd: proj, Input: mustJSON(map[string]string{"command": "git add -A"})})
		if d.Behavior != want {
			t.Errorf("ignores %q, deny %s: git add -A %s, want %s (%s)", tc.ignores, tc.deny, d.Behavior, want, d.Reason)
		}
	}
}

// In a submodule git reads the submodule's configuration, kept in the
// root's .git/modules: it is judged as the root's is.
func TestGitSubmoduleConfig(t *testing.T) {
	for config, want := range map[string]Behavior{
		"[core]\n\tworktree = ../../../vendor/mod\n":                           Allow,
		"[core]\n\tworktree = ../../../vendor/mod\n\tfsmonitor = build/x.sh\n": Ask,
		"[core]\n\thooksPath = hooks\n":                                        Ask,
		"[core]\n\tworktree = ../../../src\n":                                  Ask,
	} {
		pol, proj := project(t, true, map[string]string{
			"proj/.claude/settings.json":   `{"permissions":{"allow":["Bash(git status:*)"]}}`,
			"proj/.git/HEAD":               "ref: refs/heads/main\n",
			"proj/.git/modules/mod/HEAD":   "ref: refs/heads/main\n",
			"proj/.git/modules/mod/config": config,
			"proj/vendor/mod/.git":         "gitdir: ../../.git/modules/mod\n",
			"proj/build/x.sh":              "",
		})
		if d := pol.Decide(bashReq(proj, "cd ./vendor/mod && git status")); d.Behavior != want {
			t.Errorf("submodule config %q: %s, want %s (%s)", config, d.Behavior, want, d.Reason)
		}
	}
}
