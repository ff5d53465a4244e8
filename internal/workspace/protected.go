package workspace

import (
	"strings"
	"unicode/utf8"
)

// protectedNames are the files and folders an agent must never change
// without a person looking, because changing them changes what runs or what
// is allowed: agent settings and hooks (.claude, .mcp.json, and those of the
// other agents Gatehouse serves: .cursor, .gemini, .codex, .clinerules, and
// .github/hooks below), editor settings and tasks (.vscode, .idea,
// *.code-workspace), git hooks and config (.git), Gatehouse's own state
// (.gatehouse), scripts run on cd or commit (.envrc, .husky). An agent that
// may write another agent's hook file can make that agent run anything.
var protectedNames = []struct {
	name    string // folded name of the component
	pattern string // what ProtectedPattern reports
}{
	{".git", ".git/**"},
	{".claude", ".claude/**"},
	{".vscode", ".vscode/**"},
	{".gatehouse", ".gatehouse/**"},
	{".husky", ".husky/**"},
	{".idea", ".idea/**"},
	{".mcp.json", ".mcp.json"},
	{".envrc", ".envrc"},
	{".cursor", ".cursor/**"},
	{".gemini", ".gemini/**"},
	{".codex", ".codex/**"},
	{".clinerules", ".clinerules/**"},
}

// ProtectedPattern returns the protected pattern that matches rel, a
// slash-separated path relative to a workspace root, or "" if none does.
//
// Matching is by whole component and at any depth: sub/.git/hooks/x is
// protected (git hooks of a nested repository), and so are nested .claude,
// .vscode or .envrc, which take effect when that folder is opened or
// entered. It is deliberately wider than any one file system, because
// asking once too often is cheap and a miss is not: names are compared
// without case on every platform, trailing dots and spaces are dropped
// (Windows opens `.git.` as `.git`), code points that macOS HFS+ ignores
// are dropped (`.g\u200cit` is `.git` there), and 8.3 short names of the
// protected names (GIT~1, CLAUDE~1) match too. A backslash also separates.
func ProtectedPattern(rel string) string {
	start := 0
	prev := ""
	for i := 0; i <= len(rel); i++ {
		if i < len(rel) && rel[i] != '/' && rel[i] != '\\' {
			continue
		}
		c := rel[start:i]
		if p := protectedComponent(c); p != "" {
			return p
		}
		// VS Code Copilot's agent runs the hooks in .github/hooks (the rest
		// of .github is the project's own business).
		if c != "" && c != "." && foldName(prev) == ".github" && foldName(c) == "hooks" {
			return ".github/hooks/**"
		}
		if c != "" && c != "." {
			prev = c
		}
		start = i + 1
	}
	return ""
}

// protectedComponent matches one component against the protected names.
func protectedComponent(c string) string {
	if c == "" || c == "." || c == ".." {
		return ""
	}
	if isASCII(c) && c[0] != '.' && strings.IndexByte(c, '~') < 0 && !strings.Contains(c, "-") {
		// Most components: no leading dot, no short name, no
		// ".code-workspace" suffix, nothing to fold away.
		return ""
	}
	key := foldName(c)
	for _, p := range protectedNames {
		if key == p.name || isShortNameOf(key, p.name) {
			return p.pattern
		}
	}
	if strings.HasSuffix(key, ".code-workspace") {
		return "*.code-workspace"
	}
	return ""
}

// foldName lowers the case and drops what some file system would ignore
// when opening the name.
func foldName(c string) string {
	var b strings.Builder
	for _, r := range c {
		if r == utf8.RuneError || !hfsIgnorable(r) {
			b.WriteRune(r)
		}
	}
	return strings.ToLower(strings.TrimRight(b.String(), ". "))
}

// hfsIgnorable lists the code points HFS+ drops when comparing names (the
// same list git uses to refuse .git lookalikes, CVE-2014-9390).
func hfsIgnorable(r rune) bool {
	switch {
	case 0x200c <= r && r <= 0x200f, 0x202a <= r && r <= 0x202e, 0x206a <= r && r <= 0x206f, r == 0xfeff:
		return true
	}
	return false
}

// isShortNameOf reports whether key (folded) is an 8.3 short name Windows
// would generate for name: up to six leading characters of the name without
// dots, "~", digits, and optionally an extension (".mcp.json" is MCP~1.JSO).
func isShortNameOf(key, name string) bool {
	base, _, _ := strings.Cut(key, ".")
	prefix, digits, ok := strings.Cut(base, "~")
	if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" {
		return false
	}
	long, _, _ := strings.Cut(strings.TrimLeft(name, "."), ".")
	if len(long) > 6 {
		long = long[:6]
	}
	return prefix == long
}
