package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/gatehouse/gatehouse/internal/audit"
	"github.com/gatehouse/gatehouse/internal/hook"
	"github.com/gatehouse/gatehouse/internal/trust"
)

func init() {
	subcommands["hook"] = subcommand{
		summary: "decide one tool call of Claude Code, Copilot, Cursor, Codex, Gemini CLI or Cline (its hook JSON on stdin)",
		run:     runHook,
	}
}

// newRemote is the one place where the hook learns how to reach a running
// Gatehouse server. While it is nil (or returns nil) every decision is made
// offline from the project's settings. It must return hook.ErrNoServer
// (wrapped is fine) from Decide when no server answers for the project.
var newRemote func(env hook.Env) hook.Remote

func runHook(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		// Exit 2, not 1: any other code lets Claude Code run the tool anyway.
		fmt.Fprintf(stderr, "gatehouse hook: takes no arguments (got %q); it reads Claude Code's PreToolUse JSON on stdin\n", args)
		return 2
	}
	home, _ := os.UserHomeDir() // no home: only user-level settings are skipped
	env := hook.Env{
		ProjectDir: os.Getenv("CLAUDE_PROJECT_DIR"),
		Home:       home,
		Getenv:     os.Getenv,
		AuditLog:   audit.OpenWorkspace,
		Trusted:    recordedTrust,
	}
	// A closed stdout must give EPIPE (and exit 2), not death by SIGPIPE:
	// any exit code but 0 and 2 lets Claude Code run the tool.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	// Claude Code kills a hook that outlives its timeout; cancel the wait on
	// SIGTERM/SIGINT/SIGHUP (a closed terminal) so that the hook still
	// prints ask before it goes: dying of the signal would be fail-open.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	var remote hook.Remote
	if newRemote != nil {
		remote = newRemote(env)
	}
	return hook.Run(ctx, env, stdin, stdout, stderr, remote)
}

// recordedTrust is the editor's last word on whether project is trusted, as
// its server recorded it in the state directory (internal/trust).
func recordedTrust(project string) (bool, error) {
	dir, err := audit.StateDir()
	if err != nil {
		// No state directory: no server could have recorded anything.
		return true, nil
	}
	return trust.Open(dir).Trusted(project)
}
