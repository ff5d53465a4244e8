package settings

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/jsontree"
)

// layout writes files (path relative to dir -> content) and returns dir.
func layout(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for rel, content := range files {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func testLocations(dir string) Locations {
	return Locations{
		ProjectDir:  filepath.Join(dir, "proj"),
		Home:        filepath.Join(dir, "home"),
		ManagedDirs: []string{filepath.Join(dir, "etc")},
	}
}

func ruleList(s *Set) []string {
	var out []string
	for _, r := range s.Rules {
		out = append(out, string(r.Source.Scope)+" "+string(r.Behavior)+" "+r.Text)
	}
	return out
}

func TestLoadMergesInPrecedenceOrder(t *testing.T) {
	dir := layout(t, map[string]string{
		"etc/managed-settings.json":      `{"permissions":{"deny":["Bash(curl:*)"],"disableBypassPermissionsMode":"disable"}}`,
		"etc/managed-settings.d/20.json": `{"permissions":{"deny":["WebFetch"]}}`,
		"etc/managed-settings.d/10.json": `{"permissions":{"ask":["Bash(git push:*)"]}, "unknownKey": {"x": [1,2]}}`,
		"etc/managed-settings.d/no.txt":  `not json, not read`,
		"proj/.claude/settings.local.json": `{"permissions":{"allow":["Bash(npm test)"],"defaultMode":"acceptEdits",
			"additionalDirectories":["../lib"]}}`,
		"proj/.claude/settings.json": `{"permissions":{"allow":["Bash(go test:*)"],"deny":["Read(./.env)"],"defaultMode":"plan"},
			"hooks":{"PreToolUse":[]}}`,
		"home/.claude/settings.json": `{"permissions":{"allow":["Bash(ls:*)"],"additionalDirectories":["~/notes"]}}`,
	})
	s := Load(testLocations(dir), nil)
	if len(s.Broken) != 0 {
		t.Fatalf("unexpected broken files: %v", s.Broken)
	}
	want := []string{
		"managed deny Bash(curl:*)",
		"managed ask Bash(git push:*)",
		"managed deny WebFetch",
		"local allow Bash(npm test)",
		"project deny Read(./.env)",
		"project allow Bash(go test:*)",
		"user allow Bash(ls:*)",
	}
	if got := ruleList(s); !reflect.DeepEqual(got, want) {
		t.Errorf("rules:\n got %q\nwant %q", got, want)
	}
	if !s.BypassDisabled {
		t.Error("managed disableBypassPermissionsMode was not honoured")
	}
	if m := s.Mode(true); m.Mode != "acceptEdits" || m.Source.Scope != ScopeLocal {
		t.Errorf("trusted mode = %+v, want acceptEdits from local", m)
	}
	if m := s.Mode(false); m.Mode != "" {
		t.Errorf("untrusted mode = %+v, want none (workspace files ignored)", m)
	}
	if d := s.Directories(true); len(d) != 2 {
		t.Errorf("trusted dirs = %+v, want 2", d)
	}
	if d := s.Directories(false); len(d) != 1 || d[0].Path != "~/notes" {
		t.Errorf("untrusted dirs = %+v, want only the user's", d)
	}
	for _, r := range s.Rules {
		if r.Source.Root != filepath.Join(dir, "proj") {
			t.Errorf("rule %q root = %q, want the project dir", r.Text, r.Source.Root)
		}
	}
}

func TestLoadAbsentIsFine(t *testing.T) {
	s := Load(testLocations(t.TempDir()), nil)
	if len(s.Broken) != 0 || len(s.Rules) != 0 || s.BypassDisabled {
		t.Fatalf("empty locations: %+v", s)
	}
	for _, f := range s.Files {
		if f.Exists {
			t.Errorf("%s reported as existing", f.Path)
		}
	}
}

// Every malformed fixture is broken with a position, contributes no allow
// rule, and still yields the deny/ask rules that can be recovered.
func TestLoadMalformed(t *testing.T) {
	tests := []struct {
		file      string
		line, col int
		recovered []string
	}{
		{"trailing_comma.json", 5, 3, []string{"deny Bash(rm -rf:*)", "deny Read(./.env)"}},
		{"allow_not_array.json", 3, 14, []string{"deny Bash(curl:*)"}},
		{"deny_number.json", 3, 30, []string{"deny Bash(curl:*)", "deny WebFetch"}},
		{"permissions_string.json", 2, 18, nil},
		{"top_array.json", 1, 1, nil},
		{"dup_permissions.json", 6, 39, []string{"deny Bash(git push:*)", "deny Bash(rm:*)"}},
		{"truncated.json", 5, 1, []string{"deny Bash(curl:*)"}},
		{"mode_number.json", 1, 59, []string{"deny Bash(curl:*)"}},
		{"trailing_data.json", 1, 44, nil},
		{"empty.json", 1, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "settings", "malformed", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			dir := layout(t, map[string]string{"proj/.claude/settings.json": string(data)})
			s := Load(testLocations(dir), nil)
			if len(s.Broken) != 1 {
				t.Fatalf("broken = %v, want one", s.Broken)
			}
			fe := s.Broken[0]
			if fe.Line != tt.line || fe.Col != tt.col {
				t.Errorf("position %d:%d, want %d:%d (%v)", fe.Line, fe.Col, tt.line, tt.col, fe)
			}
			msg := fe.Error()
			if !strings.Contains(msg, "settings.json is malformed at") || !strings.Contains(msg, "fix it") {
				t.Errorf("message %q does not name the file, position and fix", msg)
			}
			var got []string
			for _, r := range s.Rules {
				if r.Behavior == Allow {
					t.Errorf("broken file contributed allow rule %q", r.Text)
				}
				if !r.Recovered {
					t.Errorf("rule %q from a broken file not marked recovered", r.Text)
				}
				got = append(got, string(r.Behavior)+" "+r.Text)
			}
			if !reflect.DeepEqual(got, tt.recovered) {
				t.Errorf("recovered %q, want %q", got, tt.recovered)
			}
			if len(s.Modes) != 0 || len(s.AdditionalDirectories) != 0 {
				t.Errorf("broken file contributed modes %v or dirs %v", s.Modes, s.AdditionalDirectories)
			}
			if !s.BypassDisabled {
				t.Error("a broken file must disable bypass mode")
			}
		})
	}
}

func TestLoadKeepsLastGoodDenies(t *testing.T) {
	dir := layout(t, map[string]string{
		"proj/.claude/settings.json": `{"permissions":{"deny":["Bash(curl:*)"],"ask":["WebFetch"],"allow":["Bash(ls:*)"]}}`,
	})
	loc := testLocations(dir)
	good := Load(loc, nil)
	if len(good.Rules) != 3 {
		t.Fatalf("good rules %v", ruleList(good))
	}
	// An editor has truncated the file mid-save.
	if err := os.WriteFile(filepath.Join(loc.ProjectDir, ".claude", "settings.json"), []byte(`{"permis`), 0o644); err != nil {
		t.Fatal(err)
	}
	s := Load(loc, good)
	want := []string{"project deny Bash(curl:*)", "project ask WebFetch"}
	if got := ruleList(s); !reflect.DeepEqual(got, want) {
		t.Errorf("rules %q, want %q", got, want)
	}
	if len(s.Broken) != 1 {
		t.Errorf("broken = %v", s.Broken)
	}
}

func TestLoadUnreadableIsBroken(t *testing.T) {
	// A directory where the file should be cannot be read as settings
	// (this also stands in for a permission error when tests run as root).
	dir := layout(t, map[string]string{"proj/.claude/settings.json/x": "{}"})
	s := Load(testLocations(dir), nil)
	if len(s.Broken) != 1 || s.Broken[0].Line != 0 || !strings.Contains(s.Broken[0].Error(), "cannot be read") {
		t.Fatalf("broken = %v", s.Broken)
	}
	if os.Geteuid() != 0 {
		dir := layout(t, map[string]string{"proj/.claude/settings.local.json": "{}"})
		p := filepath.Join(dir, "proj/.claude/settings.local.json")
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		if s := Load(testLocations(dir), nil); len(s.Broken) != 1 {
			t.Fatalf("unreadable file: broken = %v", s.Broken)
		}
	}
}

func FuzzLoadFile(f *testing.F) {
	entries, _ := os.ReadDir(filepath.Join("..", "..", "testdata", "settings", "malformed"))
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join("..", "..", "testdata", "settings", "malformed", e.Name()))
		f.Add(data)
	}
	f.Add([]byte(`{"permissions":{"allow":["Bash(ls:*)"],"deny":["Bash(rm:*)"]}}`))
	f.Add([]byte(`{"permissions":{"deny":[[[[[[[[[[]]]]]]]]]]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := &Set{}
		src := Source{Path: "/p/.claude/settings.json", Scope: ScopeProject}
		err := s.addFile(src, data)
		if err != nil {
			if err.Line < 1 || err.Col < 1 {
				t.Fatalf("error without a position: %v", err)
			}
			for _, r := range s.Rules {
				if r.Behavior == Allow {
					t.Fatalf("broken file gave allow rule %q", r.Text)
				}
			}
			return
		}
		// A file that loads cleanly round-trips through the tree encoder.
		tree, perr := jsontree.Parse(data, treeOptions)
		if perr != nil {
			t.Fatalf("loaded but does not parse: %v", perr)
		}
		b := tree.Encode("  ")
		again, perr := jsontree.Parse(b, treeOptions)
		if perr != nil {
			t.Fatalf("re-encoded file does not parse: %v\n%s", perr, b)
		}
		if b2 := again.Encode("  "); !bytes.Equal(b, b2) {
			t.Fatalf("encoding not stable:\n%s\n%s", b, b2)
		}
	})
}
