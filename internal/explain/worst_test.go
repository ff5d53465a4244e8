package explain

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"
)

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

// BenchmarkExplainRepeatedShapes looks for slow shapes: every golden
// command repeated to 64 KiB (joined by ;, && and |, or its last word
// repeated), explained once each; it logs the slowest (a search run by
// hand with -bench, not a check).
func BenchmarkExplainRepeatedShapes(b *testing.B) {
	_, cases := readGolden(b)
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
	logSlowest(b, inputs, 25)
}

// BenchmarkExplainRandomDense looks for slow dense lines: 64 KiB of one to
// three short commands cut from the golden commands, repeated with one kind
// of separator; it logs the slowest (a search run by hand with -bench).
func BenchmarkExplainRandomDense(b *testing.B) {
	_, cases := readGolden(b)
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
	logSlowest(b, inputs, 12)
}

// logSlowest explains every input once per benchmark iteration and logs
// the top slowest of the last iteration, slowest first.
func logSlowest(b *testing.B, inputs []string, top int) {
	type timed struct {
		d   time.Duration
		src string
	}
	var all []timed
	for b.Loop() {
		all = all[:0]
		for _, in := range inputs {
			start := time.Now()
			Explain(in, goldenOptions)
			all = append(all, timed{time.Since(start), in})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].d > all[j].d })
	for _, r := range all[:min(top, len(all))] {
		b.Logf("%8.2f ms  %.70q", float64(r.d)/1e6, r.src)
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
