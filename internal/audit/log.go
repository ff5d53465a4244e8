// Package audit keeps a tamper-evident, append-only record of every request
// an agent made and how it was decided: one JSON line per entry, each line
// carrying the SHA-256 of its own canonical JSON and of the line before it,
// so that editing, deleting, inserting or reordering lines breaks the chain
// at the first place it happened. The log lives in the user's state
// directory, outside the workspace the agent can write to.
package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	Kind           string          `json:"kind,omitempty"`
	Summary        string          `json:"summary,omitempty"`
	Input          json.RawMessage `json:"input,omitempty"`
	InputTruncated bool            `json:"inputTruncated,omitempty"`
	Decision       string          `json:"decision"`        // allow | deny | ask
	Scope          string          `json:"scope,omitempty"` // once | session | always
	By             string          `json:"by,omitempty"`    // person | rule | mode | timeout | shutdown
	Rule           string          `json:"rule,omitempty"`
	Reason         string          `json:"reason,omitempty"`
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
// with one write call and fsync'd before Append returns.
//
// Append refuses to extend a log whose last line is incomplete or unreadable
// (a crashed write or tampering): run `gatehouse audit verify` and move the
// file aside.
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

	prevSeq, prevHash, err := lastEntry(f)
	if err != nil {
		return fmt.Errorf("append to audit log %s: %w", l.path, err)
	}
	if e.Workspace == "" {
		e.Workspace = l.workspace
	}
	line, err := seal(e, prevSeq, prevHash)
	if err != nil {
		return fmt.Errorf("append to audit log %s: %w", l.path, err)
	}
	if _, err := f.Write(line); err != nil {
		return fmt.Errorf("append to audit log %s: %w", l.path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("append to audit log %s: fsync: %w", l.path, err)
	}
	return nil
}

// seal fills in the chain fields of e and returns its line, newline included.
func seal(e Entry, prevSeq uint64, prevHash string) ([]byte, error) {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	// UTC, and within what RFC 3339 can write, so the line reads back
	// byte-for-byte the same.
	e.Time = e.Time.UTC()
	if y := e.Time.Year(); y < 1 || y > 9999 {
		return nil, fmt.Errorf("entry time %v out of range", e.Time)
	}
	e.Seq = prevSeq + 1
	e.Prev = prevHash
	// Invalid UTF-8 would be written as \ufffd but read back as U+FFFD,
	// and the line would no longer be canonical: replace it up front.
	for _, s := range []*string{&e.Workspace, &e.ID, &e.Session, &e.Agent, &e.Tool, &e.Kind,
		&e.Summary, &e.Decision, &e.Scope, &e.By, &e.Rule, &e.Reason} {
		*s = strings.ToValidUTF8(*s, "\uFFFD")
	}
	e.Summary = cut(e.Summary, maxText)
	e.Reason = cut(e.Reason, maxText)
	e.Rule = cut(e.Rule, maxText)
	e.Input, e.InputTruncated = boundInput(e.Input)
	e.Hash = ""
	h, err := hashOf(e)
	if err != nil {
		return nil, err
	}
	e.Hash = h
	line, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("encode entry: %w", err)
	}
	return append(line, '\n'), nil
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

// lastEntry returns the seq and hash of the file's last line (0 and ZeroHash
// for an empty file).
func lastEntry(f *os.File) (uint64, string, error) {
	fi, err := f.Stat()
	if err != nil {
		return 0, "", err
	}
	size := fi.Size()
	if size == 0 {
		return 0, ZeroHash, nil
	}
	// Read backwards in chunks until the newline before the last line.
	var tail []byte
	const chunk = 16 << 10
	for off := size; ; {
		n := int64(chunk)
		if off < n {
			n = off
		}
		off -= n
		buf := make([]byte, n)
		if _, err := f.ReadAt(buf, off); err != nil && err != io.EOF {
			return 0, "", fmt.Errorf("read last entry: %w", err)
		}
		tail = append(buf, tail...)
		if tail[len(tail)-1] != '\n' {
			return 0, "", errors.New("the last line is incomplete (a crashed write, or the file was cut): run 'gatehouse audit verify' and move the file aside")
		}
		if i := bytes.LastIndexByte(tail[:len(tail)-1], '\n'); i >= 0 {
			tail = tail[i+1:]
			break
		}
		if off == 0 {
			break
		}
		if len(tail) > maxLine {
			return 0, "", fmt.Errorf("the last line is longer than %d bytes: not a gatehouse audit log?", maxLine)
		}
	}
	e, err := parseLine(tail[:len(tail)-1])
	if err != nil {
		return 0, "", fmt.Errorf("the last line is unreadable (%v): run 'gatehouse audit verify' and move the file aside", err)
	}
	return e.Seq, e.Hash, nil
}
