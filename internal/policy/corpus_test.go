package policy

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/action"
	"github.com/gatehouse/gatehouse/internal/settings"
	"github.com/gatehouse/gatehouse/internal/workspace"
)

const corpusDir = "../../testdata/corpus"

// corpus is a temporary workspace laid out for the corpus rows: a project
// with protected folders, secrets and symlinks, a sibling whose name starts
// with the project's, an outside folder and a fake home.
type corpus struct {
	root, proj, home string
	pol              *Policy
}

func newCorpus(t testing.TB, trusted bool) *corpus {
	t.Helper()
	root := t.TempDir()
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	c := &corpus{root: root, proj: filepath.Join(root, "proj"), home: filepath.Join(root, "home")}
	files := map[string]string{
		"proj/src/main.go":           "package main\n",
		"proj/docs/README.md":        "# docs\n",
		"proj/docs/guide.md":         "guide\n",
		"proj/README.md":             "readme\n",
		"proj/package.json":          `{"name":"x"}`,
		"proj/build/.keep":           "",
		"proj/secrets/key.txt":       "k",
		"proj/.env":                  "KEY=1\n",
		"proj/.env.local":            "KEY=2\n",
		"proj/cert.pem":              "pem",
		"proj/.git/config":           "[core]\n\thooksPath = .githooks\n",
		"proj/.git/modules/mod/HEAD": "ref: refs/heads/main\n",
		"proj/vendor/mod/.git":       "gitdir: ../../.git/modules/mod\n",
		"proj/planted/HEAD":          "ref: refs/heads/main\n",
		"proj/.git/hooks/.keep":      "",
		"proj/.vscode/settings.json": "{}",
		"proj/.husky/.keep":          "",
		"outside/x":                  "x",
		"proj_evil/x":                "x",
		"home/.bashrc":               "",
		"home/.ssh/id_rsa":           "key",
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
	data, err := os.ReadFile(filepath.Join(corpusDir, "settings.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(c.proj, ".claude"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(c.proj, ".claude", "settings.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		"link_out": "../outside",
		"link_etc": "/etc",
		"link_rc":  filepath.Join(c.home, ".bashrc"),
		"dangling": "../outside/later",
		"link_env": ".env",
	} {
		if err := os.Symlink(target, filepath.Join(c.proj, link)); err != nil {
			t.Fatal(err)
		}
	}
	// A second name of cert.pem, which a Read rule denies.
	if err := os.Link(filepath.Join(c.proj, "cert.pem"), filepath.Join(c.proj, "build", "pem_link")); err != nil {
		t.Fatal(err)
	}
	loc := settings.Locations{ProjectDir: c.proj, Home: c.home}
	set := settings.Load(loc, nil)
	if len(set.Broken) > 0 {
		t.Fatalf("corpus settings broken: %v", set.Broken)
	}
	roots, err := workspace.NewRootsWith(workspace.Options{Home: c.home}, c.proj)
	if err != nil {
		t.Fatal(err)
	}
	c.pol = New(set, roots, trusted)
	if len(c.pol.Problems) > 0 {
		t.Fatalf("corpus rules malformed: %v", c.pol.Problems)
	}
	return c
}

func (c *corpus) expand(s string) string {
	return strings.NewReplacer("@PROJ@", c.proj, "@HOME@", c.home, "@ROOT@", c.root).Replace(s)
}

// row is one line of a corpus file.
type row struct {
	file   string
	line   int
	expect string
	cols   []string // the columns between expect and why
	why    string
}

func readCorpus(t testing.TB, name string, ncols int) []row {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []row
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		parts := strings.Split(text, "\t")
		if len(parts) != ncols+2 {
			t.Fatalf("%s:%d: %d columns, want %d", name, n, len(parts), ncols+2)
		}
		r := row{file: name, line: n, expect: parts[0], why: parts[len(parts)-1]}
		for _, c := range parts[1 : len(parts)-1] {
			if q, ok := strings.CutPrefix(c, "go:"); ok {
				u, err := strconv.Unquote(q)
				if err != nil {
					t.Fatalf("%s:%d: bad Go-quoted column %s: %v", name, n, c, err)
				}
				c = u
			}
			r.cols = append(r.cols, c)
		}
		switch r.expect {
		case "allow", "ask", "deny", "!allow":
		default:
			t.Fatalf("%s:%d: expect %q is not allow, ask, deny or !allow", name, n, r.expect)
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

func (r row) check(t *testing.T, d Decision) {
	t.Helper()
	got := string(d.Behavior)
	ok := got == r.expect || (r.expect == "!allow" && got != "allow")
	if !ok {
		what := "mismatch"
		switch {
		case got == "allow":
			what = "BYPASS"
		case r.expect == "allow":
			what = "benign row asks"
		}
		t.Errorf("%s:%d: %s: got %s, want %s (%s)\n\tinput: %q\n\treason: %s [%s]",
			r.file, r.line, what, got, r.expect, r.why, r.cols, d.Reason, d.Check)
	}
	if d.Reason == "" {
		t.Errorf("%s:%d: decision without a reason", r.file, r.line)
	}
}

func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// bashCorpora are the Bash command corpora: the shell language's, and the
// programs' (what options and operands of each program do).
var bashCorpora = []string{"bash.tsv", "bash_programs.tsv", "bash_attacks.tsv", "bash_git.tsv"}

func TestCorpus(t *testing.T) {
	c := newCorpus(t, true)
	for _, name := range bashCorpora {
		t.Run(strings.TrimSuffix(name, ".tsv"), func(t *testing.T) {
			rows := readCorpus(t, name, 1)
			if name == "bash.tsv" && len(rows) < 200 {
				t.Errorf("bash corpus has %d rows, want at least 200", len(rows))
			}
			for _, r := range rows {
				d := c.pol.Decide(Request{Tool: "Bash", Cwd: c.proj, Input: mustJSON(map[string]string{"command": c.expand(r.cols[0])})})
				r.check(t, d)
			}
		})
	}
	t.Run("edit", func(t *testing.T) {
		for _, r := range readCorpus(t, "edit.tsv", 3) {
			key := "file_path"
			if r.cols[0] == "NotebookEdit" {
				key = "notebook_path"
			}
			in := map[string]string{key: c.expand(r.cols[2])}
			d := c.pol.Decide(Request{Tool: r.cols[0], Mode: r.cols[1], Cwd: c.proj, Input: mustJSON(in)})
			r.check(t, d)
			if d.Kind != action.Edit {
				t.Errorf("%s:%d: kind %s, want edit", r.file, r.line, d.Kind)
			}
		}
	})
	t.Run("webfetch", func(t *testing.T) {
		for _, r := range readCorpus(t, "webfetch.tsv", 1) {
			d := c.pol.Decide(Request{Tool: "WebFetch", Cwd: c.proj, Input: mustJSON(map[string]string{"url": r.cols[0], "prompt": "x"})})
			r.check(t, d)
		}
	})
	t.Run("mcp", func(t *testing.T) {
		for _, r := range readCorpus(t, "mcp.tsv", 1) {
			d := c.pol.Decide(Request{Tool: r.cols[0], Cwd: c.proj, Input: json.RawMessage(`{"x":1}`)})
			r.check(t, d)
		}
	})
	t.Run("tools", func(t *testing.T) {
		for _, r := range readCorpus(t, "tools.tsv", 3) {
			d := c.pol.Decide(Request{Tool: r.cols[1], Mode: r.cols[0], Cwd: c.proj, Input: json.RawMessage(c.expand(r.cols[2]))})
			r.check(t, d)
		}
	})
}

// In an untrusted workspace the project's own allow rules count for
// nothing: no row that needs a rule is allowed.
func TestCorpusUntrusted(t *testing.T) {
	c := newCorpus(t, false)
	for _, name := range bashCorpora {
		for _, r := range readCorpus(t, name, 1) {
			d := c.pol.Decide(Request{Tool: "Bash", Cwd: c.proj, Input: mustJSON(map[string]string{"command": c.expand(r.cols[0])})})
			if d.Behavior == Allow && !strings.Contains(d.Reason, "runs no program") {
				t.Errorf("%s:%d: untrusted workspace allowed %q by %s", name, r.line, r.cols[0], d.Reason)
			}
			if r.expect == "deny" && d.Behavior != Deny {
				t.Errorf("%s:%d: untrusted workspace lost a deny: %q -> %s", name, r.line, r.cols[0], d.Behavior)
			}
		}
	}
	for _, r := range readCorpus(t, "webfetch.tsv", 1) {
		d := c.pol.Decide(Request{Tool: "WebFetch", Input: mustJSON(map[string]string{"url": r.cols[0]})})
		if d.Behavior == Allow {
			t.Errorf("webfetch.tsv:%d: untrusted workspace allowed %q", r.line, r.cols[0])
		}
	}
}
