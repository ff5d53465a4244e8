//go:build linux

package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/gatehouse/gatehouse/internal/agentsock"
)

// TestServeKeepsAcceptingAfterEMFILE runs out the server's file descriptors
// (its soft RLIMIT_NOFILE lowered below the ones it has open, so accept(2)
// fails with EMFILE), then gives them back: the agent that connected
// meanwhile must be served, and the editor told both times.
func TestServeKeepsAcceptingAfterEMFILE(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "")
	c := startServer(t, e)
	c.initialize()
	var old unix.Rlimit
	if err := unix.Prlimit(c.pid(), unix.RLIMIT_NOFILE, nil, &old); err != nil {
		t.Skipf("prlimit: %v", err)
	}
	low := unix.Rlimit{Cur: 3, Max: old.Max}
	if err := unix.Prlimit(c.pid(), unix.RLIMIT_NOFILE, &low, nil); err != nil {
		t.Skipf("prlimit: %v", err)
	}
	restored := false
	restore := func() {
		if !restored {
			restored = true
			if err := unix.Prlimit(c.pid(), unix.RLIMIT_NOFILE, &old, nil); err != nil {
				t.Fatalf("restore the limit: %v", err)
			}
		}
	}
	defer restore()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// The kernel completes the connection (it waits in the listen queue);
	// the server cannot accept it yet.
	ac := e.dial()
	defer ac.Close()
	answered := make(chan error, 1)
	go func() {
		var status map[string]any
		answered <- ac.Call(ctx, agentsock.MethodStatus, nil, &status)
	}()
	c.waitFor("a warning that agents cannot connect", 15*time.Second, func() bool {
		return len(c.messages) > 0 && strings.Contains(c.messages[0], "cannot accept agent connections") && strings.Contains(c.messages[0], "too many open files")
	})
	// stderr is another pipe: its line may arrive after the message.
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(c.stderr.String(), "agent socket cannot accept connections"); {
		if time.Now().After(deadline) {
			t.Errorf("stderr does not say that accepting failed:\n%s", tail(c.stderr.String(), 2000))
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	restore()
	if err := <-answered; err != nil {
		t.Fatalf("the agent that connected while the server had no descriptors was not served: %v", err)
	}
	c.waitFor("a note that agents can connect again", 15*time.Second, func() bool {
		return len(c.messages) > 1 && strings.Contains(c.messages[len(c.messages)-1], "accepts connections again")
	})
	// And the next agent too.
	ac2 := e.dial()
	defer ac2.Close()
	var status map[string]any
	if err := ac2.Call(ctx, agentsock.MethodStatus, nil, &status); err != nil {
		t.Fatalf("status after recovery: %v", err)
	}
}
