package hook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/hook"
)

func TestParsePayloadRecorded(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testdata, "*.json"))
	if err != nil || len(files) < 10 {
		t.Fatalf("recorded payloads: %v (%d files)", err, len(files))
	}
	for _, f := range files {
		if filepath.Base(f) == "settings.json" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := hook.ParsePayload(data)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if p.SessionID == "" || p.TranscriptPath == "" || p.Cwd != recordedProject || p.PermissionMode == "" || p.ToolUseID == "" {
			t.Errorf("%s: fields not decoded: %+v", filepath.Base(f), p)
		}
		var in map[string]any
		if err := json.Unmarshal(p.ToolInput, &in); err != nil || len(in) == 0 {
			t.Errorf("%s: tool_input %s: %v", filepath.Base(f), p.ToolInput, err)
		}
		if !bytes.Equal(p.Raw, bytes.TrimSpace(data)) {
			t.Errorf("%s: Raw is not the input", filepath.Base(f))
		}
	}
}

func TestParsePayloadErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{``, "hook input: stdin is empty"},
		{`{`, "hook input: JSON ends early"},
		{`{"hook_event_name":"PreToolUse","tool_input":{}}`, "hook input: tool_name missing"},
		{`{"hook_event_name":"PreToolUse","tool_name":"Bash"}`, "hook input: tool_input missing"},
		{`{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":1}`, `hook input: tool_input is not a JSON object (starts with "1")`},
		{`{"hook_event_name":"PreToolUse","tool_name":"Bash\n","tool_input":{}}`, "hook input: tool_name contains control characters"},
		{`{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"a":{"b":1,"b":2}}}`, `hook input: key "b" appears twice in tool_input.a`},
		// U+212A KELVIN SIGN folds to k: encoding/json would match it to a "k" field.
		{`{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"k":1,"\u212a":2}}`, `differ only in case in tool_input`},
		{`{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{},"session_id":7}`, "hook input: field session_id is a JSON number, want string"},
		{`{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls"}` + strings.Repeat(" ", 10) + `x`, "hook input: invalid JSON"},
		{strings.Repeat(`{"a":`, 1100) + `1` + strings.Repeat(`}`, 1100), "nested deeper than 1000 levels"},
	} {
		_, err := hook.ParsePayload([]byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParsePayload(%.60q) = %v, want error containing %q", tc.in, err, tc.want)
		}
	}
}

func TestMarshalOutput(t *testing.T) {
	for _, tc := range []struct {
		a    hook.Answer
		want string
	}{
		{hook.Answer{Decision: "allow", Reason: "allowed by Bash(git status) in .claude/settings.json"},
			`{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow","permissionDecisionReason":"allowed by Bash(git status) in .claude/settings.json"}}`},
		{hook.Answer{Decision: "ask", Reason: "`a && b > c`\nline two\x1b[31m"},
			`{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"ask","permissionDecisionReason":"` + "`a && b > c` line two [31m" + `"}}`},
		{hook.Answer{Decision: "allow", Reason: "rewritten", UpdatedInput: json.RawMessage(`{ "command" : "git status" }`)},
			`{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow","permissionDecisionReason":"rewritten","updatedInput":{"command":"git status"}}}`},
		// Malformed answers come out as deny, never as something looser.
		{hook.Answer{Decision: "yes", Reason: "x"},
			`{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"Gatehouse produced an invalid answer (decision \"yes\" is not allow, deny or ask); denied to be safe"}}`},
		{hook.Answer{Decision: "allow", Reason: "x", UpdatedInput: json.RawMessage(`["rm"]`)},
			`{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"Gatehouse produced an invalid answer (updatedInput is not a JSON object); denied to be safe"}}`},
	} {
		if got := string(tc.a.MarshalOutput()); got != tc.want+"\n" {
			t.Errorf("MarshalOutput(%+v)\n got %s\nwant %s", tc.a, got, tc.want)
		}
	}
	long := hook.Answer{Decision: "deny", Reason: strings.Repeat("é", 5000)}
	var o hookOutput
	if err := json.Unmarshal(long.MarshalOutput(), &o); err != nil || len(o.HookSpecificOutput.PermissionDecisionReason) > 2100 {
		t.Errorf("long reason not bounded: %v, %d bytes", err, len(o.HookSpecificOutput.PermissionDecisionReason))
	}
}

// remoteFunc is a Remote answered by a function: the server side of the
// agent socket is the boundary, so tests stand in for it here.
type remoteFunc func(ctx context.Context, p hook.Payload, projectDir string) (hook.Answer, error)

func (f remoteFunc) Decide(ctx context.Context, p hook.Payload, projectDir string) (hook.Answer, error) {
	return f(ctx, p, projectDir)
}

func bashPayload(mode, cwd string) []byte {
	return fmt.Appendf(nil, `{"session_id":"s1","cwd":%q,"permission_mode":%q,"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"git status"}}`, cwd, mode)
}

func runInProcess(t *testing.T, env hook.Env, stdin []byte, remote hook.Remote) (int, hookOutput, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := hook.Run(context.Background(), env, bytes.NewReader(stdin), &out, &errb, remote)
	var o hookOutput
	if code == 0 {
		o = decodeOutput(t, out.String())
	}
	return code, o, errb.String()
}

func TestRunRemote(t *testing.T) {
	project := t.TempDir()
	env := hook.Env{ProjectDir: project, Home: t.TempDir(), Timeout: 200 * time.Millisecond}
	for _, tc := range []struct {
		name         string
		mode         string
		remote       remoteFunc
		code         int
		want, reason string
	}{
		{"server answers allow", "default", func(ctx context.Context, p hook.Payload, dir string) (hook.Answer, error) {
			if dir != project || p.ToolName != "Bash" || len(p.Raw) == 0 {
				return hook.Answer{}, fmt.Errorf("unexpected call %q %q", dir, p.ToolName)
			}
			return hook.Answer{Decision: "allow", Reason: "approved by the person"}, nil
		}, 0, "allow", "approved by the person"},
		{"server answers deny", "default", func(context.Context, hook.Payload, string) (hook.Answer, error) {
			return hook.Answer{Decision: "deny", Reason: "rejected"}, nil
		}, 0, "deny", "rejected"},
		{"server died mid-wait", "default", func(context.Context, hook.Payload, string) (hook.Answer, error) {
			return hook.Answer{Decision: "allow"}, errors.New("read unix socket: connection reset by peer")
		}, 0, "ask", "server stopped while waiting for approval"},
		{"server died in dontAsk", "dontAsk", func(context.Context, hook.Payload, string) (hook.Answer, error) {
			return hook.Answer{}, errors.New("EOF")
		}, 0, "deny", "dontAsk"},
		{"server sends garbage", "default", func(context.Context, hook.Payload, string) (hook.Answer, error) {
			return hook.Answer{Decision: "ALLOW"}, nil
		}, 0, "ask", "invalid answer"},
		{"no decision before the timeout", "default", func(ctx context.Context, _ hook.Payload, _ string) (hook.Answer, error) {
			<-ctx.Done()
			return hook.Answer{}, ctx.Err()
		}, 0, "ask", "no decision was made within 200ms"},
		{"remote panics", "default", func(context.Context, hook.Payload, string) (hook.Answer, error) {
			panic("boom")
		}, 2, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, o, stderr := runInProcess(t, env, bashPayload(tc.mode, project), tc.remote)
			if code != tc.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tc.code, stderr)
			}
			if code == 2 {
				if !strings.Contains(stderr, "internal error: boom") {
					t.Errorf("stderr %q", stderr)
				}
				return
			}
			h := o.HookSpecificOutput
			if h.PermissionDecision != tc.want || !strings.Contains(h.PermissionDecisionReason, tc.reason) {
				t.Errorf("got %s %q, want %s containing %q", h.PermissionDecision, h.PermissionDecisionReason, tc.want, tc.reason)
			}
		})
	}
}

// TestRunNoServer: ErrNoServer, even wrapped, means deciding offline from the
// project's settings, exactly as with no remote at all.
func TestRunNoServer(t *testing.T) {
	p := newProject(t)
	env := hook.Env{ProjectDir: p.dir, Home: p.home, ManagedDirs: []string{}}
	noServer := remoteFunc(func(context.Context, hook.Payload, string) (hook.Answer, error) {
		return hook.Answer{}, fmt.Errorf("dial %s: %w", "/run/x.sock", hook.ErrNoServer)
	})
	for file, want := range map[string]string{"bash_git_status.json": "allow", "bash_rm_rf.json": "deny", "edit_default.json": "ask"} {
		for _, remote := range []hook.Remote{nil, noServer} {
			code, o, stderr := runInProcess(t, env, p.payload(t, file), remote)
			if code != 0 || o.HookSpecificOutput.PermissionDecision != want {
				t.Errorf("%s (remote %v): exit %d %+v %q, want %s", file, remote != nil, code, o, stderr, want)
			}
		}
	}
}

func TestTimeoutVariable(t *testing.T) {
	project := t.TempDir()
	for _, tc := range []struct {
		value string
		code  int
		msg   string
	}{
		{"", 0, "9m50s"},
		{"250ms", 0, "250ms"},
		{"1", 0, "1s"},
		{"soon", 2, `GATEHOUSE_HOOK_TIMEOUT="soon" is not a duration`},
		{"-5s", 2, "must be positive"},
		{"0", 2, "must be positive"},
	} {
		env := hook.Env{ProjectDir: project, Getenv: func(k string) string {
			if k == hook.TimeoutVar {
				return tc.value
			}
			return ""
		}}
		var seen time.Duration
		remote := remoteFunc(func(ctx context.Context, _ hook.Payload, _ string) (hook.Answer, error) {
			deadline, _ := ctx.Deadline()
			seen = time.Until(deadline).Round(50 * time.Millisecond)
			return hook.Answer{Decision: "ask", Reason: "x"}, nil
		})
		var out, errb bytes.Buffer
		code := hook.Run(context.Background(), env, bytes.NewReader(bashPayload("default", project)), &out, &errb, remote)
		if code != tc.code {
			t.Errorf("%q: exit %d, want %d (%s)", tc.value, code, tc.code, errb.String())
			continue
		}
		if code == 0 && seen.String() != tc.msg {
			t.Errorf("%q: timeout %s, want %s", tc.value, seen, tc.msg)
		}
		if code == 2 && !strings.Contains(errb.String(), tc.msg) {
			t.Errorf("%q: stderr %q, want %q", tc.value, errb.String(), tc.msg)
		}
	}
}

// failingWriter fails every write, like a closed stdout pipe.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestRunStdoutClosed(t *testing.T) {
	project := t.TempDir()
	var errb bytes.Buffer
	remote := remoteFunc(func(context.Context, hook.Payload, string) (hook.Answer, error) {
		return hook.Answer{Decision: "deny", Reason: "no"}, nil
	})
	code := hook.Run(context.Background(), hook.Env{ProjectDir: project}, bytes.NewReader(bashPayload("default", project)), failingWriter{}, &errb, remote)
	if code != 2 || !strings.Contains(errb.String(), "write decision: broken pipe") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

// TestRunOfflineReasons: offline answers name Gatehouse once and, when they
// ask, offer the rule that would allow such calls.
func TestRunOfflineReasons(t *testing.T) {
	p := newProject(t)
	env := hook.Env{ProjectDir: p.dir, Home: p.home, ManagedDirs: []string{}}
	for file, want := range map[string][]string{
		"bash_unparsable.json": {"Gatehouse cannot parse"},
		"edit_default.json":    {"Gatehouse: ", "src/main.go", "add Edit(./src/main.go) to permissions.allow"},
		"bash_rm_rf.json":      {"Gatehouse: ", "Bash(rm -rf:*)", ".claude/settings.json"},
	} {
		code, o, stderr := runInProcess(t, env, p.payload(t, file), nil)
		if code != 0 {
			t.Fatalf("%s: exit %d, %s", file, code, stderr)
		}
		reason := o.HookSpecificOutput.PermissionDecisionReason
		if strings.Count(reason, "Gatehouse") != 1 {
			t.Errorf("%s: reason %q names Gatehouse %d times", file, reason, strings.Count(reason, "Gatehouse"))
		}
		for _, w := range want {
			if !strings.Contains(reason, w) {
				t.Errorf("%s: reason %q lacks %q", file, reason, w)
			}
		}
	}
}
