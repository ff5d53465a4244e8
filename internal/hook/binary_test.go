package hook_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/audit"
	"github.com/gatehouse/gatehouse/internal/testbin"
)

// gatehouse is the binary under test, built once by TestMain: the hook's
// contract is about a process (stdin, stdout, exit code), so it is tested as
// one.
var gatehouse string

func TestMain(m *testing.M) { testbin.Main(m, &gatehouse) }

// recordedHome and recordedProject are the paths the payloads in
// testdata/hooks were recorded with.
const (
	recordedHome    = "/home/dev"
	recordedProject = "/home/dev/proj"
)

// project is a temp home with a project inside, set up like the recording.
type project struct {
	home, dir string
}

func newProject(t *testing.T) project {
	t.Helper()
	home := t.TempDir()
	p := project{home: home, dir: filepath.Join(home, "proj")}
	settings, err := os.ReadFile(filepath.Join(testdata, "settings.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{".claude", ".git/hooks", "src"} {
		if err := os.MkdirAll(filepath.Join(p.dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		".claude/settings.json": string(settings),
		"src/main.go":           "package main\n",
		"src/util.go":           "package main\n\nfunc a() {}\n",
		"README.md":             "# proj\n",
		".env":                  "TOKEN=secret\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(p.dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// payload reads a recorded payload and moves its paths into the project.
func (p project) payload(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.ReplaceAll(data, []byte(recordedHome), []byte(p.home))
}

const testdata = "../../testdata/hooks"

// result is one run of `gatehouse hook`.
type result struct {
	code           int
	stdout, stderr string
}

// runHook runs the binary with only the given environment (plus PATH), so
// that the developer's own settings and sockets never leak into the test.
func runHook(t *testing.T, stdin []byte, env ...string) result {
	t.Helper()
	cmd := exec.Command(gatehouse, "hook")
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
	cmd.Stdin = bytes.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("run gatehouse hook: %v", err)
		}
		code = ee.ExitCode()
	}
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// hookOutput is Claude Code's PreToolUse output, decoded strictly.
type hookOutput struct {
	HookSpecificOutput struct {
		HookEventName            string          `json:"hookEventName"`
		PermissionDecision       string          `json:"permissionDecision"`
		PermissionDecisionReason string          `json:"permissionDecisionReason"`
		UpdatedInput             json.RawMessage `json:"updatedInput"`
	} `json:"hookSpecificOutput"`
}

// decodeOutput checks the exact shape of a decision on stdout: one line,
// one object, no other keys, a known decision and a reason.
func decodeOutput(t *testing.T, stdout string) hookOutput {
	t.Helper()
	if !strings.HasSuffix(stdout, "}\n") || strings.Count(stdout, "\n") != 1 {
		t.Fatalf("stdout is not one JSON line: %q", stdout)
	}
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	var o hookOutput
	if err := dec.Decode(&o); err != nil {
		t.Fatalf("stdout %q: %v", stdout, err)
	}
	var keys map[string]map[string]any
	if err := json.Unmarshal([]byte(stdout), &keys); err != nil || len(keys) != 1 {
		t.Fatalf("stdout %q: want exactly the key hookSpecificOutput", stdout)
	}
	h := o.HookSpecificOutput
	if h.HookEventName != "PreToolUse" {
		t.Errorf("hookEventName = %q, want PreToolUse", h.HookEventName)
	}
	switch h.PermissionDecision {
	case "allow", "deny", "ask":
	default:
		t.Errorf("permissionDecision = %q", h.PermissionDecision)
	}
	if strings.TrimSpace(h.PermissionDecisionReason) == "" {
		t.Errorf("empty permissionDecisionReason in %q", stdout)
	}
	return o
}

// readTSV returns the rows of a tab-separated testdata file with their line
// numbers, skipping comments and blank lines.
func readTSV(t *testing.T, name string, minCols int) (rows [][]string, lines []int) {
	t.Helper()
	f, err := os.Open(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < minCols {
			t.Fatalf("%s:%d: want at least %d tab-separated columns, got %d", name, n, minCols, len(cols))
		}
		rows = append(rows, cols)
		lines = append(lines, n)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows, lines
}

func TestRecordedPayloads(t *testing.T) {
	if _, err := os.Stat("/etc/claude-code"); err == nil {
		t.Log("note: /etc/claude-code exists; its managed settings apply to these runs")
	}
	p := newProject(t)
	rows, lines := readTSV(t, "expect.tsv", 2)
	covered := map[string]bool{}
	for i, row := range rows {
		file, want := row[0], row[1]
		covered[file] = true
		t.Run(strings.TrimSuffix(file, ".json"), func(t *testing.T) {
			r := runHook(t, p.payload(t, file), "HOME="+p.home, "CLAUDE_PROJECT_DIR="+p.dir)
			if r.code != 0 {
				t.Fatalf("expect.tsv:%d: exit %d, stderr %q", lines[i], r.code, r.stderr)
			}
			o := decodeOutput(t, r.stdout).HookSpecificOutput
			if o.PermissionDecision != want {
				t.Errorf("expect.tsv:%d: %s: decision %q (%s), want %q", lines[i], file, o.PermissionDecision, o.PermissionDecisionReason, want)
			}
			if len(row) > 2 && row[2] != "" && !strings.Contains(strings.ToLower(o.PermissionDecisionReason), strings.ToLower(row[2])) {
				t.Errorf("expect.tsv:%d: reason %q does not mention %q", lines[i], o.PermissionDecisionReason, row[2])
			}
		})
	}
	// Every recorded payload has an expectation: none is silently skipped.
	files, _ := filepath.Glob(filepath.Join(testdata, "*.json"))
	for _, f := range files {
		if name := filepath.Base(f); name != "settings.json" && !covered[name] {
			t.Errorf("%s has no row in expect.tsv", name)
		}
	}
}

// TestProjectFromCwd: without CLAUDE_PROJECT_DIR the payload's cwd is the
// workspace, so the same settings apply.
func TestProjectFromCwd(t *testing.T) {
	p := newProject(t)
	for file, want := range map[string]string{"bash_git_status.json": "allow", "bash_rm_rf.json": "deny", "edit_outside.json": "ask"} {
		r := runHook(t, p.payload(t, file), "HOME="+p.home)
		if r.code != 0 {
			t.Fatalf("%s: exit %d, stderr %q", file, r.code, r.stderr)
		}
		if got := decodeOutput(t, r.stdout).HookSpecificOutput.PermissionDecision; got != want {
			t.Errorf("%s: decision %q, want %q", file, got, want)
		}
	}
}

func TestBrokenInput(t *testing.T) {
	p := newProject(t)
	rows, lines := readTSV(t, "broken.tsv", 2)
	for i, row := range rows {
		in, err := strconv.Unquote(row[0])
		if err != nil {
			t.Fatalf("broken.tsv:%d: input is not a Go-quoted string: %v", lines[i], err)
		}
		r := runHook(t, []byte(in), "HOME="+p.home)
		checkBlocked(t, fmt.Sprintf("broken.tsv:%d", lines[i]), r, row[1])
	}
}

// checkBlocked asserts the only failure Claude Code honours: exit 2, nothing
// on stdout, one line on stderr saying what was wrong.
func checkBlocked(t *testing.T, where string, r result, wantErr string) {
	t.Helper()
	if r.code != 2 {
		t.Errorf("%s: exit %d, want 2 (stdout %q, stderr %q)", where, r.code, r.stdout, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("%s: stdout %q, want nothing", where, r.stdout)
	}
	if !strings.HasSuffix(r.stderr, "\n") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("%s: stderr %q is not one line", where, r.stderr)
	}
	if !strings.Contains(r.stderr, wantErr) {
		t.Errorf("%s: stderr %q does not contain %q", where, r.stderr, wantErr)
	}
}

func TestHugeInput(t *testing.T) {
	p := newProject(t)
	// A syntactically plausible payload whose content is 70 MiB.
	var b bytes.Buffer
	b.WriteString(`{"hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"file_path":"` + p.dir + `/big.txt","content":"`)
	b.Write(bytes.Repeat([]byte("a"), 70<<20))
	b.WriteString(`"}}`)
	r := runHook(t, b.Bytes(), "HOME="+p.home, "CLAUDE_PROJECT_DIR="+p.dir)
	checkBlocked(t, "70 MiB stdin", r, "larger than 64 MiB")
}

func TestArgumentsRefused(t *testing.T) {
	p := newProject(t)
	cmd := exec.Command(gatehouse, "hook", "--allow-everything")
	cmd.Env = []string{"HOME=" + p.home}
	cmd.Stdin = bytes.NewReader(p.payload(t, "bash_git_status.json"))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	checkBlocked(t, "hook with arguments", result{code, out.String(), errb.String()}, "takes no arguments")
}

func TestBadTimeoutVariable(t *testing.T) {
	p := newProject(t)
	r := runHook(t, p.payload(t, "bash_git_status.json"), "HOME="+p.home, "CLAUDE_PROJECT_DIR="+p.dir, "GATEHOUSE_HOOK_TIMEOUT=soon")
	checkBlocked(t, "GATEHOUSE_HOOK_TIMEOUT=soon", r, "GATEHOUSE_HOOK_TIMEOUT")
}

// TestOfflineDecisionsAreAudited: the binary records every offline decision
// in the workspace's audit log in the user's state directory, and the chain
// verifies.
func TestOfflineDecisionsAreAudited(t *testing.T) {
	p := newProject(t)
	state := filepath.Join(p.home, "state")
	for _, file := range []string{"bash_git_status.json", "bash_rm_rf.json", "edit_acceptedits.json"} {
		r := runHook(t, p.payload(t, file), "HOME="+p.home, "CLAUDE_PROJECT_DIR="+p.dir, "XDG_STATE_HOME="+state)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("%s: exit %d, stderr %q", file, r.code, r.stderr)
		}
	}
	logs, _ := filepath.Glob(filepath.Join(state, "gatehouse", "audit", "*.jsonl"))
	if len(logs) != 1 {
		t.Fatalf("audit logs %v, want one", logs)
	}
	n, err := audit.Verify(logs[0])
	if err != nil || n != 3 {
		t.Fatalf("Verify = %d, %v; want 3 entries", n, err)
	}
	data, _ := os.ReadFile(logs[0])
	for _, want := range []string{`"decision":"allow"`, `"decision":"deny"`, `"summary":"rm -rf node_modules/.cache"`, `"rule":"Bash(rm -rf:*)"`, `"by":"mode"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("audit log lacks %s:\n%s", want, data)
		}
	}
}

// TestClosedStdout: a reader that went away must not turn into death by
// SIGPIPE (exit status 141 in a shell), which Claude Code would ignore.
func TestClosedStdout(t *testing.T) {
	p := newProject(t)
	rd, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	rd.Close()
	defer wr.Close()
	cmd := exec.Command(gatehouse, "hook")
	cmd.Env = []string{"HOME=" + p.home, "CLAUDE_PROJECT_DIR=" + p.dir}
	cmd.Stdin = bytes.NewReader(p.payload(t, "bash_git_status.json"))
	var errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = wr, &errb
	err = cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 2 || !strings.Contains(errb.String(), "write decision") {
		t.Errorf("closed stdout: %v, stderr %q; want exit 2 naming the write", err, errb.String())
	}
}
