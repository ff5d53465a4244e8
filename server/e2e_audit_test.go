package main

// What the audit log says when the agent is not there to hear a decision.

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/agentsock"
)

type auditRow struct {
	ID       string `json:"id"`
	Decision string `json:"decision"`
	By       string `json:"by"`
	Reason   string `json:"reason"`
}

// auditFor waits for the audit entry of request id.
func (c *lspClient) auditFor(id string) auditRow {
	c.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var rows []auditRow
		c.mustCommand(cmdAuditTail, map[string]any{"limit": 1000}, &rows)
		for _, r := range rows {
			if r.ID == id {
				return r
			}
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("no audit entry for request %s in %+v", id, rows)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// rawHook sends one gatehouse/hook call with id 1 on a connection of its own.
func (e *e2eEnv) rawHook(t *testing.T, command string) net.Conn {
	t.Helper()
	conn, err := net.Dial("unix", e.socket)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	params, _ := json.Marshal(agentsock.HookParams{Payload: e.payload("s", "Bash", bash(command)), ProjectDir: e.ws, Agent: "claude-code"})
	fmt.Fprintf(conn, `{"jsonrpc":"2.0","id":1,"method":"gatehouse/hook","params":%s}`+"\n", params)
	return conn
}

func TestServeAuditsWhyTheAgentStoppedWaiting(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	c := startServer(t, e)
	c.initialize()
	for _, tc := range []struct{ reason, by string }{
		{"interrupted", "interrupted"},
		{"timeout", "timeout"},
		{"", "cancelled"}, // the connection closes without a word
	} {
		conn := e.rawHook(t, "make "+tc.by)
		p := c.waitPending(1)[0]
		if tc.reason != "" {
			fmt.Fprintf(conn, `{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1,"reason":%q}}`+"\n", tc.reason)
			c.waitPending(0)
		}
		conn.Close()
		c.waitPending(0)
		if r := c.auditFor(p.ID); r.By != tc.by || r.Decision != "ask" {
			t.Errorf("agent stopped waiting (%q): audit says %+v, want ask by %s", tc.reason, r, tc.by)
		}
	}
}

// TestServeLateDecisionIsNotDelivered stops the server while a hook waits;
// the agent gives up, and the person's allow reaches the server after: the
// agent never got it, and the audit log must not say it was allowed.
// (After SIGCONT the server may read the allow or the closed connection
// first; neither may come out as an allow.)
func TestServeLateDecisionIsNotDelivered(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	c := startServer(t, e)
	c.initialize()
	late := 0
	for i := range 3 {
		conn := e.rawHook(t, fmt.Sprintf("make late%d", i))
		p := c.waitPending(1)[0]
		if err := c.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
			t.Fatal(err)
		}
		conn.Close()
		decided := make(chan error, 1)
		go func() { decided <- c.command(cmdDecide, map[string]any{"id": p.ID, "decision": "allow"}, nil) }()
		time.Sleep(50 * time.Millisecond) // the decide is in the server's stdin
		c.cmd.Process.Signal(syscall.SIGCONT)
		<-decided // an error if the server saw the agent leave first
		c.waitPending(0)
		r := c.auditFor(p.ID)
		switch {
		case r.Decision == "allow":
			t.Errorf("round %d: a decision the agent never received was recorded as allow: %+v", i, r)
		case r.By == "not-delivered":
			late++
		case r.By != "cancelled":
			t.Errorf("round %d: audit %+v, want not-delivered or cancelled", i, r)
		}
	}
	t.Logf("%d of 3 allows arrived after the agent left", late)
}

// TestServeAuditsShutdown closes the editor while a hook waits: the audit
// log says the server stopped, not that the agent went away.
func TestServeAuditsShutdown(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	c := startServer(t, e)
	c.initialize()
	e.rawHook(t, "make release")
	p := c.waitPending(1)[0]
	if code := c.shutdownExit(); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	// The server is gone: read its log from the state directory.
	var found *auditRow
	filepath.WalkDir(e.state, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(path)
		for _, line := range strings.Split(string(b), "\n") {
			var r auditRow
			if json.Unmarshal([]byte(line), &r) == nil && r.ID == p.ID {
				found = &r
			}
		}
		return nil
	})
	if found == nil || found.By != "shutdown" || found.Decision != "ask" {
		t.Errorf("audit entry of the request waiting at exit = %+v, want ask by shutdown", found)
	}
}
