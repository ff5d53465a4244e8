package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gatehouse/gatehouse/internal/audit"
	"github.com/gatehouse/gatehouse/internal/hook"
	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/sandbox"
	"github.com/gatehouse/gatehouse/internal/settings"
)

func init() {
	subcommands["sandbox"] = subcommand{
		summary: "run a program confined to the workspace: sandbox [--workspace DIR] -- PROGRAM [ARGS...]; sandbox --check",
		run:     runSandbox,
	}
}

const sandboxUsage = `usage: gatehouse sandbox [--workspace DIR] -- PROGRAM [ARGS...]
       gatehouse sandbox --check`

func runSandbox(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var workspace string
	check, inside := false, false
	i := 0
	for ; i < len(args) && args[i] != "--"; i++ {
		switch a := args[i]; {
		case a == "--workspace" && i+1 < len(args):
			i++
			workspace = args[i]
		case strings.HasPrefix(a, "--workspace="):
			workspace = strings.TrimPrefix(a, "--workspace=")
		case a == "--check":
			check = true
		case a == "--inside":
			// The helper bwrap starts inside the sandbox (see internal/sandbox).
			inside = true
		default:
			fmt.Fprintf(stderr, "gatehouse sandbox: unknown argument %q\n%s\n", a, sandboxUsage)
			return 2
		}
	}
	if inside {
		if i >= len(args)-1 {
			return sandbox.ExitSetup
		}
		return sandbox.Inside(args[i+1:], stderr)
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse sandbox: cannot find the gatehouse binary's path: %v\n", err)
		return sandbox.ExitSetup
	}
	if check {
		return sandboxCheck(self, stdout)
	}
	if i >= len(args)-1 {
		fmt.Fprintf(stderr, "gatehouse sandbox: no program after --\n%s\n", sandboxUsage)
		return 2
	}
	command := args[i+1:]
	if workspace == "" {
		workspace = os.Getenv("CLAUDE_PROJECT_DIR")
	}
	if workspace == "" {
		if workspace, err = os.Getwd(); err != nil {
			fmt.Fprintf(stderr, "gatehouse sandbox: no workspace: pass --workspace DIR (%v)\n", err)
			return sandbox.ExitSetup
		}
	}
	if workspace, err = filepath.Abs(workspace); err != nil {
		fmt.Fprintf(stderr, "gatehouse sandbox: workspace: %v\n", err)
		return sandbox.ExitSetup
	}
	trusted, terr := hook.RecordedTrust(workspace)
	if terr != nil {
		// Unknown trust is no trust: only the workspace's own allow
		// entries are lost, never a deny.
		fmt.Fprintf(stderr, "gatehouse sandbox: the workspace's trust record cannot be read (%v); its own settings allow nothing\n", terr)
		trusted = false
	}
	loc := settings.DefaultLocations(workspace)
	pol, err := policy.Open(loc, trusted, nil)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse sandbox: %v\n", err)
		return sandbox.ExitSetup
	}
	cwd, _ := os.Getwd()
	state, _ := audit.StateDir()
	protect := []string{self, filepath.Join(filepath.Dir(self), "gatehouse-hook")}
	if state != "" {
		protect = append(protect, state)
	}
	if loc.Home != "" {
		protect = append(protect, filepath.Join(loc.Home, ".claude"), filepath.Join(loc.Home, ".claude.json"))
	}
	protect = append(protect, loc.ManagedDirs...)
	plan, err := sandbox.NewPlan(sandbox.Options{Policy: pol, Home: loc.Home, Cwd: cwd, Protect: protect})
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse sandbox: refusing to run: %v\n", err)
		return sandbox.ExitSetup
	}
	for _, w := range plan.Warnings {
		fmt.Fprintf(stderr, "gatehouse sandbox: %s\n", w)
	}
	fail := pol.Settings.Sandbox.FailIfUnavailable
	code, err := sandbox.Run(context.Background(), sandbox.RunOptions{
		Plan: plan, Program: command[0], Args: command[1:], Self: self, StateDir: state,
		Env: os.Environ(), Stdin: fileOr(stdin, os.Stdin), Stdout: fileOr(stdout, os.Stdout), Stderr: fileOr(stderr, os.Stderr),
		// Only an explicit false runs with less; unset refuses, and a
		// workspace's own files cannot say so before it is trusted.
		Degrade: fail.Set && !fail.Value && (trusted || !fail.Source.Scope.FromWorkspace()),
	})
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse sandbox: %v\n", err)
		return sandbox.ExitSetup
	}
	return code
}

// fileOr passes the process's own descriptors to the sandbox: the program
// inherits them directly, with no copying goroutine in between.
func fileOr(v any, def *os.File) *os.File {
	if f, ok := v.(*os.File); ok {
		return f
	}
	return def
}

func sandboxCheck(self string, stdout io.Writer) int {
	items := sandbox.Check(self)
	var missing []string
	for _, it := range items {
		state := "ok"
		if !it.OK {
			state = "MISSING"
			missing = append(missing, it.Name)
		}
		fmt.Fprintf(stdout, "%-8s %-11s %s\n", state, it.Name, it.Detail)
	}
	if len(missing) > 0 {
		fmt.Fprintf(stdout, "\nThis machine cannot enforce the sandbox (missing: %s): gatehouse sandbox refuses to run commands unless sandbox.failIfUnavailable is false, and then runs them with less confinement, saying so.\n", strings.Join(missing, ", "))
		return 1
	}
	fmt.Fprintln(stdout, "\nThis machine can enforce the whole sandbox: writes only in the workspace and temp, protected paths read-only, Read-denied files hidden, network only through the proxy to allowed hosts, no unix sockets, signals or tracing outside.")
	return 0
}
