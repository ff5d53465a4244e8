package hook_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gatehouse/gatehouse/internal/audit"
	"github.com/gatehouse/gatehouse/internal/trust"
)

// decision runs the hook and returns Claude Code's decision and reason,
// failing unless it exited 0 with one.
func decision(t *testing.T, r result) (string, string) {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	o := decodeOutput(t, r.stdout).HookSpecificOutput
	return o.PermissionDecision, o.PermissionDecisionReason
}

// deadSocket leaves a socket file at path that nobody listens on, as a
// server killed with SIGKILL does.
func deadSocket(t *testing.T, path string) {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Bind(fd, &syscall.SockaddrUnix{Name: path}); err != nil {
		t.Fatal(err)
	}
	syscall.Close(fd)
}

// writeRecord publishes socket as the server of root with the given pid,
// the way a server's discovery record does.
func writeRecord(t *testing.T, runtimeDir, socket, root string, pid int) {
	t.Helper()
	dir := filepath.Join(runtimeDir, "gatehouse")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(map[string]any{"socket": socket, "pid": pid, "root": root})
	// The record's name is the server's business; any *.json in the
	// directory that names the socket counts for the liveness check, and
	// discovery finds it by root through GATEHOUSE_SOCKET here.
	if err := os.WriteFile(filepath.Join(dir, "test-record.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func exitedPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// TestFullBacklogIsNotNoServer: a server whose accept backlog is full is
// alive; the hook must not decide offline (where the workspace's own allow
// rule may count although the server would ask).
func TestFullBacklogIsNotNoServer(t *testing.T) {
	p := newProject(t)
	sock := filepath.Join(t.TempDir(), "s.sock")
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	addr := &syscall.SockaddrUnix{Name: sock}
	if err := syscall.Bind(fd, addr); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	full := false
	for range 64 {
		c, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_NONBLOCK, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer syscall.Close(c)
		if err := syscall.Connect(c, addr); errors.Is(err, syscall.EAGAIN) {
			full = true
			break
		}
	}
	if !full {
		t.Fatal("could not fill the listener's backlog")
	}
	r := runHook(t, p.payload(t, "bash_git_status.json"), "HOME="+p.home, "CLAUDE_PROJECT_DIR="+p.dir, "GATEHOUSE_SOCKET="+sock)
	if d, why := decision(t, r); d != "ask" {
		t.Errorf("full backlog: %s (%s), want ask", d, why)
	}
}

// TestStaleSocket: a socket nobody listens on means "no server" only when
// its discovery record names a process that has exited.
func TestStaleSocket(t *testing.T) {
	p := newProject(t)
	for _, tc := range []struct {
		name string
		pid  int // 0: no record
		want string
	}{
		{"record names an exited process", exitedPID(t), "allow"},
		{"record names a live process", os.Getpid(), "ask"},
		{"no record names the socket", 0, "ask"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runtime := t.TempDir()
			sock := filepath.Join(runtime, "s.sock")
			deadSocket(t, sock)
			if tc.pid != 0 {
				writeRecord(t, runtime, sock, p.dir, tc.pid)
			}
			r := runHook(t, p.payload(t, "bash_git_status.json"), "HOME="+p.home, "CLAUDE_PROJECT_DIR="+p.dir,
				"GATEHOUSE_SOCKET="+sock, "XDG_RUNTIME_DIR="+runtime)
			if d, why := decision(t, r); d != tc.want {
				t.Errorf("%s (%s), want %s", d, why, tc.want)
			}
		})
	}
}

// TestOfflineHonoursUntrustedRecord: a folder the editor does not trust is
// not trusted by the offline hook either, so its own allow rules do not
// count; the nearest record above the project decides.
func TestOfflineHonoursUntrustedRecord(t *testing.T) {
	p := newProject(t)
	state := filepath.Join(p.home, "state")
	store := trust.Open(filepath.Join(state, "gatehouse"))
	run := func() (string, string) {
		return decision(t, runHook(t, p.payload(t, "bash_git_status.json"), "HOME="+p.home, "CLAUDE_PROJECT_DIR="+p.dir, "XDG_STATE_HOME="+state))
	}
	if d, why := run(); d != "allow" {
		t.Fatalf("no record: %s (%s), want allow", d, why)
	}
	if err := store.Set(p.dir, false); err != nil {
		t.Fatal(err)
	}
	if d, why := run(); d != "ask" {
		t.Errorf("untrusted record: %s (%s), want ask", d, why)
	}
	if err := store.Set(p.dir, true); err != nil {
		t.Fatal(err)
	}
	if d, why := run(); d != "allow" {
		t.Errorf("trusted again: %s (%s), want allow", d, why)
	}
	// The editor opened the parent folder and does not trust it.
	if err := store.Set(p.home, false); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(state, "gatehouse", "trust", recordName(t, store, p.dir))); err != nil {
		t.Fatal(err)
	}
	if d, why := run(); d != "ask" {
		t.Errorf("untrusted parent: %s (%s), want ask", d, why)
	}
	// A record that cannot be read errs towards asking.
	if err := os.WriteFile(filepath.Join(state, "gatehouse", "trust", recordName(t, store, p.home)), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if d, why := run(); d != "ask" {
		t.Errorf("broken record: %s (%s), want ask", d, why)
	}
}

// recordName finds the file the store wrote for root.
func recordName(t *testing.T, s trust.Store, root string) string {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(s.Dir, "*.json"))
	for _, n := range names {
		data, _ := os.ReadFile(n)
		var rec trust.Record
		if json.Unmarshal(data, &rec) == nil && rec.Root == root {
			return filepath.Base(n)
		}
	}
	t.Fatalf("no trust record for %s", root)
	return ""
}

// silentServer accepts connections and never answers, like a server frozen
// with SIGSTOP; accepted reports each connection.
func silentServer(t *testing.T) (sock string, accepted chan struct{}) {
	t.Helper()
	sock = filepath.Join(t.TempDir(), "s.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	accepted = make(chan struct{}, 16)
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
			accepted <- struct{}{}
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		for _, c := range conns {
			c.Close()
		}
	})
	return sock, accepted
}

// TestSignalsWhileWaiting: SIGHUP (a closed terminal), SIGTERM and SIGINT
// while the hook waits for the server end in an ask it prints, never in
// death by the signal (an exit other than 0 and 2 is fail-open).
func TestSignalsWhileWaiting(t *testing.T) {
	p := newProject(t)
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			sock, accepted := silentServer(t)
			cmd := exec.Command(gatehouse, "hook")
			cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + p.home, "CLAUDE_PROJECT_DIR=" + p.dir, "GATEHOUSE_SOCKET=" + sock}
			cmd.Stdin = bytes.NewReader(p.payload(t, "bash_git_status.json"))
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			<-accepted
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			if err != nil {
				t.Fatalf("after %s: %v, stderr %q", sig, err, errb.String())
			}
			if d, why := decision(t, result{stdout: out.String()}); d != "ask" {
				t.Errorf("after %s: %s (%s), want ask", sig, d, why)
			}
		})
	}
}

// TestStdinThatNeverEnds: an agent that writes half a payload and keeps
// stdin open gets a blocking answer by the hook's deadline.
func TestStdinThatNeverEnds(t *testing.T) {
	p := newProject(t)
	rd, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer wr.Close()
	payload := p.payload(t, "bash_git_status.json")
	if _, err := wr.Write(payload[:len(payload)/2]); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(gatehouse, "hook")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + p.home, "CLAUDE_PROJECT_DIR=" + p.dir, "GATEHOUSE_HOOK_TIMEOUT=1s"}
	cmd.Stdin = rd
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	rd.Close()
	r := result{stdout: out.String(), stderr: errb.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	checkBlocked(t, "stdin never ends", r, "stdin did not end within 1s")
}

// TestAuditLockHeldElsewhere: a process frozen in the middle of an audit
// append keeps the log's lock; the offline hook still answers by its
// deadline, and not with allow (no allow without its record).
func TestAuditLockHeldElsewhere(t *testing.T) {
	p := newProject(t)
	state := filepath.Join(p.home, "state")
	t.Setenv("XDG_STATE_HOME", state)
	logPath, err := audit.PathFor(p.dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(logPath), 0o700); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	r := runHook(t, p.payload(t, "bash_git_status.json"), "HOME="+p.home, "CLAUDE_PROJECT_DIR="+p.dir,
		"XDG_STATE_HOME="+state, "GATEHOUSE_HOOK_TIMEOUT=1s")
	d, why := decision(t, r)
	if d != "ask" || !strings.Contains(why, "within 1s") {
		t.Errorf("lock held: %s (%s), want ask by the deadline", d, why)
	}
}

// TestServerDeathIsRecorded: when the server goes away mid-wait the hook
// answers ask, and the audit log says so (the server cannot record what it
// never answered).
func TestServerDeathIsRecorded(t *testing.T) {
	p := newProject(t)
	state := filepath.Join(p.home, "state")
	sock := filepath.Join(t.TempDir(), "s.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		buf := make([]byte, 1)
		c.Read(buf) // the request has started arriving: die
		c.Close()
	}()
	r := runHook(t, p.payload(t, "bash_git_status.json"), "HOME="+p.home, "CLAUDE_PROJECT_DIR="+p.dir,
		"GATEHOUSE_SOCKET="+sock, "XDG_STATE_HOME="+state)
	if d, why := decision(t, r); d != "ask" {
		t.Fatalf("server died: %s (%s), want ask", d, why)
	}
	t.Setenv("XDG_STATE_HOME", state)
	logPath, err := audit.PathFor(p.dir)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("no audit record of the ask: %v", err)
	}
	if !strings.Contains(string(data), `"decision":"ask"`) || !strings.Contains(string(data), `server stopped`) {
		t.Errorf("audit log does not record what the agent was told:\n%s", data)
	}
}
