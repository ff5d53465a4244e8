package explain

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/shell"
)

// firstOfEachKind is the definition of the listed details: per kind, the
// first n of all risks, in their order.
func firstOfEachKind(all []Risk, n int) ([]Risk, int) {
	per := map[string]int{}
	var out []Risk
	omitted := 0
	for _, r := range all {
		if per[r.Kind] >= n {
			omitted++
			continue
		}
		per[r.Kind]++
		out = append(out, r)
	}
	return out, omitted
}

// distinctPaths is " /a0 /a1 …", n absolute paths.
func distinctPaths(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, " /a%d", i)
	}
	return b.String()
}

// explainUncapped explains src listing every risk.
func explainUncapped(src string) Explanation {
	defer func(n int) { maxRiskDetails = n }(maxRiskDetails)
	maxRiskDetails = 1 << 30
	return Explain(src, goldenOptions)
}

// TestRiskDetailsCappedPerKind: past 1,000 risks of a kind, the details
// list the first 1,000 of each kind, in order, with the reasons they would
// have had; every kind is still reported, the omitted ones are counted, and
// the summary says so.
func TestRiskDetailsCappedPerKind(t *testing.T) {
	cases := []struct {
		src     string
		total   map[string]int
		omitted int
	}{
		{"rm -rf" + distinctPaths(21000), map[string]int{"destructive": 21000, "writes-outside-workspace": 21000}, 40000},
		{strings.Repeat("git push -f;", 5400), map[string]int{"obfuscation": 1, "destructive": 5400, "code-execution": 5400, "network": 5400}, 13200},
		{strings.Repeat("curl x >/o; ", 1500) + "sudo ls", map[string]int{"obfuscation": 1, "privilege": 1, "network": 3000, "writes-outside-workspace": 1500}, 2500},
		{"rm -rf" + distinctPaths(1001), map[string]int{"destructive": 1001, "writes-outside-workspace": 1001}, 2},
	}
	for _, c := range cases {
		ex := Explain(c.src, goldenOptions)
		full := explainUncapped(c.src)
		name := c.src[:min(len(c.src), 30)]
		per := map[string]int{}
		for _, r := range full.Risks {
			per[r.Kind]++
		}
		if !reflect.DeepEqual(per, c.total) {
			t.Errorf("%s: uncapped risks per kind %v, want %v", name, per, c.total)
		}
		if !reflect.DeepEqual(ex.RiskKinds, full.RiskKinds) {
			t.Errorf("%s: kinds %v, every risk gives %v", name, ex.RiskKinds, full.RiskKinds)
		}
		want, omitted := firstOfEachKind(full.Risks, 1000)
		if !sameRisks(ex.Risks, want) {
			t.Errorf("%s: %d details, want the first 1,000 of each kind (%d)", name, len(ex.Risks), len(want))
		}
		if ex.RiskDetailsOmitted != c.omitted || omitted != c.omitted {
			t.Errorf("%s: %d details omitted (definition: %d), want %d", name, ex.RiskDetailsOmitted, omitted, c.omitted)
		}
		kept := map[string]int{}
		for _, r := range ex.Risks {
			kept[r.Kind]++
		}
		for k, n := range c.total {
			if kept[k] != min(n, 1000) {
				t.Errorf("%s: %d %s details, want %d", name, kept[k], k, min(n, 1000))
			}
		}
		for _, k := range ex.RiskKinds { // the first of each kind is listed
			var first Risk
			for _, r := range full.Risks {
				if r.Kind == k {
					first = r
					break
				}
			}
			if !slicesContains(ex.Risks, first) {
				t.Errorf("%s: the first %s risk %+v is not listed", name, k, first)
			}
		}
		for i := 1; i < len(ex.Risks); i++ {
			a, b := ex.Risks[i-1], ex.Risks[i]
			if a.Start > b.Start || (a.Start == b.Start && riskOrder(a.Kind) > riskOrder(b.Kind)) {
				t.Fatalf("%s: details out of order at %d: %+v then %+v", name, i, a, b)
			}
		}
		if !strings.Contains(ex.Summary, count(c.omitted)+" more place") || !strings.Contains(ex.Summary, "not underlined one by one") {
			t.Errorf("%s: summary does not say details are left out: %s", name, ex.Summary)
		}
		if strings.Contains(ex.Summary, "every risk is still listed") {
			t.Errorf("%s: summary claims every risk is listed: %s", name, ex.Summary)
		}
		if strings.TrimSuffix(full.Summary, ".") != ex.Summary[:strings.LastIndex(ex.Summary, ";")] &&
			!strings.Contains(full.Summary, "every risk is still listed") {
			t.Errorf("%s: the capped summary differs from the full one beyond the note:\n%s\n%s", name, ex.Summary, full.Summary)
		}
		if !strings.Contains(Text(ex), "…and "+count(c.omitted)+" more of the same kinds") {
			t.Errorf("%s: text does not count the omitted details", name)
		}
		b, _ := json.Marshal(ex)
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil || m["riskDetailsOmitted"] != float64(c.omitted) {
			t.Errorf("%s: riskDetailsOmitted in JSON is %v (%v)", name, m["riskDetailsOmitted"], err)
		}
	}
}

func sameRisks(a, b []Risk) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

func slicesContains(rs []Risk, r Risk) bool {
	for _, o := range rs {
		if o == r {
			return true
		}
	}
	return false
}

// TestLongLineSummaryUnderTheCap: a long line with at most 1,000 risks of
// each kind still promises every risk, and has no omitted count.
func TestLongLineSummaryUnderTheCap(t *testing.T) {
	ex := Explain(strings.Repeat("rm -rf /x; ", 1000), goldenOptions)
	if ex.RiskDetailsOmitted != 0 || !strings.Contains(ex.Summary, "(every risk is still listed)") || strings.Contains(ex.Summary, "not underlined") {
		t.Errorf("omitted %d, summary %s", ex.RiskDetailsOmitted, ex.Summary)
	}
	if b, _ := json.Marshal(ex); strings.Contains(string(b), "riskDetailsOmitted") {
		t.Errorf("riskDetailsOmitted present with nothing omitted")
	}
	long := Explain(strings.Repeat("rm -rf /x; ", 1001), goldenOptions)
	if long.RiskDetailsOmitted != 2 || !strings.Contains(long.Summary, "every kind of risk is still listed, at its first 1,000 places") {
		t.Errorf("omitted %d, summary %s", long.RiskDetailsOmitted, long.Summary)
	}
}

// TestCappedDetailsMatchDefinition: with a small cap, every corpus line and
// worst case lists exactly the first risks of each kind of its uncapped
// explanation, with the same reasons, although the walk words only the
// risks it expects to list (risks found after the cap in walk order but
// first in position order are worded afterwards).
func TestCappedDetailsMatchDefinition(t *testing.T) {
	_, cases := readGolden(t)
	srcs := []string{"git push origin :old-branch; git push -f; curl x; echo $(git push -f)", "cd /tmp && touch a b c; cd ~ && rm -rf x y"}
	for _, c := range cases {
		srcs = append(srcs, c.command)
	}
	for i, in := range largeInputs() {
		if i%3 == 0 { // a sample keeps the test short
			srcs = append(srcs, in)
		}
	}
	defer func(n int) { maxRiskDetails = n }(maxRiskDetails)
	for _, src := range srcs {
		full := explainUncapped(src)
		for _, n := range []int{1, 2, 3} {
			maxRiskDetails = n
			ex := Explain(src, goldenOptions)
			want, omitted := firstOfEachKind(full.Risks, n)
			if !sameRisks(ex.Risks, want) || ex.RiskDetailsOmitted != omitted || !reflect.DeepEqual(ex.RiskKinds, full.RiskKinds) {
				t.Errorf("%.60q with at most %d per kind:\n got %d details (%d omitted) %+v\nwant %d (%d omitted) %+v", src, n,
					len(ex.Risks), ex.RiskDetailsOmitted, ex.Risks[:min(len(ex.Risks), 6)], len(want), omitted, want[:min(len(want), 6)])
			}
			if !reflect.DeepEqual(ex.Steps, full.Steps) || ex.Opaque != full.Opaque || !reflect.DeepEqual(ex.Unknown, full.Unknown) {
				t.Errorf("%.60q: the cap changes more than the details", src)
			}
		}
		maxRiskDetails = 1000
	}
}

// TestRepeatedOperandReadOnce: the same path named thousands of times in a
// row names one file: its risks are read at its first places only (as the
// analysis reads it), and every kind is still reported.
func TestRepeatedOperandReadOnce(t *testing.T) {
	ex := Explain("rm -rf"+strings.Repeat(" /a", 21000)+" /b", goldenOptions)
	per := map[string]int{}
	for _, r := range ex.Risks {
		per[r.Kind]++
	}
	want := map[string]int{"destructive": shell.MaxRepeatedOperand + 1, "writes-outside-workspace": shell.MaxRepeatedOperand + 1}
	if !reflect.DeepEqual(per, want) || ex.RiskDetailsOmitted != 0 {
		t.Fatalf("risks per kind %v (%d omitted), want %v", per, ex.RiskDetailsOmitted, want)
	}
	if last := ex.Risks[len(ex.Risks)-1]; !strings.Contains(last.Reason, "/b") {
		t.Fatalf("the path after the run is not read: %+v", last)
	}
}
