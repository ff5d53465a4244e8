// Package mcpproxy puts Gatehouse between an MCP client and an MCP server
// that runs on stdio: it serves MCP itself, runs the real server as a
// child process and forwards everything, deciding every tools/call with the
// policy the hook uses (rules on mcp__SERVER__TOOL) and asking again when a
// tool's description changes after it was approved.
//
// It uses the official Go SDK (github.com/modelcontextprotocol/go-sdk) on
// both sides rather than its own JSON-RPC code: the SDK already speaks
// every protocol version and its framing, and the proxy only has to sit in
// its middleware, where tools/list and tools/call pass.
package mcpproxy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
	"unicode"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Options configure one proxy.
type Options struct {
	Server  string    // the name in mcp__SERVER__TOOL rules
	Project string    // absolute workspace root, for the pins
	Command *exec.Cmd // the real server
	Decider Decider
	Pins    *Pins
	Version string
	Log     io.Writer // warnings (the proxy's stderr); nil discards
}

// proxy is one running proxy.
type proxy struct {
	opt     Options
	backend *mcp.ClientSession

	mu    sync.Mutex
	tools map[string]*mcp.Tool // as last listed by the real server
}

// Run serves MCP on client (the MCP client's side, usually stdio) until the
// client or the real server goes away.
func Run(ctx context.Context, opt Options, client mcp.Transport) error {
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	if err := CheckServerName(opt.Server); err != nil {
		return err
	}
	p := &proxy{opt: opt, tools: map[string]*mcp.Tool{}}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	c := mcp.NewClient(&mcp.Implementation{Name: "gatehouse-mcp-proxy", Version: opt.Version}, &mcp.ClientOptions{
		// A changed list may change a description: read it again so the
		// next call is checked against what the server says now.
		ToolListChangedHandler: func(ctx context.Context, _ *mcp.ToolListChangedRequest) {
			if err := p.refresh(ctx); err != nil {
				fmt.Fprintf(opt.Log, "gatehouse mcp-proxy: %v\n", err)
			}
		},
	})
	backend, err := c.Connect(ctx, &mcp.CommandTransport{Command: opt.Command}, nil)
	if err != nil {
		return fmt.Errorf("start the MCP server %q: %w", strings.Join(opt.Command.Args, " "), err)
	}
	p.backend = backend
	defer backend.Close()
	go func() { backend.Wait(); cancel() }() // the real server exited: stop serving

	init := backend.InitializeResult()
	name, instructions := opt.Server, ""
	if init != nil {
		instructions = init.Instructions
	}
	srv := mcp.NewServer(&mcp.Implementation{Name: name, Version: opt.Version}, &mcp.ServerOptions{
		Instructions: instructions,
		Capabilities: &mcp.ServerCapabilities{Tools: &mcp.ToolCapabilities{}},
	})
	srv.AddReceivingMiddleware(p.middleware)
	err = srv.Run(ctx, client)
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

func (p *proxy) middleware(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
		switch method {
		case "tools/list":
			r, ok := req.(*mcp.ListToolsRequest)
			if !ok {
				return nil, fmt.Errorf("gatehouse mcp-proxy: unexpected tools/list request %T", req)
			}
			res, err := p.backend.ListTools(ctx, r.Params)
			if err != nil {
				return nil, err
			}
			p.remember(res.Tools, r.Params == nil || r.Params.Cursor == "")
			return res, nil
		case "tools/call":
			r, ok := req.(*mcp.CallToolRequest)
			if !ok || r.Params == nil {
				return nil, fmt.Errorf("gatehouse mcp-proxy: unexpected tools/call request %T", req)
			}
			return p.call(ctx, r.Params)
		}
		return next(ctx, method, req)
	}
}

// remember keeps the tools the client was shown; a first page starts over.
func (p *proxy) remember(tools []*mcp.Tool, first bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if first {
		p.tools = map[string]*mcp.Tool{}
	}
	for _, t := range tools {
		if t != nil {
			p.tools[t.Name] = t
		}
	}
}

// refresh lists every tool of the real server again.
func (p *proxy) refresh(ctx context.Context) error {
	var all []*mcp.Tool
	for t, err := range p.backend.Tools(ctx, nil) {
		if err != nil {
			return fmt.Errorf("list the tools of %s: %w", p.opt.Server, err)
		}
		all = append(all, t)
	}
	p.remember(all, true)
	return nil
}

func (p *proxy) tool(ctx context.Context, name string) (*mcp.Tool, error) {
	p.mu.Lock()
	t := p.tools[name]
	p.mu.Unlock()
	if t != nil {
		return t, nil
	}
	// Called before (or without) listing: read the list the model would
	// have seen.
	if err := p.refresh(ctx); err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.tools[name], nil
}

// maxDescriptionShown bounds the description quoted in a question.
const maxDescriptionShown = 1500

func (p *proxy) call(ctx context.Context, params *mcp.CallToolParamsRaw) (mcp.Result, error) {
	if err := checkToolName(params.Name); err != nil {
		return toolError("Gatehouse: " + err.Error()), nil
	}
	args := params.Arguments
	if trimmed := strings.TrimSpace(string(args)); trimmed != "" && trimmed != "null" && !strings.HasPrefix(trimmed, "{") {
		return toolError(fmt.Sprintf("Gatehouse: the arguments of %s must be a JSON object", params.Name)), nil
	}
	t, err := p.tool(ctx, params.Name)
	if err != nil {
		return toolError("Gatehouse: " + err.Error() + "; not calling the tool"), nil
	}
	if t == nil {
		return toolError(fmt.Sprintf("Gatehouse: the MCP server %s does not list a tool named %q", p.opt.Server, params.Name)), nil
	}
	hash, err := ToolHash(t)
	if err != nil {
		return toolError("Gatehouse: " + err.Error()), nil
	}
	askReason, err := p.askReason(t, hash)
	if err != nil {
		askReason = fmt.Sprintf("Gatehouse could not read the approved tool descriptions (%v).", err)
	}
	v := p.opt.Decider.Decide(ctx, Call{Server: p.opt.Server, Tool: t.Name, Arguments: args, AskReason: askReason})
	if !v.Allow {
		return toolError(v.Reason), nil
	}
	if askReason != "" && err == nil {
		if perr := p.opt.Pins.Pin(p.opt.Project, p.opt.Server, t.Name, hash); perr != nil {
			fmt.Fprintf(p.opt.Log, "gatehouse mcp-proxy: warning: %v (the tool will ask again)\n", perr)
		}
	}
	if len(v.Arguments) > 0 {
		args = v.Arguments
	}
	var fwd any
	if len(args) > 0 {
		fwd = json.RawMessage(args)
	}
	return p.backend.CallTool(ctx, &mcp.CallToolParams{Meta: params.Meta, Name: t.Name, Arguments: fwd})
}

// askReason is why a tool must be approved before its rule counts, or ""
// when its description is the one approved.
func (p *proxy) askReason(t *mcp.Tool, hash string) (string, error) {
	status, err := p.opt.Pins.Status(t.Name, hash)
	if err != nil || status == "" {
		return "", err
	}
	desc := t.Description
	if len(desc) > maxDescriptionShown {
		desc = desc[:maxDescriptionShown] + "…"
	}
	what := "is new"
	if status == "changed" {
		what = "changed its description since it was approved (a server can rewrite what its tool tells the model)"
	}
	return fmt.Sprintf("Gatehouse: the MCP tool %s of server %s %s. Description: %q. Approve to trust this description.", t.Name, p.opt.Server, what, desc), nil
}

// checkToolName refuses names no rule could match reliably.
func checkToolName(name string) error {
	switch {
	case name == "":
		return errors.New("tools/call without a tool name")
	case len(name) > 256:
		return errors.New("tool name longer than 256 bytes")
	case strings.IndexFunc(name, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) || r == unicode.ReplacementChar }) >= 0:
		return fmt.Errorf("tool name %q contains spaces or control characters", name)
	}
	return nil
}

// toolError is the result the model reads when a call is refused: a tool
// error (isError) rather than a protocol error, so the reason reaches it.
func toolError(reason string) *mcp.CallToolResult {
	return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: reason}}}
}
