package policy

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/gatehouse/gatehouse/internal/settings"
)

// Behavior is allow, ask or deny; the vocabulary is shared with settings.
type Behavior = settings.Behavior

// The three behaviors.
const (
	Allow = settings.Allow
	Ask   = settings.Ask
	Deny  = settings.Deny
)

// Rule is one parsed permission rule: `Tool` or `Tool(specifier)`.
type Rule struct {
	Text     string // as written
	Behavior Behavior
	Source   settings.Source
	Tool     string // Bash, Read, Edit, WebFetch, mcp__server__tool, mcp__server__get_* ...
	// Specifier is the text inside the parentheses ("" for a bare tool or
	// for `Tool(*)`, which both match every use of the tool).
	Specifier string
	// Whole is set when the rule covers every use of the tool: a bare tool,
	// `Tool(*)`, or a malformed deny/ask rule widened to its whole tool.
	Whole bool
	// Widened is set for a malformed deny or ask rule that was widened to
	// its whole tool because its specifier could not be understood.
	Widened bool

	ord    int // position in the policy's evaluation order
	bash   *bashPattern
	path   *pathPattern
	domain string // lowercased host; "*.x" for subdomains of x; "*" for any
	glob   bool   // Tool contains '*' (mcp__server__get_*)
}

// String returns the rule as written.
func (r Rule) String() string { return r.Text }

// Describe names the rule and where it came from, for reasons.
func (r *Rule) Describe() string {
	if r.Source.Path == "" {
		if r.Source.Scope != "" {
			return fmt.Sprintf("%s rule %s (%s)", r.Behavior, r.Text, r.Source.Scope)
		}
		return fmt.Sprintf("%s rule %s", r.Behavior, r.Text)
	}
	return fmt.Sprintf("%s rule %s in %s", r.Behavior, r.Text, r.Source.Path)
}

// Tool families: a Read(...) rule covers every built-in tool that reads
// files and an Edit(...) rule every tool that changes them, as in Claude Code.
var (
	readTools = map[string]bool{"Read": true, "Glob": true, "Grep": true, "LS": true, "NotebookRead": true}
	editTools = map[string]bool{"Edit": true, "MultiEdit": true, "Write": true, "NotebookEdit": true}
)

// ParseRule parses one rule. The behavior and source are left for the
// caller to fill in.
//
// Forms: `Tool`; `Tool(*)`; `Bash(cmd args)` (exact words), `Bash(cmd:*)`
// and `Bash(cmd *)` (the words, then zero or more further words), `*`
// anywhere in a Bash pattern matching any characters including spaces;
// `Read(...)`/`Edit(...)` gitignore-style path patterns (`//abs`, `~/home`,
// `/project-root`, `./x`, `x/y` relative to the workspace, a bare `name`
// at any depth, `**`, trailing `/`); `WebFetch(domain:host)` and
// `WebFetch(domain:*.host)`; `mcp__server`, `mcp__server__tool`,
// `mcp__server__*`, `mcp__server__get_*`.
func ParseRule(text string) (Rule, error) {
	r := Rule{Text: text}
	t := strings.TrimSpace(text)
	if t == "" {
		return r, errors.New("empty rule: write a tool name such as Bash or Bash(npm test)")
	}
	if strings.ContainsAny(t, "\x00\n\r") {
		return r, fmt.Errorf("rule %q contains a line break or NUL byte: write it on one line", text)
	}
	open := strings.IndexByte(t, '(')
	if open < 0 {
		if strings.ContainsRune(t, ')') {
			return r, fmt.Errorf("rule %q has ')' without '(': write Tool(specifier)", text)
		}
		r.Tool, r.Whole = t, true
	} else {
		if !strings.HasSuffix(t, ")") {
			return r, fmt.Errorf("rule %q has no closing ')': write Tool(specifier)", text)
		}
		r.Tool, r.Specifier = t[:open], t[open+1:len(t)-1]
		if strings.TrimSpace(r.Specifier) == "" {
			return r, fmt.Errorf("rule %q has an empty specifier: write %s alone to match every use", text, r.Tool)
		}
		if r.Specifier == "*" {
			r.Specifier, r.Whole = "", true
		}
	}
	if err := checkToolName(r.Tool); err != nil {
		return r, fmt.Errorf("rule %q: %w", text, err)
	}
	isMCP := strings.HasPrefix(r.Tool, "mcp__")
	if strings.ContainsRune(r.Tool, '*') {
		if !isMCP {
			return r, fmt.Errorf("rule %q: '*' in a tool name is only for MCP tools (mcp__server__*)", text)
		}
		r.glob = true
	}
	if r.Whole {
		return r, nil
	}
	var err error
	switch {
	case r.Tool == "Bash":
		r.bash, err = parseBashPattern(r.Specifier)
	case readTools[r.Tool] || editTools[r.Tool]:
		r.path, err = parsePathPattern(r.Specifier)
	case r.Tool == "WebFetch":
		r.domain, err = parseDomain(r.Specifier)
	case isMCP:
		err = errors.New("MCP rules take no specifier: write mcp__server or mcp__server__tool")
	default:
		err = fmt.Errorf("%s rules take no specifier here: write %s alone", r.Tool, r.Tool)
	}
	if err != nil {
		return r, fmt.Errorf("rule %q: %w", text, err)
	}
	return r, nil
}

func checkToolName(name string) error {
	if name == "" {
		return errors.New("no tool name before '('")
	}
	for _, c := range name {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_', c == '-', c == '*':
		default:
			return fmt.Errorf("tool name %q contains %q: tool names are letters, digits, '_' and '-'", name, c)
		}
	}
	return nil
}

// widen turns a malformed deny or ask rule into one that covers its whole
// tool, so that a typo in a deny rule never allows more. It fails when not
// even the tool name can be read.
func widen(text string) (Rule, bool) {
	t := strings.TrimSpace(text)
	if i := strings.IndexByte(t, '('); i >= 0 {
		t = t[:i]
	}
	t = strings.TrimSpace(t)
	if checkToolName(t) != nil {
		return Rule{}, false
	}
	return Rule{Text: text, Tool: t, Whole: true, Widened: true, glob: strings.ContainsRune(t, '*')}, true
}

// coversTool reports whether the rule's tool name covers tool.
func (r *Rule) coversTool(tool string) bool {
	switch {
	case r.Tool == tool:
		return true
	case r.glob:
		return wildcardMatch(r.Tool, tool)
	case strings.HasPrefix(r.Tool, "mcp__") && strings.HasPrefix(tool, r.Tool+"__"):
		return true // mcp__server covers all of the server's tools
	case r.Tool == "Read":
		return readTools[tool]
	case r.Tool == "Edit":
		return editTools[tool]
	}
	return false
}

// wildcardMatch matches s against a pattern where '*' matches any run of
// characters (including none) and every other byte matches itself.
func wildcardMatch(pattern, s string) bool {
	px, sx := 0, 0
	nextPx, nextSx := -1, -1
	for px < len(pattern) || sx < len(s) {
		if px < len(pattern) {
			if c := pattern[px]; c == '*' {
				nextPx, nextSx = px, sx+1
				px++
				continue
			} else if sx < len(s) && s[sx] == c {
				px++
				sx++
				continue
			}
		}
		if nextPx >= 0 && nextSx <= len(s) {
			px, sx = nextPx, nextSx
			continue
		}
		return false
	}
	return true
}

// parseDomain reads `domain:host` or `domain:*.host`.
func parseDomain(spec string) (string, error) {
	host, ok := strings.CutPrefix(spec, "domain:")
	if !ok {
		return "", errors.New("WebFetch rules are WebFetch(domain:example.com)")
	}
	host = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
	if host == "*" {
		return host, nil
	}
	name := strings.TrimPrefix(host, "*.")
	if name == "" || strings.ContainsAny(name, "*/:@?#[]\\ \t%") || strings.Contains(name, "..") || strings.HasPrefix(name, ".") {
		return "", fmt.Errorf("domain %q is not a host name: write domain:example.com or domain:*.example.com", host)
	}
	return host, nil
}

// matchHost matches a lowercased URL host against a domain rule: the host
// itself, or for *.x any subdomain of x (not x itself). Never a substring.
func matchHost(rule, host string) bool {
	switch {
	case rule == "*":
		return true
	case strings.HasPrefix(rule, "*."):
		return strings.HasSuffix(host, rule[1:]) && len(host) > len(rule)-1
	}
	return host == rule
}

// pathPattern is a gitignore-style pattern of a Read or Edit rule.
type pathPattern struct {
	anchor anchor
	comps  []string   // glob components below the anchor; "**" spans components
	bases  [][]string // for anchorRoot: the settings root, resolved and as given
}

type anchor int

const (
	anchorAnyDepth  anchor = iota // bare name: matches a component at any depth
	anchorWorkspace               // ./x or x/y: relative to the project directory
	anchorRoot                    // /x: relative to the settings file's project root
	anchorHome                    // ~/x
	anchorAbsolute                // //x: absolute
)

func parsePathPattern(spec string) (*pathPattern, error) {
	p := &pathPattern{}
	s := spec
	switch {
	case strings.HasPrefix(s, "//"):
		p.anchor, s = anchorAbsolute, s[2:]
	case s == "~" || strings.HasPrefix(s, "~/"):
		p.anchor, s = anchorHome, strings.TrimPrefix(s[1:], "/")
	case strings.HasPrefix(s, "~"):
		return nil, fmt.Errorf("path %q: ~user is not supported; write ~/path or //absolute/path", spec)
	case strings.HasPrefix(s, "/"):
		p.anchor, s = anchorRoot, s[1:]
	case strings.HasPrefix(s, "./"):
		p.anchor, s = anchorWorkspace, s[2:]
	default:
		// gitignore: a pattern with a slash other than a trailing one is
		// relative to the base; otherwise it matches at any depth.
		if strings.Contains(strings.TrimSuffix(s, "/"), "/") {
			p.anchor = anchorWorkspace
		}
	}
	// A trailing slash means "this directory"; since a directory's pattern
	// also covers everything under it, it is dropped.
	s = strings.TrimSuffix(s, "/")
	for _, c := range strings.Split(s, "/") {
		switch c {
		case "", ".":
			continue
		case "..":
			return nil, fmt.Errorf("path %q: '..' is not allowed in a pattern; write an absolute //path", spec)
		}
		if _, err := path.Match(c, ""); err != nil {
			return nil, fmt.Errorf("path %q: bad pattern component %q: %w", spec, c, err)
		}
		p.comps = append(p.comps, c)
	}
	if len(p.comps) == 0 && p.anchor == anchorAnyDepth {
		return nil, fmt.Errorf("path %q matches nothing", spec)
	}
	if p.anchor == anchorAnyDepth && len(p.comps) > 1 {
		p.anchor = anchorWorkspace
	}
	return p, nil
}

// matchComps reports whether the pattern components match the path
// components or a prefix of them (a matching directory covers its contents).
func matchComps(pat, comps []string, fold bool) bool {
	if len(pat) == 0 {
		return true
	}
	if pat[0] == "**" {
		for i := 0; i <= len(comps); i++ {
			if matchComps(pat[1:], comps[i:], fold) {
				return true
			}
		}
		return false
	}
	if len(comps) == 0 {
		return false
	}
	if !matchComponent(pat[0], comps[0], fold) {
		return false
	}
	return matchComps(pat[1:], comps[1:], fold)
}

func matchComponent(pat, name string, fold bool) bool {
	if fold {
		pat, name = strings.ToLower(pat), strings.ToLower(name)
	}
	ok, _ := path.Match(pat, name)
	return ok
}

// splitPath splits a slash-separated absolute path into components.
func splitPath(p string) []string {
	n := 0
	for c := range strings.SplitSeq(p, "/") {
		if c != "" && c != "." {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for c := range strings.SplitSeq(p, "/") {
		if c != "" && c != "." {
			out = append(out, c)
		}
	}
	return out
}

// below returns the components of p under base, if p is base or below it
// by whole components.
func below(p, base []string, fold bool) ([]string, bool) {
	if len(p) < len(base) {
		return nil, false
	}
	for i, b := range base {
		if p[i] != b && !(fold && strings.EqualFold(p[i], b)) {
			return nil, false
		}
	}
	return p[len(base):], true
}
