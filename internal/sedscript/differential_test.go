package sedscript

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestAgainstGNUSed runs every corpus script through the installed GNU sed
// in a temporary directory and checks what sed did against what Parse
// reported: a script sed compiles must not be refused silently as valid
// with fewer effects. The input line is "id" and a fake `id` on PATH drops a
// marker, so `e`, `e id` and `s/.*/id/e` are observed running; files sed
// creates in its working directory (it opens w files when compiling) must
// be among the reported writes.
func TestAgainstGNUSed(t *testing.T) {
	sed, err := exec.LookPath("sed")
	if err != nil {
		t.Skip("no sed installed")
	}
	if out, err := exec.Command(sed, "--version").Output(); err != nil || !strings.Contains(string(out), "GNU sed") {
		t.Skip("installed sed is not GNU sed")
	}
	for _, r := range readRows(t) {
		dir := t.TempDir()
		work := filepath.Join(dir, "work")
		bin := filepath.Join(dir, "bin")
		marker := filepath.Join(dir, "ran")
		for _, d := range []string{work, bin} {
			if err := os.Mkdir(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(bin, "id"), []byte("#!/bin/sh\n: > \"$MARK\"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, "in"), []byte("id\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		cmd := exec.CommandContext(ctx, sed, "-n", "-e", r.script, "in")
		cmd.Dir = work
		cmd.Env = []string{"PATH=" + bin + ":/usr/bin:/bin", "MARK=" + marker, "LC_ALL=C.UTF-8"}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		runErr := cmd.Run()
		cancel()
		compileErr := runErr != nil && strings.Contains(stderr.String(), "-e expression #1")

		s, err := Parse(r.script, Options{})
		if err != nil {
			if !compileErr {
				t.Logf("scripts.txt:%d: %q: GNU sed compiles it, Parse refuses (stricter): %v", r.line, r.script, err)
			}
			continue
		}
		if compileErr {
			t.Errorf("scripts.txt:%d: %q: Parse accepts what GNU sed rejects: %s", r.line, r.script, stderr.String())
		}
		eff := s.Effects()
		if _, err := os.Stat(marker); err == nil && !eff.RunsCode {
			t.Errorf("scripts.txt:%d: %q: GNU sed ran a command, Parse reports none", r.line, r.script)
		}
		entries, err := os.ReadDir(work)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() != "in" && !slices.Contains(eff.WritesFiles, e.Name()) {
				t.Errorf("scripts.txt:%d: %q: GNU sed created %q, Parse reports writes %q", r.line, r.script, e.Name(), eff.WritesFiles)
			}
		}
	}
}
