package settings

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/gatehouse/gatehouse/internal/workspace"
)

// addMu serialises AddRule within this process so that two approvals given
// at the same moment do not overwrite each other.
var addMu sync.Mutex

// AddRule adds rule to the behavior list of the project-local settings file
// (<project>/.claude/settings.local.json), the scope of an "always"
// approval. It creates .claude/ and the file if needed, keeps every other key
// and the order of the file, never adds a duplicate, refuses to touch a
// malformed file, and writes atomically (temporary file and rename) through
// an os.Root on the project directory, so a symlinked .claude/ cannot
// redirect the write outside the project.
func AddRule(loc Locations, behavior Behavior, rule string) error {
	switch behavior {
	case Allow, Ask, Deny:
	default:
		return fmt.Errorf("add rule %q: behavior %q is not allow, ask or deny", rule, behavior)
	}
	if strings.TrimSpace(rule) == "" || strings.ContainsAny(rule, "\x00\r\n") {
		return fmt.Errorf("add rule %q: a rule must be one non-empty line", rule)
	}
	if loc.ProjectDir == "" {
		return errors.New("add rule: no project directory to write .claude/settings.local.json into")
	}
	addMu.Lock()
	defer addMu.Unlock()

	root, err := os.OpenRoot(loc.ProjectDir)
	if err != nil {
		return fmt.Errorf("add rule: open project %s: %w", loc.ProjectDir, err)
	}
	defer root.Close()
	rel := filepath.Join(ClaudeDir, LocalFile)
	path := loc.LocalPath()

	var tree *value
	perm := fs.FileMode(0o644)
	data, err := root.ReadFile(rel)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		tree = &value{kind: 'o'}
	case err != nil:
		return fmt.Errorf("add rule: read %s: %w", path, err)
	default:
		if fi, err := root.Stat(rel); err == nil {
			perm = fi.Mode().Perm()
		}
		tree, err = parseTree(data)
		if err == nil && tree.kind != 'o' {
			err = &offsetError{off: tree.off, msg: "the top level must be an object"}
		}
		if err != nil {
			oe := err.(*offsetError)
			line, col := lineCol(data, oe.off)
			return fmt.Errorf("add rule: %w", &FileError{Path: path, Line: line, Col: col, Problem: oe.msg, Err: err})
		}
	}

	perms := tree.get("permissions")
	if perms == nil {
		perms = &value{kind: 'o'}
		tree.obj = append(tree.obj, member{key: "permissions", val: perms})
	} else if perms.kind != 'o' {
		line, col := lineCol(data, perms.off)
		return fmt.Errorf("add rule: %w", &FileError{Path: path, Line: line, Col: col, Problem: `"permissions" must be an object`})
	}
	list := perms.get(string(behavior))
	if list == nil {
		list = &value{kind: 'a'}
		perms.obj = append(perms.obj, member{key: string(behavior), val: list})
	} else if list.kind != 'a' {
		line, col := lineCol(data, list.off)
		return fmt.Errorf("add rule: %w", &FileError{Path: path, Line: line, Col: col, Problem: fmt.Sprintf("%q must be an array", behavior)})
	}
	for _, e := range list.arr {
		if e.kind == 's' && e.str == rule {
			return nil // already there
		}
	}
	list.arr = append(list.arr, &value{kind: 's', str: rule})

	var b strings.Builder
	tree.encode(&b, "")
	b.WriteByte('\n')
	if err := root.MkdirAll(ClaudeDir, 0o755); err != nil {
		return fmt.Errorf("add rule: create %s: %w", filepath.Join(loc.ProjectDir, ClaudeDir), err)
	}
	if err := workspace.WriteFileAtomic(root, filepath.ToSlash(rel), []byte(b.String()), perm); err != nil {
		return fmt.Errorf("add rule: write %s: %w", path, err)
	}
	return nil
}
