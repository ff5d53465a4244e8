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
)

// Service is what the socket serves; the server's gate implements it.
type Service interface {
	Hook(ctx context.Context, p HookParams) (HookResult, error)
	Explain(ctx context.Context, p ExplainParams) (any, error)
	Status(ctx context.Context) (any, error)
}

// Server accepts agent connections on one unix socket.
type Server struct {
	path string
	ln   *net.UnixListener
	log  *slog.Logger

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
	return &Server{path: path, ln: ln, log: log, conns: map[*agentConn]struct{}{}}, nil
}

// Path is the socket's path.
func (s *Server) Path() string { return s.path }

// Serve accepts connections until Close. Each connection is served on its own
// goroutine; a panic in one is logged and closes only that connection.
func (s *Server) Serve(ctx context.Context, svc Service) error {
	for {
		c, err := s.ln.AcceptUnix()
		if err != nil {
			s.mu.Lock()
			closed := s.closed
			s.mu.Unlock()
			if closed || errors.Is(err, net.ErrClosed) {
				return nil
			}
			return fmt.Errorf("accept on %s: %w", s.path, err)
		}
		if err := checkPeer(c); err != nil {
			s.log.Warn("refused agent connection", "err", err)
			c.Close()
			continue
		}
		ac := newAgentConn(ctx, c)
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
		c.cancel()
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
}

func newAgentConn(parent context.Context, c net.Conn) *agentConn {
	ctx, cancel := context.WithCancel(parent)
	ac := &agentConn{raw: c, ctx: ctx, cancel: cancel}
	lc := &frameLimitConn{Conn: c, limit: MaxFrame, onEnd: cancel}
	ac.rpc = jsonrpc2.NewConn(jsonrpc2.NewNDJSONStream(lc))
	return ac
}

func (ac *agentConn) serve(svc Service, log *slog.Logger) {
	ac.rpc.Go(ac.ctx, func(ctx context.Context, req *jsonrpc2.Request) (any, error) {
		if !req.IsCall() {
			// Agents have no notifications to send; an error here would be
			// taken as a connection failure, so ignore them.
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
			wctx, stop := mergeDone(ctx, ac.ctx)
			defer stop()
			return svc.Hook(wctx, p)
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

// mergeDone returns a context that ends when either a or b does, keeping a's
// values.
func mergeDone(a, b context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(a)
	stop := context.AfterFunc(b, cancel)
	return ctx, func() { stop(); cancel() }
}

// errFrameTooLarge ends a connection whose client sent a line longer than
// MaxFrame.
var errFrameTooLarge = fmt.Errorf("agent message larger than %d bytes", MaxFrame)

// frameLimitConn counts the bytes of the current line and fails the read once
// it passes limit. It also reports the end of the client's stream, which
// jsonrpc2 only surfaces after in-flight handlers drain.
type frameLimitConn struct {
	net.Conn
	limit   int
	current int
	onEnd   func()
}

func (c *frameLimitConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	for _, b := range p[:n] {
		if b == '\n' {
			c.current = 0
			continue
		}
		c.current++
		if c.current > c.limit {
			c.onEnd()
			return 0, errFrameTooLarge
		}
	}
	if err != nil {
		c.onEnd()
	}
	return n, err
}
