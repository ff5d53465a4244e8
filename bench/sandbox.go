package main

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// sandboxGoal is what confining one command may add to it: Claude Code
// runs every allowed Bash command through `gatehouse sandbox` when the
// sandbox is on, so its cost is paid per command.
const sandboxGoal = 10 * time.Millisecond

// measureSandbox times `gatehouse sandbox -- true` against `true` in the
// same run, interleaved, and reports the difference of the medians: the
// cost of confining a command. bwrap alone with the same namespaces is the
// baseline that shows what part is the kernel's namespace setup. A second
// row adds the network proxy (a WebFetch allow rule).
func measureSandbox(h *harness) []row {
	runs := min(h.runs, 100)
	name := fmt.Sprintf("sandbox: cost of gatehouse sandbox -- true over true (median of %d runs)", runs)
	netName := fmt.Sprintf("sandbox: same, with the network proxy (median of %d runs)", runs)
	fail := func(note string) []row {
		return []row{{Name: name, Goal: "< " + formatDuration(sandboxGoal), OfGoal: math.NaN(), VsBase: math.NaN(), Note: note}}
	}
	bin, err := filepath.Abs(h.gatehouse)
	if err != nil {
		return fail(err.Error())
	}
	if out, err := exec.Command(bin, "sandbox", "--check").CombinedOutput(); err != nil {
		return fail(fmt.Sprintf("this machine cannot enforce the sandbox (gatehouse sandbox --check: %v): %s", err, lastLine(out)))
	}
	truePath, err := exec.LookPath("true")
	if err != nil {
		return fail(err.Error())
	}
	home := filepath.Join(h.tmp, "sandbox-home")
	ws := filepath.Join(home, "proj")
	files := map[string]string{
		".git/config":           "[core]\n",
		".claude/settings.json": `{"permissions":{"deny":["Read(./.env)","Read(./secrets/**)"]}}`,
		".env":                  "TOKEN=x\n",
		"secrets/key":           "k\n",
		"src/main.go":           "package main\n",
		"README.md":             "# bench\n",
	}
	for rel, content := range files {
		p := filepath.Join(ws, rel)
		if err := mkdir(filepath.Dir(p)); err != nil {
			return fail(err.Error())
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return fail(err.Error())
		}
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "CLAUDE_PROJECT_DIR=" + ws,
		"XDG_STATE_HOME=" + filepath.Join(home, "state")}
	stdin := filepath.Join(h.tmp, "sandbox-stdin")
	if err := os.WriteFile(stdin, nil, 0o644); err != nil {
		return fail(err.Error())
	}
	sandboxed := func() (processRun, error) {
		return timeProcess(stdin, env, bin, "sandbox", "--workspace", ws, "--", truePath)
	}
	direct := func() (processRun, error) { return timeProcess(stdin, env, truePath) }
	bwrapOnly := func() (processRun, error) {
		return timeProcess(stdin, env, "bwrap", "--die-with-parent", "--new-session", "--unshare-user", "--unshare-ipc",
			"--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try", "--disable-userns", "--cap-drop", "ALL",
			"--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--", truePath)
	}
	measure := func(rowName string) row {
		sb, base, err := interleave(runs, sandboxed, direct)
		if err != nil {
			return row{Name: rowName, Goal: "< " + formatDuration(sandboxGoal), OfGoal: math.NaN(), VsBase: math.NaN(), Note: err.Error()}
		}
		bw, _, err := interleave(runs, bwrapOnly, direct)
		note := fmt.Sprintf("with %s, without %s; p90 with %s", formatDuration(median(sb)), formatDuration(median(base)), formatDuration(percentile(sb, 0.9)))
		baseline := ""
		vs := math.NaN()
		cost := median(sb) - median(base)
		if err == nil {
			bwCost := median(bw) - median(base)
			baseline = "bwrap alone +" + formatDuration(bwCost)
			if bwCost > 0 {
				vs = float64(cost) / float64(bwCost)
			}
		}
		return row{Name: rowName, Value: formatDuration(cost), Goal: "< " + formatDuration(sandboxGoal),
			OfGoal: float64(cost) / float64(sandboxGoal), Baseline: baseline, VsBase: vs, Note: note}
	}
	rows := []row{measure(name)}
	if h.overBudget() {
		return rows
	}
	if err := os.WriteFile(filepath.Join(ws, ".claude", "settings.json"),
		[]byte(`{"permissions":{"deny":["Read(./.env)","Read(./secrets/**)"],"allow":["WebFetch(domain:example.com)"]}}`), 0o644); err != nil {
		return append(rows, row{Name: netName, OfGoal: math.NaN(), VsBase: math.NaN(), Note: err.Error()})
	}
	return append(rows, measure(netName))
}

func lastLine(b []byte) string {
	s := string(b)
	for len(s) > 0 && s[len(s)-1] == '\n' {
		s = s[:len(s)-1]
	}
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '\n' {
			return s[i+1:]
		}
	}
	return s
}
