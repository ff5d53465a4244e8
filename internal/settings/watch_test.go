package settings

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// watchFor starts a watcher and returns a channel that receives one value
// per onChange call.
func watchFor(t *testing.T, loc Locations) <-chan struct{} {
	t.Helper()
	ch := make(chan struct{}, 100)
	w, err := Watch(context.Background(), loc, func() { ch <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return ch
}

func expectChange(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	// A generous bound: -race on a busy 2-core machine can starve the
	// watcher for seconds; the assertion is that a change is reported.
	case <-time.After(15 * time.Second):
		t.Fatalf("no change reported after %s", what)
	}
	// Drain the rest of the burst so the next step starts clean.
	for {
		select {
		case <-ch:
		case <-time.After(3 * Debounce):
			return
		}
	}
}

func expectQuiet(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
		t.Fatalf("change reported after %s", what)
	case <-time.After(4 * Debounce):
	}
}

func TestWatch(t *testing.T) {
	dir := t.TempDir()
	loc := testLocations(dir)
	for _, d := range []string{loc.ProjectDir, loc.Home, filepath.Join(dir, "etc")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	ch := watchFor(t, loc)
	claude := filepath.Join(loc.ProjectDir, ".claude")
	settingsPath := filepath.Join(claude, "settings.json")
	write := func(p, s string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// .claude/ does not exist yet: created later, then a file inside it.
	if err := os.Mkdir(claude, 0o755); err != nil {
		t.Fatal(err)
	}
	expectChange(t, ch, "creating .claude/")
	write(settingsPath, `{}`)
	expectChange(t, ch, "creating settings.json in a new .claude/")

	write(settingsPath, `{"permissions":{}}`)
	expectChange(t, ch, "modifying settings.json")

	// Editors save by writing a temporary file and renaming it over.
	tmp := filepath.Join(claude, ".settings.json.swp")
	write(tmp, `{"permissions":{"allow":[]}}`)
	if err := os.Rename(tmp, settingsPath); err != nil {
		t.Fatal(err)
	}
	expectChange(t, ch, "rename-over")

	write(filepath.Join(loc.ProjectDir, "main.go"), "package main")
	expectQuiet(t, ch, "writing an unrelated project file")

	if err := os.Remove(settingsPath); err != nil {
		t.Fatal(err)
	}
	expectChange(t, ch, "deleting settings.json")

	// The whole .claude/ removed and created again: still watched.
	if err := os.RemoveAll(claude); err != nil {
		t.Fatal(err)
	}
	expectChange(t, ch, "removing .claude/")
	if err := os.Mkdir(claude, 0o755); err != nil {
		t.Fatal(err)
	}
	expectChange(t, ch, "re-creating .claude/")
	write(filepath.Join(claude, "settings.local.json"), `{}`)
	expectChange(t, ch, "creating settings.local.json")

	// User file with a home .claude created later.
	if err := os.Mkdir(filepath.Join(loc.Home, ".claude"), 0o755); err != nil {
		t.Fatal(err)
	}
	expectChange(t, ch, "creating ~/.claude")
	write(filepath.Join(loc.Home, ".claude", "settings.json"), `{}`)
	expectChange(t, ch, "creating ~/.claude/settings.json")

	// Managed drop-in directory created later, then a drop-in.
	dropIns := filepath.Join(dir, "etc", ManagedDropIns)
	if err := os.Mkdir(dropIns, 0o755); err != nil {
		t.Fatal(err)
	}
	expectChange(t, ch, "creating managed-settings.d")
	write(filepath.Join(dropIns, "50-org.json"), `{}`)
	expectChange(t, ch, "adding a managed drop-in")
	write(filepath.Join(dropIns, "README"), `x`)
	expectQuiet(t, ch, "adding a non-json file to managed-settings.d")
}

// A project directory that does not exist yet is watched from its nearest
// existing ancestor.
func TestWatchMissingProject(t *testing.T) {
	dir := t.TempDir()
	loc := Locations{ProjectDir: filepath.Join(dir, "a", "b")}
	ch := watchFor(t, loc)
	if err := os.MkdirAll(filepath.Join(loc.ProjectDir, ".claude"), 0o755); err != nil {
		t.Fatal(err)
	}
	expectChange(t, ch, "creating the project and .claude/")
	if err := os.WriteFile(loc.LocalPath(), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	expectChange(t, ch, "creating settings.local.json")
}

// TestWatchDirectoriesMadeMeanwhile: directories on the way to a settings
// file that appear after the watcher looked but before its watch is in
// place (mkdir -p racing the watcher) send no event; the watcher looks
// again and watches the settings directory all the same.
func TestWatchDirectoriesMadeMeanwhile(t *testing.T) {
	dir := t.TempDir()
	loc := Locations{ProjectDir: filepath.Join(dir, "a", "b")}
	claude := filepath.Join(loc.ProjectDir, ".claude")
	made := false
	beforeWatch = func(x string) {
		if x == filepath.Join(dir, "a") && !made {
			made = true
			if err := os.MkdirAll(claude, 0o755); err != nil {
				t.Error(err)
			}
		}
	}
	defer func() { beforeWatch = nil }()
	if err := os.Mkdir(filepath.Join(dir, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	ch := watchFor(t, loc)
	if !made {
		t.Fatal("the directories were not made while the watcher looked")
	}
	if err := os.WriteFile(loc.LocalPath(), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	expectChange(t, ch, "creating settings.local.json in a directory made meanwhile")
}
