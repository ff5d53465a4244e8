package settings

import (
	"errors"
	"fmt"
	"github.com/gatehouse/gatehouse/internal/verdict"
	"io/fs"
	"os"

	"github.com/gatehouse/gatehouse/internal/jsontree"
)

// Behavior is what a rule asks for: allow, ask or deny.
type Behavior string

// The three behaviors, in the order they are evaluated.
const (
	Deny  Behavior = verdict.Deny
	Ask   Behavior = verdict.Ask
	Allow Behavior = verdict.Allow
)

// Rule is one permission rule as written in a settings file, with the file
// it came from. Parsing the text is the policy package's job.
type Rule struct {
	Behavior Behavior
	Text     string
	Source   Source
	// Recovered is set when the rule was salvaged from a broken file (a
	// partial parse or the caller's last good copy).
	Recovered bool
}

// Dir is an additional working directory granted by a settings file.
type Dir struct {
	Path   string // as written (may be relative or start with ~)
	Source Source
}

// Mode is a defaultMode value with the file that set it.
type Mode struct {
	Mode   string
	Source Source
}

// File is the outcome of reading one settings file.
type File struct {
	Source
	Exists bool
	Err    *FileError // non-nil when the file is malformed or unreadable
}

// FileError says that a settings file is broken and where.
type FileError struct {
	Path      string
	Line, Col int // 1-based; 0 when the file could not be read at all
	Problem   string
	Err       error // the underlying read or parse error, if any
}

// Error says which file is broken, where, and what to do about it.
func (e *FileError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("settings file %s cannot be read (%s); fix its permissions or remove it", e.Path, e.Problem)
	}
	return fmt.Sprintf("settings file %s is malformed at %d:%d (%s); fix it", e.Path, e.Line, e.Col, e.Problem)
}

// Unwrap returns the underlying read or parse error.
func (e *FileError) Unwrap() error { return e.Err }

// Set is the merged view of every settings file.
type Set struct {
	Locations Locations
	// Files lists every source, highest precedence first, including absent ones.
	Files []File
	// Rules holds every rule of every file: file precedence first, then the
	// order inside the file. Broken files contribute only recovered deny and
	// ask rules.
	Rules []Rule
	// Modes lists defaultMode values, highest precedence first.
	Modes []Mode
	// AdditionalDirectories merges every file's permissions.additionalDirectories.
	AdditionalDirectories []Dir
	// BypassDisabled is set when any file (or a broken one, which might have
	// said so) sets permissions.disableBypassPermissionsMode to "disable".
	BypassDisabled bool
	// Broken lists the malformed or unreadable files. While it is non-empty
	// nothing may be auto-allowed.
	Broken []*FileError
	// Sandbox merges every well-formed file's "sandbox" object.
	Sandbox Sandbox
}

// maxFileSize bounds what we read: settings files are small, and a huge one
// is more likely an attack or an accident than configuration.
const maxFileSize = 8 << 20

// Load reads and merges every settings file of loc. It never fails: problems
// are recorded in Set.Broken. lastGood, if not nil, is a previously loaded
// Set whose deny and ask rules are kept for any file that is now broken (an
// editor saving a half-written file must not lift a deny).
func Load(loc Locations, lastGood *Set) *Set {
	s := &Set{Locations: loc}
	for _, src := range loc.Sources() {
		f := File{Source: src}
		data, err := readFile(src.Path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			// Absent files are fine.
		case err != nil:
			f.Exists = true
			f.Err = &FileError{Path: src.Path, Problem: err.Error(), Err: err}
		default:
			f.Exists = true
			f.Err = s.addFile(src, data)
		}
		if f.Err != nil {
			s.Broken = append(s.Broken, f.Err)
			s.BypassDisabled = true
			s.addLastGood(src, lastGood)
		}
		s.Files = append(s.Files, f)
	}
	return s
}

func readFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory, not a file", path)
	}
	if fi.Size() > maxFileSize {
		return nil, fmt.Errorf("%s is larger than %d bytes", path, maxFileSize)
	}
	return os.ReadFile(path)
}

// addFile parses one file's data and merges what it can. A broken file
// contributes only the deny and ask rules that parsed.
func (s *Set) addFile(src Source, data []byte) *FileError {
	root, perr := jsontree.Parse(data, treeOptions)
	var rules []Rule
	var bad *offsetError
	if perr != nil {
		bad = perr.(*offsetError)
	} else if root.Kind != jsontree.Object {
		bad = &offsetError{Offset: root.Offset, Msg: "the top level must be an object, not " + kindName(root)}
	}
	// Deny and ask rules are taken from every "permissions" member (also
	// duplicates, also a partial tree): a duplicate key must not hide a deny.
	for _, perms := range root.All("permissions") {
		for _, b := range []Behavior{Deny, Ask} {
			for _, list := range perms.All(string(b)) {
				rs, err := stringList(list)
				rules = append(rules, ruleTexts(b, src, rs, perr != nil)...)
				bad = first(bad, err)
			}
		}
	}
	var sandbox Sandbox
	if bad == nil {
		sandbox, bad = parseSandbox(src, root)
	}
	if bad == nil {
		bad = s.addPermissive(src, root, &rules)
	}
	if bad == nil {
		s.Sandbox.merge(&sandbox)
	}
	if bad != nil {
		line, col := jsontree.LineCol(data, bad.Offset)
		// Only deny and ask rules survive a broken file.
		kept := rules[:0]
		for _, r := range rules {
			if r.Behavior != Allow {
				r.Recovered = true
				kept = append(kept, r)
			}
		}
		s.Rules = append(s.Rules, kept...)
		if perms := root.Get("permissions"); perms != nil {
			if v := perms.Get("disableBypassPermissionsMode"); v != nil && v.Kind == jsontree.String && v.Text == "disable" {
				s.BypassDisabled = true
			}
		}
		return &FileError{Path: src.Path, Line: line, Col: col, Problem: bad.Msg, Err: bad}
	}
	s.Rules = append(s.Rules, rules...)
	return nil
}

// addPermissive checks the types of everything else under "permissions" and
// collects allow rules, modes and directories into rules and s. Nothing is
// merged into s if an error is returned.
func (s *Set) addPermissive(src Source, root *jsontree.Value, rules *[]Rule) *offsetError {
	perms := root.Get("permissions")
	if perms == nil {
		return nil
	}
	if perms.Kind != jsontree.Object {
		return &offsetError{Offset: perms.Offset, Msg: `"permissions" must be an object, not ` + kindName(perms)}
	}
	allow, err := stringList(perms.Get(string(Allow)))
	if err != nil {
		return err
	}
	dirs, err := stringList(perms.Get("additionalDirectories"))
	if err != nil {
		return err
	}
	mode, err := optString(perms.Get("defaultMode"), "defaultMode")
	if err != nil {
		return err
	}
	bypass, err := optString(perms.Get("disableBypassPermissionsMode"), "disableBypassPermissionsMode")
	if err != nil {
		return err
	}
	*rules = append(*rules, ruleTexts(Allow, src, allow, false)...)
	for _, d := range dirs {
		s.AdditionalDirectories = append(s.AdditionalDirectories, Dir{Path: d, Source: src})
	}
	if mode != "" {
		s.Modes = append(s.Modes, Mode{Mode: mode, Source: src})
	}
	if bypass == "disable" {
		s.BypassDisabled = true
	}
	return nil
}

func (s *Set) addLastGood(src Source, lastGood *Set) {
	if lastGood == nil {
		return
	}
	for _, r := range lastGood.Rules {
		if r.Source.Path == src.Path && r.Behavior != Allow && !s.has(r) {
			r.Recovered = true
			s.Rules = append(s.Rules, r)
		}
	}
}

func (s *Set) has(r Rule) bool {
	for _, x := range s.Rules {
		if x.Behavior == r.Behavior && x.Text == r.Text && x.Source.Path == r.Source.Path {
			return true
		}
	}
	return false
}

func ruleTexts(b Behavior, src Source, texts []string, recovered bool) []Rule {
	out := make([]Rule, 0, len(texts))
	for _, t := range texts {
		out = append(out, Rule{Behavior: b, Text: t, Source: src, Recovered: recovered})
	}
	return out
}

// stringList reads an array of strings. It returns every string element it
// found even when it also reports an error, so that deny rules next to a
// mistyped element still apply; a lone string is read as a one-element list
// for the same reason, but is still an error.
func stringList(v *jsontree.Value) ([]string, *offsetError) {
	if v == nil {
		return nil, nil
	}
	switch v.Kind {
	case jsontree.String:
		return []string{v.Text}, &offsetError{Offset: v.Offset, Msg: "expected an array of strings, found a string"}
	case jsontree.Array:
	default:
		return nil, &offsetError{Offset: v.Offset, Msg: "expected an array of strings, found " + kindName(v)}
	}
	var out []string
	var bad *offsetError
	for _, e := range v.Elems {
		if e.Kind != jsontree.String {
			bad = first(bad, &offsetError{Offset: e.Offset, Msg: "expected a string, found " + kindName(e)})
			continue
		}
		out = append(out, e.Text)
	}
	return out, bad
}

func optString(v *jsontree.Value, name string) (string, *offsetError) {
	if v == nil {
		return "", nil
	}
	if v.Kind != jsontree.String {
		return "", &offsetError{Offset: v.Offset, Msg: fmt.Sprintf("%q must be a string, not %s", name, kindName(v))}
	}
	return v.Text, nil
}

func first(a, b *offsetError) *offsetError {
	if a != nil {
		return a
	}
	return b
}

// Mode returns the effective defaultMode: the highest-precedence file's
// value, skipping workspace files when trusted is false. "" means none.
func (s *Set) Mode(trusted bool) Mode {
	for _, m := range s.Modes {
		if trusted || !m.Source.Scope.FromWorkspace() {
			return m
		}
	}
	return Mode{}
}

// Directories returns the additional directories, skipping those granted by
// workspace files when trusted is false.
func (s *Set) Directories(trusted bool) []Dir {
	var out []Dir
	for _, d := range s.AdditionalDirectories {
		if trusted || !d.Source.Scope.FromWorkspace() {
			out = append(out, d)
		}
	}
	return out
}
