package hook

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/gatehouse/gatehouse/internal/audit"
	"github.com/gatehouse/gatehouse/internal/trust"
)

// Main is the hook as a process, shared by `gatehouse hook` and the small
// `gatehouse-hook` binary: it reads the environment, handles signals,
// reaches the server over its socket and returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		// Exit 2, not 1: any other code lets Claude Code run the tool anyway.
		fmt.Fprintf(stderr, "gatehouse hook: takes no arguments (got %q); it reads the agent's hook JSON on stdin\n", args)
		return 2
	}
	home, _ := os.UserHomeDir() // no home: only user-level settings are skipped
	env := Env{
		ProjectDir: os.Getenv("CLAUDE_PROJECT_DIR"),
		Home:       home,
		Getenv:     os.Getenv,
		AuditLog:   audit.OpenWorkspace,
		Trusted:    RecordedTrust,
	}
	// A closed stdout must give EPIPE (and exit 2), not death by SIGPIPE:
	// any exit code but 0 and 2 lets Claude Code run the tool.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	// Claude Code kills a hook that outlives its timeout; cancel the wait on
	// SIGTERM/SIGINT/SIGHUP (a closed terminal) so that the hook still
	// prints ask before it goes: dying of the signal would be fail-open.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	return Run(ctx, env, stdin, stdout, stderr, &SocketRemote{Socket: os.Getenv("GATEHOUSE_SOCKET")})
}

// RecordedTrust is the editor's last word on whether project is trusted, as
// its server recorded it in the state directory (internal/trust).
func RecordedTrust(project string) (bool, error) {
	dir, err := audit.StateDir()
	if err != nil {
		// No state directory: no server could have recorded anything.
		return true, nil
	}
	return trust.Open(dir).Trusted(project)
}
