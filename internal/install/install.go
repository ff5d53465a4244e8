// Package install writes the Gatehouse hook into each agent's own
// configuration file, reports where it is installed and removes it.
//
// Every JSON file goes through settings.EditJSON, the same locked,
// order-preserving, atomic writer as "always" rules, and an entry is
// recognised by its command: installing twice updates the one entry
// instead of adding a second (two entries would show two cards for one
// tool call). The installed command turns a missing binary (exit 127,
// which most agents ignore) into exit 2, which they read as blocking.
package install

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gatehouse/gatehouse/internal/jsontree"
	"github.com/gatehouse/gatehouse/internal/settings"
	"mvdan.cc/sh/v3/syntax"
)

// Agent is one agent Gatehouse can be installed into.
type Agent struct {
	Name string
	// Project and User are the config file below the project directory
	// and below the home directory ("" where that scope does not exist).
	Project, User string
	// add writes the entry for command into tree; remove takes every
	// Gatehouse entry out; find returns the installed commands.
	add    func(tree *jsontree.Value, command string) (bool, error)
	remove func(tree *jsontree.Value) bool
	find   func(tree *jsontree.Value) []string
	// script, when set, installs an executable file instead of JSON.
	script bool
}

// Agents lists the agents in the order `install --status` shows them.
var Agents = []Agent{
	{Name: "claude-code", Project: ".claude/settings.json", User: ".claude/settings.json",
		add: nestedAdd("PreToolUse", "*", 600), remove: nestedRemove("PreToolUse"), find: nestedFind("PreToolUse")},
	{Name: "vscode-copilot", Project: ".github/hooks/gatehouse.json", User: ".copilot/hooks/gatehouse.json",
		add: flatAdd([]string{"PreToolUse"}, map[string]any{"timeout": 600}), remove: flatRemove("PreToolUse"), find: flatFind("PreToolUse")},
	{Name: "cursor", Project: ".cursor/hooks.json", User: ".cursor/hooks.json",
		add: cursorAdd, remove: flatRemove(cursorEvents...), find: flatFind(cursorEvents...)},
	{Name: "codex", Project: ".codex/hooks.json", User: ".codex/hooks.json",
		add: nestedAdd("PreToolUse", "*", 600), remove: nestedRemove("PreToolUse"), find: nestedFind("PreToolUse")},
	{Name: "gemini-cli", Project: ".gemini/settings.json", User: ".gemini/settings.json",
		// Gemini's hook timeout is in milliseconds.
		add: nestedAdd("BeforeTool", "*", 600000), remove: nestedRemove("BeforeTool"), find: nestedFind("BeforeTool")},
	{Name: "cline", Project: ".clinerules/hooks/PreToolUse", User: "Documents/Cline/Hooks/PreToolUse", script: true},
}

// cursorEvents are the Cursor events that decide before the action.
var cursorEvents = []string{"beforeShellExecution", "beforeMCPExecution", "beforeReadFile"}

// Lookup finds an agent by name.
func Lookup(name string) (Agent, error) {
	for _, a := range Agents {
		if a.Name == name {
			return a, nil
		}
	}
	names := make([]string, 0, len(Agents))
	for _, a := range Agents {
		names = append(names, a.Name)
	}
	return Agent{}, fmt.Errorf("unknown agent %q: use one of %s", name, strings.Join(names, ", "))
}

// Target is where to install: a project directory, or the user's home.
type Target struct {
	Base string // the project directory or the home directory
	User bool
	// Local picks Claude Code's uncommitted .claude/settings.local.json
	// for a project.
	Local bool
}

// Path is the agent's config file for t ("" when the scope has none).
func (a Agent) Path(t Target) string {
	rel, err := a.rel(t)
	if err != nil {
		return ""
	}
	return filepath.Join(t.Base, rel)
}

func (a Agent) rel(t Target) (string, error) {
	rel := a.Project
	switch {
	case t.User:
		rel = a.User
	case t.Local && a.Name == "claude-code":
		rel = ".claude/settings.local.json"
	}
	if rel == "" {
		return "", fmt.Errorf("%s has no hook file at this scope", a.Name)
	}
	return rel, nil
}

// Command is the hook command for the binary at bin: a shell line that
// runs `bin hook` and exits 2 when the binary cannot run, so a moved or
// deleted binary blocks instead of letting the agent carry on.
func Command(bin string) (string, error) {
	q, err := syntax.Quote(bin, syntax.LangPOSIX)
	if err != nil {
		return "", fmt.Errorf("the binary path %q cannot be quoted for a shell: %w", bin, err)
	}
	return q + commandSuffix, nil
}

// isOurs says whether a hook command runs Gatehouse's hook (ours, or a
// hand-written one from the README), so it is updated instead of doubled.
func isOurs(command string) bool {
	return strings.HasSuffix(command, commandSuffix) ||
		strings.Contains(command, "gatehouse") && strings.Contains(command, " hook")
}

// commandSuffix ends every command Command returns.
const commandSuffix = " hook || exit 2"

// Install writes the hook for command into a's config at t and reports
// whether the file changed.
func Install(a Agent, t Target, command string) (bool, error) {
	rel, err := a.rel(t)
	if err != nil {
		return false, err
	}
	if a.script {
		return writeScript(t.Base, rel, command)
	}
	changed, err := settings.EditJSON(t.Base, rel, func(tree *jsontree.Value, _ []byte, path string) (bool, error) {
		ch, err := a.add(tree, command)
		if err != nil {
			return false, fmt.Errorf("%s: %w", path, err)
		}
		return ch, nil
	})
	if err != nil {
		return false, fmt.Errorf("install for %s: %w", a.Name, err)
	}
	return changed, nil
}

// Uninstall removes every Gatehouse entry from a's config at t.
func Uninstall(a Agent, t Target) (bool, error) {
	rel, err := a.rel(t)
	if err != nil {
		return false, err
	}
	path := filepath.Join(t.Base, rel)
	if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if a.script {
		data, err := os.ReadFile(path)
		if err != nil || !isOurs(string(data)) {
			return false, err
		}
		return true, os.Remove(path)
	}
	changed, err := settings.EditJSON(t.Base, rel, func(tree *jsontree.Value, _ []byte, _ string) (bool, error) {
		return a.remove(tree), nil
	})
	if err != nil {
		return false, fmt.Errorf("uninstall for %s: %w", a.Name, err)
	}
	return changed, nil
}

// Status returns the Gatehouse hook commands installed in a's config at t.
func Status(a Agent, t Target) ([]string, error) {
	path := a.Path(t)
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if a.script {
		if isOurs(string(data)) {
			return []string{path}, nil
		}
		return nil, nil
	}
	tree, err := jsontree.Parse(data, jsontree.Options{MaxDepth: jsontree.DefaultMaxDepth})
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	cmds := a.find(tree)
	sort.Strings(cmds)
	return cmds, nil
}
