// Package trust keeps the editor's word on whether a workspace folder is
// trusted, where the offline hook can read it.
//
// Until VS Code trusts a folder, allow rules from the folder's own settings
// do not count (a cloned repository must not approve its own commands). The
// server knows this from the editor; the offline hook, which decides when no
// server runs, did not, and treated every folder as trusted. So the server
// records each root's trust in the per-user state directory (never in the
// workspace, where the agent could rewrite it) and the offline hook honours
// the nearest record above its project: a folder the editor does not trust
// stays untrusted when the editor is closed.
package trust

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/gatehouse/gatehouse/internal/workspace"
)

// Record is what the server wrote about one workspace root.
type Record struct {
	Root    string    `json:"root"`
	Trusted bool      `json:"trusted"`
	Updated time.Time `json:"updated"`
}

// Store is a directory of records, one file per root.
type Store struct{ Dir string }

// Open is the store under Gatehouse's state directory (stateDir is
// audit.StateDir(), passed in so that this package has no opinion on where
// state lives).
func Open(stateDir string) Store { return Store{Dir: filepath.Join(stateDir, "trust")} }

// Set records whether the editor trusts root. The write goes through the
// project's atomic writer (a temp file renamed over the record, inside an
// os.Root), so a reader sees the old record or the new one, never half.
func (s Store) Set(root string, trusted bool) error {
	root = canonical(root)
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("record workspace trust: %w", err)
	}
	dir, err := os.OpenRoot(s.Dir)
	if err != nil {
		return fmt.Errorf("record workspace trust: %w", err)
	}
	defer dir.Close()
	data, _ := json.Marshal(Record{Root: root, Trusted: trusted, Updated: time.Now().UTC()})
	if err := workspace.WriteFileAtomic(dir, filepath.Base(s.path(root)), data, 0o600); err != nil {
		return fmt.Errorf("record workspace trust of %s: %w", root, err)
	}
	return nil
}

// Trusted tells whether the offline hook may treat project as trusted: no
// record for it or any folder above it means the person installed the hook
// there and nobody said otherwise (trusted); the nearest record decides
// otherwise. A record that cannot be read is an untrusted folder: the
// answer errs towards asking.
func (s Store) Trusted(project string) (bool, error) {
	p := canonical(project)
	for {
		data, err := os.ReadFile(s.path(p))
		switch {
		case err == nil:
			var rec Record
			if err := json.Unmarshal(data, &rec); err != nil || rec.Root != p {
				return false, fmt.Errorf("workspace trust record of %s is unreadable; treating the folder as untrusted", p)
			}
			return rec.Trusted, nil
		case !errors.Is(err, fs.ErrNotExist):
			return false, fmt.Errorf("read workspace trust of %s: %w; treating the folder as untrusted", p, err)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return true, nil
		}
		p = parent
	}
}

func (s Store) path(root string) string {
	sum := sha256.Sum256([]byte(root))
	return filepath.Join(s.Dir, hex.EncodeToString(sum[:8])+".json")
}

// canonical is the absolute, cleaned, symlink-resolved path, so that the
// editor's folder and the agent's project directory name one record.
func canonical(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return filepath.Clean(dir)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	return abs
}
