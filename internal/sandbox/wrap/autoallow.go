package wrap

import (
	"encoding/json"
	"strings"

	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/shell"
)

// AutoAllow applies sandbox.autoAllowBashIfSandboxed to a Bash call that
// policy (d, decided with extra rules such as a session's) asks about, for
// a caller that runs what is allowed under `gatehouse sandbox`. The server
// and the offline hook both call it, so that a decision never depends on
// whether the editor is open.
//
// The call is allowed only when it asks because no rule allows it: it is
// decided again with a rule allowing each program of the line by name
// (`Bash(make *)`), and only an allow then counts. Deny and ask rules, the
// checks no allow rule can lift (writes outside, protected paths, denied
// reads) and the never auto-allowed constructs (substitutions, eval, sh -c,
// pipes into an interpreter, wrappers like sudo) still stop it. Running code
// that is a program's own nature (make, npm test) needs a rule naming the
// program, so it counts as a missing rule: the sandbox is what makes it
// safe to run.
func AutoAllow(pol *policy.Policy, req policy.Request, d policy.Decision, extra []policy.Rule) (policy.Decision, bool) {
	// Plan mode writes nothing, and the sandbox lets a program write in
	// the workspace.
	if req.Tool != "Bash" || d.Behavior != policy.Ask || pol == nil || req.Mode == policy.ModePlan {
		return d, false
	}
	cfg := ConfigFrom(pol.Settings, pol.Trusted)
	if !cfg.Enabled || !cfg.AutoAllow || !cfg.For(req.Input).Wrap || !Available() {
		return d, false
	}
	var in struct {
		Command string `json:"command"`
	}
	if json.Unmarshal(req.Input, &in) != nil || strings.TrimSpace(in.Command) == "" {
		return d, false
	}
	line := shell.Analyze(in.Command)
	if line.ParseError != nil || len(line.Commands) == 0 {
		return d, false
	}
	rules := append([]policy.Rule(nil), extra...)
	for _, c := range line.Commands {
		name := c.Name.Value
		if name == "" || c.Name.Dynamic || strings.ContainsAny(name, "*()\\ \t\r\n:") {
			return d, false
		}
		r, err := policy.ParseRule("Bash(" + name + " *)")
		if err != nil {
			return d, false
		}
		r.Behavior = policy.Allow
		rules = append(rules, r)
	}
	if pol.DecideWith(req, rules).Behavior != policy.Allow {
		return d, false
	}
	return policy.Decision{Behavior: policy.Allow, Check: policy.CheckNoRule, Kind: d.Kind, Paths: d.Paths,
		Reason: "sandbox.autoAllowBashIfSandboxed allows it in the sandbox: " + strings.TrimSpace(d.Reason)}, true
}
