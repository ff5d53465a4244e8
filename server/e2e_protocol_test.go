package main

// The editor connection's protocol edges, against the real binary: what a
// misbehaving client sends is answered as JSON-RPC 2.0 says, and the session
// goes on.

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// frame is one Content-Length framed body.
func frame(body string) []byte {
	return []byte(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body))
}

// waitOutput waits until the server's captured stdout, from byte from on,
// contains every want.
func (c *lspClient) waitOutput(what string, from int, want ...string) {
	c.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		out := c.stdout.String()[from:]
		missing := ""
		for _, w := range want {
			if !strings.Contains(out, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("%s: the server never wrote %s; its output:\n%s", what, missing, tail(out, 3000))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestServeAnswersMalformedMessages(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "")
	e.captureStdout = true
	c := startServer(t, e)
	c.initialize()

	for _, tc := range []struct {
		name, body string
		want       []string // in the server's output
		log        string   // in its stderr
	}{
		{"not JSON", `{"jsonrpc":"2.0","id":7,"method":`, []string{`"id":null`, `"code":-32700`}, "-32700"},
		{"batch not JSON", `[{"jsonrpc":"2.0",`, []string{`"id":null`, `"code":-32700`}, "invalid JSON"},
		{"wrong version", `{"jsonrpc":"1.0","id":"v1","method":"gatehouse/proposedContent"}`, []string{`"id":"v1"`, `"code":-32600`}, `must be \"2.0\"`},
		{"no version", `{"id":"v2","method":"shutdown"}`, []string{`"id":"v2"`, `"code":-32600`}, "jsonrpc"},
		{"object id", `{"jsonrpc":"2.0","id":{"n":1},"method":"shutdown"}`, []string{`"code":-32600`}, `\"id\" must be`},
		{"not an object", `42`, []string{`"code":-32600`}, "not a JSON object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(c.stdout.String())
			c.rawWrite(frame(tc.body))
			c.waitOutput(tc.name, before, append(tc.want, `"error"`)...)
			// Still serving, on the same connection.
			var pending []pendingItem
			c.mustCommand(cmdListPending, nil, &pending)
			deadline := time.Now().Add(5 * time.Second)
			for !strings.Contains(c.stderr.String(), tc.log) {
				if time.Now().After(deadline) {
					t.Fatalf("%s: stderr does not say what was wrong (%q):\n%s", tc.name, tc.log, tail(c.stderr.String(), 2000))
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
	if code := c.shutdownExit(); code != 0 {
		t.Errorf("exit code after shutdown = %d, want 0", code)
	}
}

func TestServeBrokenFramingSaysWhy(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "")
	c := startServer(t, e)
	c.initialize()
	c.rawWrite([]byte("Content-Length: many\r\n\r\n{}"))
	if code := c.waitExit(); code != 1 {
		t.Errorf("exit code = %d, want 1", code)
	}
	if !strings.Contains(c.stderr.String(), "Content-Length") {
		t.Errorf("stderr does not name the broken header:\n%s", tail(c.stderr.String(), 2000))
	}
}
