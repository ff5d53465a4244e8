package main

// Load, hostile input and cost measurements of `gatehouse serve`, through its
// agent socket and its LSP connection like the other end-to-end tests.

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/agentsock"
)

// hookCall asks the server in-process, as `gatehouse hook` does.
func hookCall(ctx context.Context, c *agentsock.Client, e *e2eEnv, payload []byte) (agentsock.HookResult, error) {
	return c.Hook(ctx, agentsock.HookParams{Payload: payload, ProjectDir: e.ws, Agent: "claude-code"})
}

func TestServeLoadManyWaiting(t *testing.T) {
	if testing.Short() {
		t.Skip("500 concurrent hooks: not in -short")
	}
	const (
		sessions = 20
		hooks    = 500
	)
	e := newEnv(t, settingsGitStatus)
	c := startServer(t, e)
	c.initialize()
	// Let the server settle (watchers, the first notifications) before
	// taking the baseline.
	c.pending()
	time.Sleep(200 * time.Millisecond)
	fdBefore, err := fdCount(c.pid())
	if err != nil {
		t.Fatal(err)
	}
	threadsBefore, _ := procStatus(c.pid(), "Threads")

	type outcome struct {
		n   int
		res agentsock.HookResult
		err error
	}
	results := make(chan outcome, hooks)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	var clients sync.WaitGroup
	for n := range hooks {
		clients.Add(1)
		go func() {
			defer clients.Done()
			// One connection per hook, as each `gatehouse hook` process
			// opens its own.
			ac, err := agentsock.Dial(ctx, e.socket)
			if err != nil {
				results <- outcome{n: n, err: err}
				return
			}
			defer ac.Close()
			session := fmt.Sprintf("session-%02d", n%sessions)
			res, err := hookCall(ctx, ac, e, e.payload(session, "Bash", bash(fmt.Sprintf("make target-%d", n))))
			results <- outcome{n: n, res: res, err: err}
		}()
	}

	var pend []pendingItem
	deadline := time.Now().Add(40 * time.Second)
	for {
		pend = c.pending()
		if len(pend) == hooks || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(pend) != hooks {
		t.Fatalf("%d of %d hooks pending", len(pend), hooks)
	}
	// Decide every one, even numbers allow and odd deny, from a few
	// concurrent "editor" callers.
	byN := map[int]string{}
	for _, p := range pend {
		var n int
		if _, err := fmt.Sscanf(p.Command, "make target-%d", &n); err != nil {
			t.Fatalf("pending command %q", p.Command)
		}
		if want := fmt.Sprintf("session-%02d", n%sessions); p.Session != want {
			t.Errorf("request %d has session %q, want %q", n, p.Session, want)
		}
		byN[n] = p.ID
	}
	if len(byN) != hooks {
		t.Fatalf("pending commands not distinct: %d of %d", len(byN), hooks)
	}
	work := make(chan int)
	var deciders sync.WaitGroup
	for range 8 {
		deciders.Add(1)
		go func() {
			defer deciders.Done()
			for n := range work {
				v := map[string]any{"id": byN[n], "decision": "allow", "scope": "once"}
				if n%2 == 1 {
					v = map[string]any{"id": byN[n], "decision": "deny", "reason": fmt.Sprintf("no-%d", n)}
				}
				if err := c.command(cmdDecide, v, nil); err != nil {
					t.Errorf("decide %d: %v", n, err)
				}
			}
		}()
	}
	for n := range hooks {
		work <- n
	}
	close(work)
	deciders.Wait()
	clients.Wait()
	close(results)

	got := 0
	for o := range results {
		got++
		switch {
		case o.err != nil:
			t.Errorf("hook %d: %v", o.n, o.err)
		case o.n%2 == 0 && o.res.Decision != "allow":
			t.Errorf("hook %d = %q %q, want allow", o.n, o.res.Decision, o.res.Reason)
		case o.n%2 == 1 && (o.res.Decision != "deny" || !strings.HasSuffix(o.res.Reason, fmt.Sprintf(": no-%d", o.n))):
			t.Errorf("hook %d = %q %q, want deny with its own reason", o.n, o.res.Decision, o.res.Reason)
		}
	}
	if got != hooks {
		t.Errorf("%d answers for %d hooks", got, hooks)
	}
	if p := c.pending(); len(p) != 0 {
		t.Errorf("%d requests still pending", len(p))
	}

	// The connections are gone: the server's descriptors come back to the
	// baseline (with a little slack for the runtime's own).
	var fdAfter int
	for range 100 {
		fdAfter, _ = fdCount(c.pid())
		if fdAfter <= fdBefore+4 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	threadsAfter, _ := procStatus(c.pid(), "Threads")
	t.Logf("fds before=%d after=%d; threads before=%d after=%d", fdBefore, fdAfter, threadsBefore, threadsAfter)
	if fdAfter > fdBefore+4 {
		t.Errorf("server holds %d fds after the load, %d before: connections leak", fdAfter, fdBefore)
	}

	// Agents that give up (their hook killed by Claude Code) take their
	// requests with them.
	gone, giveUp := context.WithCancel(context.Background())
	var quitters sync.WaitGroup
	for n := range 200 {
		quitters.Add(1)
		go func() {
			defer quitters.Done()
			ac, err := agentsock.Dial(ctx, e.socket)
			if err != nil {
				t.Errorf("dial: %v", err)
				return
			}
			defer ac.Close()
			res, err := hookCall(gone, ac, e, e.payload("quitter", "Bash", bash(fmt.Sprintf("make quit-%d", n))))
			if err == nil {
				t.Errorf("hook %d answered %+v after its agent gave up", n, res)
			}
		}()
	}
	c.waitPending(200)
	giveUp()
	quitters.Wait()
	c.waitPending(0)
	for range 100 {
		fdAfter, _ = fdCount(c.pid())
		if fdAfter <= fdBefore+4 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if fdAfter > fdBefore+4 {
		t.Errorf("server holds %d fds after 200 agents gave up, %d before", fdAfter, fdBefore)
	}
	if code := c.shutdownExit(); code != 0 {
		t.Errorf("exit after the load = %d", code)
	}
}

func TestServeBadSocketInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	c := startServer(t, e)
	c.initialize()

	waiter := e.dial()
	defer waiter.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	done := make(chan agentsock.HookResult, 1)
	go func() {
		res, err := hookCall(ctx, waiter, e, e.payload("good", "Bash", bash("make check")))
		if err != nil {
			res = agentsock.HookResult{Decision: "error", Reason: err.Error()}
		}
		done <- res
	}()
	p := c.waitPending(1)[0]

	raw := func(t *testing.T) net.Conn {
		conn, err := net.Dial("unix", e.socket)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		return conn
	}
	for _, tc := range []struct {
		name string
		send func(t *testing.T)
	}{
		{"garbage", func(t *testing.T) {
			conn := raw(t)
			conn.Write([]byte("this is not json\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\n\x00\xff\n"))
			conn.SetReadDeadline(time.Now().Add(2 * time.Second))
			conn.Read(make([]byte, 4096))
		}},
		{"line over 8 MiB", func(t *testing.T) {
			conn := raw(t)
			big := `{"jsonrpc":"2.0","id":1,"method":"gatehouse/hook","params":{"payload":"` + strings.Repeat("A", agentsock.MaxFrame+1024) + `"}}` + "\n"
			conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
			conn.Write([]byte(big)) // the server may cut us off mid-write
			conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			conn.Read(make([]byte, 4096))
		}},
		{"unknown method", func(t *testing.T) {
			ac := e.dial()
			defer ac.Close()
			err := ac.Call(ctx, "gatehouse/rmrf", map[string]any{}, nil)
			if err == nil || !strings.Contains(err.Error(), "unknown method") {
				t.Errorf("unknown method: err = %v", err)
			}
		}},
		{"hook with bad params", func(t *testing.T) {
			ac := e.dial()
			defer ac.Close()
			// An error or a deny are both fine; anything else is not.
			var res agentsock.HookResult
			if err := ac.Call(ctx, agentsock.MethodHook, map[string]any{"payload": 7, "projectDir": e.ws}, &res); err == nil && res.Decision != "deny" {
				t.Errorf("hook with a number as payload answered %+v, want an error or deny", res)
			}
		}},
		{"half-closed mid-request", func(t *testing.T) {
			conn := raw(t).(*net.UnixConn)
			conn.Write([]byte(`{"jsonrpc":"2.0","id":1,"method":"gatehouse/hook","params":{"payload":{"tool_name":"Ba`))
			conn.CloseWrite()
			conn.SetReadDeadline(time.Now().Add(2 * time.Second))
			conn.Read(make([]byte, 4096))
		}},
		{"half-closed waiting hook", func(t *testing.T) {
			conn := raw(t).(*net.UnixConn)
			params, _ := json.Marshal(agentsock.HookParams{Payload: e.payload("other", "Bash", bash("make other")), ProjectDir: e.ws})
			fmt.Fprintf(conn, `{"jsonrpc":"2.0","id":1,"method":"gatehouse/hook","params":%s}`+"\n", params)
			conn.CloseWrite()
			// A hook whose client went away is not left pending. Its
			// request may show up before it goes (or never, if the server
			// sees the end first): wait until it has come and gone, or the
			// good one has been alone for half a second.
			deadline := time.Now().Add(5 * time.Second)
			sawOther, alone := false, 0
			for time.Now().Before(deadline) {
				if n := len(c.pending()); n > 1 {
					sawOther, alone = true, 0
				} else if alone++; sawOther || alone >= 25 {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.send(t)
			ps := c.pending()
			if len(ps) != 1 || ps[0].ID != p.ID {
				t.Fatalf("after %s the pending set is %+v, want only the good hook", tc.name, ps)
			}
			var status map[string]any
			sc := e.dial()
			defer sc.Close()
			if err := sc.Call(ctx, agentsock.MethodStatus, nil, &status); err != nil {
				t.Errorf("status after %s: %v", tc.name, err)
			}
		})
	}
	select {
	case r := <-done:
		t.Fatalf("the good hook ended early: %+v", r)
	default:
	}
	c.mustCommand(cmdDecide, map[string]any{"id": p.ID, "decision": "allow"}, nil)
	select {
	case r := <-done:
		if r.Decision != "allow" {
			t.Errorf("good hook = %+v, want allow", r)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the good hook got no answer")
	}
}

// BenchmarkServerRoundTrip measures one allowlisted hook call from an agent
// socket client through the server and back (allow, no person).
func BenchmarkServerRoundTrip(b *testing.B) {
	e := newEnv(b, settingsGitStatus)
	c := startServer(b, e)
	c.initialize()
	ac := e.dial()
	defer ac.Close()
	payload := e.payload("bench", "Bash", bash("git status"))
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := hookCall(ctx, ac, e, payload)
		if err != nil || res.Decision != "allow" {
			b.Fatalf("round trip = %+v, %v", res, err)
		}
	}
}

// TestIdleRSS logs the server's resident memory after initialize, for the
// benchmark harness (idle_rss_kb=N). It asserts nothing about the value.
func TestIdleRSS(t *testing.T) {
	e := newEnv(t, settingsGitStatus)
	c := startServer(t, e)
	c.initialize()
	c.pending()
	time.Sleep(300 * time.Millisecond)
	kb, err := procStatus(c.pid(), "VmRSS")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("idle_rss_kb=%d", kb)
	c.shutdownExit()
}
