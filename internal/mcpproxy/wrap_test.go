package mcpproxy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const self = "/opt/gatehouse/bin/gatehouse"

func TestWrapConfigGolden(t *testing.T) {
	in, err := os.ReadFile("testdata/wrap/basic.mcp.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/wrap/basic.wrapped.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, ".mcp.json")
	if err := os.WriteFile(path, in, 0o640); err != nil {
		t.Fatal(err)
	}
	changed, err := WrapConfig(path, self, false)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(changed, ",") != "files,my.tool" {
		t.Errorf("changed = %v, want files and my.tool (remote servers have nothing to run)", changed)
	}
	got, _ := os.ReadFile(path)
	if string(got) != string(want) {
		t.Errorf("wrapped config:\n%s\nwant:\n%s", got, want)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want the file's own 0640", fi.Mode().Perm())
	}
	// Idempotent.
	if changed, err := WrapConfig(path, self, false); err != nil || len(changed) != 0 {
		t.Errorf("second wrap = %v, %v; want nothing changed", changed, err)
	}
	// Unwrap restores each command line.
	if _, err := WrapConfig(path, self, true); err != nil {
		t.Fatal(err)
	}
	out, _ := os.ReadFile(path)
	round, _, err := RewriteConfig(out, self, false)
	if err != nil || string(round) != string(want) {
		t.Errorf("unwrap then wrap differs from the wrapped golden (%v):\n%s", err, round)
	}
	for _, s := range []string{`"npx"`, `"/usr/local/bin/mytool"`, `"@modelcontextprotocol/server-filesystem"`} {
		if !strings.Contains(string(out), s) {
			t.Errorf("unwrapped config lost %s:\n%s", s, out)
		}
	}
	if strings.Contains(string(out), "mcp-proxy") {
		t.Errorf("unwrapped config still runs the proxy:\n%s", out)
	}
}

func TestWrapConfigRefusesBadInput(t *testing.T) {
	for name, in := range map[string]string{
		"not json":             `{"mcpServers": `,
		"not an object":        `[]`,
		"servers not object":   `{"mcpServers": []}`,
		"server not object":    `{"mcpServers": {"a": "npx"}}`,
		"command not string":   `{"mcpServers": {"a": {"command": 1}}}`,
		"empty command":        `{"mcpServers": {"a": {"command": ""}}}`,
		"args not strings":     `{"mcpServers": {"a": {"command": "x", "args": [1]}}}`,
		"duplicate server":     `{"mcpServers": {"a": {"command": "x"}, "a": {"command": "y"}}}`,
		"duplicate mcpServers": `{"mcpServers": {}, "mcpServers": {"a": {"command": "y"}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), ".mcp.json")
			os.WriteFile(path, []byte(in), 0o644)
			if _, err := WrapConfig(path, self, false); err == nil {
				t.Fatalf("WrapConfig(%s) succeeded", in)
			}
			if got, _ := os.ReadFile(path); string(got) != in {
				t.Errorf("file changed after an error: %s", got)
			}
		})
	}
}

// A symlinked config pointing outside its directory is not written through.
func TestWrapConfigSymlinkOutside(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "target.json")
	os.WriteFile(outside, []byte(`{"mcpServers": {"a": {"command": "x"}}}`), 0o644)
	dir := t.TempDir()
	link := filepath.Join(dir, ".mcp.json")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	if _, err := WrapConfig(link, self, false); err == nil {
		t.Fatal("wrote through a symlink that leaves the directory")
	}
	if got, _ := os.ReadFile(outside); strings.Contains(string(got), "mcp-proxy") {
		t.Fatal("the file outside was rewritten")
	}
}

func TestServerNames(t *testing.T) {
	for _, tc := range []struct {
		cmd  string
		args []string
		want string
	}{
		{"/usr/bin/github-mcp-server", []string{"stdio"}, "github-mcp-server"},
		{"npx", []string{"-y", "@modelcontextprotocol/server-filesystem@1.2", "/tmp"}, "server-filesystem"},
		{"uvx", []string{"mcp-server-git", "--repository", "."}, "mcp-server-git"},
		{"python3", []string{"-u", "srv.py"}, "srv"},
		{"./my__server.sh", nil, "my_server"},
		{"", nil, "server"},
	} {
		got := DeriveServerName(tc.cmd, tc.args)
		if got != tc.want {
			t.Errorf("DeriveServerName(%q, %q) = %q, want %q", tc.cmd, tc.args, got, tc.want)
		}
		if err := CheckServerName(got); err != nil {
			t.Errorf("derived name %q is refused: %v", got, err)
		}
	}
	for _, bad := range []string{"", "a__b", "_a", "a_", "a b", "a/b", "mcp__x", strings.Repeat("a", 65), "é"} {
		if CheckServerName(bad) == nil {
			t.Errorf("CheckServerName(%q) accepted it", bad)
		}
	}
}

func FuzzRewriteConfig(f *testing.F) {
	seed, _ := os.ReadFile("testdata/wrap/basic.mcp.json")
	f.Add(seed)
	f.Add([]byte(`{"mcpServers":{"a":{"command":"/x/gatehouse","args":["mcp-proxy","--"]}}}`))
	f.Add([]byte(`{"mcpServers":{"a":{"command":"x","args":["--","y"]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, changed, err := RewriteConfig(data, self, false)
		if err != nil || len(changed) == 0 {
			return
		}
		// Wrapping is idempotent, and unwrapping gives back a config that
		// wraps to the same thing.
		again, changed2, err := RewriteConfig(out, self, false)
		if err != nil || len(changed2) != 0 {
			t.Fatalf("second wrap changed %v (%v): %s -> %s", changed2, err, out, again)
		}
		un, _, err := RewriteConfig(out, self, true)
		if err != nil {
			t.Fatalf("unwrap of our own output failed: %v", err)
		}
		if un == nil {
			t.Fatalf("unwrap found nothing to unwrap in %s", out)
		}
		re, _, err := RewriteConfig(un, self, false)
		if err != nil || string(re) != string(out) {
			t.Fatalf("wrap(unwrap(x)) != x (%v):\n%s\n%s", err, re, out)
		}
	})
}

func FuzzParsePins(f *testing.F) {
	f.Add([]byte(`{"project":"/p","server":"s","tools":{"echo":"sha256:00"}}`))
	f.Add([]byte(`{"tools":null}`))
	f.Add([]byte(`{"tools":{}} {}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := parsePins(data)
		if err == nil && p.Tools == nil {
			t.Fatal("parsed pins without a tools map")
		}
	})
}
