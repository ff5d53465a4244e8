package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/gatehouse/gatehouse/internal/gate"
	"github.com/gatehouse/gatehouse/internal/rpcstream"
)

// lspServer is the language server the extension starts. It holds no policy
// of its own: each handler decodes, calls the gate, and encodes.
type lspServer struct {
	protocol.UnimplementedServer

	log    *slog.Logger
	client protocol.Client
	conn   jsonrpc2.Conn
	g      *gate.Gate
	docs   *documents
	roots  *rootServices // discovery records and settings watchers per folder

	// baseCtx is the session's context (set by serve); calls is what
	// $/cancelRequest can cancel.
	baseCtx context.Context
	calls   runningCalls

	// clientCaps is what the editor said it can do; set by Initialize
	// before anything reads it.
	clientCaps clientCaps

	// onInitialize starts what needs the roots (socket, watcher); set by serve.
	onInitialize func(roots []string, trusted bool) (socket string, err error)

	mu          sync.Mutex
	initialized bool
	shutdown    bool
	exited      chan struct{}
	// published remembers which files have pending-hunk diagnostics, so they
	// can be cleared when the edit is decided.
	published map[string]bool
	// settingsProblems are diagnostics on broken settings files.
	settingsProblems map[string][]protocol.Diagnostic
	// socketProblem is why the agent socket cannot accept connections now
	// ("" when it can).
	socketProblem string
	// dirty wakes the notifier (buffered, size 1).
	dirty chan struct{}
}

func newLSPServer(log *slog.Logger) *lspServer {
	s := &lspServer{baseCtx: context.Background(), log: log, exited: make(chan struct{}), dirty: make(chan struct{}, 1), published: map[string]bool{}, settingsProblems: map[string][]protocol.Diagnostic{}}
	s.docs = newDocuments()
	return s
}

// handler wraps the protocol dispatcher with the rules of this connection:
// notifications run in order and never fail the connection; notifications
// other than exit are dropped and calls other than initialize refused until
// initialize (the handlers need the gate it creates); initialize is refused
// a second time (it would replace the gate the socket serves); calls that
// may wait run concurrently; a panicking handler fails its own message, not
// the server.
func (s *lspServer) handler() jsonrpc2.Handler {
	inner := protocol.ServerHandler(s, nil)
	return func(ctx context.Context, req *jsonrpc2.Request) (res any, err error) {
		method := req.Method()
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("handler panicked", "method", method, "panic", r)
				res, err = nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "%s failed inside Gatehouse: %v", method, r)
				if !req.IsCall() {
					err = nil
				}
			}
		}()
		s.mu.Lock()
		ready, down := s.initialized, s.shutdown
		s.mu.Unlock()
		if !req.IsCall() {
			if !ready && method != protocol.MethodExit {
				s.log.Debug("notification before initialize dropped", "method", method)
				return nil, nil
			}
			var err error
			switch method {
			case protocol.MethodCancelRequest:
				s.calls.cancel(req.Params())
			case protocol.MethodTextDocumentDidOpen:
				err = s.didOpenRaw(req.Params())
			case protocol.MethodTextDocumentDidChange:
				err = s.didChangeRaw(req.Params())
			default:
				_, err = inner(ctx, req)
			}
			if err != nil {
				s.log.Warn("notification failed", "method", method, "err", err)
			}
			return nil, nil
		}
		if !ready && method != protocol.MethodInitialize {
			return nil, jsonrpc2.Errorf(jsonrpc2.ServerNotInitialized, "%s before initialize", method)
		}
		if ready && method == protocol.MethodInitialize {
			return nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "initialize sent twice; restart the server to open other folders")
		}
		if down && method != protocol.MethodShutdown {
			return nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "%s after shutdown", method)
		}
		switch method {
		case protocol.MethodWorkspaceExecuteCommand, reqProposedContent:
			// Commands may write settings or call the client back
			// (workspace/applyEdit): release the read loop first.
			jsonrpc2.Async(ctx)
			// A context of its own, which $/cancelRequest cancels. (Not
			// derived from ctx: jsonrpc2 recycles a request's context once
			// it is answered, and a derived one would watch it after.)
			cctx, done := s.calls.start(s.baseCtx, req.ID())
			defer done()
			return inner(cctx, req)
		}
		return inner(ctx, req)
	}
}

// runningCalls are the calls that run concurrently, by id, so that
// $/cancelRequest can cancel them.
type runningCalls struct {
	mu   sync.Mutex
	byID map[jsonrpc2.ID]context.CancelFunc
}

func (r *runningCalls) start(parent context.Context, id jsonrpc2.ID) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	r.mu.Lock()
	if r.byID == nil {
		r.byID = map[jsonrpc2.ID]context.CancelFunc{}
	}
	r.byID[id] = cancel
	r.mu.Unlock()
	return ctx, func() {
		r.mu.Lock()
		delete(r.byID, id)
		r.mu.Unlock()
		cancel()
	}
}

// cancel cancels the call $/cancelRequest names. The call still answers
// (one waiting on the editor gives up); a call already answered, or a
// malformed id, is ignored, as the notification asks for nothing in return.
func (r *runningCalls) cancel(params []byte) {
	id, _, ok := rpcstream.CancelParams(params)
	if !ok {
		return
	}
	r.mu.Lock()
	cancel := r.byID[id]
	r.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// Request serves the custom methods of server/methods.go.
func (s *lspServer) Request(ctx context.Context, method string, params any) (any, error) {
	raw, _ := params.(protocol.LSPAny)
	switch method {
	case reqProposedContent:
		var p struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s needs {id}: %v", method, err)
		}
		return s.proposedContent(p.ID)
	}
	return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "unknown method %q", method)
}

func (s *lspServer) Initialize(ctx context.Context, params *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	var roots []string
	folders, _ := params.WorkspaceFolders.Get()
	for _, f := range folders {
		if p, err := uriToPath(f.URI); err == nil {
			roots = append(roots, p)
		}
	}
	if len(roots) == 0 && params.RootURI != nil {
		if p, err := uriToPath(*params.RootURI); err == nil {
			roots = append(roots, p)
		}
	}
	trusted := true // absent: plain LSP clients behave like the offline hook
	fromExtension := false
	if len(params.InitializationOptions) > 0 {
		var opts struct {
			WorkspaceTrusted *bool `json:"workspaceTrusted"`
		}
		if err := json.Unmarshal(params.InitializationOptions, &opts); err == nil && opts.WorkspaceTrusted != nil {
			trusted = *opts.WorkspaceTrusted
			fromExtension = true
		} else if err != nil {
			// Unreadable options must not make the gate more permissive.
			trusted = false
		}
	}
	s.clientCaps = readClientCaps(params, fromExtension)
	socket, err := s.onInitialize(roots, trusted)
	if err != nil {
		return nil, fmt.Errorf("start Gatehouse: %w", err)
	}
	s.mu.Lock()
	s.initialized = true
	s.mu.Unlock()

	full := protocol.TextDocumentSyncKindFull
	openClose := true
	experimental, _ := json.Marshal(map[string]any{"gatehouse": map[string]any{"socket": socket, "version": version}})
	return &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync:       &protocol.TextDocumentSyncOptions{OpenClose: &openClose, Change: &full},
			CodeLensProvider:       &protocol.CodeLensOptions{},
			CodeActionProvider:     protocol.Boolean(true),
			ExecuteCommandProvider: protocol.ExecuteCommandOptions{Commands: serverCommands()},
			Experimental:           experimental,
		},
		ServerInfo: protocol.ServerInfo{Name: "gatehouse", Version: protocol.NewOptional(version)},
	}, nil
}

// clientCaps are the editor features the server adapts to.
type clientCaps struct {
	// codeLensRefresh: the client handles workspace/codeLens/refresh.
	// Others (Neovim 0.7) warn about every one they get.
	codeLensRefresh bool
	// vscodeDiff: the Gatehouse extension runs there and registered the
	// client-side gatehouse.showDiff (a VS Code diff editor).
	vscodeDiff bool
}

func readClientCaps(params *protocol.InitializeParams, fromExtension bool) clientCaps {
	var c clientCaps
	if w := params.Capabilities.Workspace; w != nil && w.CodeLens != nil && w.CodeLens.RefreshSupport != nil {
		c.codeLensRefresh = *w.CodeLens.RefreshSupport
	}
	// The extension always sends workspaceTrusted; VS Code and its
	// builds name themselves in clientInfo.
	name := strings.ToLower(params.ClientInfo.Name)
	c.vscodeDiff = fromExtension
	for _, n := range []string{"visual studio code", "code - oss", "vscodium", "code-server"} {
		c.vscodeDiff = c.vscodeDiff || strings.Contains(name, n)
	}
	return c
}

func (s *lspServer) Initialized(context.Context, *protocol.InitializedParams) error {
	s.stateChanged()
	return nil
}

func (s *lspServer) Shutdown(context.Context) error {
	s.mu.Lock()
	s.shutdown = true
	s.mu.Unlock()
	return nil
}

func (s *lspServer) Exit(context.Context) error {
	select {
	case <-s.exited:
	default:
		close(s.exited)
	}
	return nil
}

func (s *lspServer) DidChangeWorkspaceFolders(ctx context.Context, params *protocol.DidChangeWorkspaceFoldersParams) error {
	roots := s.g.Roots()
	removed := map[string]bool{}
	for _, f := range params.Event.Removed {
		if p, err := uriToPath(f.URI); err == nil {
			removed[p] = true
		}
	}
	var next []string
	for _, r := range roots {
		if !removed[r] {
			next = append(next, r)
		}
	}
	for _, f := range params.Event.Added {
		if p, err := uriToPath(f.URI); err == nil {
			next = append(next, p)
		}
	}
	s.g.SetRoots(next)
	if s.roots != nil {
		s.roots.set(next)
	}
	go s.publishSettingsProblems(context.Background())
	return nil
}

// DidChangeConfiguration carries workspace trust changes:
// {settings: {gatehouse: {workspaceTrusted: bool}}}.
func (s *lspServer) DidChangeConfiguration(ctx context.Context, params *protocol.DidChangeConfigurationParams) error {
	var p struct {
		Gatehouse struct {
			WorkspaceTrusted *bool `json:"workspaceTrusted"`
		} `json:"gatehouse"`
	}
	if err := json.Unmarshal(params.Settings, &p); err != nil || p.Gatehouse.WorkspaceTrusted == nil {
		return nil
	}
	s.g.SetTrusted(*p.Gatehouse.WorkspaceTrusted)
	return nil
}

// uriToPath turns a file: URI into an absolute path; other schemes are not
// files Gatehouse guards.
func uriToPath(u uri.URI) (string, error) {
	parsed, err := url.Parse(string(u))
	if err != nil {
		return "", fmt.Errorf("uri %q: %w", u, err)
	}
	if parsed.Scheme != "file" {
		return "", fmt.Errorf("uri %q is not a file", u)
	}
	p := parsed.Path
	if runtime.GOOS == "windows" {
		p = strings.TrimPrefix(p, "/")
	}
	p = filepath.FromSlash(p)
	if !filepath.IsAbs(p) {
		return "", errors.New("uri " + string(u) + " has no absolute path")
	}
	return filepath.Clean(p), nil
}

func pathToURI(p string) uri.URI {
	slash := filepath.ToSlash(p)
	if !strings.HasPrefix(slash, "/") {
		slash = "/" + slash
	}
	return uri.URI((&url.URL{Scheme: "file", Path: slash}).String())
}
