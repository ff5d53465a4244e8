package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Goals for the server: an allowlisted call through it costs at most twice
// the offline hook (it adds a socket round trip, not a policy load), and an
// idle server stays small.
const (
	serverGoal   = 2.0
	idleRSSGoalK = 30 * 1024
)

// measureServer starts `gatehouse serve` as the editor would (LSP on stdio,
// initialize with the project as workspace folder), then times `gatehouse
// hook` answered through its socket against the same hook deciding offline,
// interleaved, and reads the idle server's resident memory.
func measureServer(h *harness) []row {
	rtName := fmt.Sprintf("hook through serve: allowlisted Bash (median of %d runs)", h.runs)
	rssName := "serve: idle resident memory after initialize"
	fail := func(note string) []row {
		return []row{
			{Name: rtName, Goal: fmt.Sprintf("<= %gx offline hook", serverGoal), OfGoal: math.NaN(), VsBase: math.NaN(), Note: note},
			{Name: rssName, Goal: "< 30 MB", OfGoal: math.NaN(), VsBase: math.NaN(), Note: note},
		}
	}
	fx, err := newHookFixture(h)
	if err != nil {
		return fail(err.Error())
	}
	socket := filepath.Join(h.tmp, "serve.sock")
	srv := exec.Command(fx.bin, "serve", "--socket", socket)
	srv.Env = fx.env
	stdin, _ := srv.StdinPipe()
	stdout, _ := srv.StdoutPipe()
	if err := srv.Start(); err != nil {
		return fail(err.Error())
	}
	defer func() {
		stdin.Close()
		srv.Process.Kill()
		srv.Wait()
	}()
	go io.Copy(io.Discard, stdout)
	init := map[string]any{
		"jsonrpc": "2.0", "id": 1, "method": "initialize",
		"params": map[string]any{
			"processId": nil, "capabilities": map[string]any{},
			"workspaceFolders": []map[string]string{{"uri": "file://" + filepath.ToSlash(fx.project), "name": "proj"}},
		},
	}
	if err := writeLSP(stdin, init); err != nil {
		return fail(err.Error())
	}
	if err := writeLSP(stdin, map[string]any{"jsonrpc": "2.0", "method": "initialized", "params": map[string]any{}}); err != nil {
		return fail(err.Error())
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(socket); err == nil {
			break
		}
		if time.Now().After(deadline) {
			return fail("the server did not open its socket within 10s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Let start-up settle before reading the idle footprint.
	time.Sleep(300 * time.Millisecond)
	rssK, rssErr := vmRSS(srv.Process.Pid)

	viaServer := append(append([]string(nil), fx.env...), "GATEHOUSE_SOCKET="+socket)
	out, err := timeProcess(fx.stdin, viaServer, fx.bin, "hook")
	if err != nil {
		return fail(err.Error())
	}
	if !bytes.Contains(out.stdout, []byte(`"permissionDecision":"allow"`)) {
		return fail(fmt.Sprintf("the server did not allow `git status`: %s", out.stdout))
	}
	served, offline, err := interleave(h.runs,
		func() (processRun, error) { return timeProcess(fx.stdin, viaServer, fx.bin, "hook") },
		func() (processRun, error) { return timeProcess(fx.stdin, fx.env, fx.bin, "hook") })
	if err != nil {
		return fail(err.Error())
	}
	sm, om := median(served), median(offline)
	r := float64(sm) / float64(om)
	rows := []row{{
		Name:     rtName,
		Value:    formatDuration(sm),
		Goal:     fmt.Sprintf("<= %gx offline hook", serverGoal),
		OfGoal:   r / serverGoal,
		Baseline: "offline hook " + formatDuration(om),
		VsBase:   r,
		Note:     fmt.Sprintf("p90 served %s, offline %s", formatDuration(percentile(served, 0.9)), formatDuration(percentile(offline, 0.9))),
	}}
	rss := row{Name: rssName, Goal: "< 30 MB", OfGoal: math.NaN(), VsBase: math.NaN()}
	if rssErr != nil {
		rss.Note = rssErr.Error()
	} else {
		rss.Value = fmt.Sprintf("%.1f MB", float64(rssK)/1024)
		rss.OfGoal = float64(rssK) / idleRSSGoalK
	}
	return append(rows, rss)
}

func writeLSP(w io.Writer, msg any) error {
	b, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "Content-Length: %d\r\n\r\n%s", len(b), b)
	return err
}

// vmRSS reads a process's resident set size in KiB (Linux).
func vmRSS(pid int) (int, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("resident memory not readable here: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
}

// measureExtension reports what the last `make e2e` measured in real VS Code
// and the size of the packaged extension. It does not start VS Code itself:
// that takes minutes and needs `make tools`.
func measureExtension(h *harness) []row {
	metrics := map[string]float64{}
	data, err := os.ReadFile("extension/e2e/out/metrics.txt")
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				metrics[k] = f
			}
		}
	}
	timing := func(name, key string, goalMS float64) row {
		r := row{Name: name, Goal: fmt.Sprintf("< %g ms", goalMS), OfGoal: math.NaN(), VsBase: math.NaN()}
		switch v, ok := metrics[key]; {
		case err != nil:
			r.Note = "missing: run make e2e first"
		case !ok:
			r.Note = "no " + key + " in extension/e2e/out/metrics.txt"
		default:
			r.Value = fmt.Sprintf("%.0f ms", v)
			r.OfGoal = v / goalMS
		}
		return r
	}
	rows := []row{
		// What VS Code waits for: activate() must not wait on the server.
		timing("extension: activate() returns (last make e2e)", "activate_return_ms", 50),
		// The goal's own words: ready within 50 ms of starting the server.
		timing("extension: server start to client ready (last make e2e)", "server_ready_ms", 50),
	}
	size := row{Name: "extension: .vsix size (linux-x64)", Goal: "-", OfGoal: math.NaN(), VsBase: math.NaN()}
	matches, _ := filepath.Glob("gatehouse-*-linux-x64.vsix")
	if len(matches) == 0 {
		size.Note = "missing: run make vsix-host"
	} else if fi, err := os.Stat(matches[0]); err == nil {
		size.Value = fmt.Sprintf("%.1f MB", float64(fi.Size())/(1<<20))
	}
	return append(rows, size)
}
