package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"
)

// hookGoal is the hook's budget relative to `cat` on the same input: the
// hook runs before every tool call, so its cost must stay in the range of
// starting any small process.
const hookGoal = 3.0

// measureHookVsCat times `gatehouse hook` deciding an allowlisted Bash call
// offline (the path every allowed command takes) against `cat` reading the
// same stdin file: medians of h.runs process runs each, interleaved so that
// machine noise hits both alike.
func measureHookVsCat(h *harness) []row {
	rows := measureOneHook(h, "gatehouse hook", nil)
	small := filepath.Join(filepath.Dir(h.gatehouse), "gatehouse-hook")
	return append(rows, measureOneHook(h, "gatehouse-hook", &small)...)
}

// measureOneHook times one hook binary (nil: h.gatehouse with the "hook"
// argument) against cat.
func measureOneHook(h *harness, label string, binary *string) []row {
	name := fmt.Sprintf("%s: allowlisted Bash, offline (median of %d runs)", label, h.runs)
	fail := func(note string) []row {
		return []row{{Name: name, Goal: fmt.Sprintf("<= %gx cat", hookGoal), OfGoal: math.NaN(), VsBase: math.NaN(), Note: note}}
	}
	fx, err := newHookFixture(h)
	if err != nil {
		return fail(err.Error())
	}
	bin, stdinPath, env := fx.bin, fx.stdin, fx.env
	args := []string{"hook"}
	if binary != nil {
		if bin, err = filepath.Abs(*binary); err != nil {
			return fail(err.Error())
		}
		if _, err := os.Stat(bin); err != nil {
			return fail(fmt.Sprintf("missing: %v (run make build)", err))
		}
		args = nil
	}

	// One checked run first: a hook that does not allow is not the path
	// being measured, and its timing would mean nothing.
	out, err := timeProcess(stdinPath, env, bin, args...)
	if err != nil {
		return fail(err.Error())
	}
	var o struct {
		HookSpecificOutput struct{ PermissionDecision, PermissionDecisionReason string }
	}
	if err := json.Unmarshal(out.stdout, &o); err != nil || o.HookSpecificOutput.PermissionDecision != "allow" {
		return fail(fmt.Sprintf("hook did not allow `git status`: %q %v", out.stdout, err))
	}

	hookTimes, catTimes, err := interleave(h.runs,
		func() (processRun, error) { return timeProcess(stdinPath, env, bin, args...) },
		func() (processRun, error) { return timeProcess(stdinPath, env, "cat") })
	if err != nil {
		return fail(err.Error())
	}
	hookMedian, catMedian := median(hookTimes), median(catTimes)
	r := float64(hookMedian) / float64(catMedian)
	return []row{{
		Name:     name,
		Value:    formatDuration(hookMedian),
		Goal:     fmt.Sprintf("<= %gx cat", hookGoal),
		OfGoal:   r / hookGoal,
		Baseline: "cat " + formatDuration(catMedian),
		VsBase:   r,
		Note:     fmt.Sprintf("p90 hook %s, cat %s", formatDuration(percentile(hookTimes, 0.9)), formatDuration(percentile(catTimes, 0.9))),
	}}
}

// hookFixture is a project whose settings allow `git status`, and a real
// Claude Code payload asking to run it.
type hookFixture struct {
	bin     string   // absolute path of the gatehouse binary
	project string   // the project directory
	stdin   string   // file holding the payload
	env     []string // the hook's environment (HOME inside the scratch dir)
}

func newHookFixture(h *harness) (hookFixture, error) {
	var fx hookFixture
	bin, err := filepath.Abs(h.gatehouse)
	if err != nil {
		return fx, err
	}
	if _, err := os.Stat(bin); err != nil {
		return fx, fmt.Errorf("missing: %v (run make build)", err)
	}
	home := filepath.Join(h.tmp, "hook-home")
	project := filepath.Join(home, "proj")
	if err := os.MkdirAll(filepath.Join(project, ".claude"), 0o755); err != nil {
		return fx, err
	}
	settings := `{"permissions":{"allow":["Bash(git status)"]}}`
	if err := os.WriteFile(filepath.Join(project, ".claude", "settings.json"), []byte(settings), 0o644); err != nil {
		return fx, err
	}
	payload := fmt.Sprintf(`{"session_id":"bench","transcript_path":%q,"cwd":%q,"permission_mode":"default","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"git status","description":"Show working tree status"}}`,
		filepath.Join(home, ".claude", "projects", "bench.jsonl"), project)
	stdinPath := filepath.Join(h.tmp, "payload.json")
	if err := os.WriteFile(stdinPath, []byte(payload), 0o644); err != nil {
		return fx, err
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "CLAUDE_PROJECT_DIR=" + project,
		"XDG_STATE_HOME=" + filepath.Join(home, "state"), "XDG_RUNTIME_DIR=" + filepath.Join(home, "run")}
	return hookFixture{bin: bin, project: project, stdin: stdinPath, env: env}, nil
}

// interleave runs a and its baseline b alternately, runs times each after a
// short warm-up, so that machine noise hits both alike.
func interleave(runs int, a, b func() (processRun, error)) (as, bs []time.Duration, err error) {
	const warmup = 5
	for i := 0; i < warmup+runs; i++ {
		ar, err := a()
		if err != nil {
			return nil, nil, err
		}
		br, err := b()
		if err != nil {
			return nil, nil, err
		}
		if i >= warmup {
			as = append(as, ar.elapsed)
			bs = append(bs, br.elapsed)
		}
	}
	return as, bs, nil
}

type processRun struct {
	elapsed time.Duration
	stdout  []byte
}

// timeProcess runs one process with stdin from a file and returns its wall
// time from start to exit. A non-zero exit is an error.
func timeProcess(stdinPath string, env []string, name string, args ...string) (processRun, error) {
	in, err := os.Open(stdinPath)
	if err != nil {
		return processRun{}, err
	}
	defer in.Close()
	cmd := exec.Command(name, args...)
	cmd.Env = env
	cmd.Stdin = in
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err = cmd.Run()
	elapsed := time.Since(start)
	if err != nil {
		return processRun{}, fmt.Errorf("%s %v: %v: %s", name, args, err, bytes.TrimSpace(errb.Bytes()))
	}
	return processRun{elapsed: elapsed, stdout: out.Bytes()}, nil
}

func median(ds []time.Duration) time.Duration { return percentile(ds, 0.5) }

// percentile returns the p-th percentile (nearest rank) of ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}
