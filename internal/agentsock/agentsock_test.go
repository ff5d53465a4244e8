package agentsock

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// waitingService answers every hook with allow, except payloads whose
// tool_name is "Wait", which block until released or cancelled.
type waitingService struct {
	mu        sync.Mutex
	cancelled int
	release   chan struct{}
	started   chan struct{}
}

func (w *waitingService) Hook(ctx context.Context, p HookParams) (HookResult, error) {
	var in struct {
		ToolName string `json:"tool_name"`
	}
	json.Unmarshal(p.Payload, &in)
	if in.ToolName != "Wait" {
		return HookResult{Decision: "allow", Reason: "test " + p.ProjectDir}, nil
	}
	w.started <- struct{}{}
	select {
	case <-w.release:
		return HookResult{Decision: "deny", Reason: "released"}, nil
	case <-ctx.Done():
		w.mu.Lock()
		w.cancelled++
		w.mu.Unlock()
		return HookResult{}, ctx.Err()
	}
}

func (w *waitingService) Explain(ctx context.Context, p ExplainParams) (any, error) {
	return map[string]string{"summary": "explained " + p.Command}, nil
}
func (w *waitingService) Status(ctx context.Context) (any, error) {
	return map[string]int{"pending": 0}, nil
}

func startServer(t *testing.T) (*Server, *waitingService, string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "s.sock")
	srv, err := Listen(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	svc := &waitingService{release: make(chan struct{}), started: make(chan struct{}, 16)}
	done := make(chan struct{})
	go func() { srv.Serve(context.Background(), svc); close(done) }()
	t.Cleanup(func() { srv.Close(); <-done })
	return srv, svc, path
}

func TestHookRoundTripAndSocketMode(t *testing.T) {
	_, _, path := startServer(t)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("socket mode %v, want 0600", fi.Mode().Perm())
	}
	c, err := Dial(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	res, err := c.Hook(context.Background(), HookParams{Payload: json.RawMessage(`{"tool_name":"Bash"}`), ProjectDir: "/p"})
	if err != nil || res.Decision != "allow" || res.Reason != "test /p" {
		t.Fatalf("Hook = %+v, %v", res, err)
	}
	var ex map[string]string
	if err := c.Call(context.Background(), MethodExplain, ExplainParams{Command: "ls"}, &ex); err != nil || ex["summary"] != "explained ls" {
		t.Fatalf("explain = %v, %v", ex, err)
	}
	if err := c.Call(context.Background(), "gatehouse/nope", nil, nil); err == nil || !strings.Contains(err.Error(), "unknown method") {
		t.Fatalf("unknown method error = %v", err)
	}
}

func TestClientGoneCancelsWait(t *testing.T) {
	_, svc, path := startServer(t)
	c, err := Dial(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	go c.Hook(context.Background(), HookParams{Payload: json.RawMessage(`{"tool_name":"Wait"}`)})
	<-svc.started
	c.Close()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		svc.mu.Lock()
		n := svc.cancelled
		svc.mu.Unlock()
		if n == 1 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the waiting request was not cancelled when its client went away")
}

func TestServerCloseFailsWaitingClient(t *testing.T) {
	srv, svc, path := startServer(t)
	c, err := Dial(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	errc := make(chan error, 1)
	go func() {
		res, err := c.Hook(context.Background(), HookParams{Payload: json.RawMessage(`{"tool_name":"Wait"}`)})
		if err == nil && res.Decision == "allow" {
			err = errors.New("allowed")
		}
		errc <- err
	}()
	<-svc.started
	srv.Close()
	select {
	case err := <-errc:
		if err == nil {
			t.Fatal("server closed mid-wait but the client got an answer without error")
		}
		if err.Error() == "allowed" {
			t.Fatal("server closed mid-wait and the client was allowed")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("client still waiting after the server closed")
	}
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Errorf("socket file left behind: %v", err)
	}
}

func TestBadInputAffectsOnlyItsConnection(t *testing.T) {
	_, _, path := startServer(t)
	good, err := Dial(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer good.Close()

	cases := map[string]func(net.Conn){
		"garbage": func(c net.Conn) { c.Write([]byte("this is not json\n")) },
		"huge frame": func(c net.Conn) {
			chunk := []byte(strings.Repeat("a", 1<<20))
			for i := 0; i < 9; i++ {
				if _, err := c.Write(chunk); err != nil {
					return
				}
			}
		},
		"half close": func(c net.Conn) {
			c.Write([]byte(`{"jsonrpc":"2.0","id":1,"method":"gatehouse/status"`))
			c.(*net.UnixConn).CloseWrite()
		},
		"bad params": func(c net.Conn) {
			c.Write([]byte(`{"jsonrpc":"2.0","id":1,"method":"gatehouse/hook","params":[1,2]}` + "\n"))
		},
	}
	for name, send := range cases {
		t.Run(name, func(t *testing.T) {
			c, err := net.Dial("unix", path)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			send(c)
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			line, _ := bufio.NewReader(c).ReadString('\n')
			if line != "" && !strings.Contains(line, `"error"`) {
				t.Errorf("bad input got a non-error answer: %s", line)
			}
			res, err := good.Hook(context.Background(), HookParams{Payload: json.RawMessage(`{"tool_name":"Bash"}`)})
			if err != nil || res.Decision != "allow" {
				t.Fatalf("other client affected: %+v %v", res, err)
			}
		})
	}
}

func TestDialMissingSocketIsNoServer(t *testing.T) {
	_, err := Dial(context.Background(), filepath.Join(t.TempDir(), "none.sock"))
	if !errors.Is(err, ErrNoServer) {
		t.Fatalf("err = %v, want ErrNoServer", err)
	}
}

func TestDiscoveryFindsNearestRoot(t *testing.T) {
	dir := t.TempDir()
	remove, err := WriteRecords(dir, "/run/x.sock", []string{"/work/proj", "/work/other"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ project, want string }{
		{"/work/proj", "/run/x.sock"},
		{"/work/proj/sub/dir", "/run/x.sock"},
		{"/work/other", "/run/x.sock"},
		{"/work/proj_evil", ""},
		{"/work", ""},
		{"relative/path", ""},
	} {
		got, err := Discover(dir, tc.project)
		if got != tc.want || (tc.want == "" && !errors.Is(err, ErrNoServer)) {
			t.Errorf("Discover(%q) = %q, %v; want %q", tc.project, got, err, tc.want)
		}
	}
	remove()
	if got, _ := Discover(dir, "/work/proj"); got != "" {
		t.Errorf("record still found after remove: %q", got)
	}
}

func TestListenRefusesLiveSocket(t *testing.T) {
	_, _, path := startServer(t)
	if _, err := Listen(path, nil); err == nil {
		t.Fatal("a second server took over a live socket")
	}
}
