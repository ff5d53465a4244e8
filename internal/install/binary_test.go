package install

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A binary in a versioned extension folder is copied out with the
// gatehouse-hook beside it, and the hook command runs the small one.
func TestStableBinaryCopiesTheHookBinary(t *testing.T) {
	base := t.TempDir()
	ext := filepath.Join(base, "extensions", "gatehouse.gatehouse-1.2.3", "bin", "linux-x64")
	if err := os.MkdirAll(ext, 0o755); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\necho \"$(basename \"$0\") $*\"\n"
	for _, name := range []string{"gatehouse", "gatehouse-hook"} {
		if err := os.WriteFile(filepath.Join(ext, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	data := filepath.Join(base, "data")
	bin, err := StableBinary(filepath.Join(ext, "gatehouse"), data)
	if err != nil {
		t.Fatal(err)
	}
	if bin != filepath.Join(data, "bin", "gatehouse") {
		t.Fatalf("stable binary %s, want it under %s", bin, data)
	}
	hook := HookBinary(bin)
	if hook != filepath.Join(data, "bin", "gatehouse-hook") {
		t.Fatalf("hook binary %s, want the copied gatehouse-hook", hook)
	}
	cmd, err := Command(hook)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("sh", "-c", cmd).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "gatehouse-hook hook" {
		t.Fatalf("%s: %q, %v", cmd, out, err)
	}
	if !isOurs(cmd) {
		t.Errorf("%s is not recognised as Gatehouse's hook", cmd)
	}
	// Without gatehouse-hook beside it, the hook is gatehouse itself.
	lone := filepath.Join(t.TempDir(), "gatehouse")
	if err := os.WriteFile(lone, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := HookBinary(lone); got != lone {
		t.Errorf("HookBinary(%s) = %s, want itself", lone, got)
	}
	// One that cannot run is not chosen.
	if err := os.WriteFile(filepath.Join(filepath.Dir(lone), "gatehouse-hook"), []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := HookBinary(lone); got != lone {
		t.Errorf("HookBinary chose a gatehouse-hook that cannot run: %s", got)
	}
}
