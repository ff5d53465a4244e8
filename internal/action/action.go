// Package action names the kinds of thing an agent asks to do. The policy
// classifies each tool call with them and the approval broker shows each
// request by them (edits as inline diffs, commands in the command panel):
// one vocabulary, so the two can never disagree on it.
package action

// Kind is what a tool call does, as listed by gatehouse.listPending.
type Kind string

// The kinds of tool call.
const (
	Edit    Kind = "edit"
	Command Kind = "command"
	Fetch   Kind = "fetch"
	MCP     Kind = "mcp"
	Other   Kind = "other"
)

// Valid reports whether k is one of the published kinds; a caller shows
// anything else as Other, so that an unexpected value never picks a
// richer view by accident.
func Valid(k Kind) bool {
	switch k {
	case Edit, Command, Fetch, MCP, Other:
		return true
	}
	return false
}
