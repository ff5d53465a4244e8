package settings

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestAddRuleCreatesFile(t *testing.T) {
	dir := t.TempDir()
	loc := Locations{ProjectDir: dir}
	if err := AddRule(loc, Allow, "Bash(npm run test:*)"); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(loc.LocalPath())
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"permissions\": {\n    \"allow\": [\n      \"Bash(npm run test:*)\"\n    ]\n  }\n}\n"
	if string(got) != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}
	s := Load(loc, nil)
	if len(s.Rules) != 1 || s.Rules[0].Behavior != Allow || s.Rules[0].Source.Scope != ScopeLocal {
		t.Errorf("reloaded rules %v", ruleList(s))
	}
}

func TestAddRuleMergesKeepingOrderAndKeys(t *testing.T) {
	dir := layout(t, map[string]string{".claude/settings.local.json": `{
  "zeta": {"nested": [1, 2.50, true, null, "s\u00e9"]},
  "permissions": {
    "deny": ["Bash(curl:*)"],
    "allow": ["Bash(ls:*)"],
    "defaultMode": "default"
  },
  "alpha": "<html>&"
}`})
	p := filepath.Join(dir, ".claude", "settings.local.json")
	if err := os.Chmod(p, 0o600); err != nil {
		t.Fatal(err)
	}
	loc := Locations{ProjectDir: dir}
	for _, r := range []string{"Bash(git status)", "Bash(ls:*)", "Bash(git status)"} {
		if err := AddRule(loc, Allow, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := AddRule(loc, Deny, "WebFetch"); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	want := `{
  "zeta": {
    "nested": [
      1,
      2.50,
      true,
      null,
      "sé"
    ]
  },
  "permissions": {
    "deny": [
      "Bash(curl:*)",
      "WebFetch"
    ],
    "allow": [
      "Bash(ls:*)",
      "Bash(git status)"
    ],
    "defaultMode": "default"
  },
  "alpha": "<html>&"
}
`
	if string(got) != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 kept", fi.Mode().Perm())
	}
	ents, _ := os.ReadDir(filepath.Dir(p))
	if len(ents) != 1 {
		t.Errorf("leftover files in .claude: %v", ents)
	}
}

func TestAddRuleRefuses(t *testing.T) {
	tests := []struct {
		name    string
		content string // "" = no file
		rule    string
		wantErr string
	}{
		{"malformed", `{"permissions": {"allow": [}`, "Bash(ls)", "malformed at 1:28"},
		{"permissions not object", `{"permissions": []}`, "Bash(ls)", `"permissions" must be an object`},
		{"allow not array", `{"permissions": {"allow": "x"}}`, "Bash(ls)", `"allow" must be an array`},
		{"top array", `[]`, "Bash(ls)", "top level must be an object"},
		{"empty rule", ``, " ", "one non-empty line"},
		{"newline in rule", ``, "Bash(ls)\nBash(rm:*)", "one non-empty line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			if tt.content != "" {
				files[".claude/settings.local.json"] = tt.content
			}
			dir := layout(t, files)
			err := AddRule(Locations{ProjectDir: dir}, Allow, tt.rule)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want containing %q", err, tt.wantErr)
			}
			got, rerr := os.ReadFile(filepath.Join(dir, ".claude", "settings.local.json"))
			if tt.content == "" {
				if rerr == nil {
					t.Error("file was created by a refused AddRule")
				}
			} else if string(got) != tt.content {
				t.Errorf("file changed to %q", got)
			}
		})
	}
	if err := AddRule(Locations{ProjectDir: t.TempDir()}, "maybe", "Bash"); err == nil {
		t.Error("unknown behavior accepted")
	}
}

// A .claude that is a symlink leaving the project must not redirect the write.
func TestAddRuleSymlinkEscape(t *testing.T) {
	dir := t.TempDir()
	proj, outside := filepath.Join(dir, "proj"), filepath.Join(dir, "outside")
	for _, d := range []string{proj, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(proj, ".claude")); err != nil {
		t.Fatal(err)
	}
	if err := AddRule(Locations{ProjectDir: proj}, Allow, "Bash"); err == nil {
		t.Fatal("write through a symlink leaving the project succeeded")
	}
	if ents, _ := os.ReadDir(outside); len(ents) != 0 {
		t.Errorf("files written outside the project: %v", ents)
	}
}

// TestAddRuleHelper adds rules from a process of its own, for
// TestAddRuleAcrossProcesses.
func TestAddRuleHelper(t *testing.T) {
	proj := os.Getenv("GATEHOUSE_ADDRULE_PROJECT")
	if proj == "" {
		t.Skip("run by TestAddRuleAcrossProcesses")
	}
	id := os.Getenv("GATEHOUSE_ADDRULE_ID")
	for i := range addRulesEach {
		if err := AddRule(Locations{ProjectDir: proj}, Allow, fmt.Sprintf("Bash(p%s-%d)", id, i)); err != nil {
			t.Fatal(err)
		}
	}
}

const addRulesEach = 25

// TestAddRuleAcrossProcesses: processes adding rules to one project at the
// same time (two editor windows approving "always") lose none of them.
func TestAddRuleAcrossProcesses(t *testing.T) {
	proj := t.TempDir()
	const procs = 4
	var cmds []*exec.Cmd
	for id := range procs {
		cmd := exec.Command(os.Args[0], "-test.run=^TestAddRuleHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), "GATEHOUSE_ADDRULE_PROJECT="+proj, fmt.Sprintf("GATEHOUSE_ADDRULE_ID=%d", id))
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(Locations{ProjectDir: proj}.LocalPath())
	if err != nil {
		t.Fatal(err)
	}
	missing := 0
	for id := range procs {
		for i := range addRulesEach {
			if !strings.Contains(string(data), fmt.Sprintf(`"Bash(p%d-%d)"`, id, i)) {
				missing++
			}
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d rules lost", missing, procs*addRulesEach)
	}
}
