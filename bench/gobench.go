package main

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse/gatehouse/internal/proposal"
)

// goBenchmark is one Go benchmark the report runs, with its goal.
type goBenchmark struct {
	Pkg  string // package path relative to the repository root
	Name string // benchmark function name; with Prefix, every benchmark starting with it
	// Prefix reports every benchmark whose name starts with Name (for
	// families such as BenchmarkAnalyze20Commands, BenchmarkCheckFivePath).
	Prefix bool
	Goal   time.Duration // per operation
	// Baseline, when set, times the same work done by a reference tool in
	// this run; the report prints value/baseline.
	Baseline func(h *harness) (label string, d time.Duration, err error)
}

// goBenchmarks lists the Go benchmarks and their goals. A benchmark that does
// not exist yet (or whose package does not build) is reported as missing.
var goBenchmarks = []goBenchmark{
	{Pkg: "./internal/policy", Name: "BenchmarkDecideBash20x300", Goal: 50 * time.Microsecond},
	{Pkg: "./internal/explain", Name: "BenchmarkExplainTypical", Goal: 200 * time.Microsecond},
	{Pkg: "./internal/proposal", Name: "BenchmarkHunks10k50", Goal: 20 * time.Millisecond, Baseline: diffBaseline},
	{Pkg: "./internal/proposal", Name: "BenchmarkApply10k50", Goal: 20 * time.Millisecond},
	// A one-line Edit of a 10 MB file must not make the person wait.
	{Pkg: "./internal/proposal", Name: "BenchmarkEdit10MB", Goal: 100 * time.Millisecond},
	// The broker's own share of an approval round trip, and the listing the
	// editor refreshes after every change (500 pending requests).
	{Pkg: "./internal/approval", Name: "BenchmarkWaitDecide", Goal: 100 * time.Microsecond},
	{Pkg: "./internal/approval", Name: "BenchmarkPending", Goal: 1 * time.Millisecond},
	// Analysing the policy benchmark's 20-command line is at most 60% of
	// deciding it (50 µs); the mixed 22-command line with a nested sh -c is
	// heavier and gets the whole decision's budget.
	{Pkg: "./internal/shell", Name: "BenchmarkAnalyzeLine20", Goal: 30 * time.Microsecond},
	{Pkg: "./internal/shell", Name: "BenchmarkAnalyze", Goal: 50 * time.Microsecond},
	// Any input up to 64 KiB is explained within 10 ms: the worst shapes
	// the tests know, one row each.
	{Pkg: "./internal/explain", Name: "BenchmarkExplainWorst", Prefix: true, Goal: 10 * time.Millisecond},
	// A 5-component path: a handful of lstat calls.
	{Pkg: "./internal/workspace", Name: "BenchmarkCheck", Prefix: true, Goal: 20 * time.Microsecond},
	// One fsync'd, locked, hash-chained line.
	{Pkg: "./internal/audit", Name: "BenchmarkAppend", Prefix: true, Goal: 5 * time.Millisecond},
	// The hook's own work in-process: parse, load settings, decide, print.
	{Pkg: "./internal/hook", Name: "BenchmarkRunOffline", Goal: 1 * time.Millisecond},
	{Pkg: "./internal/hook", Name: "BenchmarkParsePayloadBash", Goal: 50 * time.Microsecond},
	// The strict duplicate-key walk reads every byte of a Write's content.
	{Pkg: "./internal/hook", Name: "BenchmarkParsePayloadWrite100k", Goal: 2 * time.Millisecond},
}

// benchResult is one parsed line of `go test -bench` output.
type benchResult struct {
	name        string
	nsPerOp     float64
	allocsPerOp string
}

// benchLine matches e.g. "BenchmarkHunks10k50-2   60   19876543 ns/op   1234 B/op   56 allocs/op".
var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([0-9.]+) ns/op(?:.*?\s([0-9.]+) allocs/op)?`)

func measureGoBenchmarks(h *harness) []row {
	// One `go test` per package, in the order the table lists them.
	var pkgs []string
	byPkg := map[string][]goBenchmark{}
	for _, b := range goBenchmarks {
		if _, ok := byPkg[b.Pkg]; !ok {
			pkgs = append(pkgs, b.Pkg)
		}
		byPkg[b.Pkg] = append(byPkg[b.Pkg], b)
	}
	var rows []row
	for _, pkg := range pkgs {
		benches := byPkg[pkg]
		if h.overBudget() {
			for _, b := range benches {
				rows = append(rows, missingRow(b, "skipped: time budget spent"))
			}
			continue
		}
		fmt.Fprintf(h.log, "bench:   go test -bench %s\n", pkg)
		results, err := runGoBench(h, pkg, benches)
		for _, b := range benches {
			matched := false
			for _, r := range results {
				if r.name == b.Name || (b.Prefix && strings.HasPrefix(r.name, b.Name)) {
					matched = true
					rows = append(rows, benchRow(h, b, r))
				}
			}
			if !matched {
				note := "missing"
				if err != nil {
					note = "missing: " + err.Error()
				}
				rows = append(rows, missingRow(b, note))
			}
		}
	}
	return rows
}

func missingRow(b goBenchmark, note string) row {
	return row{Name: strings.TrimPrefix(b.Pkg, "./") + " " + b.Name, Goal: "< " + formatDuration(b.Goal), OfGoal: math.NaN(), VsBase: math.NaN(), Note: note}
}

func benchRow(h *harness, b goBenchmark, r benchResult) row {
	d := time.Duration(r.nsPerOp)
	out := row{
		Name:   strings.TrimPrefix(b.Pkg, "./") + " " + r.name,
		Value:  formatDuration(d),
		Goal:   "< " + formatDuration(b.Goal),
		OfGoal: r.nsPerOp / float64(b.Goal),
		VsBase: math.NaN(),
	}
	if r.allocsPerOp != "" {
		out.Note = r.allocsPerOp + " allocs/op"
	}
	if b.Baseline != nil {
		label, base, err := b.Baseline(h)
		if err != nil {
			out.Note = strings.TrimSpace(out.Note + "; baseline: " + err.Error())
		} else {
			out.Baseline = label + " " + formatDuration(base)
			out.VsBase = r.nsPerOp / float64(base)
		}
	}
	return out
}

// runGoBench runs the package's benchmarks once and parses the results. The
// error says why nothing (or not everything) could run, in one line.
func runGoBench(h *harness, pkg string, benches []goBenchmark) ([]benchResult, error) {
	var names []string
	for _, b := range benches {
		n := regexp.QuoteMeta(b.Name)
		if !b.Prefix {
			n += "$"
		}
		names = append(names, n)
	}
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", "^("+strings.Join(names, "|")+")", "-benchtime", h.benchtime, "-benchmem", "-count", "1", pkg)
	out, err := cmd.CombinedOutput()
	var results []benchResult
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		ns, perr := strconv.ParseFloat(m[2], 64)
		if perr != nil {
			continue
		}
		results = append(results, benchResult{name: m[1], nsPerOp: ns, allocsPerOp: m[3]})
	}
	if err != nil {
		return results, fmt.Errorf("go test %s: %s", pkg, firstProblem(out, err))
	}
	return results, nil
}

// firstProblem picks the most telling line of a failed go test run.
func firstProblem(out []byte, err error) string {
	for _, line := range strings.Split(string(out), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "", strings.HasPrefix(line, "#"), strings.HasPrefix(line, "goos:"),
			strings.HasPrefix(line, "goarch:"), strings.HasPrefix(line, "pkg:"), strings.HasPrefix(line, "cpu:"),
			strings.HasPrefix(line, "Benchmark"):
			continue
		}
		if len(line) > 100 {
			line = line[:100] + "…"
		}
		return line
	}
	return err.Error()
}

// diffBaseline times GNU `diff -u` on the fixture BenchmarkHunks10k50 diffs
// (median of 20 process runs, so it includes process start-up, as a person
// running diff would see it).
func diffBaseline(h *harness) (string, time.Duration, error) {
	dir := filepath.Join(h.tmp, "diff-fixture")
	if err := mkdir(dir); err != nil {
		return "", 0, err
	}
	a, b, err := proposal.WriteBenchFixture(dir)
	if err != nil {
		return "", 0, err
	}
	if _, err := exec.LookPath("diff"); err != nil {
		return "", 0, fmt.Errorf("GNU diff not installed")
	}
	var times []time.Duration
	for i := 0; i < 23; i++ {
		cmd := exec.Command("diff", "-u", a, b)
		var out bytes.Buffer
		cmd.Stdout = &out
		start := time.Now()
		err := cmd.Run()
		elapsed := time.Since(start)
		// diff exits 1 when the files differ, which they do.
		if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
			return "", 0, fmt.Errorf("diff -u: %v", err)
		}
		if i >= 3 {
			times = append(times, elapsed)
		}
	}
	return "diff -u", median(times), nil
}
