// Package approval is the broker between agents that wait for an answer and
// the person who gives it: every action policy answered "ask" becomes a
// pending Request until a person decides it in the editor, the agent stops
// waiting, or the server stops. Nothing that is not a person's explicit
// "allow" (or a rule the person approved) ever comes out as allow.
package approval

import (
	"encoding/json"
	"github.com/gatehouse/gatehouse/internal/verdict"
	"time"

	"github.com/gatehouse/gatehouse/internal/action"
)

// Request is one action an agent wants to take and policy could not decide
// alone. Everything in it except ID and Created comes from the agent or the
// server and is untrusted display material.
type Request struct {
	ID            string          `json:"id"`
	Kind          action.Kind     `json:"kind"`
	Tool          string          `json:"tool"`
	Summary       string          `json:"summary"`
	Input         json.RawMessage `json:"input,omitempty"`
	Path          string          `json:"path,omitempty"`        // the file an edit touches
	Command       string          `json:"command,omitempty"`     // the shell command, exactly as it would run
	Description   string          `json:"description,omitempty"` // the agent's own words; never trusted
	Explanation   json.RawMessage `json:"explanation,omitempty"` // filled by the server, opaque here
	Cwd           string          `json:"cwd,omitempty"`
	Session       string          `json:"session,omitempty"`
	Agent         string          `json:"agent,omitempty"`
	Created       time.Time       `json:"created"`
	Reason        string          `json:"reason,omitempty"`        // why policy asked
	SuggestedRule string          `json:"suggestedRule,omitempty"` // what "session"/"always" would approve, e.g. "Bash(npm run test:*)"
	Attachment    any             `json:"-"`                       // e.g. the edit proposal; opaque to the broker
}

// Scope says how far an allow reaches beyond the request it answers.
type Scope string

// The scopes a person can choose.
const (
	ScopeOnce    Scope = verdict.ScopeOnce
	ScopeSession Scope = verdict.ScopeSession
	ScopeAlways  Scope = verdict.ScopeAlways
)

// Behaviors of a Decision (internal/verdict defines them).
const (
	Allow = verdict.Allow
	Deny  = verdict.Deny
	Ask   = verdict.Ask
)

// Who (or what) made a Decision.
const (
	ByPerson   = verdict.ByPerson
	ByRule     = verdict.ByRule
	ByMode     = verdict.ByMode
	ByTimeout  = verdict.ByTimeout
	ByShutdown = verdict.ByShutdown
)

// Decision is the answer to a Request.
type Decision struct {
	Behavior     string          `json:"behavior"` // allow | deny | ask
	Scope        Scope           `json:"scope,omitempty"`
	Reason       string          `json:"reason,omitempty"`
	Rule         string          `json:"rule,omitempty"`
	By           string          `json:"by,omitempty"` // person | rule | mode | timeout | shutdown
	UpdatedInput json.RawMessage `json:"updatedInput,omitempty"`
}

// Entry is one finished request in the broker's history: decided by a
// person, recorded by a caller that decided without asking (a rule or the
// accept-edits mode), timed out, or ended by shutdown.
type Entry struct {
	Request  Request   `json:"request"`
	Decision Decision  `json:"decision"`
	Decided  time.Time `json:"decided"`
}
