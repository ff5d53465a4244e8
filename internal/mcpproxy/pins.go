package mcpproxy

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/gatehouse/gatehouse/internal/flock"
	"github.com/gatehouse/gatehouse/internal/workspace"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Pins remembers, per project and server, the hash of each tool's
// description as the person approved it. A tool whose hash is not pinned
// (new, or its description, schema or annotations changed: the "rug pull",
// where a server approved once rewrites what its tool tells the model)
// asks again. The file lives in Gatehouse's state directory, never in the
// workspace, where the agent could approve its own tools.
type Pins struct {
	dir  string // the pins directory
	file string // base name of this project and server's file

	mu sync.Mutex
}

// pinFile is the on-disk form.
type pinFile struct {
	Project string            `json:"project"`
	Server  string            `json:"server"`
	Tools   map[string]string `json:"tools"` // tool name -> "sha256:<hex>"
}

// OpenPins returns the pins of server in project, kept under stateDir.
func OpenPins(stateDir, project, server string) *Pins {
	sum := sha256.Sum256([]byte(project + "\x00" + server))
	return &Pins{dir: filepath.Join(stateDir, "mcp-pins"), file: hex.EncodeToString(sum[:8]) + ".json"}
}

// ToolHash is the hash pinned for a tool: everything the model reads about
// it (name, title, description, schemas, annotations), JSON-encoded with
// sorted keys so the same tool always hashes the same.
func ToolHash(t *mcp.Tool) (string, error) {
	raw, err := json.Marshal(t)
	if err != nil {
		return "", fmt.Errorf("encode tool %q: %w", t.Name, err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return "", fmt.Errorf("encode tool %q: %w", t.Name, err)
	}
	delete(m, "_meta")            // transport metadata, not shown to the model
	canon, err := json.Marshal(m) // maps marshal with sorted keys
	if err != nil {
		return "", fmt.Errorf("encode tool %q: %w", t.Name, err)
	}
	sum := sha256.Sum256(canon)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

// Status says whether tool's hash is the pinned one: "" when it is, else
// why not ("new" or "changed").
func (p *Pins) Status(tool, hash string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f, err := p.read()
	if err != nil {
		return "", err
	}
	switch old, ok := f.Tools[tool]; {
	case !ok:
		return "new", nil
	case old != hash:
		return "changed", nil
	}
	return "", nil
}

// Pin records hash as the approved one for tool.
func (p *Pins) Pin(project, server, tool, hash string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := os.MkdirAll(p.dir, 0o700); err != nil {
		return fmt.Errorf("pin %s: %w", tool, err)
	}
	root, err := os.OpenRoot(p.dir)
	if err != nil {
		return fmt.Errorf("pin %s: %w", tool, err)
	}
	defer root.Close()
	// Two proxies of one server (two agent sessions) may pin at once.
	lock, err := root.OpenFile(p.file+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return fmt.Errorf("pin %s: %w", tool, err)
	}
	defer lock.Close()
	if unlock, err := flock.Lock(lock); err == nil {
		defer unlock()
	} else if !errors.Is(err, flock.ErrUnsupported) {
		return fmt.Errorf("pin %s: lock: %w", tool, err)
	}
	f, err := p.read()
	if err != nil {
		return err
	}
	f.Project, f.Server = project, server
	f.Tools[tool] = hash
	out, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("pin %s: %w", tool, err)
	}
	if err := workspace.WriteFileAtomic(root, p.file, append(out, '\n'), 0o600); err != nil {
		return fmt.Errorf("pin %s: write %s: %w", tool, filepath.Join(p.dir, p.file), err)
	}
	return nil
}

// maxPinFile bounds the pins file read.
const maxPinFile = 4 << 20

func (p *Pins) read() (pinFile, error) {
	path := filepath.Join(p.dir, p.file)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return pinFile{Tools: map[string]string{}}, nil
	}
	if err != nil {
		return pinFile{}, fmt.Errorf("read MCP tool pins %s: %w", path, err)
	}
	f, err := parsePins(data)
	if err != nil {
		return pinFile{}, fmt.Errorf("read MCP tool pins %s: %w; delete the file to approve every tool again", path, err)
	}
	return f, nil
}

// parsePins reads a pins file. A file that is not exactly the expected
// shape is an error: the caller then asks about every tool.
func parsePins(data []byte) (pinFile, error) {
	if len(data) > maxPinFile {
		return pinFile{}, fmt.Errorf("larger than %d MiB", maxPinFile>>20)
	}
	var f pinFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return pinFile{}, fmt.Errorf("not a pins file: %w", err)
	}
	if dec.More() {
		return pinFile{}, errors.New("not a pins file: trailing data")
	}
	if f.Tools == nil {
		f.Tools = map[string]string{}
	}
	return f, nil
}
