package agentsock

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// startServerWith is startServer with setup run before Serve.
func startServerWith(t *testing.T, setup func(*Server)) (*Server, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s.sock")
	srv, err := Listen(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	setup(srv)
	svc := &waitingService{release: make(chan struct{}), started: make(chan struct{}, 16)}
	done := make(chan struct{})
	go func() { srv.Serve(context.Background(), svc); close(done) }()
	t.Cleanup(func() { srv.Close(); <-done })
	return srv, path
}

// reply is one line the server wrote, decoded.
type reply struct {
	ID     json.RawMessage `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func readReply(t *testing.T, r *bufio.Reader) reply {
	t.Helper()
	line, err := r.ReadBytes('\n')
	if err != nil {
		t.Fatalf("read a reply: %v (got %q)", err, line)
	}
	var rep reply
	if err := json.Unmarshal(line, &rep); err != nil {
		t.Fatalf("reply %q: %v", line, err)
	}
	return rep
}

func TestInvalidRequestsAreAnsweredOnTheSameConnection(t *testing.T) {
	_, path := startServerWith(t, func(*Server) {})
	c, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(c)
	for _, tc := range []struct {
		name, line string
		code       int
		id         string
	}{
		{"version 1.0", `{"jsonrpc":"1.0","id":1,"method":"gatehouse/status"}`, -32600, "1"},
		{"no version", `{"id":"two","method":"gatehouse/status"}`, -32600, `"two"`},
		{"no method", `{"jsonrpc":"2.0","id":3}`, -32600, "3"},
		{"method not a string", `{"jsonrpc":"2.0","id":4,"method":7}`, -32600, "4"},
		{"object id", `{"jsonrpc":"2.0","id":{"a":1},"method":"gatehouse/status"}`, -32600, "null"},
		{"array id", `{"jsonrpc":"2.0","id":[5],"method":"gatehouse/status"}`, -32600, "null"},
		{"not JSON", `{"jsonrpc":"2.0","id":6,"method":"gatehouse/status"`, -32700, "null"},
		{"a string", `"hello"`, -32600, "null"},
	} {
		if _, err := c.Write([]byte(tc.line + "\n")); err != nil {
			t.Fatalf("%s: write: %v (the connection was closed)", tc.name, err)
		}
		rep := readReply(t, r)
		if rep.Error == nil || rep.Error.Code != tc.code || string(rep.ID) != tc.id {
			t.Errorf("%s: reply id %s error %+v, want id %s code %d", tc.name, rep.ID, rep.Error, tc.id, tc.code)
		}
	}
	// The connection still serves.
	c.Write([]byte(`{"jsonrpc":"2.0","id":9,"method":"gatehouse/status"}` + "\n"))
	if rep := readReply(t, r); rep.Error != nil || string(rep.ID) != "9" || len(rep.Result) == 0 {
		t.Errorf("status after the bad requests: %+v", rep)
	}
}

// flakyListener fails its first Accept calls with EMFILE, as accept(2) does
// when the process has no file descriptor left.
type flakyListener struct {
	net.Listener
	fails atomic.Int32
}

func (l *flakyListener) Accept() (net.Conn, error) {
	if l.fails.Add(-1) >= 0 {
		return nil, &net.OpError{Op: "accept", Net: "unix", Err: os.NewSyscallError("accept4", syscall.EMFILE)}
	}
	return l.Listener.Accept()
}

func TestAcceptErrorsDoNotStopTheSocket(t *testing.T) {
	var mu sync.Mutex
	var told []string
	_, path := startServerWith(t, func(s *Server) {
		s.WrapListener(func(ln net.Listener) net.Listener {
			fl := &flakyListener{Listener: ln}
			fl.fails.Store(4)
			return fl
		})
		s.OnAcceptTrouble(func(err error) {
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				told = append(told, err.Error())
			} else {
				told = append(told, "recovered")
			}
		})
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := Dial(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var status map[string]int
	if err := c.Call(ctx, MethodStatus, nil, &status); err != nil {
		t.Fatalf("status after accept failed: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	// Told once when it started failing (not once per retry), once when it
	// recovered.
	if len(told) != 2 || !strings.Contains(told[0], "too many open files") || told[1] != "recovered" {
		t.Errorf("the accept trouble was reported as %q, want the EMFILE error then recovered", told)
	}
}

func TestPartialMessagesShareOneBudget(t *testing.T) {
	const budget = 1 << 20
	srv, path := startServerWith(t, func(s *Server) { s.SetFrameBudget(budget) })
	dial := func() (net.Conn, *bufio.Reader) {
		c, err := net.Dial("unix", path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		c.SetDeadline(time.Now().Add(20 * time.Second))
		return c, bufio.NewReader(c)
	}
	waitInUse := func(what string, ok func(int64) bool) {
		t.Helper()
		for i := 0; !ok(srv.FrameBudgetInUse()); i++ {
			if i > 2000 {
				t.Fatalf("%s: %d bytes held", what, srv.FrameBudgetInUse())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	head := `{"jsonrpc":"2.0","id":1,"method":"gatehouse/status","params":{"pad":"`
	pad := strings.Repeat("A", 600<<10)

	a, ra := dial()
	a.Write([]byte(head + pad))
	waitInUse("connection A's 600 KiB", func(n int64) bool { return n >= 600<<10 })

	// B's unfinished line does not fit next to A's: B is told and closed.
	b, rb := dial()
	b.Write([]byte(head + pad)) // may fail part way: the server closes B
	rep := readReply(t, rb)
	if rep.Error == nil || !strings.Contains(rep.Error.Message, "memory") {
		t.Errorf("B got %+v, want an error saying the memory budget is used up", rep)
	}
	if _, err := rb.ReadByte(); err == nil {
		t.Error("B is still open after its error")
	}
	if n := srv.FrameBudgetInUse(); n > budget {
		t.Errorf("unfinished messages hold %d bytes, over the budget of %d", n, budget)
	}

	// A is unaffected and finishes its message.
	a.Write([]byte(`"}}` + "\n"))
	if rep := readReply(t, ra); rep.Error != nil || len(rep.Result) == 0 {
		t.Errorf("A's status: %+v", rep)
	}
	// Its large buffer is given back once the message is handled.
	waitInUse("after A's message", func(n int64) bool { return n <= 64<<10 })
	// And new connections are served again.
	c, rc := dial()
	c.Write([]byte(`{"jsonrpc":"2.0","id":2,"method":"gatehouse/status"}` + "\n"))
	if rep := readReply(t, rc); rep.Error != nil || string(rep.ID) != "2" {
		t.Errorf("C's status: %+v", rep)
	}
	a.Close()
	c.Close()
	waitInUse("after every connection closed", func(n int64) bool { return n == 0 })
}
