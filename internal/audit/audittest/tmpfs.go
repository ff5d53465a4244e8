// Package audittest gives tests a small file system of their own to run
// the audit log out of space or make it read-only: a tmpfs mounted for the
// test. It needs Linux and root; elsewhere the test is skipped, saying why.
package audittest

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// FS is a tmpfs mounted for one test.
type FS struct {
	t   testing.TB
	Dir string
}

// Tmpfs mounts a tmpfs of size (mount's syntax: "64k") on a new directory
// and unmounts it when the test ends. It skips the test when mounting is
// not possible here.
func Tmpfs(t testing.TB, size string) *FS {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skipf("a full or read-only disk is simulated with a tmpfs, which needs Linux (this is %s)", runtime.GOOS)
	}
	dir := filepath.Join(t.TempDir(), "tmpfs")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs to fill (needs root): %v: %s", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			// Lazily, so that a file still open does not leave it mounted.
			if out2, err2 := exec.Command("umount", "-l", dir).CombinedOutput(); err2 != nil {
				t.Errorf("umount %s: %v: %s %s", dir, err, out, out2)
			}
		}
	})
	return &FS{t: t, Dir: dir}
}

// Fill writes a file until the file system is full and returns its path;
// remove it (Free) to make room again.
func (fs *FS) Fill() string {
	fs.t.Helper()
	name := filepath.Join(fs.Dir, "filler")
	f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		fs.t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 512)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				fs.t.Fatalf("fill %s: %v", fs.Dir, err)
			}
			return name
		}
	}
}

// Free removes what Fill wrote.
func (fs *FS) Free() {
	fs.t.Helper()
	if err := os.Remove(filepath.Join(fs.Dir, "filler")); err != nil {
		fs.t.Fatal(err)
	}
}

// ReadOnly remounts the file system read-only (ro true) or read-write.
func (fs *FS) ReadOnly(ro bool) {
	fs.t.Helper()
	opt := "remount,rw"
	if ro {
		opt = "remount,ro"
	}
	if out, err := exec.Command("mount", "-o", opt, fs.Dir).CombinedOutput(); err != nil {
		fs.t.Fatalf("mount -o %s %s: %v: %s", opt, fs.Dir, err, out)
	}
}
