// Package wrap turns an allowed Bash call into the same call run under
// `gatehouse sandbox`, and says when Claude Code's sandbox settings let a
// call that only lacked a rule run there without a prompt.
//
// Its one idea: the hook answers with updatedInput whose command is the
// original line, quoted by mvdan.cc/sh (never by hand), as the argument of
// `bash -c` inside the sandbox; every other field of the tool input is
// kept. It is a package of its own, apart from internal/sandbox, so that
// the small hook binary links none of the sandbox's machinery.
package wrap

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/gatehouse/gatehouse/internal/settings"
	"mvdan.cc/sh/v3/syntax"
)

// Config is the part of the sandbox settings the hook acts on, with the
// values a workspace's own files set dropped until the workspace is
// trusted when they would relax anything.
type Config struct {
	// Enabled: sandbox.enabled, from any file (running confined only
	// makes a command stricter).
	Enabled bool
	// AutoAllow: sandbox.autoAllowBashIfSandboxed.
	AutoAllow bool
	// AllowUnsandboxed: the call's dangerouslyDisableSandbox is honoured
	// (sandbox.allowUnsandboxedCommands, true unless set to false).
	AllowUnsandboxed bool
	// Excluded: sandbox.excludedCommands, run outside the sandbox.
	Excluded []string
}

// ConfigFrom reads the settings.
func ConfigFrom(set *settings.Set, trusted bool) Config {
	if set == nil {
		return Config{}
	}
	sb := set.Sandbox
	relax := func(f settings.Flag) bool {
		return f.Set && f.Value && (trusted || !f.Source.Scope.FromWorkspace())
	}
	c := Config{
		Enabled:   sb.Enabled.Set && sb.Enabled.Value,
		AutoAllow: relax(sb.AutoAllowBashIfSandboxed),
		// Unset means allowed (Claude Code's default); false from any file
		// forbids; true only counts where relaxing counts.
		AllowUnsandboxed: !sb.AllowUnsandboxedCommands.Set ||
			(sb.AllowUnsandboxedCommands.Value && (trusted || !sb.AllowUnsandboxedCommands.Source.Scope.FromWorkspace())),
	}
	for _, e := range sb.ExcludedCommands {
		if trusted || !e.Source.Scope.FromWorkspace() {
			c.Excluded = append(c.Excluded, e.Value)
		}
	}
	return c
}

// bashInput is the part of a Bash tool input this package reads.
type bashInput struct {
	Command                   string `json:"command"`
	DangerouslyDisableSandbox bool   `json:"dangerouslyDisableSandbox"`
}

// Plan says what to do with one Bash call under the sandbox settings.
type Plan struct {
	Wrap bool // run it under gatehouse sandbox
	// Outside says why it runs outside the sandbox ("" when it does not).
	Outside string
}

// For decides whether a Bash call runs in the sandbox.
func (c Config) For(input json.RawMessage) Plan {
	if !c.Enabled {
		return Plan{Outside: "the sandbox is not enabled"}
	}
	var in bashInput
	if json.Unmarshal(input, &in) != nil {
		return Plan{Wrap: true}
	}
	if in.DangerouslyDisableSandbox && c.AllowUnsandboxed {
		return Plan{Outside: "the call asks to run outside the sandbox (dangerouslyDisableSandbox)"}
	}
	if pat := c.excluded(in.Command); pat != "" {
		return Plan{Outside: fmt.Sprintf("it matches sandbox.excludedCommands %q", pat)}
	}
	return Plan{Wrap: true}
}

// excluded matches excludedCommands conservatively: only a line that is
// one plain command (no operators, expansions, redirections or quotes) can
// be excluded, and it must start with the entry's words. `docker ps; rm x`
// is not `docker`.
func (c Config) excluded(line string) string {
	line = strings.TrimSpace(line)
	if line == "" || strings.ContainsAny(line, ";&|<>$`\\\"'(){}\n\r*?[~#=") {
		return ""
	}
	words := strings.Fields(line)
	for _, pat := range c.Excluded {
		pw := strings.Fields(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(pat), ":*"), " *"))
		if len(pw) == 0 || len(pw) > len(words) {
			continue
		}
		match := true
		for i := range pw {
			if pw[i] != words[i] {
				match = false
				break
			}
		}
		if match {
			return pat
		}
	}
	return ""
}

// Command is line run under the sandbox: quoted with mvdan.cc/sh as one
// argument of bash -c, so that the sandbox runs exactly the line the policy
// decided on.
func Command(gatehouse, workspace, line string) (string, error) {
	var parts []string
	for _, w := range []string{gatehouse, "sandbox", "--workspace", workspace, "--", "bash", "-c", line} {
		q, err := syntax.Quote(w, syntax.LangBash)
		if err != nil {
			return "", fmt.Errorf("cannot quote %q for the sandbox: %w", w, err)
		}
		parts = append(parts, q)
	}
	return strings.Join(parts, " "), nil
}

// Input is the tool input with its command run under the sandbox; every
// other field (description, timeout, run_in_background...) is kept as sent.
func Input(input json.RawMessage, gatehouse, workspace string) (json.RawMessage, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(input, &fields); err != nil || fields == nil {
		return nil, errors.New("the Bash tool input is not a JSON object")
	}
	var line string
	if err := json.Unmarshal(fields["command"], &line); err != nil || strings.TrimSpace(line) == "" {
		return nil, errors.New("the Bash tool input has no command")
	}
	cmd, err := Command(gatehouse, workspace, line)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(cmd); err != nil {
		return nil, err
	}
	fields["command"] = bytes.TrimSpace(b.Bytes())
	out, err := json.Marshal(fields)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Binary finds the gatehouse binary that has the sandbox subcommand: the
// running one, or the one beside it (the small hook binary is installed
// next to it), or gatehouse on PATH.
func Binary() (string, error) {
	self, err := os.Executable()
	if err == nil {
		if filepath.Base(self) == "gatehouse" {
			return self, nil
		}
		beside := filepath.Join(filepath.Dir(self), "gatehouse")
		if fi, err := os.Stat(beside); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return beside, nil
		}
	}
	if p, err := exec.LookPath("gatehouse"); err == nil {
		if abs, err := filepath.Abs(p); err == nil {
			return abs, nil
		}
	}
	return "", errors.New("the gatehouse binary (which runs the sandbox) is not beside the hook nor on PATH")
}
