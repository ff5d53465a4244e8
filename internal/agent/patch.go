package agent

import (
	"errors"
	"fmt"
	"strings"
)

// The apply_patch format (Codex CLI, VS Code Copilot, Cline):
//
//	*** Begin Patch
//	*** Add File: path        then lines starting with +
//	*** Delete File: path
//	*** Update File: path     optionally *** Move to: path, then hunks:
//	@@ [context header]       lines starting with ' ' (context), - or +
//	*** End of File           (optional, ends the last hunk)
//	*** End Patch
//
// ParsePatch is strict: anything it does not read exactly as the agents'
// own parsers do is an error, and an error blocks the call.

// PatchOp is what a patch does to one file.
type PatchOp string

// The file operations of a patch.
const (
	OpAdd    PatchOp = "add"
	OpDelete PatchOp = "delete"
	OpUpdate PatchOp = "update"
)

// Patch is a parsed apply_patch text.
type Patch struct {
	Files []PatchFile
}

// PatchFile is one file operation of a patch.
type PatchFile struct {
	Op      PatchOp
	Path    string
	MoveTo  string      // Update only: the new name
	Content string      // Add only: the new file
	Hunks   []PatchHunk // Update only
}

// PatchHunk is one change of an updated file: Old (context and removed
// lines) is replaced by New (context and added lines).
type PatchHunk struct {
	Header string // the text after @@, a hint where the hunk is
	Old    string
	New    string
}

const (
	patchBegin  = "*** Begin Patch"
	patchEnd    = "*** End Patch"
	patchAdd    = "*** Add File: "
	patchDelete = "*** Delete File: "
	patchUpdate = "*** Update File: "
	patchMove   = "*** Move to: "
	patchEOF    = "*** End of File"
)

// maxPatchFiles bounds the number of file operations of one patch.
const maxPatchFiles = 1000

// ParsePatch parses an apply_patch text.
func ParsePatch(text string) (*Patch, error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) < 2 || strings.TrimSpace(lines[0]) != patchBegin {
		return nil, errors.New("the patch does not start with " + patchBegin)
	}
	if strings.TrimSpace(lines[len(lines)-1]) != patchEnd {
		return nil, errors.New("the patch does not end with " + patchEnd)
	}
	lines = lines[1 : len(lines)-1]
	p := &Patch{}
	seen := map[string]bool{}
	for i := 0; i < len(lines); {
		line := lines[i]
		var f PatchFile
		switch {
		case strings.HasPrefix(line, patchAdd):
			f = PatchFile{Op: OpAdd, Path: strings.TrimSpace(line[len(patchAdd):])}
			i++
			var b strings.Builder
			for i < len(lines) && !strings.HasPrefix(lines[i], "*** ") {
				if !strings.HasPrefix(lines[i], "+") {
					return nil, fmt.Errorf("line %d of the patch: a line of an added file must start with +", i+2)
				}
				b.WriteString(lines[i][1:])
				b.WriteByte('\n')
				i++
			}
			f.Content = b.String()
		case strings.HasPrefix(line, patchDelete):
			f = PatchFile{Op: OpDelete, Path: strings.TrimSpace(line[len(patchDelete):])}
			i++
		case strings.HasPrefix(line, patchUpdate):
			f = PatchFile{Op: OpUpdate, Path: strings.TrimSpace(line[len(patchUpdate):])}
			i++
			if i < len(lines) && strings.HasPrefix(lines[i], patchMove) {
				f.MoveTo = strings.TrimSpace(lines[i][len(patchMove):])
				if f.MoveTo == "" {
					return nil, fmt.Errorf("line %d of the patch: Move to names no file", i+2)
				}
				i++
			}
			var err error
			i, f.Hunks, err = parseHunks(lines, i)
			if err != nil {
				return nil, err
			}
			if len(f.Hunks) == 0 && f.MoveTo == "" {
				return nil, fmt.Errorf("the patch updates %s without a change", f.Path)
			}
		default:
			return nil, fmt.Errorf("line %d of the patch: want an Add, Delete or Update File header, got %q", i+2, clip(line))
		}
		if f.Path == "" {
			return nil, fmt.Errorf("line %d of the patch: the file header names no file", i+1)
		}
		if seen[f.Path] {
			// Two operations on one file would be reviewed apart but
			// applied in sequence.
			return nil, fmt.Errorf("the patch changes %s twice; send one operation per file", f.Path)
		}
		seen[f.Path] = true
		p.Files = append(p.Files, f)
		if len(p.Files) > maxPatchFiles {
			return nil, fmt.Errorf("the patch changes more than %d files", maxPatchFiles)
		}
	}
	if len(p.Files) == 0 {
		return nil, errors.New("the patch changes no file")
	}
	return p, nil
}

// parseHunks reads the hunks of an Update File section from lines[i].
func parseHunks(lines []string, i int) (int, []PatchHunk, error) {
	var hunks []PatchHunk
	var cur *PatchHunk
	var old, nw strings.Builder
	changed := false
	flush := func() error {
		if cur == nil {
			return nil
		}
		if !changed {
			return fmt.Errorf("a hunk at %q changes nothing", clip(cur.Header))
		}
		cur.Old, cur.New = old.String(), nw.String()
		if cur.Old == "" {
			// Nothing to find in the file: where it goes is unknown.
			return fmt.Errorf("a hunk at %q has no context or removed lines to place it", clip(cur.Header))
		}
		hunks = append(hunks, *cur)
		cur, changed = nil, false
		old.Reset()
		nw.Reset()
		return nil
	}
	for i < len(lines) {
		line := lines[i]
		switch {
		case line == patchEOF:
			i++
			return i, hunks, flush()
		case strings.HasPrefix(line, "*** "):
			return i, hunks, flush()
		case strings.HasPrefix(line, "@@"):
			if err := flush(); err != nil {
				return i, nil, err
			}
			cur = &PatchHunk{Header: strings.TrimSpace(line[2:])}
		default:
			if cur == nil {
				cur = &PatchHunk{} // the first hunk may omit its @@
			}
			switch {
			case line == "":
				// An empty context line (editors strip the space).
				old.WriteByte('\n')
				nw.WriteByte('\n')
			case line[0] == ' ':
				old.WriteString(line[1:] + "\n")
				nw.WriteString(line[1:] + "\n")
			case line[0] == '-':
				old.WriteString(line[1:] + "\n")
				changed = true
			case line[0] == '+':
				nw.WriteString(line[1:] + "\n")
				changed = true
			default:
				return i, nil, fmt.Errorf("line %d of the patch: a hunk line must start with space, - or +, got %q", i+2, clip(line))
			}
		}
		i++
	}
	return i, hunks, flush()
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
