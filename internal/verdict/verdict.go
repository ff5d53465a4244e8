// Package verdict is the vocabulary of Gatehouse's decisions, defined once:
// what a decision says (allow, ask, deny), who or what made it, how far a
// person's approval reaches, and the permission modes. The policy, the
// approval broker, the audit log and every agent adapter use these values,
// so that no two of them can spell a decision differently.
//
// The values are untyped constants, so each package may keep its own typed
// name for them (settings.Behavior, approval.Scope) without a second
// definition of the words.
package verdict

// What a decision says, as Claude Code's permissionDecision spells it.
const (
	Allow = "allow"
	Ask   = "ask"
	Deny  = "deny"
)

// Who or what made a decision.
const (
	ByPerson    = "person"    // someone in the editor
	ByRule      = "rule"      // a permission rule, or the checks and the absence of one
	ByMode      = "mode"      // the permission mode (acceptEdits, plan, dontAsk)
	ByTimeout   = "timeout"   // nobody answered in time
	ByShutdown  = "shutdown"  // the server stopped while the request waited
	ByGatehouse = "gatehouse" // Gatehouse itself could not decide (the server failed)
)

// How far a person's approval reaches beyond the request it answers.
const (
	ScopeOnce    = "once"    // this request only
	ScopeSession = "session" // the rule, for the rest of the agent session
	ScopeAlways  = "always"  // the rule, persisted in settings
)

// Permission modes, as Claude Code sends them in permission_mode.
const (
	ModeDefault     = "default"
	ModeAcceptEdits = "acceptEdits"
	ModePlan        = "plan"
	ModeDontAsk     = "dontAsk"
	ModeBypass      = "bypassPermissions"
	ModeAuto        = "auto"
)
