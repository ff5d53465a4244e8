package settings

import (
	"reflect"
	"testing"
)

func TestLoadSandbox(t *testing.T) {
	dir := layout(t, map[string]string{
		"etc/managed-settings.json": `{"sandbox":{"failIfUnavailable":true,"network":{"allowedDomains":["corp.example"]}}}`,
		"proj/.claude/settings.json": `{"sandbox":{"enabled":true,"failIfUnavailable":false,"autoAllowBashIfSandboxed":true,
			"excludedCommands":["docker"],
			"network":{"allowedDomains":["registry.npmjs.org"],"allowUnixSockets":["/run/x.sock"],"allowLocalBinding":true},
			"filesystem":{"allowWrite":["~/.kube"],"denyWrite":["./build"],"denyRead":["~/.aws"]}}}`,
	})
	s := Load(testLocations(dir), nil)
	if len(s.Broken) != 0 {
		t.Fatalf("broken: %v", s.Broken)
	}
	sb := s.Sandbox
	if !sb.Enabled.Value || sb.Enabled.Source.Scope != ScopeProject {
		t.Errorf("enabled = %+v", sb.Enabled)
	}
	if !sb.FailIfUnavailable.Value || sb.FailIfUnavailable.Source.Scope != ScopeManaged {
		t.Errorf("failIfUnavailable = %+v, want managed true to win", sb.FailIfUnavailable)
	}
	var domains []string
	for _, e := range sb.AllowedDomains {
		domains = append(domains, e.Value)
	}
	if !reflect.DeepEqual(domains, []string{"corp.example", "registry.npmjs.org"}) {
		t.Errorf("allowedDomains = %v", domains)
	}
	if len(sb.AllowWrite) != 1 || len(sb.DenyWrite) != 1 || len(sb.DenyRead) != 1 || len(sb.ExcludedCommands) != 1 ||
		len(sb.AllowUnixSockets) != 1 || !sb.AllowLocalBinding.Value || sb.AllowAllUnixSockets.Set {
		t.Errorf("sandbox = %+v", sb)
	}
}

func TestLoadSandboxMistypedBreaksFile(t *testing.T) {
	dir := layout(t, map[string]string{
		"proj/.claude/settings.json": `{"permissions":{"deny":["Read(./.env)"],"allow":["Bash(ls)"]},
			"sandbox":{"enabled":"yes","network":{"allowedDomains":["evil.example"]}}}`,
	})
	s := Load(testLocations(dir), nil)
	if len(s.Broken) != 1 {
		t.Fatalf("want the file broken, got %v", s.Broken)
	}
	if len(s.Sandbox.AllowedDomains) != 0 || s.Sandbox.Enabled.Set {
		t.Errorf("a broken file must contribute nothing to the sandbox: %+v", s.Sandbox)
	}
	if got := ruleList(s); !reflect.DeepEqual(got, []string{"project deny Read(./.env)"}) {
		t.Errorf("rules = %v", got)
	}
}
