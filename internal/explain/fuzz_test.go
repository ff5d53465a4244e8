package explain

import (
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// maxFuzzDuration is a generous ceiling for one explanation of up to 64 KiB
// (the goal is 10 ms; -race and a shared machine slow things down).
// The race detector slows this code about tenfold, and `make test` runs
// with it on a shared 2-core machine: the ceiling scales with it so that it
// still catches a blow-up (quadratic work on long lines) without flaking.
// The real speed is measured by the benchmarks, not here.
var maxFuzzDuration = 100 * time.Millisecond * raceSlowdown

var slowest atomic.Int64 // nanoseconds, the slowest explanation seen

func checkExplain(t *testing.T, src string) {
	t.Helper()
	start := time.Now()
	ex := Explain(src, goldenOptions)
	d := time.Since(start)
	if n := int64(d); n > slowest.Load() {
		slowest.Store(n)
	}
	if d > maxFuzzDuration {
		t.Errorf("explaining %d bytes took %v (limit %v)", len(src), d, maxFuzzDuration)
	}
	if ex.Summary == "" || ex.Steps == nil || ex.RiskKinds == nil {
		t.Errorf("empty fields in %+v", ex)
	}
	for _, r := range ex.Risks {
		if riskOrder(r.Kind) == len(riskKinds) {
			t.Errorf("risk kind %q not in the vocabulary", r.Kind)
		}
		if r.Start < 0 || r.End > len(src) || r.Start > r.End {
			t.Errorf("risk %+v out of range for %d bytes", r, len(src))
		}
	}
	if _, err := json.Marshal(ex); err != nil {
		t.Error(err)
	}
}

// FuzzExplain: any input up to 64 KiB is explained without panicking, in
// bounded time, with risk ranges inside the input.
func FuzzExplain(f *testing.F) {
	recoverPanics = false
	f.Cleanup(func() { recoverPanics = true })
	_, cases := readGolden(f)
	for _, c := range cases {
		f.Add(c.command)
	}
	f.Add(strings.Repeat("a && ", 3000) + "b")
	f.Add(strings.Repeat("$(", 200) + strings.Repeat(")", 200))
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 64<<10 {
			return
		}
		checkExplain(t, src)
	})
}

// TestLargeInputs measures the worst cases the fuzz target guards and
// reports the slowest explanation.
func TestLargeInputs(t *testing.T) {
	inputs := []string{
		strings.Repeat("echo a && ", 6550) + "rm -rf /",
		strings.Repeat("x", 64<<10),
		strings.Repeat("ls | ", 13000),
		"echo " + strings.Repeat("$(echo ", 500) + strings.Repeat(")", 500),
		"f " + strings.Repeat("'a' ", 16000),
		strings.Repeat("{ ls; ", 2000) + strings.Repeat("} ", 2000),
	}
	for _, in := range inputs {
		if len(in) > 64<<10 {
			in = in[:64<<10]
		}
		checkExplain(t, in)
	}
	t.Logf("slowest explanation: %v", time.Duration(slowest.Load()))
}
