package hook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/gatehouse/gatehouse/internal/verdict"
	"strings"
)

// The three permission decisions Claude Code understands (internal/verdict
// defines them).
const (
	Allow = verdict.Allow
	Deny  = verdict.Deny
	Ask   = verdict.Ask
)

// maxReason bounds the reason shown to the person or the model; a remote
// server or a policy message should never flood Claude Code's terminal.
const maxReason = 2000

// Answer is the hook's decision for one tool call.
type Answer struct {
	Decision string // Allow, Deny or Ask
	Reason   string // one sentence: the rule, the check or the path behind the decision
	// UpdatedInput, when set, replaces the whole tool_input (a JSON object).
	UpdatedInput json.RawMessage
}

// output is Claude Code's PreToolUse hook output, fields in documented order.
type output struct {
	HookSpecificOutput specificOutput `json:"hookSpecificOutput"`
}

type specificOutput struct {
	HookEventName            string          `json:"hookEventName"`
	PermissionDecision       string          `json:"permissionDecision"`
	PermissionDecisionReason string          `json:"permissionDecisionReason"`
	UpdatedInput             json.RawMessage `json:"updatedInput,omitempty"`
}

// check reports why a cannot be printed as is.
func (a Answer) check() error {
	switch a.Decision {
	case Allow, Deny, Ask:
	default:
		return fmt.Errorf("decision %q is not allow, deny or ask", a.Decision)
	}
	if len(a.UpdatedInput) > 0 {
		in := bytes.TrimSpace(a.UpdatedInput)
		if len(in) == 0 || in[0] != '{' || !json.Valid(in) {
			return fmt.Errorf("updatedInput is not a JSON object")
		}
	}
	return nil
}

// MarshalOutput returns the JSON line Claude Code reads from the hook's
// stdout. An answer that is not well formed (unknown decision, updatedInput
// that is not a JSON object) is printed as a deny naming the problem: the
// output is always valid and never more permissive than intended.
func (a Answer) MarshalOutput() []byte {
	if err := a.check(); err != nil {
		a = Answer{Decision: Deny, Reason: "Gatehouse produced an invalid answer (" + err.Error() + "); denied to be safe"}
	}
	o := output{HookSpecificOutput: specificOutput{
		HookEventName:            EventPreToolUse,
		PermissionDecision:       a.Decision,
		PermissionDecisionReason: cleanReason(a.Reason),
	}}
	if len(a.UpdatedInput) > 0 {
		var buf bytes.Buffer
		if err := json.Compact(&buf, a.UpdatedInput); err == nil {
			o.HookSpecificOutput.UpdatedInput = buf.Bytes()
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // reasons quote commands: keep `&&` and `>` readable
	if err := enc.Encode(o); err != nil {
		// Unreachable: every field is a string or a validated object.
		return []byte(`{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"Gatehouse could not encode its answer"}}` + "\n")
	}
	return buf.Bytes()
}

// cleanReason makes a reason one readable line: control characters (which a
// command or path in the reason may carry) become spaces, and it is bounded.
func cleanReason(s string) string {
	s = strings.Map(func(r rune) rune {
		if isControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if len(s) > maxReason {
		cut := maxReason
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
