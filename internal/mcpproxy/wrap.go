package mcpproxy

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gatehouse/gatehouse/internal/flock"
	"github.com/gatehouse/gatehouse/internal/jsontree"
	"github.com/gatehouse/gatehouse/internal/workspace"
)

// maxConfig bounds the .mcp.json read.
const maxConfig = 4 << 20

// WrapConfig puts every stdio server of an MCP client config (.mcp.json:
// {"mcpServers": {NAME: {"command": …, "args": […]}}}) behind the proxy, in
// place: its command becomes `self mcp-proxy --name NAME -- command args…`.
// Servers already wrapped, and remote ones (url, or type other than stdio),
// are left as they are, so running it twice changes nothing. With unwrap it
// restores the original commands. Every other key and the order of the
// file are kept; the file is read and written under a lock on its
// directory and replaced atomically through an os.Root, so a symlinked
// name cannot redirect the write. It returns the names of the servers it
// changed.
func WrapConfig(path, self string, unwrap bool) ([]string, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	defer root.Close()
	d, err := root.Open(".")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	defer d.Close()
	if unlock, err := flock.Lock(d); err == nil {
		defer unlock()
	} else if !errors.Is(err, flock.ErrUnsupported) {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	fi, err := root.Stat(base)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if fi.Size() > maxConfig {
		return nil, fmt.Errorf("read %s: larger than %d MiB", path, maxConfig>>20)
	}
	data, err := root.ReadFile(base)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	out, changed, err := RewriteConfig(data, self, unwrap)
	if err != nil {
		return nil, fmt.Errorf("%s: %w; fix the file and run again (nothing was changed)", path, err)
	}
	if len(changed) == 0 {
		return nil, nil
	}
	perm := fs.FileMode(0o644)
	if fi.Mode().Perm() != 0 {
		perm = fi.Mode().Perm()
	}
	if err := workspace.WriteFileAtomic(root, base, out, perm); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return changed, nil
}

// RewriteConfig is WrapConfig on the file's bytes: it returns the new
// content and the names of the servers it changed. A config that is not the
// expected shape is an error and nothing is rewritten.
func RewriteConfig(data []byte, self string, unwrap bool) ([]byte, []string, error) {
	tree, err := jsontree.Parse(data, jsontree.Options{})
	if err != nil {
		var je *jsontree.Error
		if errors.As(err, &je) {
			line, col := jsontree.LineCol(data, je.Offset)
			return nil, nil, fmt.Errorf("line %d column %d: %s", line, col, je.Msg)
		}
		return nil, nil, err
	}
	if tree.Kind != jsontree.Object {
		return nil, nil, errors.New("the top level must be an object")
	}
	if err := noDuplicates(tree); err != nil {
		return nil, nil, err
	}
	servers := tree.Get("mcpServers")
	if servers == nil {
		return nil, nil, nil
	}
	if servers.Kind != jsontree.Object {
		return nil, nil, errors.New(`"mcpServers" must be an object`)
	}
	var changed []string
	for _, m := range servers.Members {
		s := m.Value
		if s.Kind != jsontree.Object {
			return nil, nil, fmt.Errorf("server %q must be an object", m.Key)
		}
		if t := s.Get("type"); t != nil && !(t.Kind == jsontree.String && t.Text == "stdio") {
			continue // remote (http, sse): nothing to run
		}
		cmd := s.Get("command")
		if cmd == nil {
			continue
		}
		if cmd.Kind != jsontree.String || cmd.Text == "" {
			return nil, nil, fmt.Errorf("server %q: \"command\" must be a non-empty string", m.Key)
		}
		var args []string
		if a := s.Get("args"); a != nil {
			if a.Kind != jsontree.Array {
				return nil, nil, fmt.Errorf("server %q: \"args\" must be an array of strings", m.Key)
			}
			for _, e := range a.Elems {
				if e.Kind != jsontree.String {
					return nil, nil, fmt.Errorf("server %q: \"args\" must be an array of strings", m.Key)
				}
				args = append(args, e.Text)
			}
		}
		orig, wrapped := unwrapped(cmd.Text, args)
		switch {
		case unwrap && wrapped:
			s.Set("command", jsontree.NewString(orig[0]))
			setArgs(s, orig[1:])
		case !unwrap && !wrapped:
			name := SanitizeServerName(m.Key)
			s.Set("command", jsontree.NewString(self))
			setArgs(s, append([]string{"mcp-proxy", "--name", name, "--", cmd.Text}, args...))
		default:
			continue
		}
		changed = append(changed, m.Key)
	}
	if len(changed) == 0 {
		return nil, nil, nil
	}
	return append(tree.Encode("  "), '\n'), changed, nil
}

// unwrapped recognises a wrapped command (`…gatehouse mcp-proxy [flags] --
// cmd args…`) and returns the original command line.
func unwrapped(command string, args []string) ([]string, bool) {
	if base := filepath.Base(command); base != "gatehouse" && base != "gatehouse.exe" {
		return nil, false
	}
	if len(args) == 0 || args[0] != "mcp-proxy" {
		return nil, false
	}
	for i, a := range args {
		if a == "--" && i+1 < len(args) {
			return args[i+1:], true
		}
	}
	return nil, false
}

func setArgs(s *jsontree.Value, args []string) {
	a := &jsontree.Value{Kind: jsontree.Array}
	for _, x := range args {
		a.Elems = append(a.Elems, jsontree.NewString(x))
	}
	s.Set("args", a)
}

// noDuplicates refuses repeated keys: the client and this rewrite could
// read different servers from them.
func noDuplicates(v *jsontree.Value) error {
	switch v.Kind {
	case jsontree.Object:
		seen := map[string]bool{}
		for _, m := range v.Members {
			if seen[m.Key] {
				return fmt.Errorf("key %q appears twice", m.Key)
			}
			seen[m.Key] = true
			if err := noDuplicates(m.Value); err != nil {
				return err
			}
		}
	case jsontree.Array:
		for _, e := range v.Elems {
			if err := noDuplicates(e); err != nil {
				return err
			}
		}
	}
	return nil
}
