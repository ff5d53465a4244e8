package workspace

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// writeTree is a root folder with a file, and links that stay inside or
// leave it; outside.txt sits next to the root.
func writeTree(t *testing.T) (base string, root *os.Root) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	base = t.TempDir()
	dir := filepath.Join(base, "proj")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "src"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "src/a.go"), []byte("old\n"), 0o600))
	must(os.WriteFile(filepath.Join(base, "outside.txt"), []byte("outside\n"), 0o644))
	must(os.Mkdir(filepath.Join(base, "outdir"), 0o755))
	must(os.Symlink("../outdir", filepath.Join(dir, "escdir")))
	must(os.Symlink(filepath.Join(base, "outdir"), filepath.Join(dir, "escabs")))
	must(os.Symlink("../outside.txt", filepath.Join(dir, "escfile")))
	must(os.Symlink(filepath.Join(base, "outside.txt"), filepath.Join(dir, "escfileabs")))
	must(os.Symlink("src/a.go", filepath.Join(dir, "alias.go")))
	must(os.Symlink("loop", filepath.Join(dir, "loop")))
	root, err := os.OpenRoot(dir)
	must(err)
	t.Cleanup(func() { root.Close() })
	return base, root
}

// noTemp fails if a temporary file was left anywhere under dir.
func noTemp(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".tmp") {
			t.Errorf("temporary file left behind: %s", p)
		}
		return nil
	})
}

func TestWriteFileAtomic(t *testing.T) {
	base, root := writeTree(t)
	proj := filepath.Join(base, "proj")
	read := func(p string) string {
		b, _ := os.ReadFile(filepath.Join(proj, p))
		return string(b)
	}

	// An existing file keeps its mode when perm is 0.
	if err := WriteFileAtomic(root, "src/a.go", []byte("new\n"), 0); err != nil {
		t.Fatal(err)
	}
	if got := read("src/a.go"); got != "new\n" {
		t.Errorf("content %q", got)
	}
	if info, _ := os.Stat(filepath.Join(proj, "src/a.go")); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 kept", info.Mode().Perm())
	}

	// An explicit perm wins, also over the umask.
	if err := WriteFileAtomic(root, "src/run.sh", []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(filepath.Join(proj, "src/run.sh")); info.Mode().Perm() != 0o755 {
		t.Errorf("mode %v, want 0755", info.Mode().Perm())
	}

	// New files in new folders; 0644 by default.
	if err := WriteFileAtomic(root, "new/deep/file.txt", []byte("x"), 0); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(filepath.Join(proj, "new/deep/file.txt")); err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("new file: %v %v", info, err)
	}

	// A link inside the root: the target is written, the link kept.
	if err := WriteFileAtomic(root, "alias.go", []byte("via link\n"), 0); err != nil {
		t.Fatal(err)
	}
	if got := read("src/a.go"); got != "via link\n" {
		t.Errorf("target content %q", got)
	}
	if info, _ := os.Lstat(filepath.Join(proj, "alias.go")); info.Mode()&fs.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	noTemp(t, base)
}

func TestWriteFileAtomicRefusesEscapes(t *testing.T) {
	base, root := writeTree(t)
	for _, rel := range []string{
		"escdir/x", "escabs/x", "escfile", "escfileabs", "escdir/../outside.txt",
		"../outside.txt", "src/../../outside.txt", "/etc/passwd", filepath.Join(base, "outside.txt"),
		"", ".", "src/..", "a\x00b", "loop",
	} {
		if err := WriteFileAtomic(root, rel, []byte("pwned\n"), 0o644); err == nil {
			t.Errorf("WriteFileAtomic(%q) wrote", rel)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(base, "outside.txt")); string(b) != "outside\n" {
		t.Errorf("outside.txt changed: %q", b)
	}
	if entries, _ := os.ReadDir(filepath.Join(base, "outdir")); len(entries) != 0 {
		t.Errorf("files created outside: %v", entries)
	}
	noTemp(t, base)
}

func TestWriteFileAtomicFailureLeavesNoTemp(t *testing.T) {
	base, root := writeTree(t)
	proj := filepath.Join(base, "proj")
	// Renaming a file over a non-empty folder fails after the temporary
	// file was written.
	if err := WriteFileAtomic(root, "src", []byte("x"), 0o644); err == nil {
		t.Error("a folder was replaced by a file")
	}
	noTemp(t, base)
	if info, err := os.Stat(filepath.Join(proj, "src")); err != nil || !info.IsDir() {
		t.Errorf("src changed: %v %v", info, err)
	}
	if os.Getuid() != 0 {
		// A folder the temporary file cannot be created in.
		ro := filepath.Join(proj, "ro")
		os.Mkdir(ro, 0o755)
		os.WriteFile(filepath.Join(ro, "f"), []byte("old"), 0o644)
		os.Chmod(ro, 0o555)
		t.Cleanup(func() { os.Chmod(ro, 0o755) })
		if err := WriteFileAtomic(root, "ro/f", []byte("new"), 0); err == nil {
			t.Error("wrote into a read-only folder")
		}
		if b, _ := os.ReadFile(filepath.Join(ro, "f")); string(b) != "old" {
			t.Errorf("f changed: %q", b)
		}
		noTemp(t, base)
	}
}

func TestWriteFileAtomicFollowsLinksLikeTheKernel(t *testing.T) {
	base, root := writeTree(t)
	proj := filepath.Join(base, "proj")
	os.MkdirAll(filepath.Join(proj, "src/deep"), 0o755)
	os.Symlink("src/deep", filepath.Join(proj, "lnkdir"))
	os.Symlink("../x.txt", filepath.Join(proj, "src/deep/f"))
	os.Symlink(filepath.Join(proj, "src/a.go"), filepath.Join(proj, "absin"))
	// lnkdir/f -> src/deep/../x.txt = src/x.txt (not x.txt, the textual answer).
	if err := WriteFileAtomic(root, "lnkdir/f", []byte("x"), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(proj, "src/x.txt")); err != nil {
		t.Errorf("src/x.txt not written: %v", err)
	}
	if _, err := os.Stat(filepath.Join(proj, "x.txt")); err == nil {
		t.Error("x.txt written: the link was followed textually")
	}
	// An absolute link that stays inside is fine.
	if err := WriteFileAtomic(root, "absin", []byte("abs\n"), 0); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(proj, "src/a.go")); string(b) != "abs\n" {
		t.Errorf("src/a.go = %q", b)
	}
	noTemp(t, base)
}
