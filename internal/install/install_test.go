package install

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestInstallIdempotent: installing twice leaves one entry per event and
// keeps the file's other keys and hooks; uninstall removes only ours.
func TestInstallIdempotent(t *testing.T) {
	dir := t.TempDir()
	settings := filepath.Join(dir, ".claude", "settings.json")
	os.MkdirAll(filepath.Dir(settings), 0o755)
	// A hand-written copy sharing a narrow matcher with another tool, and a
	// second copy: installing leaves exactly one.
	orig := `{"permissions":{"allow":["Bash(ls)"]},"hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"other-tool"},{"type":"command","command":"/old/gatehouse hook"}]},{"matcher":"*","hooks":[{"type":"command","command":"/old/gatehouse hook"}]}]}}`
	if err := os.WriteFile(settings, []byte(orig), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd, err := Command("/opt/gate house/gatehouse")
	if err != nil {
		t.Fatal(err)
	}
	tgt := Target{Base: dir}
	for _, a := range Agents {
		for i := 0; i < 2; i++ {
			if _, err := Install(a, tgt, cmd); err != nil {
				t.Fatalf("%s: %v", a.Name, err)
			}
		}
		got, err := Status(a, tgt)
		if err != nil {
			t.Fatal(err)
		}
		want := 1
		if a.Name == "cursor" {
			want = len(cursorEvents)
		}
		if len(got) != want {
			t.Errorf("%s: installed %d times (%q), want %d", a.Name, len(got), got, want)
		}
	}
	data, _ := os.ReadFile(settings)
	if !strings.Contains(string(data), "other-tool") || !strings.Contains(string(data), "Bash(ls)") {
		t.Errorf("install lost the file's own content:\n%s", data)
	}
	if !strings.Contains(string(data), `"command": "'/opt/gate house/gatehouse' hook || exit 2"`) {
		t.Errorf("the command is not quoted for the shell:\n%s", data)
	}
	gem, _ := os.ReadFile(filepath.Join(dir, ".gemini", "settings.json"))
	if !strings.Contains(string(gem), `"timeout": 600000`) {
		t.Errorf("Gemini's timeout is in milliseconds:\n%s", gem)
	}
	cur, _ := os.ReadFile(filepath.Join(dir, ".cursor", "hooks.json"))
	if strings.Count(string(cur), `"failClosed": true`) != len(cursorEvents) {
		t.Errorf("every Cursor entry must fail closed:\n%s", cur)
	}
	for _, a := range Agents {
		if _, err := Uninstall(a, tgt); err != nil {
			t.Fatal(err)
		}
		if got, _ := Status(a, tgt); len(got) != 0 {
			t.Errorf("%s still installed after uninstall: %q", a.Name, got)
		}
	}
	data, _ = os.ReadFile(settings)
	if !strings.Contains(string(data), "other-tool") {
		t.Errorf("uninstall removed another tool's hook:\n%s", data)
	}
}

// TestMissingBinaryBlocks runs the installed commands with a binary that
// does not exist: the JSON agents see exit 2, Cline sees a cancel.
func TestMissingBinaryBlocks(t *testing.T) {
	dir := t.TempDir()
	cmd, err := Command(filepath.Join(dir, "gone", "gatehouse"))
	if err != nil {
		t.Fatal(err)
	}
	err = exec.Command("sh", "-c", cmd).Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		t.Errorf("missing binary: %v, want exit 2", err)
	}
	tgt := Target{Base: dir}
	cline, _ := Lookup("cline")
	if _, err := Install(cline, tgt, cmd); err != nil {
		t.Fatal(err)
	}
	run := exec.Command(cline.Path(tgt))
	run.Stdin = strings.NewReader(`{"hookName":"PreToolUse"}`)
	var out bytes.Buffer
	run.Stdout = &out
	if err := run.Run(); err != nil {
		t.Fatalf("cline hook: %v", err)
	}
	if !strings.Contains(out.String(), `"cancel":true`) {
		t.Errorf("cline hook with a missing binary printed %q, want a cancel", out.String())
	}
}

func TestStableBinary(t *testing.T) {
	dir := t.TempDir()
	ext := filepath.Join(dir, "extensions", "gatehouse.gatehouse-1.2.3", "bin")
	os.MkdirAll(ext, 0o755)
	exe := filepath.Join(ext, "gatehouse")
	os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755)
	got, err := StableBinary(exe, filepath.Join(dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	if got != filepath.Join(dir, "data", "bin", "gatehouse") {
		t.Errorf("StableBinary = %s, want a copy outside the versioned folder", got)
	}
	plain := filepath.Join(dir, "bin")
	os.MkdirAll(plain, 0o755)
	os.WriteFile(filepath.Join(plain, "gatehouse"), nil, 0o755)
	if got, _ := StableBinary(filepath.Join(plain, "gatehouse"), ""); got != filepath.Join(plain, "gatehouse") {
		t.Errorf("StableBinary moved a binary that is not in a versioned folder: %s", got)
	}
}
