package explain

import (
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
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
	for i, in := range largeInputs() {
		ex := bestOf(7, func() { Explain(in, goldenOptions) })
		an := bestOf(7, func() { shell.Analyze(in) })
		t.Logf("%2d %6d bytes  explain %8.2f ms  analyze %8.2f ms  %.30q", i, len(in),
			float64(ex)/1e6, float64(an)/1e6, in)
	}
}

// BenchmarkExplainWorst explains each worst case (goal: under 10 ms each).
func BenchmarkExplainWorst(b *testing.B) {
	for i, in := range largeInputs() {
		b.Run(shapeName(i, in), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				Explain(in, goldenOptions)
			}
		})
	}
}

// TestRepeatedShapeTimes looks for slow shapes: every golden command
// repeated to 64 KiB (joined by ;, && and |, or its last word repeated),
// slowest first (GATEHOUSE_TIMES=1 to run it; a search, not a check).
func TestRepeatedShapeTimes(t *testing.T) {
	if os.Getenv("GATEHOUSE_TIMES") == "" {
		t.Skip("set GATEHOUSE_TIMES=1 to measure")
	}
	_, cases := readGolden(t)
	var inputs []string
	fill := func(unit, sep string) string {
		if unit == "" {
			return ""
		}
		n := (64<<10)/(len(unit)+len(sep)) + 1
		s := strings.Repeat(unit+sep, n)
		return s[:min(len(s), 64<<10)]
	}
	for _, c := range cases {
		cmd := c.command
		if strings.ContainsAny(cmd, "\n#") {
			continue
		}
		fields := strings.Fields(cmd)
		for _, sep := range []string{"; ", " && ", " | "} {
			inputs = append(inputs, fill(cmd, sep))
		}
		if len(fields) > 1 {
			last := fields[len(fields)-1]
			inputs = append(inputs, strings.Join(fields[:len(fields)-1], " ")+" "+fill(last, " "))
		}
	}
	logSlowest(t, inputs, 3, 25)
}

// TestRandomDenseTimes looks for slow dense lines: 64 KiB of one to three
// short commands cut from the golden commands, repeated with one kind of
// separator, slowest first (GATEHOUSE_TIMES=1 to run it; a search).
func TestRandomDenseTimes(t *testing.T) {
	if os.Getenv("GATEHOUSE_TIMES") == "" {
		t.Skip("set GATEHOUSE_TIMES=1 to measure")
	}
	_, cases := readGolden(t)
	var units []string
	for _, c := range cases {
		f := strings.Fields(c.command)
		for n := 1; n <= 4 && n <= len(f); n++ {
			u := strings.Join(f[:n], " ")
			if len(u) >= 6 && len(u) <= 16 && !strings.ContainsAny(u, "'\"\\`$(){}<>|&;#") {
				units = append(units, u)
			}
		}
	}
	rnd := rand.New(rand.NewPCG(9, 9))
	var inputs []string
	seps := []string{";", " && ", " | ", "\n", "; "}
	for range 400 {
		var b strings.Builder
		sep := seps[rnd.IntN(len(seps))]
		k := 1 + rnd.IntN(3)
		pick := make([]string, k)
		for i := range pick {
			pick[i] = units[rnd.IntN(len(units))]
		}
		for i := 0; b.Len() < 64<<10-40; i++ {
			b.WriteString(pick[i%k])
			b.WriteString(sep)
		}
		inputs = append(inputs, b.String())
	}
	logSlowest(t, inputs, 2, 12)
}

// bestOf is the shortest of runs timings of f.
func bestOf(runs int, f func()) time.Duration {
	best := time.Duration(1 << 62)
	for range runs {
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}

// logSlowest explains every input (the best of runs each) and logs the
// top slowest, slowest first.
func logSlowest(t *testing.T, inputs []string, runs, top int) {
	type timed struct {
		d   time.Duration
		src string
	}
	all := make([]timed, 0, len(inputs))
	for _, in := range inputs {
		all = append(all, timed{bestOf(runs, func() { Explain(in, goldenOptions) }), in})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].d > all[j].d })
	for _, r := range all[:min(top, len(all))] {
		t.Logf("%8.2f ms  %.70q", float64(r.d)/1e6, r.src)
	}
}

// shapeName names worst case i after its first characters, for reports:
// "49-sudo-rm-a-sudo-rm-a".
func shapeName(i int, in string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%02d-", i)
	dash := true
	for _, r := range in {
		if b.Len() >= 24 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
