// Package hook adapts Claude Code's PreToolUse hook protocol to Gatehouse: it
// reads one hook input, gets a decision (from a running server, or locally
// from the same policy when none is reachable) and prints it the way Claude
// Code expects.
//
// The protocol fails open: Claude Code carries on with a tool call when its
// hook exits with any code other than 0 or 2. So Run returns only 0 (a
// decision was printed) or 2 (blocked, reason on stderr), recovers panics, and
// turns every failure after the input was read into ask or deny, never allow.
package hook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/gatehouse/gatehouse/internal/verdict"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/agent"
	"github.com/gatehouse/gatehouse/internal/audit"
)

// DefaultTimeout is how long the hook waits for a decision. It stays below
// the 600 s timeout that the installation instructions give Claude Code, so
// the hook answers ask itself instead of being killed (a killed hook fails
// open).
const DefaultTimeout = 590 * time.Second

// TimeoutVar names the environment variable that overrides DefaultTimeout,
// as a Go duration ("90s", "2m") or a number of seconds.
const TimeoutVar = "GATEHOUSE_HOOK_TIMEOUT"

// ErrNoServer is returned (possibly wrapped) by a Remote when no Gatehouse
// server is reachable for the project; the hook then decides offline.
var ErrNoServer = errors.New("no Gatehouse server is reachable")

// Remote asks a running Gatehouse server to decide, waiting for the person
// when policy says ask. Its answer is final. Any error other than
// ErrNoServer means the server was reached and then failed (it stopped, the
// socket closed): the hook answers ask, never allow.
type Remote interface {
	Decide(ctx context.Context, p Payload, projectDir string) (Answer, error)
}

// Env is what the hook takes from its process environment.
type Env struct {
	// ProjectDir is $CLAUDE_PROJECT_DIR; when empty the payload's cwd is the
	// workspace root.
	ProjectDir string
	// Home is the user's home directory (for ~/.claude/settings.json);
	// empty means no user settings are read.
	Home string
	// Getenv reads other variables (GATEHOUSE_HOOK_TIMEOUT); nil reads none.
	Getenv func(string) string
	// Timeout bounds the whole decision; zero means $GATEHOUSE_HOOK_TIMEOUT,
	// else DefaultTimeout.
	Timeout time.Duration
	// ManagedDirs overrides the managed-settings directories (tests); nil
	// means the platform's defaults.
	ManagedDirs []string
	// Trusted tells whether the editor trusts a project (its server's record,
	// see internal/trust); nil treats every project as trusted.
	Trusted func(project string) (bool, error)
	// AuditLog opens the audit log of a workspace; offline decisions are
	// recorded there (a server records its own). nil records nothing.
	AuditLog func(workspace string) (*audit.Log, error)
}

// Run answers one hook call: it reads the payload from stdin, prints the
// decision to stdout and returns the process exit code, which is 0 after a
// decision was printed and 2 (with a one-line reason on stderr) otherwise.
// remote may be nil: the decision is then made offline.
func Run(ctx context.Context, env Env, stdin io.Reader, stdout, stderr io.Writer, remote Remote) (code int) {
	// Set once another agent's payload is recognised: from then on every
	// failure is written in that agent's blocking form, since some agents
	// (Cline, a PermissionRequest) ignore exit 2.
	var other *agent.Call
	defer func() {
		if r := recover(); r != nil {
			err := fmt.Errorf("internal error: %v", r)
			if other != nil {
				code = writeOutput(stdout, stderr, agent.Fail(*other, err))
				return
			}
			fail(stderr, err)
			code = 2
		}
	}()
	timeout, err := env.timeout()
	if err != nil {
		fail(stderr, err)
		return 2
	}
	// One deadline bounds everything the hook waits for, reading stdin
	// included: a payload that never ends must still get an answer.
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	data, err := readInput(ctx, stdin, timeout)
	if err != nil {
		fail(stderr, err)
		return 2
	}
	if c, perr := parseOther(data); c != nil {
		other = c
		if perr != nil {
			return writeOutput(stdout, stderr, agent.Fail(*c, perr))
		}
		return writeOutput(stdout, stderr, decideOther(ctx, env, *c, timeout, remote, stderr))
	}
	a, err := answer(ctx, env, data, timeout, remote, stderr)
	if err != nil {
		fail(stderr, err)
		return 2
	}
	if _, err := stdout.Write(a.MarshalOutput()); err != nil {
		fail(stderr, fmt.Errorf("write decision: %w", err))
		return 2
	}
	return 0
}

// writeOutput prints another agent's answer and returns its exit code.
func writeOutput(stdout, stderr io.Writer, out agent.Output) int {
	if len(out.Stdout) > 0 {
		if _, err := stdout.Write(out.Stdout); err != nil {
			fail(stderr, fmt.Errorf("write decision: %w", err))
			return 2
		}
	}
	if out.Stderr != "" {
		fmt.Fprintf(stderr, "gatehouse hook: %s\n", cleanReason(out.Stderr))
	}
	return out.Code
}

// fail prints the reason Claude Code shows for a blocked call: one line.
func fail(stderr io.Writer, err error) {
	fmt.Fprintf(stderr, "gatehouse hook: %s\n", cleanReason(err.Error()))
}

func answer(ctx context.Context, env Env, data []byte, timeout time.Duration, remote Remote, stderr io.Writer) (Answer, error) {
	p, err := ParsePayload(data)
	if err != nil {
		if _, known := agent.Detect(data); !known && len(bytes.TrimSpace(data)) > 0 && data[0] == '{' {
			err = fmt.Errorf("%w (%s)", err, agent.Describe(data))
		}
		return Answer{}, err
	}
	project, err := projectDir(env, p)
	if err != nil {
		return Answer{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return decideSandboxed(ctx, env, p, project, timeout, remote, stderr)
}

// decide gets the decision for one Claude Code-shaped payload: from the
// server when one answers for the project, else offline.
func decide(ctx context.Context, env Env, p Payload, project string, timeout time.Duration, remote Remote, stderr io.Writer) (Answer, error) {
	if remote != nil {
		a, err := remote.Decide(ctx, p, project)
		switch {
		case err == nil:
			if cerr := a.check(); cerr != nil {
				return recordStopped(env, p, project, stopped(p, fmt.Sprintf("the Gatehouse server sent an invalid answer (%v)", cerr)), stderr), nil
			}
			return a, nil
		case errors.Is(err, ErrNoServer):
			// No server: decide offline below.
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			return recordStopped(env, p, project, stopped(p, fmt.Sprintf("no decision was made within %s", timeout)), stderr), nil
		case ctx.Err() != nil:
			return recordStopped(env, p, project, stopped(p, "the hook was interrupted while waiting for approval"), stderr), nil
		default:
			return recordStopped(env, p, project, stopped(p, "the Gatehouse server stopped while waiting for approval ("+err.Error()+")"), stderr), nil
		}
	}
	return decideOfflineBy(ctx, env, p, project, timeout, stderr)
}

// decideOfflineBy decides offline, but never past ctx's deadline: reading
// settings or taking the audit log's lock can wait on another process (a
// server frozen mid-append holds the lock), and a hook the agent kills
// lets the tool call go ahead. When the deadline comes first the answer is
// ask (or deny in dontAsk mode); the abandoned work ends with the process.
func decideOfflineBy(ctx context.Context, env Env, p Payload, project string, timeout time.Duration, stderr io.Writer) (Answer, error) {
	type result struct {
		a   Answer
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{err: fmt.Errorf("internal error: %v", r)}
			}
		}()
		a, err := decideOffline(ctx, env, p, project, stderr)
		done <- result{a, err}
	}()
	select {
	case r := <-done:
		return r.a, r.err
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return stopped(p, fmt.Sprintf("no decision was made within %s (the offline policy or its audit log did not answer)", timeout)), nil
		}
		return stopped(p, "the hook was interrupted while deciding"), nil
	}
}

// recordGrace is how long the hook waits to record an answer it gives
// because the server did not: the server that would have recorded it is
// gone or frozen (and may hold the log's lock), so the record is best
// effort and never holds the answer back for long.
const recordGrace = time.Second

// recordStopped writes to the audit log what the agent is told when the
// server could not decide, so that the log says what the agent was
// actually told, and returns a unchanged.
func recordStopped(env Env, p Payload, project string, a Answer, stderr io.Writer) Answer {
	if env.AuditLog == nil {
		return a
	}
	done := make(chan error, 1)
	go func() {
		log, err := env.AuditLog(project)
		if err == nil {
			err = log.Append(audit.Entry{
				Session:  p.SessionID,
				Agent:    agentName(p) + " (hook)",
				Tool:     p.ToolName,
				Summary:  audit.Summary(p.ToolName, p.ToolInput, nil),
				Input:    p.ToolInput,
				Decision: a.Decision,
				By:       verdict.ByGatehouse,
				Reason:   a.Reason,
			})
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			fmt.Fprintf(stderr, "gatehouse hook: warning: %s\n", cleanReason(err.Error()))
		}
	case <-time.After(recordGrace):
		fmt.Fprintf(stderr, "gatehouse hook: warning: the audit log did not take the record within %s\n", recordGrace)
	}
	return a
}

// stopped is the answer when the server could not finish deciding: the
// person is asked in Claude Code's own prompt, or, in dontAsk mode (where
// Claude Code would not ask), the call is denied.
func stopped(p Payload, why string) Answer {
	if p.PermissionMode == "dontAsk" {
		return Answer{Decision: Deny, Reason: "Gatehouse: " + why + "; denied because the session is in dontAsk mode"}
	}
	return Answer{Decision: Ask, Reason: "Gatehouse: " + why + "; approve here if you want this to run"}
}

// readInput reads stdin whole, refusing more than MaxInput bytes, and gives
// up when ctx ends (an agent that never closes stdin).
func readInput(ctx context.Context, stdin io.Reader, timeout time.Duration) ([]byte, error) {
	if stdin == nil {
		return nil, errors.New("hook input: no stdin")
	}
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		var buf bytes.Buffer
		n, err := buf.ReadFrom(io.LimitReader(stdin, MaxInput+1))
		switch {
		case err != nil:
			err = fmt.Errorf("hook input: read stdin: %w", err)
		case n > MaxInput:
			err = fmt.Errorf("hook input: larger than %d MiB; refusing to decide on it", MaxInput>>20)
		}
		done <- result{buf.Bytes(), err}
	}()
	select {
	case r := <-done:
		return r.data, r.err
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("hook input: stdin did not end within %s; refusing to decide on part of it", timeout)
		}
		return nil, errors.New("hook input: interrupted while reading stdin")
	}
}

// projectDir picks the workspace root: $CLAUDE_PROJECT_DIR, else the cwd
// Claude Code reports. It must be absolute: a relative root would make
// confinement depend on the hook's own working directory.
func projectDir(env Env, p Payload) (string, error) {
	dir, from := env.ProjectDir, "CLAUDE_PROJECT_DIR"
	if dir == "" {
		dir, from = p.Cwd, "the payload's cwd"
	}
	switch {
	case dir == "":
		return "", errors.New("no workspace: CLAUDE_PROJECT_DIR is unset and the hook input has no cwd")
	case strings.ContainsRune(dir, 0):
		return "", fmt.Errorf("no workspace: %s contains a NUL byte", from)
	case !filepath.IsAbs(dir):
		return "", fmt.Errorf("no workspace: %s %q is not an absolute path", from, dir)
	}
	return filepath.Clean(dir), nil
}

func (env Env) timeout() (time.Duration, error) {
	if env.Timeout > 0 {
		return env.Timeout, nil
	}
	if env.Getenv == nil {
		return DefaultTimeout, nil
	}
	v := strings.TrimSpace(env.Getenv(TimeoutVar))
	if v == "" {
		return DefaultTimeout, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		secs, serr := strconv.ParseUint(v, 10, 32)
		if serr != nil {
			return 0, fmt.Errorf("%s=%q is not a duration; set it like 590s or 10m, or unset it", TimeoutVar, v)
		}
		d = time.Duration(secs) * time.Second
	}
	if d <= 0 {
		return 0, fmt.Errorf("%s=%q must be positive; set it like 590s, or unset it", TimeoutVar, v)
	}
	return d, nil
}

// Decide answers one hook input given as bytes, exactly as Run would (the
// server through remote, else the offline policy), without printing it.
// Adapters that are not a hook process (the MCP proxy) decide through it so
// that they follow the same path, timeouts and failure answers.
func Decide(ctx context.Context, env Env, payload []byte, remote Remote) (Answer, error) {
	timeout, err := env.timeout()
	if err != nil {
		return Answer{}, err
	}
	return answer(ctx, env, payload, timeout, remote, io.Discard)
}
