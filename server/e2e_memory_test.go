package main

// Memory the server holds for what it is sent, measured on the real process
// (peak resident set from /proc): bounds, not timings.

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/agentsock"
	"github.com/gatehouse/gatehouse/internal/gate"
)

// skipUnderRace skips a memory bound when the binary is built with the
// race detector, which multiplies every allocation.
func skipUnderRace(t *testing.T) {
	if os.Getenv("GATEHOUSE_E2E_RACE") == "1" {
		t.Skip("memory bounds do not hold under the race detector")
	}
}

// TestServeLargeDidChangeMemory sends one 50 MiB full-text didChange. The
// server must hold the text about once (its buffer) plus the frame it read
// it from: its peak resident set may grow by at most 3× the text.
func TestServeLargeDidChangeMemory(t *testing.T) {
	skipUnderRace(t)
	e := newEnv(t, "")
	c := startServer(t, e)
	c.initialize()
	path := filepath.Join(e.ws, "big.txt")
	c.didOpen(path, "small\n")
	c.pending() // the open is handled
	before, err := procStatus(c.pid(), "VmHWM")
	if err != nil {
		t.Skip(err)
	}
	const size = 50 << 20
	// Quotes and backslashes make the JSON string need unescaping, as real
	// source code does.
	line := strings.Repeat("x", 60) + ` "q" \ ` + "\n"
	text := strings.Repeat(line, size/len(line)+1)[:size]
	c.didChange(path, 2, text)
	text = ""
	c.pending() // notifications are handled in order: the change is in
	after, _ := procStatus(c.pid(), "VmHWM")
	grew := float64(after-before) * 1024 / size
	t.Logf("peak RSS %d MiB -> %d MiB: %.1f× the 50 MiB text", before>>10, after>>10, grew)
	if grew > 3 {
		t.Errorf("a 50 MiB didChange grew the server's peak memory by %.1f× its size, want at most 3×", grew)
	}
}

// TestServeReviewWindow accepts 600 edits of a 100 KiB file in accept-edits
// mode. Only the review window stays reviewable (and in every state
// notification): the last 50 edits, so the memory they hold stays bounded.
func TestServeReviewWindow(t *testing.T) {
	skipUnderRace(t)
	e := newEnv(t, "")
	const lines = 1600 // about 100 KiB
	var b strings.Builder
	for i := range lines {
		fmt.Fprintf(&b, "line %04d %s\n", i, strings.Repeat("-", 54))
	}
	orig := b.String()
	path := e.write("big.txt", orig)
	c := startServer(t, e)
	c.initialize()
	c.mustCommand(cmdSetMode, map[string]any{"mode": "acceptEdits"}, nil)
	before, err := procStatus(c.pid(), "VmRSS")
	if err != nil {
		t.Skip(err)
	}
	ac := e.dial()
	defer ac.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	const edits = 600
	var first string
	for i := range edits {
		content := strings.Replace(orig, fmt.Sprintf("line %04d", i%lines), fmt.Sprintf("LINE %04d", i%lines), 1)
		res, err := hookCall(ctx, ac, e, e.payload("s", "Write", map[string]any{"file_path": path, "content": content}))
		if err != nil || res.Decision != "allow" {
			t.Fatalf("edit %d: %+v %v", i, res, err)
		}
		if i == 0 {
			var st struct{ Reviewable []struct{ ID string } }
			c.mustCommand(cmdGetState, nil, &st)
			first = st.Reviewable[0].ID
		}
	}
	after, _ := procStatus(c.pid(), "VmRSS")
	t.Logf("RSS %d MiB before, %d MiB after %d accepted edits of %d KiB", before>>10, after>>10, edits, len(orig)>>10)

	var st struct {
		Reviewable []struct{ ID, Path string }
	}
	c.mustCommand(cmdGetState, nil, &st)
	if len(st.Reviewable) != gate.ReviewWindowEdits {
		t.Errorf("%d edits reviewable after %d, want the window of %d", len(st.Reviewable), edits, gate.ReviewWindowEdits)
	}
	c.waitFor("a state notification with the window", 10*time.Second, func() bool {
		if len(c.states) == 0 {
			return false
		}
		var last struct{ Reviewable []json.RawMessage }
		json.Unmarshal(c.states[len(c.states)-1], &last)
		return len(last.Reviewable) == gate.ReviewWindowEdits
	})
	// The oldest dropped out of the window; the newest is still there.
	if err := c.call(reqProposedContent, map[string]any{"id": first}, nil); err == nil {
		t.Errorf("the first of %d edits is still kept", edits)
	}
	if err := c.call(reqProposedContent, map[string]any{"id": st.Reviewable[0].ID}, nil); err != nil {
		t.Errorf("the newest edit is not reviewable: %v", err)
	}
	// The window holds at most 50 × 200 KiB: allow that, the Go heap's
	// slack and what the edits' diffs allocated on the way.
	if grew := (after - before) >> 10; grew > 100 {
		t.Errorf("RSS grew by %d MiB over %d accepted edits, want the window's bound", grew, edits)
	}
}

// TestServePartialFramesMemory opens 24 agent connections that each send
// 7 MiB of a line and never finish it. Together they may hold only the
// socket's budget for unfinished messages: the connections past it are told
// and closed, the server's memory stays bounded, and it keeps serving.
func TestServePartialFramesMemory(t *testing.T) {
	skipUnderRace(t)
	e := newEnv(t, "")
	c := startServer(t, e)
	c.initialize()
	before, err := procStatus(c.pid(), "VmHWM")
	if err != nil {
		t.Skip(err)
	}
	const conns, part = 24, 7 << 20
	chunk := []byte(`{"jsonrpc":"2.0","id":1,"method":"gatehouse/status","params":{"pad":"` + strings.Repeat("A", part))
	var wg sync.WaitGroup
	var mu sync.Mutex
	closed := 0
	for range conns {
		conn, err := net.Dial("unix", e.socket)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn.SetDeadline(time.Now().Add(60 * time.Second))
			if _, err := conn.Write(chunk); err != nil {
				// Cut off: the server closed it for the budget.
				mu.Lock()
				closed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	// Every byte written has been read by the server or refused.
	sc := e.dial()
	defer sc.Close()
	var status map[string]any
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := sc.Call(ctx, "gatehouse/status", nil, &status); err != nil {
		t.Errorf("status while %d connections hold unfinished messages: %v", conns-closed, err)
	}
	after, _ := procStatus(c.pid(), "VmHWM")
	grew := (after - before) >> 10
	t.Logf("peak RSS %d MiB -> %d MiB with %d connections of %d MiB unfinished (%d closed)", before>>10, after>>10, conns, part>>20, closed)
	if closed == 0 {
		t.Errorf("all %d connections of %d MiB were kept, want those past the %d MiB budget closed", conns, part>>20, agentsock.DefaultFrameBudget>>20)
	}
	// The budget, plus the buffers being replaced as they grow.
	if limit := int(agentsock.DefaultFrameBudget>>20)*2 + 32; grew > limit {
		t.Errorf("peak RSS grew by %d MiB, want at most %d", grew, limit)
	}
}
