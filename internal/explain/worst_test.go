package explain

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/gatehouse/gatehouse/internal/shell"
)

// TestWorstCaseTimes prints the best of seven runs of Explain and of the
// analysis alone for every worst case (GATEHOUSE_TIMES=1 to run it; timing
// is a measurement, not a check, on a shared machine).
func TestWorstCaseTimes(t *testing.T) {
	if os.Getenv("GATEHOUSE_TIMES") == "" {
		t.Skip("set GATEHOUSE_TIMES=1 to measure")
	}
	best := func(f func()) time.Duration {
		b := time.Duration(1 << 62)
		for range 7 {
			start := time.Now()
			f()
			b = min(b, time.Since(start))
		}
		return b
	}
	for i, in := range largeInputs() {
		ex := best(func() { Explain(in, goldenOptions) })
		an := best(func() { shell.Analyze(in) })
		t.Logf("%2d %6d bytes  explain %8.2f ms  analyze %8.2f ms  %.30q", i, len(in),
			float64(ex)/1e6, float64(an)/1e6, in)
	}
}

// BenchmarkExplainWorst explains each worst case (goal: under 10 ms each).
func BenchmarkExplainWorst(b *testing.B) {
	for i, in := range largeInputs() {
		b.Run(fmt.Sprint(i), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				Explain(in, goldenOptions)
			}
		})
	}
}
