package explain

import (
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/shell"
)

// TestEffectsAlwaysFlagged: for every corpus command, each network,
// execution, destructive, privilege, persistence, obfuscation or secrets
// effect the analyser reports shows up as the matching risk flag, and every
// write to an absolute path outside the workspace, to ~ or to a path known
// only at run time is flagged writes-outside-workspace.
func TestEffectsAlwaysFlagged(t *testing.T) {
	_, cases := readGolden(t)
	same := map[shell.EffectKind]string{
		shell.EffectNetwork: "network", shell.EffectExec: "code-execution", shell.EffectDestructive: "destructive",
		shell.EffectPrivilege: "privilege", shell.EffectPersistence: "persistence",
		shell.EffectObfuscation: "obfuscation", shell.EffectSecrets: "secrets",
	}
	for _, c := range cases {
		line := shell.Analyze(c.command)
		ex := Explain(c.command, goldenOptions)
		if line.ParseError != nil {
			if !slices.Contains(ex.RiskKinds, "unparsable") {
				t.Errorf("%q: parse error but no unparsable flag", c.command)
			}
			continue
		}
		for _, cmd := range line.Commands {
			for _, e := range cmd.Effects {
				if e.UnknownOption() {
					continue // not understood: the decision asks, the explanation has no risk to show
				}
				want := same[e.Kind]
				if e.Kind == shell.EffectWrite {
					p := writtenPath(&cmd, &e)
					outside := p == "" || strings.HasPrefix(p, "~") ||
						(strings.HasPrefix(p, "/") && !isDevice(p) && p != "/work/proj" && !strings.HasPrefix(p, "/work/proj/"))
					if !outside || strings.Contains(c.command, "cd ") {
						continue
					}
					want = "writes-outside-workspace"
				}
				if want != "" && !slices.Contains(ex.RiskKinds, want) {
					t.Errorf("%q: effect %s (%s) but risks %v", c.command, e.Kind, e.Reason, ex.RiskKinds)
				}
			}
		}
	}
}
