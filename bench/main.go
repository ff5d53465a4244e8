// Command bench measures Gatehouse against its performance goals and prints
// one table. Every timing is reported next to its goal and, where there is
// one, next to a baseline measured in the same run on the same machine (cat
// for the hook process, GNU diff for the diff engine), so that the ratios
// mean something on a slow or busy machine. It never fails on a slow result:
// tests assert behaviour, this reports numbers.
//
// Run it from the repository root after `make build`: `make bench`.
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"
)

// row is one line of the report.
type row struct {
	Name     string
	Value    string  // the measurement, formatted ("" when missing)
	Goal     string  // the goal, formatted ("<= 5x cat", "< 50µs")
	OfGoal   float64 // value/goal; NaN when not applicable
	Baseline string  // the baseline measured in this run ("cat 1.1ms"), if any
	VsBase   float64 // value/baseline; NaN when there is no baseline
	Note     string  // "missing", allocations, why something could not run
}

// harness carries what measurements share: flags and the paths they need.
type harness struct {
	gatehouse string        // the built binary
	runs      int           // process runs per median
	benchtime string        // -benchtime for go test
	only      string        // run only measurements whose name contains this
	tmp       string        // scratch directory, removed at exit
	log       io.Writer     // progress, not part of the table
	start     time.Time     // for the total runtime line
	budget    time.Duration // soft limit: long measurements are skipped after it
}

// measurement is one group of rows in the report.
type measurement struct {
	name string
	run  func(h *harness) []row
}

// measurements is everything `make bench` reports, in order, each returning
// rows with their goal and, where one exists, a baseline timed in the same run.
var measurements = []measurement{
	{"hook process", measureHookVsCat},
	{"server", measureServer},
	{"go benchmarks", measureGoBenchmarks},
	{"extension", measureExtension},
	{"sandbox", measureSandbox},
}

func main() {
	h := &harness{log: os.Stderr, start: time.Now()}
	flag.StringVar(&h.gatehouse, "gatehouse", "bin/gatehouse", "the gatehouse binary to time (run `make build` first)")
	flag.IntVar(&h.runs, "n", 200, "process runs per median (hook and its baseline)")
	flag.StringVar(&h.benchtime, "benchtime", "1s", "go test -benchtime for the Go benchmarks")
	flag.StringVar(&h.only, "only", "", "run only the measurements whose name contains this text")
	flag.DurationVar(&h.budget, "budget", 3*time.Minute, "soft time budget; measurements starting after it are reported as skipped")
	flag.Parse()

	tmp, err := os.MkdirTemp("", "gatehouse-bench")
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: scratch directory: %v\n", err)
		os.Exit(1)
	}
	h.tmp = tmp
	defer os.RemoveAll(tmp)

	var rows []row
	for _, m := range measurements {
		if h.only != "" && !strings.Contains(m.name, h.only) {
			continue
		}
		fmt.Fprintf(h.log, "bench: %s...\n", m.name)
		rows = append(rows, m.run(h)...)
	}
	printTable(os.Stdout, rows)
	fmt.Printf("\n%s %s/%s, %d CPUs, total %s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), time.Since(h.start).Round(time.Second))
}

// overBudget reports whether the soft time budget is spent.
func (h *harness) overBudget() bool { return time.Since(h.start) > h.budget }

func printTable(w io.Writer, rows []row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "MEASUREMENT\tVALUE\tGOAL\tVALUE/GOAL\tBASELINE\tVS BASELINE\tNOTE")
	for _, r := range rows {
		value := r.Value
		if value == "" {
			value = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Name, value, r.Goal, ratio(r.OfGoal, true), dash(r.Baseline), ratio(r.VsBase, false), r.Note)
	}
	tw.Flush()
}

// ratio formats a ratio; against a goal, values over 1 are marked.
func ratio(x float64, goal bool) string {
	if math.IsNaN(x) {
		return "-"
	}
	s := fmt.Sprintf("%.2f", x)
	if !goal {
		s += "x"
	} else if x > 1 {
		s += " OVER"
	}
	return s
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// formatDuration prints durations with three significant digits.
func formatDuration(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.3gs", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.3gms", float64(d)/float64(time.Millisecond))
	case d >= time.Microsecond:
		return fmt.Sprintf("%.3gµs", float64(d)/float64(time.Microsecond))
	default:
		return fmt.Sprintf("%dns", d.Nanoseconds())
	}
}

func mkdir(dir string) error { return os.MkdirAll(dir, 0o755) }
