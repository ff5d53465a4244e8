package policy

import (
	"fmt"
	"strings"

	"github.com/gatehouse/gatehouse/internal/verdict"
)

// Message is the reason an agent adapter gives with a decision: it says
// that Gatehouse decided and why, and an ask also offers the rule that
// would allow such calls from now on. Claude Code shows an ask reason to
// the person and a deny reason to the model; other agents do alike.
func (d Decision) Message() string {
	reason := strings.TrimSpace(d.Reason)
	if reason == "" {
		reason = fmt.Sprintf("%s (%s)", d.Behavior, d.Check)
	}
	if !strings.HasPrefix(reason, "Gatehouse") {
		reason = "Gatehouse: " + reason
	}
	if d.Behavior == Ask && d.SuggestedRule != "" {
		reason += " To allow such calls from now on, add " + d.SuggestedRule + " to permissions.allow."
	}
	return reason
}

// DecidedBy names who decided, for the audit log: the mode when a
// permission mode turned the answer, else the rules (a rule, or the checks
// and the absence of one).
func (d Decision) DecidedBy() string {
	switch d.Check {
	case CheckAcceptEdits, CheckPlan, CheckDontAsk, CheckBypass:
		return verdict.ByMode
	}
	return verdict.ByRule
}
