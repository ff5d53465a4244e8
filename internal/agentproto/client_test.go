package agentproto

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// A stale socket file with no listener is "no server" only when a
// discovery record names it and says its process has exited: a refusal
// alone may come from a live server, which would decide differently.
func TestStaleSocketIsNoServerOnlyWhenItsServerExited(t *testing.T) {
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	dir, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Dial(context.Background(), filepath.Join(t.TempDir(), "none.sock")); !errors.Is(err, ErrNoServer) {
		t.Fatalf("missing socket: err = %v, want ErrNoServer", err)
	}
	p := filepath.Join(t.TempDir(), "stale.sock")
	ln, _ := net.Listen("unix", p)
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	if _, err := Dial(context.Background(), p); err == nil || errors.Is(err, ErrNoServer) {
		t.Fatalf("stale socket without a record: err = %v, want an error other than ErrNoServer", err)
	}
	if _, err := WriteRecords(dir, p, []string{"/work/proj"}); err != nil {
		t.Fatal(err)
	}
	if _, err := Dial(context.Background(), p); err == nil || errors.Is(err, ErrNoServer) {
		t.Fatalf("stale socket whose record names a live process: err = %v, want an error other than ErrNoServer", err)
	}
	exited := exec.Command("true")
	if err := exited.Run(); err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(Record{Socket: p, PID: exited.Process.Pid, Root: "/work/proj"})
	if err := os.WriteFile(recordPath(dir, "/work/proj"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Dial(context.Background(), p); !errors.Is(err, ErrNoServer) {
		t.Fatalf("stale socket whose server exited: err = %v, want ErrNoServer", err)
	}
}

// fakeServer answers each request line with reply(request), in reverse
// order of arrival once n requests came, so that matching by id is tested.
func fakeServer(t *testing.T, n int, reply func(id json.RawMessage, method string) string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "s.sock")
	ln, err := net.Listen("unix", p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		dec := json.NewDecoder(c)
		var got []string
		for range n {
			var req struct {
				ID     json.RawMessage `json:"id"`
				Method string          `json:"method"`
			}
			if dec.Decode(&req) != nil {
				return
			}
			got = append(got, reply(req.ID, req.Method))
		}
		for i := len(got) - 1; i >= 0; i-- {
			if got[i] == "" {
				return // die mid-call
			}
			c.Write([]byte(`{"jsonrpc":"2.0","method":"noise"}` + "\n" + got[i] + "\n"))
		}
	}()
	return p
}

func TestClientMatchesAnswersById(t *testing.T) {
	sock := fakeServer(t, 2, func(id json.RawMessage, method string) string {
		if method == "bad" {
			return `{"jsonrpc":"2.0","id":` + string(id) + `,"error":{"code":-32601,"message":"unknown method"}}`
		}
		return `{"jsonrpc":"2.0","id":` + string(id) + `,"result":{"decision":"deny","reason":"` + method + `"}}`
	})
	c, err := Dial(context.Background(), sock)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	errs := make(chan error, 1)
	go func() { errs <- c.Call(context.Background(), "bad", nil, nil) }()
	var res HookResult
	if err := c.Call(context.Background(), MethodHook, HookParams{}, &res); err != nil || res.Reason != MethodHook {
		t.Fatalf("hook call: %+v, %v", res, err)
	}
	var rpcErr *Error
	if err := <-errs; !errors.As(err, &rpcErr) || rpcErr.Code != -32601 {
		t.Fatalf("bad call: %v, want a JSON-RPC error -32601", err)
	}
}

func TestClientFailsWhenServerDies(t *testing.T) {
	sock := fakeServer(t, 1, func(json.RawMessage, string) string { return "" })
	c, err := Dial(context.Background(), sock)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if res, err := c.Hook(context.Background(), HookParams{}); err == nil {
		t.Fatalf("call on a dead server: %+v, want an error", res)
	}
}

// A caller that stops waiting says why, so the server's audit log records
// what the agent was told.
func TestClientSaysWhyItStoppedWaiting(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ctx    func() (context.Context, context.CancelFunc)
		reason string
	}{
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 50*time.Millisecond)
		}, StopTimeout},
		{"signal", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			go func() { time.Sleep(50 * time.Millisecond); cancel() }()
			return ctx, cancel
		}, StopInterrupted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "s.sock")
			ln, err := net.Listen("unix", p)
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			got := make(chan map[string]any, 2)
			go func() {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				defer c.Close()
				dec := json.NewDecoder(c)
				for range 2 {
					var m map[string]any
					if dec.Decode(&m) != nil {
						return
					}
					got <- m
				}
			}()
			c, err := Dial(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			ctx, cancel := tc.ctx()
			defer cancel()
			if _, err := c.Hook(ctx, HookParams{}); err == nil {
				t.Fatal("the call returned without an answer")
			}
			req, cancelMsg := <-got, <-got
			params, _ := cancelMsg["params"].(map[string]any)
			if cancelMsg["method"] != "$/cancelRequest" || params["id"] != req["id"] || params["reason"] != tc.reason {
				t.Errorf("cancellation %v for request %v, want reason %s", cancelMsg, req["id"], tc.reason)
			}
		})
	}
}
