package agentproto

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Dir is the directory that holds the sockets and discovery records:
// $XDG_RUNTIME_DIR/gatehouse, else a directory in the user's cache dir. It is
// created 0700 and refused if another user owns it or others can enter it,
// because whoever can create a socket there could pose as the server.
func Dir() (string, error) {
	base := os.Getenv("XDG_RUNTIME_DIR")
	var dir string
	if base != "" && filepath.IsAbs(base) {
		dir = filepath.Join(base, "gatehouse")
	} else {
		cache, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("find a directory for the Gatehouse socket: %w (set XDG_RUNTIME_DIR)", err)
		}
		dir = filepath.Join(cache, "gatehouse", "run")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create socket directory %s: %w", dir, err)
	}
	if err := checkPrivateDir(dir); err != nil {
		return "", err
	}
	return dir, nil
}

// key names a workspace root in file names: short enough for the 104-byte
// limit of unix socket paths, and free of characters from the path.
func key(root string) string {
	sum := sha256.Sum256([]byte(filepath.Clean(root)))
	return hex.EncodeToString(sum[:8])
}

// SocketPath is the default socket path for a window whose first root is root.
func SocketPath(dir, root string) string {
	return filepath.Join(dir, key(root)+".sock")
}

// Record is a discovery record: which socket serves which workspace root.
type Record struct {
	Socket  string    `json:"socket"`
	PID     int       `json:"pid"`
	Root    string    `json:"root"`
	Started time.Time `json:"started"`
}

func recordPath(dir, root string) string {
	return filepath.Join(dir, key(root)+".json")
}

// WriteRecords publishes socket as the server of every root. It returns a
// function that removes exactly the records it wrote (a record since replaced
// by another server is left alone).
func WriteRecords(dir, socket string, roots []string) (remove func(), err error) {
	var written []string
	for _, root := range roots {
		rec := Record{Socket: socket, PID: os.Getpid(), Root: filepath.Clean(root), Started: time.Now().UTC()}
		data, _ := json.Marshal(rec)
		p := recordPath(dir, root)
		tmp := p + fmt.Sprintf(".%d.tmp", os.Getpid())
		if err := os.WriteFile(tmp, data, 0o600); err != nil {
			return func() { removeOwn(written, socket) }, fmt.Errorf("write discovery record %s: %w", p, err)
		}
		if err := os.Rename(tmp, p); err != nil {
			os.Remove(tmp)
			return func() { removeOwn(written, socket) }, fmt.Errorf("write discovery record %s: %w", p, err)
		}
		written = append(written, p)
	}
	return func() { removeOwn(written, socket) }, nil
}

func removeOwn(paths []string, socket string) {
	for _, p := range paths {
		if rec, err := readRecord(p); err == nil && rec.Socket == socket && rec.PID == os.Getpid() {
			os.Remove(p)
		}
	}
}

func readRecord(p string) (Record, error) {
	var rec Record
	data, err := os.ReadFile(p)
	if err != nil {
		return rec, err
	}
	if err := json.Unmarshal(data, &rec); err != nil {
		return rec, fmt.Errorf("discovery record %s: %w", p, err)
	}
	return rec, nil
}

// Discover finds the socket of the server whose workspace contains
// projectDir: the record for projectDir itself or for its nearest ancestor.
func Discover(dir, projectDir string) (string, error) {
	p := filepath.Clean(projectDir)
	if !filepath.IsAbs(p) {
		return "", ErrNoServer
	}
	for {
		if rec, err := readRecord(recordPath(dir, p)); err == nil && rec.Root == p && rec.Socket != "" {
			return rec.Socket, nil
		}
		parent := filepath.Dir(p)
		if parent == p {
			return "", ErrNoServer
		}
		p = parent
	}
}
