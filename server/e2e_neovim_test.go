package main

// Neovim 0.7's built-in LSP client, a second real editor: what the server
// sends it must be what it supports, and every lens must run.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestServeNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim is not installed (Debian: apt-get install neovim)")
	}
	t.Parallel()
	e := newEnv(t, settingsGitStatus)
	path := e.write("notes.txt", twentyLines())
	script, err := filepath.Abs("testdata/neovim/review.lua")
	if err != nil {
		t.Fatal(err)
	}
	outPath := filepath.Join(t.TempDir(), "out.txt")
	cmd := exec.Command(nvim, "--headless", "--clean", "-c", "luafile "+script)
	cmd.Dir = e.ws
	cmd.Env = e.environ("GH_OUT="+outPath, "GH_BIN="+gatehouseBin, "GH_SOCKET="+e.socket, "GH_WS="+e.ws, "GH_FILE="+path, "GH_LINE=3")
	var stdout, stderr syncBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})
	out := func() string { b, _ := os.ReadFile(outPath); return string(b) }
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(out(), "ready") {
		if time.Now().After(deadline) || strings.Contains(out(), "done") {
			t.Fatalf("Neovim did not start the server:\n%s\nstdout: %s\nstderr: %s", out(), stdout.String(), stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}

	r := e.await(e.startHook(e.payload("s1", "Edit", map[string]any{"file_path": path, "old_string": "line c", "new_string": "line C"}), waitHook))
	if r.Decision != "allow" {
		t.Errorf("the hook got %q (%s), want allow from Neovim's Accept all in file lens", r.Decision, r.Reason)
	}
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		t.Fatal("Neovim did not finish")
	}
	got := out()
	t.Logf("Neovim:\n%s", got)
	if !strings.Contains(got, "done") || strings.Contains(got, "error") {
		t.Errorf("the Neovim session failed:\n%s\nstdout: %s", got, stdout.String())
	}
	if !strings.Contains(got, "Show diff") || !strings.Contains(got, "Accept all in file") {
		t.Errorf("Neovim did not get the review lenses:\n%s", got)
	}
	if strings.Contains(got, "notify") {
		t.Errorf("Neovim warned the person:\n%s", got)
	}
	if !strings.Contains(got, "message LSP[gatehouse][Info] --- a/tmp/") || !strings.Contains(got, "+line C") {
		t.Errorf("Show diff did not show the diff")
	}
	for _, line := range strings.Split(got, "\n") {
		if logPath, ok := strings.CutPrefix(line, "lsplog "); ok {
			b, _ := os.ReadFile(logPath)
			if strings.Contains(string(b), "no handler found") || strings.Contains(string(b), "[ERROR]") {
				t.Errorf("Neovim's LSP log has warnings:\n%s", tail(string(b), 3000))
			}
		}
	}
}
