package main

// A small, real LSP client for the end-to-end tests: it starts the built
// `gatehouse serve` as a process, speaks Content-Length framed JSON-RPC over
// its stdin/stdout, answers the server's requests to the editor and keeps the
// notifications it receives. Nothing here reaches into the server's memory:
// what the tests see is what VS Code would see.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"

	"github.com/gatehouse/gatehouse/internal/agentsock"
	"github.com/gatehouse/gatehouse/internal/testbin"
)

// gatehouseBin is the binary TestMain builds once for every end-to-end test.
var gatehouseBin string

func TestMain(m *testing.M) { testbin.Main(m, &gatehouseBin) }

// e2eEnv is one isolated machine for a test: a workspace, a home, a runtime
// dir for sockets and discovery records and a state dir for the audit log,
// all temporary.
type e2eEnv struct {
	t      testing.TB
	ws     string // the workspace root (CLAUDE_PROJECT_DIR)
	home   string
	run    string // XDG_RUNTIME_DIR
	state  string // XDG_STATE_HOME
	socket string
	// captureStdout keeps the server's whole output (see lspClient.stdout).
	captureStdout bool
}

// newEnv makes the directories and writes settings (if not empty) to the
// workspace's .claude/settings.json.
func newEnv(t testing.TB, settings string) *e2eEnv {
	t.Helper()
	base := t.TempDir()
	// Unix socket paths are limited to about 100 bytes; t.TempDir paths carry
	// the test name and can be longer.
	sockDir, err := os.MkdirTemp("", "ghs")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(sockDir) })
	e := &e2eEnv{
		t:      t,
		ws:     filepath.Join(base, "ws"),
		home:   filepath.Join(base, "home"),
		run:    filepath.Join(base, "run"),
		state:  filepath.Join(base, "state"),
		socket: filepath.Join(sockDir, "s.sock"),
	}
	for _, d := range []string{e.ws, e.home, e.run, e.state, filepath.Join(e.ws, ".claude")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if settings != "" {
		e.write(".claude/settings.json", settings)
	}
	return e
}

// write puts content at a workspace-relative path.
func (e *e2eEnv) write(rel, content string) string {
	e.t.Helper()
	p := filepath.Join(e.ws, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// environ is the process environment of the server and the hooks: the
// test's own, minus anything that could point at the real home or another
// Gatehouse.
func (e *e2eEnv) environ(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name == "HOME" || strings.HasPrefix(name, "XDG_") || strings.HasPrefix(name, "GATEHOUSE_") || strings.HasPrefix(name, "CLAUDE_") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "HOME="+e.home, "XDG_RUNTIME_DIR="+e.run, "XDG_STATE_HOME="+e.state,
		"XDG_CONFIG_HOME="+filepath.Join(e.home, ".config"), "XDG_CACHE_HOME="+filepath.Join(e.home, ".cache"))
	return append(env, extra...)
}

// payload is a Claude Code PreToolUse hook input, as testdata/hooks has them.
func (e *e2eEnv) payload(session, tool string, input any) []byte {
	in, err := json.Marshal(input)
	if err != nil {
		e.t.Fatal(err)
	}
	b, _ := json.Marshal(map[string]any{
		"session_id":      session,
		"transcript_path": filepath.Join(e.home, ".claude", "projects", "p", session+".jsonl"),
		"cwd":             e.ws,
		"permission_mode": "default",
		"hook_event_name": "PreToolUse",
		"tool_name":       tool,
		"tool_input":      json.RawMessage(in),
		"tool_use_id":     "toolu_" + session,
	})
	return b
}

func bash(command string) map[string]any {
	return map[string]any{"command": command, "description": "run " + command}
}

// hookResult is what one `gatehouse hook` process did.
type hookResult struct {
	Code         int
	Decision     string
	Reason       string
	UpdatedInput json.RawMessage
	Stdout       string
	Stderr       string
}

// startHook runs `gatehouse hook` with payload on stdin against the server's
// socket; the result arrives on the channel when the process exits. timeout
// is GATEHOUSE_HOOK_TIMEOUT (how long the hook waits for a person).
func (e *e2eEnv) startHook(payload []byte, timeout time.Duration) <-chan hookResult {
	return e.startHookIn(e.ws, payload, timeout)
}

// startHookIn is startHook for an agent whose project (CLAUDE_PROJECT_DIR)
// is another folder.
func (e *e2eEnv) startHookIn(project string, payload []byte, timeout time.Duration) <-chan hookResult {
	cmd := exec.Command(gatehouseBin, "hook")
	cmd.Env = e.environ("CLAUDE_PROJECT_DIR="+project, "GATEHOUSE_HOOK_TIMEOUT="+timeout.String())
	if e.socket != "" {
		cmd.Env = append(cmd.Env, "GATEHOUSE_SOCKET="+e.socket)
	}
	cmd.Stdin = bytes.NewReader(payload)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	ch := make(chan hookResult, 1)
	if err := cmd.Start(); err != nil {
		e.t.Fatalf("start hook: %v", err)
	}
	go func() {
		err := cmd.Wait()
		r := hookResult{Stdout: out.String(), Stderr: errb.String()}
		var ee *exec.ExitError
		switch {
		case errors.As(err, &ee):
			r.Code = ee.ExitCode()
		case err != nil:
			r.Code = -1
		}
		var o struct {
			HookSpecificOutput struct {
				HookEventName            string          `json:"hookEventName"`
				PermissionDecision       string          `json:"permissionDecision"`
				PermissionDecisionReason string          `json:"permissionDecisionReason"`
				UpdatedInput             json.RawMessage `json:"updatedInput"`
			} `json:"hookSpecificOutput"`
		}
		if json.Unmarshal(out.Bytes(), &o) == nil && o.HookSpecificOutput.HookEventName == "PreToolUse" {
			r.Decision = o.HookSpecificOutput.PermissionDecision
			r.Reason = o.HookSpecificOutput.PermissionDecisionReason
			r.UpdatedInput = o.HookSpecificOutput.UpdatedInput
		}
		ch <- r
	}()
	return ch
}

// hook runs `gatehouse hook` and waits for it.
func (e *e2eEnv) hook(payload []byte, timeout time.Duration) hookResult {
	e.t.Helper()
	return e.await(e.startHook(payload, timeout))
}

// await waits for a started hook, failing the test if it hangs.
func (e *e2eEnv) await(ch <-chan hookResult) hookResult {
	e.t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(30 * time.Second):
		e.t.Fatal("the hook did not finish within 30s")
		return hookResult{}
	}
}

// dial connects to the server's agent socket in-process.
func (e *e2eEnv) dial() *agentsock.Client {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := agentsock.Dial(ctx, e.socket)
	if err != nil {
		e.t.Fatalf("dial %s: %v", e.socket, err)
	}
	return c
}

// lspClient is the editor side of one `gatehouse serve` process.
type lspClient struct {
	t      testing.TB
	env    *e2eEnv
	cmd    *exec.Cmd
	conn   jsonrpc2.Conn
	stderr *syncBuffer
	// stdin is the server's stdin, shared by the connection and rawWrite
	// so that raw bytes never land inside a frame.
	stdin *lockedWriter
	// stdout is everything the server wrote, when env.captureStdout is set
	// (responses the connection drops, such as those with a null id).
	stdout *syncBuffer

	exited   chan struct{}
	exitCode int

	mu        sync.Mutex
	wake      chan struct{} // closed and replaced on every notification
	diags     map[string][]diagnostic
	states    []json.RawMessage
	applied   []json.RawMessage
	messages  []string // window/showMessage texts
	refreshes int      // workspace/codeLens/refresh requests
	// holdApply, when set before the server sends workspace/applyEdit,
	// holds the answer until it is closed.
	holdApply chan struct{}
}

// diagnostic is the part of an LSP diagnostic the tests look at.
type diagnostic struct {
	Range struct {
		Start struct {
			Line      int `json:"line"`
			Character int `json:"character"`
		} `json:"start"`
	} `json:"range"`
	Severity int    `json:"severity"`
	Source   string `json:"source"`
	Message  string `json:"message"`
}

// syncBuffer is a bytes.Buffer safe for the process's stderr copier.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// lockedWriter makes each Write whole with respect to the others (jsonrpc2
// writes every frame with one Write).
type lockedWriter struct {
	mu sync.Mutex
	w  io.WriteCloser
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (l *lockedWriter) Close() error { return l.w.Close() }

// rawWrite sends bytes to the server's stdin as they are, between frames.
func (c *lspClient) rawWrite(b []byte) {
	c.t.Helper()
	if _, err := c.stdin.Write(b); err != nil {
		c.t.Fatalf("write to the server: %v", err)
	}
}

type readCloser struct {
	io.Reader
	io.Closer
}

// pipes joins the server's stdout (read) and stdin (write).
type pipes struct {
	r io.ReadCloser
	w io.WriteCloser
}

func (p pipes) Read(b []byte) (int, error)  { return p.r.Read(b) }
func (p pipes) Write(b []byte) (int, error) { return p.w.Write(b) }
func (p pipes) Close() error {
	p.w.Close()
	return p.r.Close()
}

// startServer runs `gatehouse serve --socket` in the env and connects.
func startServer(t testing.TB, e *e2eEnv) *lspClient {
	t.Helper()
	return startServerArgs(t, e, "--socket", e.socket)
}

// startServerArgs runs `gatehouse serve` with args and connects.
func startServerArgs(t testing.TB, e *e2eEnv, args ...string) *lspClient {
	t.Helper()
	cmd := exec.Command(gatehouseBin, append([]string{"serve", "--log-level", "debug"}, args...)...)
	cmd.Env = e.environ()
	cmd.Dir = e.ws
	c := &lspClient{t: t, env: e, cmd: cmd, stderr: &syncBuffer{}, exited: make(chan struct{}),
		wake: make(chan struct{}), diags: map[string][]diagnostic{}}
	cmd.Stderr = c.stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start gatehouse serve: %v", err)
	}
	c.stdin = &lockedWriter{w: stdin}
	var out io.ReadCloser = stdout
	if e.captureStdout {
		c.stdout = &syncBuffer{}
		out = readCloser{io.TeeReader(stdout, c.stdout), stdout}
	}
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewHeaderStream(pipes{r: out, w: c.stdin}))
	c.conn.Go(context.Background(), c.handle)
	go func() {
		// Wait closes the stdout pipe only after the reader drained it, so
		// wait for the connection to see EOF first.
		<-c.conn.Done()
		err := cmd.Wait()
		var ee *exec.ExitError
		switch {
		case err == nil:
			c.exitCode = 0
		case errors.As(err, &ee):
			c.exitCode = ee.ExitCode()
		default:
			c.exitCode = -1
		}
		close(c.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-c.exited:
		default:
			cmd.Process.Kill()
			c.conn.Close()
			<-c.exited
		}
		if strings.Contains(c.stderr.String(), "WARNING: DATA RACE") {
			t.Errorf("the server reported a data race (GATEHOUSE_E2E_RACE=1)")
		}
		if t.Failed() {
			t.Logf("server stderr:\n%s", tail(c.stderr.String(), 4000))
		}
	})
	return c
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// handle answers the server's calls to the editor and keeps notifications.
func (c *lspClient) handle(ctx context.Context, req *jsonrpc2.Request) (any, error) {
	params := append(json.RawMessage(nil), req.Params()...)
	switch req.Method() {
	case "textDocument/publishDiagnostics":
		var p struct {
			URI         string       `json:"uri"`
			Diagnostics []diagnostic `json:"diagnostics"`
		}
		if err := json.Unmarshal(params, &p); err == nil {
			c.note(func() { c.diags[p.URI] = p.Diagnostics })
		}
		return nil, nil
	case notifyDidChangeState:
		c.note(func() { c.states = append(c.states, params) })
		return nil, nil
	case "window/showMessage":
		var p struct {
			Type    int    `json:"type"`
			Message string `json:"message"`
		}
		if err := json.Unmarshal(params, &p); err == nil {
			c.note(func() { c.messages = append(c.messages, p.Message) })
		}
		return nil, nil
	case "workspace/codeLens/refresh":
		c.note(func() { c.refreshes++ })
		return nil, nil
	case "workspace/applyEdit":
		c.note(func() { c.applied = append(c.applied, params) })
		if c.holdApply != nil {
			// Released by the test: an editor that takes its time.
			jsonrpc2.Async(ctx)
			<-c.holdApply
		}
		return map[string]any{"applied": true}, nil
	}
	if !req.IsCall() {
		return nil, nil
	}
	return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "test client: %s", req.Method())
}

func (c *lspClient) note(fn func()) {
	c.mu.Lock()
	fn()
	close(c.wake)
	c.wake = make(chan struct{})
	c.mu.Unlock()
}

// waitFor waits until cond (called under the client's lock) holds.
func (c *lspClient) waitFor(what string, d time.Duration, cond func() bool) {
	c.t.Helper()
	deadline := time.After(d)
	for {
		c.mu.Lock()
		ok := cond()
		wake := c.wake
		c.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-wake:
		case <-deadline:
			c.t.Fatalf("waited %s for %s", d, what)
		}
	}
}

// call sends a request and decodes its result.
func (c *lspClient) call(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// Decode with encoding/json (case-insensitive field names, like the
	// editor's JavaScript is forgiving), not the connection's codec.
	var raw json.RawMessage
	if _, err := c.conn.Call(ctx, method, params, &raw); err != nil {
		return err
	}
	if result == nil || len(raw) == 0 {
		return nil
	}
	if err := json.Unmarshal(raw, result); err != nil {
		return fmt.Errorf("%s: decode result %s: %w", method, raw, err)
	}
	return nil
}

// mustCall is call that fails the test on error.
func (c *lspClient) mustCall(method string, params, result any) {
	c.t.Helper()
	if err := c.call(method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *lspClient) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("notify %s: %v", method, err)
	}
}

// initResult is the part of the initialize result the tests look at.
type initResult struct {
	Capabilities struct {
		ExecuteCommandProvider struct {
			Commands []string `json:"commands"`
		} `json:"executeCommandProvider"`
		Experimental struct {
			Gatehouse struct {
				Socket string `json:"socket"`
			} `json:"gatehouse"`
		} `json:"experimental"`
	} `json:"capabilities"`
}

// initialize opens the workspace the way a plain LSP client does (no
// initializationOptions: the workspace counts as trusted).
func (c *lspClient) initialize() initResult {
	c.t.Helper()
	return c.initializeWith(nil)
}

// initializeWith opens the workspace with initializationOptions (nil: none).
func (c *lspClient) initializeWith(options any) initResult {
	c.t.Helper()
	return c.initializeAs("", map[string]any{"workspace": map[string]any{"applyEdit": true, "codeLens": map[string]any{"refreshSupport": true}}}, options)
}

// initializeAs opens the workspace as the named client ("": no clientInfo)
// with these capabilities and initializationOptions (nil: none).
func (c *lspClient) initializeAs(client string, capabilities map[string]any, options any) initResult {
	c.t.Helper()
	u := string(pathToURI(c.env.ws))
	params := map[string]any{
		"processId":        os.Getpid(),
		"rootUri":          u,
		"capabilities":     capabilities,
		"workspaceFolders": []map[string]any{{"uri": u, "name": "ws"}},
	}
	if client != "" {
		params["clientInfo"] = map[string]any{"name": client}
	}
	if options != nil {
		params["initializationOptions"] = options
	}
	var res initResult
	c.mustCall("initialize", params, &res)
	c.notify("initialized", map[string]any{})
	return res
}

// shutdownExit ends the session cleanly and returns the exit code.
func (c *lspClient) shutdownExit() int {
	c.t.Helper()
	c.mustCall("shutdown", nil, nil)
	c.notify("exit", nil)
	return c.waitExit()
}

func (c *lspClient) waitExit() int {
	c.t.Helper()
	select {
	case <-c.exited:
		return c.exitCode
	case <-time.After(15 * time.Second):
		c.t.Fatal("gatehouse serve did not exit within 15s")
		return -1
	}
}

// command runs workspace/executeCommand with one argument object.
func (c *lspClient) command(name string, arg any, result any) error {
	params := map[string]any{"command": name}
	if arg != nil {
		params["arguments"] = []any{arg}
	}
	return c.call("workspace/executeCommand", params, result)
}

func (c *lspClient) mustCommand(name string, arg any, result any) {
	c.t.Helper()
	if err := c.command(name, arg, result); err != nil {
		c.t.Fatalf("%s %v: %v", name, arg, err)
	}
}

// pendingItem is one entry of gatehouse.listPending.
type pendingItem struct {
	ID            string          `json:"id"`
	Kind          string          `json:"kind"`
	Tool          string          `json:"tool"`
	Summary       string          `json:"summary"`
	Path          string          `json:"path"`
	URI           string          `json:"uri"`
	Command       string          `json:"command"`
	Session       string          `json:"session"`
	Explanation   json.RawMessage `json:"explanation"`
	SuggestedRule string          `json:"suggestedRule"`
	Hunks         int             `json:"hunks"`
}

func (c *lspClient) pending() []pendingItem {
	c.t.Helper()
	var out []pendingItem
	c.mustCommand(cmdListPending, nil, &out)
	return out
}

// waitPending polls gatehouse.listPending until it holds n requests.
func (c *lspClient) waitPending(n int) []pendingItem {
	c.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		p := c.pending()
		if len(p) == n {
			return p
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("listPending has %d requests, waited for %d: %+v", len(p), n, p)
		}
		time.Sleep(15 * time.Millisecond)
	}
}

// didOpen opens a workspace file in the "editor" with text.
func (c *lspClient) didOpen(path, text string) {
	c.t.Helper()
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": string(pathToURI(path)), "languageId": "plaintext", "version": 1, "text": text}})
}

// didChange replaces an open file's whole text.
func (c *lspClient) didChange(path string, version int, text string) {
	c.t.Helper()
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": string(pathToURI(path)), "version": version},
		"contentChanges": []map[string]any{{"text": text}},
	})
}

func (c *lspClient) pid() int { return c.cmd.Process.Pid }

// fdCount is the number of open file descriptors of the server.
func fdCount(pid int) (int, error) {
	ents, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/fd")
	if err != nil {
		return 0, err
	}
	return len(ents), nil
}

// procStatus reads one numeric field (in its unit, kB for sizes) of
// /proc/<pid>/status.
func procStatus(pid int, field string) (int, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		name, rest, ok := strings.Cut(line, ":")
		if !ok || name != field {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			break
		}
		return strconv.Atoi(f[0])
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// kill sends SIGKILL to the server: no cleanup runs.
func (c *lspClient) kill() {
	c.cmd.Process.Signal(syscall.SIGKILL)
}

func containsAll(have []string, want ...string) []string {
	var missing []string
	for _, w := range want {
		if !slices.Contains(have, w) {
			missing = append(missing, w)
		}
	}
	return missing
}
