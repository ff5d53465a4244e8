package gate

import (
	"path/filepath"
	"testing"

	"github.com/gatehouse/gatehouse/internal/audit"
	"github.com/gatehouse/gatehouse/internal/trust"
)

// The server writes the editor's trust of each root where the offline hook
// reads it, and keeps it current when the person trusts the folder.
func TestServerRecordsTrustForOfflineHook(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	g := New(Options{Roots: []string{root}, Home: t.TempDir(), ManagedDirs: []string{}, Trusted: false})
	t.Cleanup(g.Close)
	dir, err := audit.StateDir()
	if err != nil {
		t.Fatal(err)
	}
	store := trust.Open(dir)
	sub := filepath.Join(root, "sub")
	if ok, err := store.Trusted(sub); ok {
		t.Fatalf("untrusted folder reads as trusted offline (%v)", err)
	}
	g.SetTrusted(true)
	if ok, err := store.Trusted(sub); !ok || err != nil {
		t.Fatalf("trusted folder reads as untrusted offline (%v)", err)
	}
}
