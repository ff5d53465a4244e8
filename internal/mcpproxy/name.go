package mcpproxy

import (
	"fmt"
	"path/filepath"
	"strings"
)

// ToolRuleName is the name policy rules use for a proxied tool:
// mcp__SERVER__TOOL, as Claude Code names MCP tools.
func ToolRuleName(server, tool string) string { return "mcp__" + server + "__" + tool }

// CheckServerName refuses a server name that rules could not name
// unambiguously: only letters, digits, '-' and single '_' (a "__" would let
// mcp__a__b__c mean server a or server a__b).
func CheckServerName(name string) error {
	if name == "" {
		return fmt.Errorf("server name is empty")
	}
	if len(name) > 64 {
		return fmt.Errorf("server name %q is longer than 64 characters", name)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return fmt.Errorf("server name %q may hold only letters, digits, '-' and '_'", name)
		}
	}
	if strings.Contains(name, "__") || strings.HasPrefix(name, "_") || strings.HasSuffix(name, "_") {
		return fmt.Errorf("server name %q may not start or end with '_' or contain \"__\" (rules split mcp__SERVER__TOOL at \"__\")", name)
	}
	return nil
}

// SanitizeServerName turns any label (a .mcp.json key, a program name) into
// a name CheckServerName accepts.
func SanitizeServerName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	out := b.String()
	for strings.Contains(out, "__") {
		out = strings.ReplaceAll(out, "__", "_")
	}
	out = strings.Trim(out, "_")
	if len(out) > 64 {
		out = strings.Trim(out[:64], "_")
	}
	if out == "" {
		return "server"
	}
	return out
}

// launchers run the program named by their first operand; the server is
// better named after that operand than after the launcher.
var launchers = map[string]bool{
	"npx": true, "bunx": true, "uvx": true, "pipx": true, "node": true, "deno": true, "bun": true,
	"python": true, "python3": true, "uv": true, "docker": true, "podman": true, "go": true,
}

// DeriveServerName names a server from its command line when --name is not
// given: the program's base name, or for launchers (npx, uvx, node, docker…)
// the base name of the first operand.
func DeriveServerName(command string, args []string) string {
	base := strings.TrimSuffix(filepath.Base(command), filepath.Ext(command))
	if launchers[base] {
		for _, a := range args {
			if a == "" || strings.HasPrefix(a, "-") || a == "run" || a == "exec" || a == "tool" {
				continue
			}
			a = strings.TrimRight(a, "/")
			if i := strings.LastIndex(a, "@"); i > 0 { // pkg@version
				a = a[:i]
			}
			base = strings.TrimSuffix(filepath.Base(a), filepath.Ext(a))
			break
		}
	}
	return SanitizeServerName(base)
}
