package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// A mount needs an existing mount point, so a protected name that a
// workspace lacks (.claude, .git, .mcp.json...) can only be kept from being
// created by creating it, empty, and binding an empty read-only copy over
// it for the run. The record of what was created lives in the state
// directory, outside every workspace; a shared lock counts the sandboxes
// running, and the last one out removes the placeholders that are still
// empty. Removing one while another sandbox runs would lift that
// sandbox's bind (the kernel detaches mounts whose mount point is removed
// in another namespace), hence the lock.

type placeholderRecord struct {
	Paths []string `json:"paths"`
}

// preparePlaceholders creates the placeholders and returns the function
// that releases them after the run.
func preparePlaceholders(stateDir string, phs []Placeholder) (func(), error) {
	if stateDir == "" {
		return nil, errors.New("no state directory to record the placeholders for missing protected names in; set XDG_STATE_HOME or HOME")
	}
	dir := filepath.Join(stateDir, "sandbox")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	// One lock for every workspace of this user: runs are short and the
	// lock is held exclusively only while placeholders are made or removed.
	lockPath := filepath.Join(dir, "placeholders.lock")
	recPath := filepath.Join(dir, "placeholders.json")
	lock, err := os.OpenFile(lockPath, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", lockPath, err)
	}
	if err := unix.Flock(int(lock.Fd()), unix.LOCK_EX); err != nil {
		lock.Close()
		return nil, fmt.Errorf("lock %s: %w", lockPath, err)
	}
	rec := readRecord(recPath)
	for _, ph := range phs {
		var err error
		if ph.Dir {
			err = os.Mkdir(ph.Path, 0o755)
		} else {
			var f *os.File
			f, err = os.OpenFile(ph.Path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
			if err == nil {
				f.Close()
			}
		}
		switch {
		case err == nil:
			rec.Paths = appendNew(rec.Paths, ph.Path)
		case errors.Is(err, fs.ErrExist):
			// Created since the plan was made: bound over all the same.
		default:
			lock.Close()
			return nil, fmt.Errorf("create the placeholder %s that keeps the protected name from being created: %w", ph.Path, err)
		}
	}
	if err := writeRecord(recPath, rec); err != nil {
		lock.Close()
		return nil, err
	}
	unix.Flock(int(lock.Fd()), unix.LOCK_SH)
	return func() {
		defer lock.Close()
		if unix.Flock(int(lock.Fd()), unix.LOCK_EX|unix.LOCK_NB) != nil {
			return // another sandbox still runs; the last one cleans up
		}
		rec := readRecord(recPath)
		var kept []string
		for _, p := range rec.Paths {
			if !removeIfEmpty(p) {
				kept = append(kept, p)
			}
		}
		rec.Paths = kept
		writeRecord(recPath, rec)
	}, nil
}

// removeIfEmpty removes an empty directory or an empty file; anything with
// content is the person's now and stays. It reports whether p is gone.
func removeIfEmpty(p string) bool {
	fi, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return true
	}
	if err != nil {
		return false
	}
	switch {
	case fi.IsDir():
		return os.Remove(p) == nil // fails unless empty
	case fi.Mode().IsRegular() && fi.Size() == 0:
		return os.Remove(p) == nil
	}
	return false
}

func readRecord(path string) placeholderRecord {
	var rec placeholderRecord
	if b, err := os.ReadFile(path); err == nil {
		json.Unmarshal(b, &rec)
	}
	return rec
}

// writeRecord rewrites the record in place (the caller holds the lock).
// Not by a rename over it, nor by truncating it to zero first: ext4 flushes
// the data of a file that replaces another that way, which cost several
// milliseconds per run.
func writeRecord(path string, rec placeholderRecord) error {
	b, _ := json.Marshal(rec)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return fmt.Errorf("record placeholders: %w", err)
	}
	defer f.Close()
	if _, err := f.WriteAt(b, 0); err != nil {
		return fmt.Errorf("record placeholders: %w", err)
	}
	if err := f.Truncate(int64(len(b))); err != nil {
		return fmt.Errorf("record placeholders: %w", err)
	}
	return nil
}
