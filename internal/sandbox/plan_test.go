package sandbox

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/settings"
	"github.com/gatehouse/gatehouse/internal/workspace"
)

// The placeholders must be exactly the protected names the policy knows.
func TestTopProtectedAreProtected(t *testing.T) {
	for _, ph := range topProtected {
		if workspace.ProtectedPattern(ph.Path) == "" {
			t.Errorf("%s gets a placeholder but is not a protected name", ph.Path)
		}
	}
}

func TestPathAnchor(t *testing.T) {
	for _, tc := range []struct {
		spec, base string
		comps      []string
		any        bool
	}{
		{"//etc/shadow", "/", []string{"etc", "shadow"}, false},
		{"~/.ssh/**", "/home/u", []string{".ssh", "**"}, false},
		{"/secrets/", "/root-of-settings", []string{"secrets"}, false},
		{"./.env", "/proj", []string{".env"}, false},
		{"config/*.key", "/proj", []string{"config", "*.key"}, false},
		{".env", "", []string{".env"}, true},
		{"*.pem", "", []string{"*.pem"}, true},
	} {
		base, comps, any := pathAnchor(tc.spec, "/proj", "/root-of-settings", "/home/u")
		if base != tc.base || !reflect.DeepEqual(comps, tc.comps) || any != tc.any {
			t.Errorf("%s: %q %q %v", tc.spec, base, comps, any)
		}
	}
}

func TestSettingPaths(t *testing.T) {
	if got := settingPaths("/tmp/x", "/p", "/h", false); !reflect.DeepEqual(got, []string{"/tmp/x"}) {
		t.Errorf("allowWrite /tmp/x: %v", got)
	}
	if got := settingPaths("/x", "/p", "/h", true); !reflect.DeepEqual(got, []string{"/x", "/p/x"}) {
		t.Errorf("deny /x is read both ways: %v", got)
	}
	if got := settingPaths("~/.aws", "/p", "/h", true); !reflect.DeepEqual(got, []string{"/h/.aws"}) {
		t.Errorf("~/.aws: %v", got)
	}
	if got := settingPaths("//etc", "/p", "/h", true); !reflect.DeepEqual(got, []string{"/etc"}) {
		t.Errorf("//etc: %v", got)
	}
}

func planFor(t *testing.T, files map[string]string, links map[string]string) (*Plan, error) {
	t.Helper()
	dir := t.TempDir()
	dir, _ = filepath.EvalSymlinks(dir)
	for rel, content := range files {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	loc := settings.Locations{ProjectDir: filepath.Join(dir, "ws"), Home: filepath.Join(dir, "home")}
	pol, err := policy.Open(loc, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(Options{Policy: pol, Home: loc.Home})
	if p != nil {
		for _, l := range []*[]string{&p.ReadOnly, &p.MaskFiles, &p.MaskDirs} {
			for i, s := range *l {
				(*l)[i] = strings.TrimPrefix(s, dir+"/")
			}
		}
		for i := range p.Placeholders {
			p.Placeholders[i].Path = strings.TrimPrefix(p.Placeholders[i].Path, dir+"/")
		}
	}
	return p, err
}

func TestNewPlan(t *testing.T) {
	p, err := planFor(t, map[string]string{
		"ws/.claude/settings.json": `{"permissions":{"deny":["Read(./.env)","Read(./keys/**)","Read(id_rsa)","Read(./conf/*.secret)"]}}`,
		"ws/.env":                  "x",
		"ws/keys/a":                "x",
		"ws/deep/id_rsa":           "x",
		"ws/conf/db.secret":        "x",
		"ws/conf/db.public":        "x",
		"ws/.git/config":           "x",
		"ws/vendor/lib/.git/HEAD":  "x",
		"ws/app.code-workspace":    "{}",
	}, map[string]string{"ws/envlink": ".env"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"ws/.claude", "ws/.git", "ws/app.code-workspace", "ws/vendor/lib/.git"}; !reflect.DeepEqual(p.ReadOnly, want) {
		t.Errorf("read-only: %q, want %q", p.ReadOnly, want)
	}
	if want := []string{"ws/.env", "ws/conf/db.secret", "ws/deep/id_rsa"}; !reflect.DeepEqual(p.MaskFiles, want) {
		t.Errorf("masked files: %q, want %q", p.MaskFiles, want)
	}
	if want := []string{"ws/keys"}; !reflect.DeepEqual(p.MaskDirs, want) {
		t.Errorf("masked dirs: %q, want %q", p.MaskDirs, want)
	}
	var missing []string
	for _, ph := range p.Placeholders {
		missing = append(missing, ph.Path)
	}
	if want := []string{"ws/.vscode", "ws/.gatehouse", "ws/.husky", "ws/.idea", "ws/.mcp.json", "ws/.envrc", "ws/.cursor", "ws/.gemini", "ws/.codex", "ws/.clinerules"}; !reflect.DeepEqual(missing, want) {
		t.Errorf("placeholders: %q, want %q", missing, want)
	}
	if p.Hosts != nil {
		t.Error("no WebFetch allow rule and no allowedDomains, yet a network proxy")
	}
}

func TestNewPlanRefuses(t *testing.T) {
	for name, tc := range map[string]struct {
		files map[string]string
		links map[string]string
		want  string
	}{
		"protected symlink": {map[string]string{"ws/x": "", "other/settings.json": "{}"}, map[string]string{"ws/.claude": "../other"}, "is a symlink"},
		"deny all reads":    {map[string]string{"home/.claude/settings.json": `{"permissions":{"deny":["Read"]}}`, "ws/x": ""}, nil, "forbids reading every file"},
		"unreadable deny":   {map[string]string{"home/.claude/settings.json": `{"permissions":{"deny":["Read(./x"]}}`, "ws/x": ""}, nil, "cannot be read"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := planFor(t, tc.files, tc.links)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestHostsManagedOnly(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"etc/managed-settings.json":  `{"permissions":{"allow":["WebFetch(domain:corp.example)"]},"sandbox":{"network":{"allowManagedDomainsOnly":true,"allowedDomains":["mirror.corp.example"]}}}`,
		"home/.claude/settings.json": `{"permissions":{"allow":["WebFetch(domain:user.example)"],"deny":["WebFetch(domain:bad.corp.example)"]},"sandbox":{"network":{"allowedDomains":["*.user.example"]}}}`,
		"ws/x":                       "",
	}
	for rel, content := range files {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	loc := settings.Locations{ProjectDir: filepath.Join(dir, "ws"), Home: filepath.Join(dir, "home"), ManagedDirs: []string{filepath.Join(dir, "etc")}}
	pol, err := policy.Open(loc, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(Options{Policy: pol, Home: loc.Home})
	if err != nil || p.Hosts == nil {
		t.Fatalf("plan: %v, hosts %v", err, p.Hosts != nil)
	}
	for host, want := range map[string]bool{
		"corp.example": true, "mirror.corp.example": true,
		"user.example": false, "a.user.example": false, "bad.corp.example": false, "corp.example.evil": false,
	} {
		if got := p.Hosts(host); got != want {
			t.Errorf("Hosts(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestHosts(t *testing.T) {
	p, err := planFor(t, map[string]string{
		"home/.claude/settings.json": `{"permissions":{"allow":["WebFetch(domain:*.npmjs.org)"],"ask":["WebFetch(domain:ask.example)"]},"sandbox":{"network":{"allowedDomains":["github.com","ask.example"]}}}`,
		"ws/x":                       "",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string]bool{
		"registry.npmjs.org": true, "npmjs.org": false, "github.com": true, "github.com.evil": false,
		"evilgithub.com": false, "ask.example": false, "": false, "a@github.com": false,
	} {
		if got := p.Hosts(host); got != want {
			t.Errorf("Hosts(%q) = %v, want %v", host, got, want)
		}
	}
}

// The directory core.hooksPath names stays read-only: git runs the hooks
// there, also when it runs outside the sandbox later.
func TestPlanKeepsHooksPathReadOnly(t *testing.T) {
	p, err := planFor(t, map[string]string{
		"ws/.git/HEAD":            "ref: refs/heads/main\n",
		"ws/.git/config":          "[core]\n\thooksPath = .githooks\n",
		"ws/.githooks/pre-commit": "#!/bin/sh\n",
		"ws/src/main.go":          "package main\n",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(p.ReadOnly, "ws/.githooks") {
		t.Errorf("read-only: %q, want ws/.githooks among them", p.ReadOnly)
	}
}
