package proposal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Tool names as Claude Code sends them in tool_name.
const (
	ToolEdit         = "Edit"
	ToolMultiEdit    = "MultiEdit"
	ToolWrite        = "Write"
	ToolNotebookEdit = "NotebookEdit"
)

// Reasons Claude Code's own tools give when they refuse an edit, word for
// word, so that the agent reads the same message whether Claude Code or
// Gatehouse refused it.
const (
	ReasonNotFound    = "String to replace not found in file."
	ReasonNoChange    = "No changes to make: old_string and new_string are exactly the same."
	ReasonNoFile      = "File does not exist."
	ReasonFileExists  = "Cannot create new file - file already exists."
	ReasonNotebook    = "File is a Jupyter Notebook. Use the NotebookEdit to edit this file."
	ReasonChainSubstr = "Cannot edit file: old_string is a substring of a new_string from a previous edit."
	ReasonSameContent = "Original and edited file match exactly. Failed to apply edit."
)

// ReasonAmbiguous is Claude Code's message for an old_string found n times
// while replace_all is false.
func ReasonAmbiguous(n int) string {
	return fmt.Sprintf("Found %d matches of the string to replace, but replace_all is false. "+
		"To replace all occurrences, set replace_all to true. "+
		"To replace only one occurrence, please provide more context to uniquely identify the instance.", n)
}

// Rejection is an edit the agent's own tool would refuse (old_string missing
// or ambiguous, nothing to change, ...). Reason is the message to send back to
// the agent unchanged; the caller denies the tool call with it.
type Rejection struct {
	Reason string
}

// Error returns the reason unchanged, so it can go to the agent as is.
func (r *Rejection) Error() string { return r.Reason }

func reject(reason string) error { return &Rejection{Reason: reason} }

// IsRejection reports whether err is a Rejection and returns its reason.
func IsRejection(err error) (string, bool) {
	var r *Rejection
	if errors.As(err, &r) {
		return r.Reason, true
	}
	return "", false
}

// editInput is one replacement: the Edit tool's input, and each element of
// MultiEdit's edits.
type editInput struct {
	FilePath   string `json:"file_path"`
	OldString  string `json:"old_string"`
	NewString  string `json:"new_string"`
	ReplaceAll bool   `json:"replace_all"`
}

type multiEditInput struct {
	FilePath string      `json:"file_path"`
	Edits    []editInput `json:"edits"`
}

type writeInput struct {
	FilePath string  `json:"file_path"`
	Content  *string `json:"content"`
}

// TargetPath returns the file a tool input wants to change, exactly as the
// agent wrote it, so that the caller can confine it to the workspace and read
// the current content before calling New.
func TargetPath(tool string, input json.RawMessage) (string, error) {
	var in struct {
		FilePath     string `json:"file_path"`
		NotebookPath string `json:"notebook_path"`
	}
	if err := decode(tool, input, &in); err != nil {
		return "", err
	}
	path := in.FilePath
	if tool == ToolNotebookEdit {
		path = in.NotebookPath
	}
	switch tool {
	case ToolEdit, ToolMultiEdit, ToolWrite, ToolNotebookEdit:
	default:
		return "", fmt.Errorf("tool %q does not propose a file edit: only Edit, MultiEdit, Write and NotebookEdit do", tool)
	}
	if path == "" {
		return "", fmt.Errorf("%s input has no file path: the agent must name the file to change", tool)
	}
	return path, nil
}

// decode reads a tool input strictly enough that a malformed one is refused
// rather than half understood.
//
// encoding/json matches object keys case-insensitively and lets the last of
// {"file_path": A, "FILE_PATH": B} win, while Claude Code (JavaScript) uses
// A: the path checked here would not be the path written. Keys that differ
// from a field name only by case are therefore refused.
func decode(tool string, input json.RawMessage, v any) error {
	if err := checkKeys(input); err != nil {
		return fmt.Errorf("read %s input: %w", tool, err)
	}
	if err := json.Unmarshal(input, v); err != nil {
		return fmt.Errorf("read %s input: %w", tool, err)
	}
	return nil
}

// inputFields are the keys of every tool input this package reads.
var inputFields = []string{
	"file_path", "old_string", "new_string", "replace_all", "edits", "content",
	"notebook_path", "cell_id", "new_source", "cell_type", "edit_mode",
}

// checkKeys refuses keys that differ from an input field only by case, in
// the input and in each of its edits.
func checkKeys(input json.RawMessage) error {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(input, &top); err != nil {
		return err
	}
	objects := []map[string]json.RawMessage{top}
	var edits []map[string]json.RawMessage
	if raw, ok := top["edits"]; ok && json.Unmarshal(raw, &edits) == nil {
		objects = append(objects, edits...)
	}
	for _, obj := range objects {
		for key := range obj {
			for _, field := range inputFields {
				if key != field && strings.EqualFold(key, field) {
					return fmt.Errorf("key %q differs from %q only by case: the agent's tool would read another value; send %q", key, field, field)
				}
			}
		}
	}
	return nil
}

// compute returns the file content after the tool has run on current, the
// way Claude Code's tool would compute it, or a Rejection.
func compute(tool string, input json.RawMessage, current []byte, exists bool) (path string, proposed []byte, err error) {
	if path, err = TargetPath(tool, input); err != nil {
		return "", nil, err
	}
	switch tool {
	case ToolEdit:
		var in editInput
		if err := decode(tool, input, &in); err != nil {
			return "", nil, err
		}
		proposed, err = applyEdits(path, []editInput{in}, current, exists, false)
	case ToolMultiEdit:
		var in multiEditInput
		if err := decode(tool, input, &in); err != nil {
			return "", nil, err
		}
		if len(in.Edits) == 0 {
			return "", nil, fmt.Errorf("MultiEdit input has no edits: send at least one {old_string, new_string}")
		}
		proposed, err = applyEdits(path, in.Edits, current, exists, true)
	case ToolWrite:
		var in writeInput
		if err := decode(tool, input, &in); err != nil {
			return "", nil, err
		}
		if in.Content == nil {
			return "", nil, fmt.Errorf("Write input has no content: send {file_path, content}")
		}
		proposed = []byte(*in.Content)
	case ToolNotebookEdit:
		proposed, err = applyNotebookEdit(path, input, current, exists)
	}
	return path, proposed, err
}

// applyEdits runs Edit (one element) or MultiEdit (a chain, each against the
// result of the previous) on current.
//
// It mirrors Claude Code: the file is read with CRLF folded to LF, old_string
// is matched literally, and the result is written back with the file's
// dominant line ending. A new_string of "" also removes the newline after
// old_string when old_string does not end in one, as Claude Code does.
func applyEdits(path string, edits []editInput, current []byte, exists, chain bool) ([]byte, error) {
	if !exists {
		current = nil
	}
	crlf := dominantCRLF(current)
	text := strings.ReplaceAll(string(current), "\r\n", "\n")
	original := text
	var applied []string // new_strings of the elements done so far
	for _, e := range edits {
		if e.OldString == e.NewString {
			return nil, reject(ReasonNoChange)
		}
		if !exists && e.OldString != "" {
			return nil, reject(ReasonNoFile)
		}
		if chain {
			check := strings.TrimRight(e.OldString, "\n")
			for _, prev := range applied {
				if check != "" && strings.Contains(prev, check) {
					return nil, reject(ReasonChainSubstr)
				}
			}
		}
		if e.OldString == "" {
			// Creating a file, or filling one that holds only whitespace.
			if exists && strings.TrimSpace(text) != "" {
				return nil, reject(ReasonFileExists)
			}
			text = e.NewString
			exists = true // later elements of a chain edit the new content
			applied = append(applied, e.NewString)
			continue
		}
		if strings.HasSuffix(strings.ToLower(path), ".ipynb") {
			return nil, reject(ReasonNotebook)
		}
		switch n := strings.Count(text, e.OldString); {
		case n == 0:
			return nil, reject(ReasonNotFound)
		case n > 1 && !e.ReplaceAll:
			return nil, reject(ReasonAmbiguous(n))
		}
		old := e.OldString
		if e.NewString == "" && !strings.HasSuffix(old, "\n") && strings.Contains(text, old+"\n") {
			old += "\n"
		}
		if e.ReplaceAll {
			text = strings.ReplaceAll(text, old, e.NewString)
		} else {
			text = strings.Replace(text, old, e.NewString, 1)
		}
		applied = append(applied, e.NewString)
	}
	if chain && text == original {
		return nil, reject(ReasonSameContent)
	}
	if crlf {
		text = strings.ReplaceAll(text, "\n", "\r\n")
	}
	return []byte(text), nil
}

// dominantCRLF reports whether content uses CRLF for most of its line breaks,
// the test Claude Code uses to choose the line ending it writes back.
func dominantCRLF(content []byte) bool {
	crlf := bytes.Count(content, []byte("\r\n"))
	lf := bytes.Count(content, []byte("\n")) - crlf
	return crlf > lf
}
