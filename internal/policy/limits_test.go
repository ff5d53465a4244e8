package policy

import (
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/shell"
)

// Past shell.DefaultLimits a line of allowed commands asks ("too long to
// allow automatically"), and a denied command anywhere in it still denies.
func TestLimitsAskButDenyStands(t *testing.T) {
	pol, proj := project(t, true, map[string]string{
		"proj/.claude/settings.json": `{"permissions":{"allow":["Bash(ls:*)","Bash(echo:*)"],"deny":["Bash(rm -rf:*)"]}}`,
	})
	n := shell.DefaultLimits.Commands
	cases := []struct {
		cmd, want string
	}{
		{strings.Repeat("ls && ", n-1) + "ls", "allow"},
		{strings.Repeat("ls && ", n) + "ls", "ask"},
		{strings.Repeat("ls && ", n) + "rm -rf build", "deny"},
		{"rm -rf build; " + strings.Repeat("ls; ", n), "deny"},
		{"echo " + strings.Repeat("a ", shell.DefaultLimits.Words), "ask"},
		{"echo " + strings.Repeat("a", shell.DefaultLimits.Bytes), "ask"},
	}
	for _, c := range cases {
		d := pol.Decide(bashReq(proj, c.cmd))
		if string(d.Behavior) != c.want {
			t.Errorf("%d bytes starting %.30q: got %s, want %s: %.200s", len(c.cmd), c.cmd, d.Behavior, c.want, d.Reason)
		}
	}
}
