package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/sourcegraph/conc"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/gatehouse/gatehouse/internal/agentsock"
	"github.com/gatehouse/gatehouse/internal/gate"
	"github.com/gatehouse/gatehouse/internal/rpcstream"
)

func init() {
	subcommands["serve"] = subcommand{
		summary: "language server for the editor (LSP on stdio) and the agents' socket",
		run:     runServe,
	}
}

// stdio joins stdin and stdout into the connection's byte stream. Close
// closes both so that a reader blocked on stdin returns.
type stdio struct {
	in  io.ReadCloser
	out io.WriteCloser
}

func (s stdio) Read(p []byte) (int, error)  { return s.in.Read(p) }
func (s stdio) Write(p []byte) (int, error) { return s.out.Write(p) }
func (s stdio) Close() error {
	err := s.in.Close()
	if e := s.out.Close(); err == nil {
		err = e
	}
	return err
}

func runServe(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	socketPath := fs.String("socket", "", "agent socket path (default: per workspace under $XDG_RUNTIME_DIR/gatehouse)")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error (logs go to stderr)")
	// Language clients (vscode-languageclient's TransportKind.stdio, and
	// others) add --stdio; stdio is the only transport, so accept it.
	fs.Bool("stdio", true, "speak LSP on stdin/stdout (the only transport; accepted for clients that pass it)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(stderr, "gatehouse serve: --log-level: %v\n", err)
		return 2
	}
	// Never log to stdout: it carries the protocol.
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	out, _ := stdout.(io.WriteCloser)
	if out == nil {
		fmt.Fprintln(stderr, "gatehouse serve: stdout must be a file or pipe")
		return 2
	}
	// A read blocked on a stdin pipe is not interrupted by closing it, and
	// jsonrpc2's Close waits for its reader: pump stdin through an io.Pipe
	// whose Close does unblock the reader.
	pr, pw := io.Pipe()
	go func() {
		_, err := io.Copy(pw, stdin)
		pw.CloseWithError(err)
	}()
	return serve(context.Background(), stdio{in: pr, out: out}, *socketPath, log)
}

// serve runs one LSP session until exit (0 after shutdown, else 1).
func serve(parent context.Context, rwc io.ReadWriteCloser, socketFlag string, log *slog.Logger) int {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()

	srv := newLSPServer(log)
	srv.baseCtx = ctx
	// rpcstream answers malformed messages (-32700, -32600) instead of
	// letting jsonrpc2 end the session on them, and logs why when the
	// framing itself breaks.
	conn := jsonrpc2.NewConn(rpcstream.NewLSP(rwc, log))
	srv.conn = conn
	srv.client = protocol.ClientDispatcher(conn)

	var (
		wg       conc.WaitGroup
		mu       sync.Mutex
		cleanups []func()
	)
	runCleanups := func() {
		mu.Lock()
		fns := cleanups
		cleanups = nil
		mu.Unlock()
		for i := len(fns) - 1; i >= 0; i-- {
			fns[i]()
		}
	}
	defer runCleanups()
	atExit := func(fn func()) {
		mu.Lock()
		cleanups = append(cleanups, fn)
		mu.Unlock()
	}

	srv.onInitialize = func(roots []string, trusted bool) (string, error) {
		home, _ := os.UserHomeDir()
		g := gate.New(gate.Options{Roots: roots, Home: home, Trusted: trusted, Documents: srv.docs, Log: log, Version: version})
		srv.g = g
		g.Subscribe(srv.stateChanged)
		atExit(g.Close)

		path := socketFlag
		dir, dirErr := agentsock.Dir()
		if path == "" {
			if dirErr != nil {
				return "", dirErr
			}
			key := "no-workspace"
			if len(roots) > 0 {
				key = roots[0]
			} else if wd, err := os.Getwd(); err == nil {
				key = wd
			}
			path = agentsock.SocketPath(dir, key)
		}
		sock, err := agentsock.Listen(path, log)
		if err != nil {
			return "", err
		}
		atExit(func() { sock.Close() })
		sock.OnAcceptTrouble(func(err error) { go srv.socketTrouble(ctx, path, err) })
		wg.Go(func() {
			if err := sock.Serve(ctx, agentsock.GateService{Gate: g}); err != nil {
				log.Error("agent socket stopped", "err", err)
			}
		})
		rs := &rootServices{ctx: ctx, log: log, socket: path, home: home, onChange: func() {
			g.ReloadPolicy()
			srv.publishSettingsProblems(ctx)
		}}
		if dirErr == nil {
			rs.dir = dir
		}
		rs.set(roots)
		srv.roots = rs
		atExit(rs.close)
		wg.Go(func() { srv.notifyLoop(ctx) })
		go srv.publishSettingsProblems(ctx)
		return path, nil
	}

	conn.Go(ctx, srv.handler())
	select {
	case <-conn.Done():
	case <-srv.exited:
	}
	srv.mu.Lock()
	clean := srv.shutdown
	srv.mu.Unlock()
	select {
	case <-srv.exited:
		if !clean {
			log.Warn("exit before shutdown; exiting with status 1")
		}
	default:
		if err := conn.Err(); err != nil {
			log.Error("the editor connection failed", "err", err)
		} else if !clean {
			log.Warn("the editor closed the connection without shutdown and exit; exiting with status 1")
		}
	}
	cancel()
	rwc.Close()
	conn.Close()
	// Answer waiting agents, remove the socket and records, stop watching;
	// then wait for the goroutines that served them.
	runCleanups()
	wg.Wait()
	if clean {
		return 0
	}
	return 1
}

// socketTrouble tells the person when the agent socket cannot accept
// connections (err) and when it can again (nil): meanwhile every agent's
// hook waits for its timeout, and the reason is on this side.
func (s *lspServer) socketTrouble(ctx context.Context, path string, err error) {
	s.mu.Lock()
	if err != nil {
		s.socketProblem = err.Error()
	} else {
		s.socketProblem = ""
	}
	s.mu.Unlock()
	s.stateChanged()
	msg := protocol.ShowMessageParams{Type: protocol.MessageTypeInfo, Message: "Gatehouse: the agent socket accepts connections again."}
	if err != nil {
		msg = protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: fmt.Sprintf(
			"Gatehouse cannot accept agent connections on %s (%v); agents wait until it can. It keeps retrying; if the process is out of file descriptors, close other connections or raise its limit (ulimit -n).", path, err)}
	}
	if err := s.client.ShowMessage(ctx, &msg); err != nil {
		s.log.Debug("show message", "err", err)
	}
}

// publishSettingsProblems shows each broken settings file's error at its
// line and column, and clears the diagnostics of files fixed since.
func (s *lspServer) publishSettingsProblems(ctx context.Context) {
	if s.g == nil {
		return
	}
	next := map[string][]protocol.Diagnostic{}
	for _, root := range s.g.Roots() {
		pol, err := s.g.Policy(root)
		if err != nil {
			continue
		}
		for _, b := range pol.Settings.Broken {
			line, col := b.Line, b.Col
			if line > 0 {
				line--
			}
			if col > 0 {
				col--
			}
			msg := b.Problem
			if msg == "" {
				msg = b.Error()
			}
			next[filepath.Clean(b.Path)] = append(next[filepath.Clean(b.Path)], protocol.Diagnostic{
				Range:    protocol.Range{Start: protocol.Position{Line: uint32(line), Character: uint32(col)}, End: protocol.Position{Line: uint32(line), Character: uint32(col + 1)}},
				Severity: protocol.DiagnosticSeverityError,
				Source:   protocol.NewOptional("gatehouse"),
				Message:  protocol.String(strings.TrimSpace(msg) + " — until this is fixed Gatehouse allows nothing automatically; the file's deny rules still apply."),
			})
		}
	}
	s.mu.Lock()
	prev := s.settingsProblems
	s.settingsProblems = next
	s.mu.Unlock()
	for p := range prev {
		if _, still := next[p]; !still {
			s.client.PublishDiagnostics(ctx, &protocol.PublishDiagnosticsParams{URI: pathToURI(p), Diagnostics: []protocol.Diagnostic{}})
		}
	}
	for p, d := range next {
		s.client.PublishDiagnostics(ctx, &protocol.PublishDiagnosticsParams{URI: pathToURI(p), Diagnostics: d})
	}
}
