package explain

import (
	"encoding/json"
	"strings"
	"testing"
)

// checkExplain explains src and checks what every explanation promises:
// its fields are filled, its risk kinds are in the vocabulary, its ranges
// lie inside the input and it encodes as JSON. It returns the explanation
// for further checks.
func checkExplain(t *testing.T, src string) Explanation {
	t.Helper()
	ex := Explain(src, goldenOptions)
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
	return ex
}

// FuzzExplain: any input up to 64 KiB is explained without panicking,
// with risk ranges inside the input.
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

// TestLargeInputs explains the worst cases the fuzz target guards, each
// completely.
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
}
