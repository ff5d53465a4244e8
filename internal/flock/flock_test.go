package flock

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestLockExcludes: a second lock on the same file, through another open
// file, waits until the first is released; directories lock too.
func TestLockExcludes(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "f")
	if err := os.WriteFile(name, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{name, dir} {
		a, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		b, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		unlock, err := Lock(a)
		if errors.Is(err, ErrUnsupported) {
			t.Skip(err)
		}
		if err != nil {
			t.Fatal(err)
		}
		got := make(chan struct{})
		go func() {
			u, err := Lock(b)
			if err == nil {
				u()
			}
			close(got)
		}()
		select {
		case <-got:
			t.Fatalf("%s: locked twice at once", path)
		case <-time.After(50 * time.Millisecond):
		}
		unlock()
		select {
		case <-got:
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: the second lock never came after the first was released", path)
		}
	}
}
