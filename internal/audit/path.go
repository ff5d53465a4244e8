package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// PathFor returns the audit log file of workspace:
// <state dir>/gatehouse/audit/<first 16 hex of sha256(workspace)>.jsonl.
// The state dir is $XDG_STATE_HOME if set (and absolute), else
// ~/.local/state; on macOS ~/Library/Application Support, on Windows
// %LocalAppData%. It is never inside the workspace, where the agent could
// rewrite its own record.
//
// The workspace is made absolute and its symlinks resolved first, so the
// hook (given $CLAUDE_PROJECT_DIR) and the server (given the editor's
// folder) agree on one file.
func PathFor(workspace string) (string, error) {
	if workspace == "" {
		return "", errors.New("audit log path: no workspace given: pass --workspace or set CLAUDE_PROJECT_DIR")
	}
	dir, err := stateDir()
	if err != nil {
		return "", fmt.Errorf("audit log path for %s: %w", workspace, err)
	}
	sum := sha256.Sum256([]byte(canonicalWorkspace(workspace)))
	return filepath.Join(dir, "gatehouse", "audit", hex.EncodeToString(sum[:8])+".jsonl"), nil
}

// canonicalWorkspace is the absolute, cleaned, symlink-resolved workspace
// path (as far as it exists).
func canonicalWorkspace(workspace string) string {
	abs, err := filepath.Abs(workspace)
	if err != nil {
		return filepath.Clean(workspace)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	return abs
}

// stateDir is the per-user directory for state that must survive restarts.
func stateDir() (string, error) {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return d, nil
	}
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return d, nil
		}
		return "", errors.New("%LocalAppData% is not set")
	case "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(home, "Library", "Application Support"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("%w: set XDG_STATE_HOME", err)
	}
	return filepath.Join(home, ".local", "state"), nil
}

// StateDir is the per-user directory for Gatehouse's state that must
// survive restarts and stay out of the agent's reach (never inside a
// workspace): <state dir>/gatehouse.
func StateDir() (string, error) {
	dir, err := stateDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "gatehouse"), nil
}
