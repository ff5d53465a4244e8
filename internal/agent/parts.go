package agent

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// The constructors below build Parts in the policy's vocabulary. Paths are
// made absolute against the call's working directory, so a relative path
// can never be read against the hook's own.

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only strings, slices and maps of them
	}
	return b
}

func bashPart(command, description string) Part {
	in := map[string]string{"command": command}
	if description != "" {
		in["description"] = description
	}
	return Part{Tool: "Bash", Input: mustJSON(in)}
}

func readPart(path string) Part {
	return Part{Tool: "Read", Input: mustJSON(map[string]string{"file_path": path})}
}

func writePart(path, content string) Part {
	return Part{Tool: "Write", Input: mustJSON(map[string]string{"file_path": path, "content": content})}
}

func editPart(path, oldS, newS string) Part {
	return Part{Tool: "Edit", Input: mustJSON(map[string]string{"file_path": path, "old_string": oldS, "new_string": newS})}
}

type edit struct {
	Old string `json:"old_string"`
	New string `json:"new_string"`
}

func multiEditPart(path string, edits []edit) Part {
	if len(edits) == 1 {
		return editPart(path, edits[0].Old, edits[0].New)
	}
	return Part{Tool: "MultiEdit", Input: mustJSON(map[string]any{"file_path": path, "edits": edits})}
}

func fetchPart(url string) Part {
	return Part{Tool: "WebFetch", Input: mustJSON(map[string]string{"url": url, "prompt": ""})}
}

// otherPart keeps a tool the policy does not know under the agent's own
// name: no rule but a whole-tool rule covers it, so it asks.
func otherPart(agent Name, tool string, input json.RawMessage) Part {
	if len(input) == 0 {
		input = json.RawMessage(`{}`)
	}
	return Part{Tool: string(agent) + ":" + tool, Input: input}
}

// deletePart and movePart are shell commands so that the same confinement,
// protected-path and rule checks as `rm` and `mv` apply.
func deletePart(path string) Part {
	return bashPart("rm -- "+quote(path), "delete "+path)
}

func movePart(from, to string) Part {
	return bashPart("mv -- "+quote(from)+" "+quote(to), "move "+from+" to "+to)
}

func quote(s string) string {
	q, err := syntax.Quote(s, syntax.LangBash)
	if err != nil {
		// Not representable (a NUL byte): a line the policy cannot
		// read, so it asks.
		return "$'\\0'"
	}
	return q
}

// absPath resolves p against cwd; a relative p without a cwd is an error.
func absPath(cwd, p string) (string, error) {
	switch {
	case p == "":
		return "", errors.New("a file path is empty")
	case strings.ContainsRune(p, 0):
		return "", errors.New("a file path contains a NUL byte")
	case filepath.IsAbs(p):
		return filepath.Clean(p), nil
	case cwd == "":
		return "", fmt.Errorf("the path %q is relative and the payload names no working directory", p)
	}
	return filepath.Join(cwd, p), nil
}

// checkCwd requires an absolute working directory when one is given.
func checkCwd(cwd string) error {
	if cwd != "" && (!filepath.IsAbs(cwd) || strings.ContainsRune(cwd, 0)) {
		return fmt.Errorf("cwd %q is not an absolute path", cwd)
	}
	return nil
}

// object checks that raw is a JSON object and returns it trimmed.
func object(raw json.RawMessage, what string) (json.RawMessage, error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return nil, fmt.Errorf("%s missing", what)
	}
	if s[0] != '{' {
		return nil, fmt.Errorf("%s is not a JSON object", what)
	}
	return json.RawMessage(s), nil
}

// decode reads raw into v, naming the tool on error.
func decode(raw json.RawMessage, tool string, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("the input of %s is not the expected shape: %w", tool, err)
	}
	return nil
}

// patchParts turns an apply_patch text into one Part per file operation.
func patchParts(cwd, text string) ([]Part, error) {
	p, err := ParsePatch(text)
	if err != nil {
		return nil, err
	}
	var parts []Part
	for _, f := range p.Files {
		path, err := absPath(cwd, f.Path)
		if err != nil {
			return nil, err
		}
		switch f.Op {
		case OpAdd:
			parts = append(parts, writePart(path, f.Content))
		case OpDelete:
			parts = append(parts, deletePart(path))
		case OpUpdate:
			if len(f.Hunks) > 0 {
				edits := make([]edit, 0, len(f.Hunks))
				for _, h := range f.Hunks {
					edits = append(edits, edit{Old: h.Old, New: h.New})
				}
				parts = append(parts, multiEditPart(path, edits))
			}
			if f.MoveTo != "" {
				to, err := absPath(cwd, f.MoveTo)
				if err != nil {
					return nil, err
				}
				parts = append(parts, movePart(path, to))
			}
		}
	}
	return parts, nil
}
