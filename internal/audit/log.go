// Package audit keeps a tamper-evident, append-only record of every request
// an agent made and how it was decided: one JSON line per entry, each line
// carrying the SHA-256 of its own canonical JSON and of the line before it,
// so that editing, deleting, inserting or reordering lines breaks the chain
// at the first place it happened. The log lives in the user's state
// directory, outside the workspace the agent can write to.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// ZeroHash is the prev of the first entry in a log.
var ZeroHash = strings.Repeat("0", 64)

// MaxInput bounds the tool input kept in an entry. Larger inputs (a Write of
// a whole file) are kept as a JSON string of their first MaxInput bytes with
// InputTruncated set.
const MaxInput = 4 << 10

// maxText bounds the free-text fields (summary, reason, rule) of an entry.
const maxText = 2 << 10

// maxLine bounds one line of the log when reading it back; Append never
// writes lines near this size.
const maxLine = 1 << 20

// Entry is one line of the audit log. The field order is the canonical
// order: Hash is the SHA-256 of the entry's JSON without Hash, exactly as
// encoding/json writes it.
type Entry struct {
	Time           time.Time       `json:"time"`
	Seq            uint64          `json:"seq"`
	Workspace      string          `json:"workspace"`
	ID             string          `json:"id,omitempty"` // the approval request's ID, if there was one
	Session        string          `json:"session,omitempty"`
	Agent          string          `json:"agent,omitempty"`
	Tool           string          `json:"tool,omitempty"`
	Kind           string          `json:"kind,omitempty"` // edit | command | fetch | mcp | other | repair
	Summary        string          `json:"summary,omitempty"`
	Input          json.RawMessage `json:"input,omitempty"`
	InputTruncated bool            `json:"inputTruncated,omitempty"`
	Decision       string          `json:"decision"`        // allow | deny | ask; empty in a repair entry
	Scope          string          `json:"scope,omitempty"` // once | session | always
	By             string          `json:"by,omitempty"`    // person | rule | mode | timeout | shutdown | gatehouse
	Rule           string          `json:"rule,omitempty"`
	Reason         string          `json:"reason,omitempty"`
	Torn           string          `json:"torn,omitempty"` // a repair entry's kept bytes, base64
	Prev           string          `json:"prev"`
	Hash           string          `json:"hash,omitempty"`
}

// Log appends entries to one audit file. It is safe for concurrent use, and
// several processes (the server and the offline hook) may append to the same
// file at once: every Append holds an exclusive lock on the file.
type Log struct {
	path      string
	workspace string
	// mu serialises appends inside this process: a flock is held per open
	// file, so two goroutines could otherwise both "hold" it.
	mu sync.Mutex
}

// Open prepares the audit log at path for appending, creating its directory
// (0700) and the file (0600) if needed. It refuses a path that is a symlink,
// since whoever planted it chose where the record goes.
func Open(path string) (*Log, error) {
	if path == "" {
		return nil, errors.New("open audit log: empty path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open audit log %s: %w", path, err)
	}
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode()&os.ModeSymlink != 0 || !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("open audit log %s: not a regular file (a symlink or device): move it aside", path)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open audit log %s: %w", path, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().Perm()&0o077 != 0 {
		if err := f.Chmod(0o600); err != nil {
			return nil, fmt.Errorf("open audit log %s: make it private (0600): %w", path, err)
		}
	}
	return &Log{path: path}, nil
}

// OpenWorkspace opens the audit log of workspace (see PathFor); entries
// appended without a Workspace get this one.
func OpenWorkspace(workspace string) (*Log, error) {
	path, err := PathFor(workspace)
	if err != nil {
		return nil, err
	}
	l, err := Open(path)
	if err != nil {
		return nil, err
	}
	l.workspace = canonicalWorkspace(workspace)
	return l, nil
}

// Path returns the file the log appends to.
func (l *Log) Path() string { return l.path }

// Append adds e to the log. Time (if zero), Seq, Prev and Hash are filled in
// here; long fields are cut (Input to MaxInput, flagged). The line is written
// with one write call and fsync'd, and the checkpoint beside the log (see
// Checkpoint) is moved to it, before Append returns.
//
// A log that ends in bytes that are not a whole entry (a write cut short by
// a full disk or a crash) is repaired first: a repair entry that keeps those
// bytes is appended, and the chain continues from the entry before them
// (see repair.go). Append refuses a log that holds fewer entries than its
// checkpoint records: someone removed what was recorded.
//
// When Append returns an error, e is not in the log (a cut-short write is
// left for the next Append to repair); callers must not act as though it
// were recorded.
func (l *Log) Append(e Entry) error {
	l.mu.Lock()
	defer l.mu.Unlock()

	f, err := os.OpenFile(l.path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("append to audit log %s: %w", l.path, err)
	}
	defer f.Close()
	unlock, err := lockFile(f)
	if err != nil {
		return fmt.Errorf("append to audit log %s: lock: %w", l.path, err)
	}
	defer unlock()

	if err := l.append(f, e); err != nil {
		return fmt.Errorf("append to audit log %s: %w", l.path, err)
	}
	return nil
}

// append does Append's work on the open, locked log.
func (l *Log) append(f *os.File, e Entry) error {
	// The checkpoint is read before the log, as Verify does: it is written
	// after the log, so the log is never legitimately behind it.
	cp, err := ReadCheckpoint(l.path)
	if err != nil {
		return err
	}
	t, err := readTail(f)
	if err != nil {
		return err
	}
	if err := cp.heldBy(t.seq, t.hash, l.path); err != nil {
		return err
	}
	var buf []byte
	seq, hash := t.seq, t.hash
	if t.torn != nil {
		r := repairEntry(t.torn, l.workspace)
		line, sealed, err := seal(r, seq, hash)
		if err != nil {
			return err
		}
		if !t.endsInNewline {
			buf = append(buf, '\n')
		}
		buf = append(buf, line...)
		seq, hash = sealed.Seq, sealed.Hash
	}
	if e.Workspace == "" {
		e.Workspace = l.workspace
	}
	line, sealed, err := seal(e, seq, hash)
	if err != nil {
		return err
	}
	buf = append(buf, line...)
	// One write: on a full disk it may stop part-way, and the bytes it left
	// are what the next Append repairs. They are not cut off here, so that
	// the log keeps the trace of the failure.
	if _, err := f.Write(buf); err != nil {
		return err
	}
	// From here on the line is whole; if it cannot be made durable and
	// checkpointed, take it back, so that an entry in the log always means
	// Append succeeded (the caller acts on the error: an allow it could not
	// record becomes an ask).
	undo := func() {
		if f.Truncate(t.size) == nil {
			_ = f.Sync()
		}
	}
	if err := f.Sync(); err != nil {
		undo()
		return fmt.Errorf("fsync: %w", err)
	}
	if err := writeCheckpoint(l.path, Checkpoint{Seq: sealed.Seq, Hash: sealed.Hash}); err != nil {
		undo()
		return err
	}
	return nil
}

// seal fills in the chain fields of e and returns its line, newline
// included, and the entry as written.
func seal(e Entry, prevSeq uint64, prevHash string) ([]byte, Entry, error) {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	// UTC, and within what RFC 3339 can write, so the line reads back
	// byte-for-byte the same.
	e.Time = e.Time.UTC()
	if y := e.Time.Year(); y < 1 || y > 9999 {
		return nil, Entry{}, fmt.Errorf("entry time %v out of range", e.Time)
	}
	e.Seq = prevSeq + 1
	e.Prev = prevHash
	// Invalid UTF-8 would be written as \ufffd but read back as U+FFFD,
	// and the line would no longer be canonical: replace it up front.
	for _, s := range []*string{&e.Workspace, &e.ID, &e.Session, &e.Agent, &e.Tool, &e.Kind,
		&e.Summary, &e.Decision, &e.Scope, &e.By, &e.Rule, &e.Reason, &e.Torn} {
		*s = strings.ToValidUTF8(*s, "\uFFFD")
	}
	e.Summary = cut(e.Summary, maxText)
	e.Reason = cut(e.Reason, maxText)
	e.Rule = cut(e.Rule, maxText)
	e.Input, e.InputTruncated = boundInput(e.Input)
	e.Hash = ""
	h, err := hashOf(e)
	if err != nil {
		return nil, Entry{}, err
	}
	e.Hash = h
	line, err := json.Marshal(e)
	if err != nil {
		return nil, Entry{}, fmt.Errorf("encode entry: %w", err)
	}
	return append(line, '\n'), e, nil
}

// hashOf returns the hex SHA-256 of e's canonical JSON without its hash.
func hashOf(e Entry) (string, error) {
	e.Hash = ""
	b, err := json.Marshal(e)
	if err != nil {
		return "", fmt.Errorf("encode entry: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// boundInput keeps input as JSON if it is valid and small; otherwise it keeps
// (the start of) its text as a JSON string and reports the truncation.
func boundInput(in json.RawMessage) (json.RawMessage, bool) {
	if len(in) == 0 {
		return nil, false
	}
	valid := json.Valid(in) && utf8.Valid(in)
	if len(in) <= MaxInput && valid {
		return in, false
	}
	s := strings.ToValidUTF8(cut(string(in), MaxInput), "\uFFFD")
	b, _ := json.Marshal(s) // a string always encodes
	return b, true
}

// cut shortens s to at most n bytes on a rune boundary, marking the cut.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n - len("…")
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}
