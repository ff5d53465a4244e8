// Package agentsock is the server side of the local endpoint through which
// agents reach a running Gatehouse server: JSON-RPC 2.0, one JSON object per
// line, on a unix socket that only the same user can open. The messages,
// the discovery records and the client live in internal/agentproto (which
// the hook links without this package); the names here are that package's.
//
// The socket is the trust boundary between the agent's processes and the
// approval broker, so it refuses peers of another uid, frames over 8 MiB and
// unknown methods, and one bad client never affects another.
package agentsock

import "github.com/gatehouse/gatehouse/internal/agentproto"

// The protocol's names, defined once in agentproto.
const (
	MethodHook    = agentproto.MethodHook
	MethodExplain = agentproto.MethodExplain
	MethodStatus  = agentproto.MethodStatus
	MaxFrame      = agentproto.MaxFrame
)

type (
	HookParams    = agentproto.HookParams
	HookResult    = agentproto.HookResult
	ExplainParams = agentproto.ExplainParams
	Client        = agentproto.Client
	Record        = agentproto.Record
)

var (
	ErrNoServer  = agentproto.ErrNoServer
	Dial         = agentproto.Dial
	DialProject  = agentproto.DialProject
	Dir          = agentproto.Dir
	Discover     = agentproto.Discover
	SocketPath   = agentproto.SocketPath
	WriteRecords = agentproto.WriteRecords
)
