package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/gatehouse/gatehouse/internal/audit"
	"github.com/gatehouse/gatehouse/internal/hook"
	"github.com/gatehouse/gatehouse/internal/mcpproxy"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func init() {
	subcommands["mcp-proxy"] = subcommand{
		summary: "run an MCP server (stdio) behind Gatehouse: mcp-proxy [--name SERVER] -- COMMAND [ARGS...]",
		run:     runMCPProxy,
	}
}

const mcpProxyUsage = `usage: gatehouse mcp-proxy [--name SERVER] -- COMMAND [ARGS...]
       gatehouse mcp-proxy --wrap-config PATH [--unwrap]`

func runMCPProxy(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var name, wrapPath string
	unwrap := false
	i := 0
	for ; i < len(args) && args[i] != "--"; i++ {
		switch a := args[i]; {
		case a == "--name" && i+1 < len(args):
			i++
			name = args[i]
		case strings.HasPrefix(a, "--name="):
			name = strings.TrimPrefix(a, "--name=")
		case a == "--wrap-config" && i+1 < len(args):
			i++
			wrapPath = args[i]
		case a == "--unwrap":
			unwrap = true
		default:
			fmt.Fprintf(stderr, "gatehouse mcp-proxy: unknown argument %q\n%s\n", a, mcpProxyUsage)
			return 2
		}
	}
	if wrapPath != "" {
		return wrapMCPConfig(wrapPath, unwrap, stdout, stderr)
	}
	if i >= len(args)-1 {
		fmt.Fprintf(stderr, "gatehouse mcp-proxy: no server command after --\n%s\n", mcpProxyUsage)
		return 2
	}
	command := args[i+1:]
	if name == "" {
		name = mcpproxy.DeriveServerName(command[0], command[1:])
	}
	if err := mcpproxy.CheckServerName(name); err != nil {
		fmt.Fprintf(stderr, "gatehouse mcp-proxy: --name: %v\n", err)
		return 2
	}
	project, err := mcpProject()
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse mcp-proxy: %v\n", err)
		return 2
	}
	state, err := audit.StateDir()
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse mcp-proxy: no state directory for the approved tool descriptions: %v\n", err)
		return 2
	}
	home, _ := os.UserHomeDir()
	session := make([]byte, 8)
	rand.Read(session)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd := exec.Command(command[0], command[1:]...)
	cmd.Stderr = stderr // the real server's log goes where the client shows ours
	err = mcpproxy.Run(ctx, mcpproxy.Options{
		Server:  name,
		Project: project,
		Command: cmd,
		Decider: mcpproxy.HookDecider{
			Env:     hook.Env{Home: home, Getenv: os.Getenv, AuditLog: audit.OpenWorkspace},
			Project: project,
			Session: "mcp-" + name + "-" + hex.EncodeToString(session),
			Socket:  os.Getenv("GATEHOUSE_SOCKET"),
		},
		Pins:    mcpproxy.OpenPins(state, project, name),
		Version: version,
		Log:     stderr,
	}, &mcp.IOTransport{Reader: io.NopCloser(stdin), Writer: nopWriteCloser{stdout}})
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse mcp-proxy: %v\n", err)
		return 1
	}
	return 0
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// mcpProject is the workspace whose policy decides: $CLAUDE_PROJECT_DIR,
// else the directory the MCP client started the proxy in (clients start
// project servers in the project).
func mcpProject() (string, error) {
	dir := os.Getenv("CLAUDE_PROJECT_DIR")
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", fmt.Errorf("no workspace: CLAUDE_PROJECT_DIR is unset and the working directory is unknown (%v)", err)
		}
		dir = wd
	}
	if !filepath.IsAbs(dir) || strings.ContainsRune(dir, 0) {
		return "", fmt.Errorf("no workspace: %q is not an absolute path", dir)
	}
	return filepath.Clean(dir), nil
}

func wrapMCPConfig(path string, unwrap bool, stdout, stderr io.Writer) int {
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse mcp-proxy: cannot find the gatehouse binary's path: %v\n", err)
		return 1
	}
	changed, err := mcpproxy.WrapConfig(path, self, unwrap)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse mcp-proxy: %v\n", err)
		return 1
	}
	verb := "wrapped"
	if unwrap {
		verb = "unwrapped"
	}
	if len(changed) == 0 {
		fmt.Fprintf(stdout, "%s: nothing to change\n", path)
		return 0
	}
	fmt.Fprintf(stdout, "%s: %s %s\n", path, verb, strings.Join(changed, ", "))
	return 0
}
