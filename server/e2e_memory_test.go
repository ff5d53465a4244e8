package main

// Memory the server holds for what it is sent, measured on the real process
// (peak resident set from /proc): bounds, not timings.

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestServeLargeDidChangeMemory sends one 50 MiB full-text didChange. The
// server must hold the text about once (its buffer) plus the frame it read
// it from: its peak resident set may grow by at most 3× the text.
func TestServeLargeDidChangeMemory(t *testing.T) {
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
