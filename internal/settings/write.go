package settings

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/gatehouse/gatehouse/internal/jsontree"
	"github.com/gatehouse/gatehouse/internal/workspace"
)

// addMu serialises AddRule within this process so that two approvals given
// at the same moment do not overwrite each other (lockDir does it between
// processes).
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
	_, err := EditJSON(loc.ProjectDir, filepath.Join(ClaudeDir, LocalFile), func(tree *jsontree.Value, data []byte, path string) (bool, error) {
		perms := tree.Get("permissions")
		if perms == nil {
			perms = &jsontree.Value{Kind: jsontree.Object}
			tree.Set("permissions", perms)
		} else if perms.Kind != jsontree.Object {
			line, col := jsontree.LineCol(data, perms.Offset)
			return false, &FileError{Path: path, Line: line, Col: col, Problem: `"permissions" must be an object`}
		}
		list := perms.Get(string(behavior))
		if list == nil {
			list = &jsontree.Value{Kind: jsontree.Array}
			perms.Set(string(behavior), list)
		} else if list.Kind != jsontree.Array {
			line, col := jsontree.LineCol(data, list.Offset)
			return false, &FileError{Path: path, Line: line, Col: col, Problem: fmt.Sprintf("%q must be an array", behavior)}
		}
		for _, e := range list.Elems {
			if e.Kind == jsontree.String && e.Text == rule {
				return false, nil // already there
			}
		}
		list.Elems = append(list.Elems, jsontree.NewString(rule))
		return true, nil
	})
	if err != nil {
		return fmt.Errorf("add rule: %w", err)
	}
	return nil
}

// EditJSON changes the JSON file rel (a path below base) with edit: the
// read, edit and write happen under a lock on the file's directory (so two
// processes never lose each other's change), the file keeps its order and
// every key edit leaves alone, a malformed file is refused with its line
// and column, and the write is atomic through an os.Root on base, so a
// symlink cannot redirect it outside. edit gets the tree (an empty object
// for a missing file), the bytes read and the file's path, and reports
// whether it changed anything; nothing is written otherwise.
func EditJSON(base, rel string, edit func(tree *jsontree.Value, data []byte, path string) (bool, error)) (bool, error) {
	if base == "" {
		return false, errors.New("no directory to write into")
	}
	addMu.Lock()
	defer addMu.Unlock()

	root, err := os.OpenRoot(base)
	if err != nil {
		return false, fmt.Errorf("open %s: %w", base, err)
	}
	defer root.Close()
	path := filepath.Join(base, rel)
	dirRel := filepath.Dir(rel)
	if err := root.MkdirAll(dirRel, 0o755); err != nil {
		return false, fmt.Errorf("create %s: %w", filepath.Join(base, dirRel), err)
	}
	dir, err := root.Open(dirRel)
	if err != nil {
		return false, fmt.Errorf("open %s: %w", filepath.Join(base, dirRel), err)
	}
	defer dir.Close()
	unlock, err := lockDir(dir)
	if err != nil {
		return false, fmt.Errorf("lock %s: %w", filepath.Join(base, dirRel), err)
	}
	defer unlock()

	var tree *jsontree.Value
	perm := fs.FileMode(0o644)
	data, err := root.ReadFile(rel)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		tree = &jsontree.Value{Kind: jsontree.Object}
	case err != nil:
		return false, fmt.Errorf("read %s: %w", path, err)
	default:
		if fi, err := root.Stat(rel); err == nil {
			perm = fi.Mode().Perm()
		}
		tree, err = jsontree.Parse(data, treeOptions)
		if err == nil && tree.Kind != jsontree.Object {
			err = &offsetError{Offset: tree.Offset, Msg: "the top level must be an object"}
		}
		if err != nil {
			oe := err.(*offsetError)
			line, col := jsontree.LineCol(data, oe.Offset)
			return false, &FileError{Path: path, Line: line, Col: col, Problem: oe.Msg, Err: err}
		}
	}
	changed, err := edit(tree, data, path)
	if err != nil || !changed {
		return false, err
	}
	// Two-space indent and a final newline, as Claude Code writes the file.
	out := append(tree.Encode("  "), '\n')
	if err := workspace.WriteFileAtomic(root, filepath.ToSlash(rel), out, perm); err != nil {
		return false, fmt.Errorf("write %s: %w", path, err)
	}
	return true, nil
}
