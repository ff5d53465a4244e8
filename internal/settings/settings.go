// Package settings finds, loads and merges Claude Code's settings files
// (managed, project-local, project, user), watches them for changes and adds
// rules to the project-local file.
//
// Its one idea: a settings file can only ever make the gate stricter by being
// broken. A malformed or unreadable file contributes no allow rules and no
// modes; the deny and ask rules that can still be recovered from it keep
// applying, and the loaded Set records the breakage so that the policy turns
// every would-be allow into an ask until the file is fixed.
package settings

import (
	"os"
	"path/filepath"
	"runtime"
	"sort"
)

// Scope says which kind of settings file a rule or value came from.
type Scope string

// Scopes, highest precedence first.
const (
	ScopeManaged Scope = "managed" // set by an administrator; cannot be overridden
	ScopeLocal   Scope = "local"   // <project>/.claude/settings.local.json, not committed
	ScopeProject Scope = "project" // <project>/.claude/settings.json, committed with the repository
	ScopeUser    Scope = "user"    // ~/.claude/settings.json
)

// FromWorkspace reports whether files of this scope live inside the project
// itself, so that a freshly cloned repository could have written them. Allow
// rules and modes from such files are ignored until the person trusts the
// workspace.
func (s Scope) FromWorkspace() bool { return s == ScopeLocal || s == ScopeProject }

// Source names one settings file.
type Source struct {
	Path  string // absolute path of the file
	Scope Scope
	// Root is the directory that `/pattern` anchors in Read(...)/Edit(...)
	// rules from this file are relative to. Claude Code documents these as
	// relative to the project root, whatever file they are written in.
	Root string
}

// Locations says where to look for settings files. Every path is injectable
// so that tests never touch the real home or /etc.
type Locations struct {
	ProjectDir  string   // the workspace root ("" = no project files)
	Home        string   // the user's home directory ("" = no user file)
	ManagedDirs []string // directories holding managed-settings.json and managed-settings.d/
}

// DefaultLocations returns the real locations for a project on this
// machine: the user's home and the platform's managed-settings directory.
func DefaultLocations(projectDir string) Locations {
	home, _ := os.UserHomeDir()
	return Locations{ProjectDir: projectDir, Home: home, ManagedDirs: managedDirs(runtime.GOOS)}
}

func managedDirs(goos string) []string {
	switch goos {
	case "darwin":
		return []string{"/Library/Application Support/ClaudeCode"}
	case "windows":
		return []string{`C:\Program Files\ClaudeCode`}
	default:
		return []string{"/etc/claude-code"}
	}
}

// File names inside the locations.
const (
	ManagedFile    = "managed-settings.json"
	ManagedDropIns = "managed-settings.d"
	LocalFile      = "settings.local.json"
	ProjectFile    = "settings.json"
	UserFile       = "settings.json"
	ClaudeDir      = ".claude"
)

// LocalPath is the project-local settings file that "always" approvals are
// written to.
func (l Locations) LocalPath() string {
	return filepath.Join(l.ProjectDir, ClaudeDir, LocalFile)
}

// Sources lists the settings files to read, highest precedence first. The
// managed drop-in directory is listed as it is now (sorted by name); files
// that do not exist are included and simply read as absent.
func (l Locations) Sources() []Source {
	var out []Source
	root := l.ProjectDir
	for _, dir := range l.ManagedDirs {
		out = append(out, Source{Path: filepath.Join(dir, ManagedFile), Scope: ScopeManaged, Root: root})
		ents, err := os.ReadDir(filepath.Join(dir, ManagedDropIns))
		if err != nil && !os.IsNotExist(err) {
			// An unreadable drop-in directory may hide deny rules: list it
			// as a source so that loading reports it as broken.
			out = append(out, Source{Path: filepath.Join(dir, ManagedDropIns), Scope: ScopeManaged, Root: root})
			continue
		}
		var names []string
		for _, e := range ents {
			if filepath.Ext(e.Name()) == ".json" && !e.IsDir() {
				names = append(names, e.Name())
			}
		}
		sort.Strings(names)
		for _, n := range names {
			out = append(out, Source{Path: filepath.Join(dir, ManagedDropIns, n), Scope: ScopeManaged, Root: root})
		}
	}
	if l.ProjectDir != "" {
		out = append(out,
			Source{Path: filepath.Join(l.ProjectDir, ClaudeDir, LocalFile), Scope: ScopeLocal, Root: root},
			Source{Path: filepath.Join(l.ProjectDir, ClaudeDir, ProjectFile), Scope: ScopeProject, Root: root})
	}
	if l.Home != "" {
		out = append(out, Source{Path: filepath.Join(l.Home, ClaudeDir, UserFile), Scope: ScopeUser, Root: root})
	}
	return out
}
