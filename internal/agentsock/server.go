package agentsock

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"

	"github.com/sourcegraph/conc"
	"go.lsp.dev/jsonrpc2"

	"github.com/gatehouse/gatehouse/internal/rpcstream"
)

// Service is what the socket serves; the server's gate implements it.
type Service interface {
	Hook(ctx context.Context, p HookParams) (HookResult, error)
	Explain(ctx context.Context, p ExplainParams) (any, error)
	Status(ctx context.Context) (any, error)
}

// Server accepts agent connections on one unix socket.
type Server struct {
	path   string
	ln     net.Listener
	log    *slog.Logger
	budget *rpcstream.Budget

	// onAccept hears when accepting starts failing (err) and recovers (nil).
	onAccept func(err error)

	mu     sync.Mutex
	conns  map[*agentConn]struct{}
	closed bool
	wg     conc.WaitGroup
}

// Listen creates the socket at path (mode 0600). A stale socket file left by
// a dead server is replaced; a live one is an error, so that two windows never
// fight over one workspace's socket.
func Listen(path string, log *slog.Logger) (*Server, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if _, err := os.Lstat(path); err == nil {
		if c, err := net.DialTimeout("unix", path, 200*time.Millisecond); err == nil {
			c.Close()
			return nil, fmt.Errorf("listen %s: another Gatehouse server is already serving it", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("remove stale socket %s: %w", path, err)
		}
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("listen %s: %w", path, err)
	}
	// The directory is already 0700; the socket mode is the second lock.
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("restrict socket %s: %w", path, err)
	}
	ln.SetUnlinkOnClose(true)
	return &Server{path: path, ln: ln, log: log, budget: rpcstream.NewBudget(DefaultFrameBudget), conns: map[*agentConn]struct{}{}}, nil
}

// DefaultFrameBudget is the memory that unfinished messages of all agent
// connections may hold together: eight messages of MaxFrame at once. Without
// it, a hundred connections each sending most of a line would hold
// gigabytes.
const DefaultFrameBudget = 8 * MaxFrame

// SetFrameBudget replaces the shared budget for unfinished messages (call it
// before Serve). A connection whose message does not fit is answered an
// error and closed; the others are unaffected.
func (s *Server) SetFrameBudget(total int64) { s.budget = rpcstream.NewBudget(total) }

// FrameBudgetInUse is the memory unfinished messages hold now.
func (s *Server) FrameBudgetInUse() int64 { return s.budget.InUse() }

// OnAcceptTrouble sets fn to be told when accepting connections starts to
// fail (with the error) and when it works again (nil). fn must not block.
// Call it before Serve.
func (s *Server) OnAcceptTrouble(fn func(err error)) { s.onAccept = fn }

// WrapListener replaces the listener with wrap(listener), for tests that
// inject accept failures. Call it before Serve.
func (s *Server) WrapListener(wrap func(net.Listener) net.Listener) { s.ln = wrap(s.ln) }

// Path is the socket's path.
func (s *Server) Path() string { return s.path }

// Serve accepts connections until Close. Each connection is served on its own
// goroutine; a panic in one is logged and closes only that connection.
//
// A failed accept (EMFILE when the process is out of file descriptors, say)
// never stops the socket: every agent would then wait its whole timeout for
// an answer that cannot come. Serve waits and tries again, like net/http's
// Server: 5 ms, doubling up to 1 s, and tells onAccept while it cannot.
func (s *Server) Serve(ctx context.Context, svc Service) error {
	var delay time.Duration
	for {
		c, err := s.ln.Accept()
		if err != nil {
			s.mu.Lock()
			closed := s.closed
			s.mu.Unlock()
			if closed || errors.Is(err, net.ErrClosed) {
				return nil
			}
			if delay == 0 {
				delay = 5 * time.Millisecond
				s.log.Error("agent socket cannot accept connections; retrying", "socket", s.path, "err", err)
				if s.onAccept != nil {
					s.onAccept(err)
				}
			} else {
				delay = min(2*delay, time.Second)
				s.log.Debug("agent socket accept failed again", "err", err, "retry_in", delay)
			}
			select {
			case <-time.After(delay):
			case <-ctx.Done():
				return nil
			}
			continue
		}
		if delay != 0 {
			delay = 0
			s.log.Info("agent socket accepts connections again", "socket", s.path)
			if s.onAccept != nil {
				s.onAccept(nil)
			}
		}
		uc, ok := c.(*net.UnixConn)
		if !ok {
			// Only a unix socket can tell who is on the other end.
			s.log.Warn("refused agent connection: not a unix socket connection")
			c.Close()
			continue
		}
		if err := checkPeer(uc); err != nil {
			s.log.Warn("refused agent connection", "err", err)
			c.Close()
			continue
		}
		ac := newAgentConn(ctx, c, s.budget, s.log)
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return nil
		}
		s.conns[ac] = struct{}{}
		s.mu.Unlock()
		s.wg.Go(func() {
			defer func() {
				s.mu.Lock()
				delete(s.conns, ac)
				s.mu.Unlock()
			}()
			defer func() {
				if r := recover(); r != nil {
					s.log.Error("agent connection panicked", "panic", r)
					ac.rpc.Close()
				}
			}()
			ac.serve(svc, s.log)
		})
	}
}

// Close stops accepting, closes every connection (their waiting requests are
// cancelled, which the gate answers as "not allowed"), waits for the
// connection goroutines and removes the socket file.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	conns := make([]*agentConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	err := s.ln.Close()
	for _, c := range conns {
		c.stop(stopCause{StopShutdown})
		c.raw.Close()
	}
	s.wg.Wait()
	os.Remove(s.path)
	return err
}

// agentConn is one client connection. Its context ends when the client goes
// away (EOF, error, oversized frame) so that a hook killed by its agent stops
// waiting for a person at once.
type agentConn struct {
	raw    net.Conn
	rpc    jsonrpc2.Conn
	ctx    context.Context
	cancel context.CancelFunc
	stop   context.CancelCauseFunc // cancel with a reason (the server stops)

	mu    sync.Mutex
	hooks map[jsonrpc2.ID]context.CancelCauseFunc // hook calls being decided
}

func newAgentConn(parent context.Context, c net.Conn, budget *rpcstream.Budget, log *slog.Logger) *agentConn {
	ctx, stop := context.WithCancelCause(context.WithoutCancel(parent))
	// The server's context ends when it stops: say so to the requests.
	unwatch := context.AfterFunc(parent, func() { stop(stopCause{StopShutdown}) })
	cancel := func() { unwatch(); stop(nil) }
	ac := &agentConn{raw: c, ctx: ctx, cancel: cancel, stop: stop, hooks: map[jsonrpc2.ID]context.CancelCauseFunc{}}
	ec := &endConn{Conn: c, onEnd: cancel}
	ac.rpc = jsonrpc2.NewConn(rpcstream.NewLines(ec, MaxFrame, budget, log))
	return ac
}

// cancelHook handles the agent's $/cancelRequest {id, reason}: it stopped
// waiting for that hook call (its own timeout, or it was interrupted).
func (ac *agentConn) cancelHook(params []byte) {
	id, given, ok := rpcstream.CancelParams(params)
	if !ok {
		return
	}
	reason := StopCancelled
	switch given {
	case StopTimeout, StopInterrupted:
		reason = given
	}
	ac.mu.Lock()
	stop := ac.hooks[id]
	ac.mu.Unlock()
	if stop != nil {
		stop(stopCause{reason})
	}
}

// hook serves one gatehouse/hook call.
func (ac *agentConn) hook(ctx context.Context, id jsonrpc2.ID, svc Service, p HookParams) (HookResult, error) {
	wctx, stopMerge := mergeDone(ctx, ac.ctx)
	defer stopMerge()
	wctx, stop := context.WithCancelCause(wctx)
	defer stop(nil)
	ac.mu.Lock()
	ac.hooks[id] = stop
	ac.mu.Unlock()
	defer func() {
		ac.mu.Lock()
		delete(ac.hooks, id)
		ac.mu.Unlock()
	}()
	return svc.Hook(context.WithValue(wctx, connKey{}, ac), p)
}

func (ac *agentConn) serve(svc Service, log *slog.Logger) {
	ac.rpc.Go(ac.ctx, func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		if !req.IsCall() {
			// The only notification agents send is $/cancelRequest; an
			// error here would be taken as a connection failure, so
			// ignore the others.
			if req.Method() == methodCancelRequest {
				ac.cancelHook(req.Params())
			}
			return nil, nil
		}
		switch req.Method() {
		case MethodHook:
			var p HookParams
			if err := json.Unmarshal(req.Params(), &p); err != nil || len(p.Payload) == 0 {
				return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "gatehouse/hook needs {payload, projectDir}: %v", err)
			}
			// A hook may wait minutes for a person: release the read loop
			// so that other requests on this connection are not held up.
			jsonrpc2.Async(ctx)
			return ac.hook(ctx, req.ID(), svc, p)
		case MethodExplain:
			var p ExplainParams
			if err := json.Unmarshal(req.Params(), &p); err != nil {
				return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "gatehouse/explain needs {command}: %v", err)
			}
			return svc.Explain(ctx, p)
		case MethodStatus:
			return svc.Status(ctx)
		default:
			return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "unknown method %q (see docs/protocol.md)", req.Method())
		}
	})
	<-ac.rpc.Done()
	ac.cancel()
	if err := ac.rpc.Err(); err != nil && !errors.Is(err, io.EOF) {
		log.Debug("agent connection ended", "err", err)
	}
}

const methodCancelRequest = "$/cancelRequest"

// Why an agent stopped waiting for a hook's answer. An agent says it in
// $/cancelRequest {"id": …, "reason": "timeout" | "interrupted"} before it
// gives up; a connection that just closes is StopCancelled. The audit log
// records the request as what the agent was told.
const (
	StopTimeout     = "timeout"
	StopInterrupted = "interrupted"
	StopCancelled   = "cancelled"
	// StopShutdown: the server closed the connection because it stops.
	StopShutdown = "shutdown"
)

type stopCause struct{ reason string }

func (c stopCause) Error() string { return "the agent stopped waiting (" + c.reason + ")" }

// StopReason says why the agent stopped waiting for the hook request of
// ctx: the reason it gave, StopCancelled when it went away without one,
// StopTimeout when ctx's deadline passed, "" while it waits.
func StopReason(ctx context.Context) string {
	if ctx.Err() == nil {
		return ""
	}
	var sc stopCause
	if errors.As(context.Cause(ctx), &sc) {
		return sc.reason
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return StopTimeout
	}
	return StopCancelled
}

type connKey struct{}

// Waiting reports whether the agent of the hook request of ctx still waits
// for its answer: ctx has not ended and the agent has not closed its end of
// the connection. The server may not have read that close yet (it was
// stopped, say, while the agent gave up): the socket is asked directly. A
// decision for an agent that no longer waits reaches nobody, and must not
// be recorded as if it had. Outside an agent connection, only ctx counts.
func Waiting(ctx context.Context) bool {
	if ctx.Err() != nil {
		return false
	}
	ac, ok := ctx.Value(connKey{}).(*agentConn)
	if !ok {
		return true
	}
	return !peerClosed(ac.raw)
}

// mergeDone returns a context that ends when either a or b does, keeping a's
// values.
func mergeDone(a, b context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(a)
	// b's cause goes along: it says why the agent is no longer heard.
	stop := context.AfterFunc(b, func() { cancel(context.Cause(b)) })
	return ctx, func() { stop(); cancel(nil) }
}

// endConn reports the end of the client's stream (EOF, an error, or the
// connection closed for a frame too large), which jsonrpc2 only surfaces
// after in-flight handlers drain: a hook whose agent went away must stop
// waiting for a person at once.
type endConn struct {
	net.Conn
	onEnd func()
}

func (c *endConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if err != nil {
		c.onEnd()
	}
	return n, err
}

func (c *endConn) Close() error {
	c.onEnd()
	return c.Conn.Close()
}
