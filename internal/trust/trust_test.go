package trust

import (
	"os"
	"path/filepath"
	"testing"
)

// A record written for a folder reached through a symlink names the real
// folder: the editor and the agent may spell the same folder differently.
func TestRecordFollowsSymlinks(t *testing.T) {
	base := t.TempDir()
	real := filepath.Join(base, "real")
	if err := os.MkdirAll(filepath.Join(real, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(base, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	s := Open(t.TempDir())
	if ok, err := s.Trusted(real); !ok || err != nil {
		t.Fatalf("no record: %v, %v; want trusted", ok, err)
	}
	if err := s.Set(link, false); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{real, link, filepath.Join(real, "sub"), filepath.Join(link, "sub", "..", "sub")} {
		if ok, _ := s.Trusted(p); ok {
			t.Errorf("%s reads as trusted after the editor distrusted %s", p, link)
		}
	}
	if ok, _ := s.Trusted(base); !ok {
		t.Errorf("the folder above the record reads as untrusted")
	}
}
