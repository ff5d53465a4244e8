package policy

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseRuleErrors(t *testing.T) {
	for _, text := range []string{
		"", "  ", "Bash(rm -rf", "Bash)", "(ls)", "Bash()", "Bash(  )", "Ba sh", "Bash(ls\n)",
		"Bash(echo 'x)", `Bash(echo \)`, "Read(~user/x)", "Read(../x)", "Read([)", "Edit(./a/[b)",
		"WebFetch(github.com)", "WebFetch(domain:)", "WebFetch(domain:evil.com/x)", "WebFetch(domain:a@b)",
		"WebFetch(domain:*)x", "mcp__s(x)", "Task(x)", "WebSearch(x)", "Bash*", "Bash(:*)",
	} {
		if _, err := ParseRule(text); err == nil {
			t.Errorf("ParseRule(%q) accepted a malformed rule", text)
		} else if strings.TrimSpace(text) != "" && !strings.Contains(err.Error(), fmt.Sprintf("%q", text)) {
			t.Errorf("ParseRule(%q) error %q does not name the rule", text, err)
		}
	}
}

func TestBashPatternMatch(t *testing.T) {
	tests := []struct {
		rule  string
		yes   [][]string
		no    [][]string
		prog  string
		whole bool
	}{
		{rule: "Bash(npm run test:*)", prog: "npm",
			yes: [][]string{{"npm", "run", "test"}, {"npm", "run", "test", "--watch"}, {"npm", "run", "test", "a b"}},
			no:  [][]string{{"npm", "run", "testx"}, {"npm", "run"}, {"npm", "run test"}, {"npm run test"}, {"xnpm", "run", "test"}}},
		{rule: "Bash(git status)", prog: "git",
			yes: [][]string{{"git", "status"}},
			no:  [][]string{{"git", "status", "-s"}, {"git status"}, {"git", "statusx"}, {"git"}}},
		{rule: "Bash(ls *)", prog: "ls",
			yes: [][]string{{"ls"}, {"ls", "-la"}, {"ls", "a", "b"}},
			no:  [][]string{{"lsof"}, {"ls -la"}}},
		{rule: "Bash(ls*)", prog: "",
			yes: [][]string{{"ls"}, {"lsof"}, {"ls", "-la"}},
			no:  [][]string{{"xls"}}},
		{rule: "Bash(git * main)", prog: "git",
			yes: [][]string{{"git", "checkout", "main"}, {"git", "push", "origin", "main"}},
			no:  [][]string{{"git", "main"}, {"git", "checkout", "mainx"}}},
		{rule: `Bash(git commit -m "wip fix")`, prog: "git",
			yes: [][]string{{"git", "commit", "-m", "wip fix"}},
			no:  [][]string{{"git", "commit", "-m", "wip", "fix"}}},
		{rule: `Bash(echo "*")`, prog: "echo",
			yes: [][]string{{"echo", "*"}},
			no:  [][]string{{"echo", "x"}}},
		{rule: "Bash(*)", whole: true, yes: [][]string{{"anything"}}},
		{rule: "Bash", whole: true, yes: [][]string{{"anything"}}},
		{rule: "Bash(* --version)", prog: "",
			yes: [][]string{{"go", "--version"}},
			no:  [][]string{{"go", "--version", "x"}}},
		{rule: "Bash(make:*)", prog: "make",
			yes: [][]string{{"make"}, {"make", "-j4", "all"}},
			no:  [][]string{{"cmake"}, {"make-thing"}}},
	}
	for _, tt := range tests {
		r, err := ParseRule(tt.rule)
		if err != nil {
			t.Errorf("ParseRule(%q): %v", tt.rule, err)
			continue
		}
		if r.Whole != tt.whole {
			t.Errorf("%s: Whole = %v", tt.rule, r.Whole)
		}
		if tt.whole {
			continue
		}
		if r.bash.program != tt.prog {
			t.Errorf("%s: program %q, want %q", tt.rule, r.bash.program, tt.prog)
		}
		for _, w := range tt.yes {
			if !r.bash.match(joinWords(w)) {
				t.Errorf("%s does not match %q", tt.rule, w)
			}
		}
		for _, w := range tt.no {
			if r.bash.match(joinWords(w)) {
				t.Errorf("%s matches %q", tt.rule, w)
			}
		}
	}
}

func TestMatchHost(t *testing.T) {
	tests := []struct {
		rule, host string
		want       bool
	}{
		{"github.com", "github.com", true},
		{"github.com", "api.github.com", false},
		{"github.com", "github.com.evil", false},
		{"github.com", "evilgithub.com", false},
		{"*.github.com", "api.github.com", true},
		{"*.github.com", "a.b.github.com", true},
		{"*.github.com", "github.com", false},
		{"*.github.com", "evilgithub.com", false},
		{"*", "anything.example", true},
	}
	for _, tt := range tests {
		if got := matchHost(tt.rule, tt.host); got != tt.want {
			t.Errorf("matchHost(%q, %q) = %v", tt.rule, tt.host, got)
		}
	}
}

func TestCoversTool(t *testing.T) {
	tests := []struct {
		rule, tool string
		want       bool
	}{
		{"Read", "Grep", true}, {"Read", "Glob", true}, {"Read", "Edit", false},
		{"Edit", "Write", true}, {"Edit", "MultiEdit", true}, {"Edit", "NotebookEdit", true}, {"Write", "Edit", false},
		{"mcp__github", "mcp__github__create_issue", true},
		{"mcp__github", "mcp__githubevil__x", false},
		{"mcp__github__get_*", "mcp__github__get_issue", true},
		{"mcp__github__get_*", "mcp__github__create_issue", false},
		{"mcp__github__*", "mcp__github__x", true},
		{"mcp__github__create_issue", "mcp__github__create_issue", true},
		{"mcp__github__create_issue", "mcp__github__create", false},
	}
	for _, tt := range tests {
		r, err := ParseRule(tt.rule)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.coversTool(tt.tool); got != tt.want {
			t.Errorf("%s covers %s = %v", tt.rule, tt.tool, got)
		}
	}
}

func TestWiden(t *testing.T) {
	for text, want := range map[string]string{"Bash(rm -rf": "Bash", "WebFetch(github.com)": "WebFetch", "Read(../x)": "Read"} {
		r, ok := widen(text)
		if !ok || r.Tool != want || !r.Whole {
			t.Errorf("widen(%q) = %+v, %v", text, r, ok)
		}
	}
	if _, ok := widen("(rm)"); ok {
		t.Error("widened a rule without a tool name")
	}
}

func FuzzParseRule(f *testing.F) {
	for _, s := range []string{"Bash(npm run test:*)", "Bash(git * main)", `Bash(echo "a b" 'c')`, "Read(//etc/**)",
		"Edit(~/x/*.go)", "Read(.env)", "WebFetch(domain:*.github.com)", "mcp__s__get_*", "Bash(rm -rf", "Bash(\\"} {
		f.Add(s, "git status --short")
	}
	f.Fuzz(func(t *testing.T, text, cmd string) {
		r, err := ParseRule(text)
		if err != nil {
			if !strings.Contains(err.Error(), "rule") {
				t.Fatalf("error %q does not say it is about a rule", err)
			}
			// A rejected deny rule widens to a whole tool, never to less.
			if w, ok := widen(text); ok && (!w.Whole || w.Specifier != "") {
				t.Fatalf("widened %q to a partial rule %+v", text, w)
			}
			return
		}
		if r.bash != nil {
			r.bash.match(joinWords(strings.Fields(cmd)))
			if r.bash.program != "" && r.bash.match(joinWords(strings.Fields(cmd))) && !strings.HasPrefix(joinWords(strings.Fields(cmd)), r.bash.program) {
				t.Fatalf("%q matched %q without its program", text, cmd)
			}
		}
		if r.path != nil {
			_ = matchComps(r.path.comps, strings.Split(cmd, "/"), false)
		}
	})
}

func TestFlagPattern(t *testing.T) {
	tests := []struct {
		rule string
		yes  [][]string
		no   [][]string
	}{
		{"Bash(rm -rf:*)",
			[][]string{{"rm", "-fr", "x"}, {"rm", "-r", "-f", "x"}, {"rm", "-rfv", "/"}, {"rm", "-f", "x", "-r"}},
			[][]string{{"rm", "-r", "x"}, {"rm", "--", "-rf"}, {"rmdir", "-rf"}}},
		{"Bash(git push --force:*)",
			[][]string{{"git", "push", "origin", "--force"}, {"git", "push", "--forc", "o"}, {"git", "push", "--force=yes"}},
			[][]string{{"git", "push", "--f"}, {"git", "push", "origin"}, {"git", "pull", "--force"}}},
		{"Bash(npm run test)", nil, nil}, // no options: no flag form
	}
	for _, tt := range tests {
		r, err := ParseRule(tt.rule)
		if err != nil {
			t.Fatal(err)
		}
		if r.bash.flags == nil {
			if tt.yes != nil {
				t.Errorf("%s has no flag form", tt.rule)
			}
			continue
		}
		for _, w := range tt.yes {
			if !r.bash.flags.matchFlags(w) {
				t.Errorf("%s does not match %q", tt.rule, w)
			}
		}
		for _, w := range tt.no {
			if r.bash.flags.matchFlags(w) {
				t.Errorf("%s matches %q", tt.rule, w)
			}
		}
	}
}
