package explain

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/shell"
)

// TestAnalyzeWithTreeMatchesAnalyze: Explain reads lines with
// shell.AnalyzeWithTree to parse them once; it must return exactly what
// shell.Analyze returns, for every corpus line and the awkward ones.
func TestAnalyzeWithTreeMatchesAnalyze(t *testing.T) {
	_, cases := readGolden(t)
	srcs := []string{"", "ls\r", "ls\x00", "ls )", "echo $'\\x72\\x6d'", "sh -c 'rm -rf /'"}
	for _, c := range cases {
		srcs = append(srcs, c.command)
	}
	srcs = append(srcs, largeInputs()...)
	for _, src := range srcs {
		want := shell.Analyze(src)
		got, tree := shell.AnalyzeWithTree(src)
		if (tree == nil) != (got.ParseError != nil) {
			t.Errorf("%.60q: tree %v with parse error %v", src, tree != nil, got.ParseError)
		}
		if fmt.Sprint(got.ParseError) != fmt.Sprint(want.ParseError) {
			t.Errorf("%.60q: parse error %v, Analyze says %v", src, got.ParseError, want.ParseError)
			continue
		}
		if want.CodeStringsNotRead != 0 {
			t.Errorf("%.60q: Analyze left %d code strings unread", src, want.CodeStringsNotRead)
		}
		if got.CodeStringsNotRead > 0 {
			continue // read for a person, past MaxCodeStrings: fewer commands by design
		}
		// What the analysis found (not the blocks it was handed out from).
		if got.Source != want.Source || !reflect.DeepEqual(got.Commands, want.Commands) || !reflect.DeepEqual(got.Constructs, want.Constructs) {
			t.Errorf("%.60q: AnalyzeWithTree differs from Analyze", src)
		}
	}
}

// TestExplainParsesOnce: explaining with the analyser's tree gives the same
// explanation as parsing the line again.
func TestExplainParsesOnce(t *testing.T) {
	_, cases := readGolden(t)
	for _, c := range cases {
		line, tree := shell.AnalyzeWithTree(c.command)
		if !reflect.DeepEqual(explainTree(line, tree, goldenOptions), explainLine(shell.Analyze(c.command), goldenOptions)) {
			t.Errorf("%q: the explanation depends on which parse it walks", c.command)
		}
	}
}

// largeInputs are the worst cases found for explaining up to 64 KiB: long
// chains, deep nesting, and single commands with thousands of operands,
// options, redirections or risks.
func largeInputs() []string {
	var unknown strings.Builder
	for i := 0; unknown.Len() < 64<<10-10; i++ {
		fmt.Fprintf(&unknown, "p%d;", i)
	}
	inputs := []string{
		strings.Repeat("echo a && ", 6550) + "rm -rf /",
		strings.Repeat("sudo ", 13000) + "ls",
		strings.Repeat("timeout 5 ", 6500) + "ls",
		strings.Repeat("x", 64<<10),
		strings.Repeat("ls | ", 13000),
		"echo " + strings.Repeat("$(echo ", 500) + strings.Repeat(")", 500),
		"f " + strings.Repeat("'a' ", 16000),
		strings.Repeat("{ ls; ", 2000) + strings.Repeat("} ", 2000),
		"rm -rf" + strings.Repeat(" /a", 21000),
		"touch" + strings.Repeat(" /a", 21000),
		strings.Repeat("curl x;", 9300),
		unknown.String(),
		strings.Repeat(`echo $'\x41' `, 4000),
		"sh -c '" + strings.Repeat("rm /a; ", 9000) + "'",
		strings.Repeat("ls >/a/b ", 7000),
		strings.Repeat("x=$(ls) ", 8000) + "ls",
		"for i in " + strings.Repeat("a ", 30000) + "; do ls; done",
		strings.Repeat("cd /tmp && ", 5900),
		strings.Repeat("git push -f;", 5400),
		strings.Repeat("(", 3000) + "ls" + strings.Repeat(")", 3000),
		strings.Repeat("if ls; then ", 3000) + "ls" + strings.Repeat("; fi", 3000),
		strings.Repeat("for i in a; do ", 3000) + "ls" + strings.Repeat("; done", 3000),
		strings.Repeat("ls | ", 12000) + "ls",
		"ls " + strings.Repeat("--color ", 8000),
		"git push -f origin " + strings.Repeat("x ", 30000),
		"cat" + strings.Repeat(" .env", 13000),    // a secret file per word
		"cat" + strings.Repeat(" a=.env", 9000),   // and after an =
		"ls" + strings.Repeat(" *.env", 13000),    // a glob per word
		"cp" + strings.Repeat(" ~/.bashrc", 7000), // a start-up file per word
		strings.Repeat("time ls | ", 6500) + "ls", // each pipeline timed inside the one before
		strings.Repeat("ls | time ", 6500) + "ls",
		strings.Repeat("time ", 13000) + "ls",
		strings.Repeat("cd src && ls; ", 4700),           // a working directory one name deeper each time
		"git push origin" + strings.Repeat(" -f", 21000), // one flag repeated
		"git clean" + strings.Repeat(" -fdx", 13000),
		strings.Repeat("watch -n 1 ls; ", 4300), // a nested command each
		"rm -rf" + strings.Repeat(" ~", 32000),
		"chmod -R 755" + strings.Repeat(" .", 32000),
		"cd /tmp && rm -rf" + strings.Repeat(" *", 32000), // one glob repeated
		"git checkout --" + strings.Repeat(" .", 32000),   // paths after --
	}
	for i, in := range inputs {
		if len(in) > 64<<10 {
			inputs[i] = in[:64<<10]
		}
	}
	// Many of the lines above have more than maxCommands commands and are
	// not parsed; these are the densest lines that are explained: as many
	// of each kind of command as the bound lets in.
	var unknownUnits strings.Builder
	for i := 0; i < maxCommands-1; i++ {
		fmt.Fprintf(&unknownUnits, "p%d;", i)
	}
	atBound := func(prefix, unit, suffix string) string {
		per := shell.EstimateCommands(unit) - 1
		n := (maxCommands - shell.EstimateCommands(prefix+suffix)) / per
		n = min(n, (64<<10-len(prefix)-len(suffix))/len(unit))
		return prefix + strings.Repeat(unit, n) + suffix
	}
	return append(inputs,
		atBound("", "echo a && ", "rm -rf /"),
		atBound("", "curl x;", ""),
		unknownUnits.String(),
		atBound("sh -c '", "rm /a; ", "'"),
		atBound("", "x=$(ls) ", "ls"),
		atBound("", "ls | ", "ls"),
		atBound("", "cd src && ls; ", ""),
		atBound("", "time ls | ", "ls"),
		atBound("", "rm -rf ~/a ~/b;", ""),
		atBound("", "sudo rm /a;", ""),
		atBound("", "git push -f a b;", ""),
		atBound("", "npm i -g a b c;", ""),
		atBound("", "cd .. && rm a b;", ""),
		atBound("", "x=$(rm -rf /a);", ""),
		atBound("", "curl x | sh -s;", ""),
	)
}

// TestWorstCasesBounded explains every worst case completely: a summary,
// steps bounded by the step budget whatever the line's length, and every
// risk inside the input. How long they take is measured by
// BenchmarkExplainWorst (`make bench`), not asserted here.
func TestWorstCasesBounded(t *testing.T) {
	for i, in := range largeInputs() {
		ex := checkExplain(t, in)
		if len(ex.Steps) > maxStepList+2*maxRiskySteps+1 {
			t.Errorf("input %d (%d bytes): %d steps, more than the step budget", i, len(in), len(ex.Steps))
		}
	}
}

// TestLongChainSummarisedHonestly: a chain of thousands of commands says
// how many there are and that only some are explained, shows the risky
// command buried at the end as a step, keeps its risks with their byte
// ranges, and stays small.
func TestLongChainSummarisedHonestly(t *testing.T) {
	src := strings.Repeat("echo a && ", 6000) + "rm -rf /"
	rmAt := strings.LastIndex(src, "rm")
	ex := Explain(src, goldenOptions)
	if !strings.Contains(ex.Summary, "Runs 6,001 commands") || !strings.Contains(ex.Summary, "first 200") {
		t.Errorf("summary does not say how much is explained: %s", ex.Summary)
	}
	if len(ex.Steps) > maxStepList+2*maxRiskySteps+1 {
		t.Errorf("%d steps for a long line", len(ex.Steps))
	}
	last := ex.Steps[len(ex.Steps)-1]
	if last.Program != "rm" || last.Start != rmAt || !strings.Contains(last.Text, "deletes `/`") {
		t.Errorf("last step %+v, want the rm at %d", last, rmAt)
	}
	gap := ex.Steps[len(ex.Steps)-2]
	if gap.Text != "…5,800 commands not listed here." || gap.Program != "" {
		t.Errorf("gap step %+v", gap)
	}
	for _, kind := range []string{"destructive", "writes-outside-workspace"} {
		found := false
		for _, r := range ex.Risks {
			found = found || (r.Kind == kind && r.Start >= rmAt && r.End <= len(src))
		}
		if !found {
			t.Errorf("no %s risk in the range of the last command: %+v", kind, ex.Risks)
		}
	}
	if !strings.Contains(ex.Summary, "deletes or overwrites data (`rm`)") {
		t.Errorf("summary does not name rm for the deletion: %s", ex.Summary)
	}
	if b, _ := json.Marshal(ex); len(b) > 64<<10 {
		t.Errorf("explanation of a 6,001-command chain is %d bytes", len(b))
	}
}

// TestEveryRiskKeptOnLongLines: past the listed steps and past the risky
// steps shown, every command's risks are still reported with their range.
func TestEveryRiskKeptOnLongLines(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&b, "rm -rf /x%d; ", i)
	}
	src := b.String()
	ex := Explain(src, goldenOptions)
	n := 0
	for _, r := range ex.Risks {
		if r.Kind == "destructive" {
			if !strings.HasPrefix(src[r.Start:r.End], "/x") {
				t.Fatalf("destructive risk on %q", src[r.Start:r.End])
			}
			n++
		}
	}
	if n != 1000 {
		t.Errorf("%d destructive risks, want 1000", n)
	}
	if len(ex.Steps) != maxStepList+maxRiskySteps+1 {
		t.Errorf("%d steps, want %d listed, %d risky and one gap", len(ex.Steps), maxStepList, maxRiskySteps)
	}
	if last := ex.Steps[len(ex.Steps)-1]; last.Text != "…and 780 more commands not listed here." {
		t.Errorf("last step %+v", last)
	}
}

// TestManyModifiersCounted: a command with thousands of redirections gets
// a sentence that names a few and counts the rest.
func TestManyModifiersCounted(t *testing.T) {
	ex := Explain("ls"+strings.Repeat(" >out", 1000), goldenOptions)
	if len(ex.Steps) != 1 || len(ex.Steps[0].Text) > 1000 || !strings.Contains(ex.Steps[0].Text, "and 992 more not listed here") {
		t.Errorf("steps %+v", ex.Steps)
	}
}

// clipRunes is the plain definition clip must keep.
func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// FuzzClip: clip, which stops reading after n+1 runes, equals the plain
// definition, invalid UTF-8 included.
func FuzzClip(f *testing.F) {
	for _, s := range []string{"", "abc", strings.Repeat("é", 100), "a\xffb\xfe" + strings.Repeat("x", 90), strings.Repeat("日本", 41)} {
		f.Add(s, 80)
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 1 || n > 200 {
			return
		}
		if got, want := clip(s, n), clipRunes(s, n); got != want {
			t.Errorf("clip(%q, %d) = %q, want %q", s, n, got, want)
		}
	})
}

// TestRiskIndexMatchesScan: the index gives the same answers as scanning
// the risks, as the list grows between questions.
func TestRiskIndexMatchesScan(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 50; round++ {
		var fs []found
		var ix riskIndex
		for i := 0; i < 300; i++ {
			if rnd.IntN(2) == 0 {
				s := rnd.IntN(100)
				fs = append(fs, found{kind: uint8(rnd.IntN(3)), start: s, end: s + rnd.IntN(10)})
			}
			k, s := uint8(rnd.IntN(3)), rnd.IntN(100)
			e := s + rnd.IntN(20)
			if got, want := ix.has(fs, k, s, e), heldIn(fs, k, s, e); got != want {
				t.Fatalf("round %d: has(%d, %d, %d) = %v, scan says %v", round, k, s, e, got, want)
			}
		}
	}
}

// TestEffectWritesMatchScan: the written-effect lookup gives the same
// answers as scanning the effects, for questions in order and not.
func TestEffectWritesMatchScan(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	kinds := []shell.EffectKind{shell.EffectWrite, shell.EffectDestructive, shell.EffectRead}
	paths := []string{"a", "b", ""}
	for round := 0; round < 200; round++ {
		c := &shell.Command{}
		runs := 1 + rnd.IntN(3)
		for r := 0; r < runs; r++ {
			pos := rnd.IntN(5)
			for i := rnd.IntN(30); i > 0; i-- {
				pos += rnd.IntN(3)
				c.Effects = append(c.Effects, shell.Effect{Kind: kinds[rnd.IntN(3)], Path: paths[rnd.IntN(3)], Pos: pos, End: pos + rnd.IntN(3)})
			}
		}
		x := &explainer{sc: &scratch{}}
		ew := x.writesOf(c)
		pos := 0
		for q := 0; q < 60; q++ {
			if rnd.IntN(4) == 0 {
				pos = rnd.IntN(60)
			} else {
				pos += rnd.IntN(3)
			}
			end, p, k := pos+rnd.IntN(3), paths[rnd.IntN(3)], []shell.EffectKind{"", shell.EffectWrite}[rnd.IntN(2)]
			want := false
			for _, e := range c.Effects {
				if (e.Kind == shell.EffectWrite || e.Kind == shell.EffectDestructive && k == "") && e.Pos < e.End && e.Pos == pos && e.End == end && e.Path == p {
					want = true
				}
			}
			if got := ew.has(pos, end, p, k); got != want {
				t.Fatalf("round %d: has(%d, %d, %q, %q) = %v, scan says %v (effects %v)", round, pos, end, p, k, got, want, c.Effects)
			}
		}
	}
}

// dedupe is dedupeFound over Risks, for the test below.
func dedupe(rs []Risk) []Risk {
	x := &explainer{}
	fs := make([]found, len(rs))
	for i, r := range rs {
		fs[i] = found{kind: x.kindID(r.Kind), start: r.Start, end: r.End}
	}
	var out []Risk
	for _, i := range dedupeFound(fs, &scratch{}) {
		out = append(out, rs[i])
	}
	return out
}

// TestDedupeMatchesDefinition: dedupe keeps the first of each kind+range
// and sorts stably by position, then seriousness.
func TestDedupeMatchesDefinition(t *testing.T) {
	t.Run("compare", func(t *testing.T) { testDedupeMatchesDefinition(t) })
	t.Run("count", func(t *testing.T) {
		// The same lists through the counting sort used for long lists.
		defer func(n int) { radixFrom = n }(radixFrom)
		radixFrom = 0
		testDedupeMatchesDefinition(t)
	})
}

func testDedupeMatchesDefinition(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	kinds := append(append([]string{}, riskKinds...), "some-new-kind", "another-kind")
	for round := 0; round < 200; round++ {
		var rs []Risk
		nk, ns := len(kinds), 8
		if round%4 == 0 { // long runs of one kind at one position
			nk, ns = 2, 1
		}
		for i := rnd.IntN(60); i > 0; i-- {
			s := rnd.IntN(ns)
			rs = append(rs, Risk{Kind: kinds[rnd.IntN(nk)], Reason: fmt.Sprint(i), Start: s, End: s + rnd.IntN(3)})
		}
		if round%4 == 1 { // two ordered runs, as a walked line gives
			cut := rnd.IntN(len(rs) + 1)
			for _, part := range [][]Risk{rs[:cut], rs[cut:]} {
				slices.SortStableFunc(part, func(a, b Risk) int {
					if c := cmp.Compare(a.Start, b.Start); c != 0 {
						return c
					}
					return cmp.Compare(riskOrder(a.Kind), riskOrder(b.Kind))
				})
			}
		}
		var want []Risk
		for i, r := range rs {
			first := true
			for _, o := range rs[:i] {
				first = first && !(o.Kind == r.Kind && o.Start == r.Start && o.End == r.End)
			}
			if first {
				want = append(want, r)
			}
		}
		for i := 1; i < len(want); i++ { // insertion sort: stable
			for j := i; j > 0; j-- {
				a, b := want[j-1], want[j]
				if a.Start < b.Start || (a.Start == b.Start && riskOrder(a.Kind) <= riskOrder(b.Kind)) {
					break
				}
				want[j-1], want[j] = b, a
			}
		}
		if got := dedupe(rs); !(len(got) == 0 && len(want) == 0) && !reflect.DeepEqual(got, want) {
			t.Fatalf("dedupe(%v)\n got %v\nwant %v", rs, got, want)
		}
	}
}

// FuzzCollapseSpaces: collapseSpaces equals strings.Join(strings.Fields(s), " ").
func FuzzCollapseSpaces(f *testing.F) {
	for _, s := range []string{"", " ", "a b", " a", "a ", "a  b", "a\tb", "a\u00a0b", "a\u0085 b", "deletes `x` and `y`", "\xff a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapseSpaces(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpaces(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestWordPartsReadAsTheWalkDoes: reading simple words directly gives the
// same structure as the generic walk, for every golden command and the
// worst cases.
func TestWordPartsReadAsTheWalkDoes(t *testing.T) {
	_, cases := readGolden(t)
	cmds := largeInputs()
	for _, c := range cases {
		cmds = append(cmds, c.command)
	}
	cmds = append(cmds, `x=$(a) y="$(b) $'\x41' $(c)" z=${v:-$(d)} e[1]=$(f) g=($(h)) cmd "$(i "$(j)")" <(k) >$(l)`)
	defer func() { readParts = true }()
	for _, cmd := range cmds {
		readParts = true
		fast := readStructure(cmd)
		readParts = false
		walked := readStructure(cmd)
		if !reflect.DeepEqual(fast, walked) {
			t.Fatalf("%.60q: reading words directly gives\n%+v\nthe walk gives\n%+v", cmd, fast, walked)
		}
	}
}

// TestUnknownProgramsCounted: a line of thousands of unknown programs
// names the first 100 and counts the others.
func TestUnknownProgramsCounted(t *testing.T) {
	var b strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&b, "p%d; p%d; ", i, i) // each twice: counted once
	}
	ex := Explain(b.String(), goldenOptions)
	if len(ex.Unknown) != maxUnknown || ex.Unknown[0] != "p0" || ex.Unknown[99] != "p99" || ex.UnknownOmitted != 2900 {
		t.Fatalf("unknown: %d named (%q … %q), %d omitted; want p0 … p99 and 2,900 more", len(ex.Unknown), ex.Unknown[0], ex.Unknown[len(ex.Unknown)-1], ex.UnknownOmitted)
	}
	if txt := Text(ex); !strings.Contains(txt, "p98, p99 and 2,900 more") {
		t.Fatalf("text does not count the unnamed programs:\n%s", txt[max(0, len(txt)-300):])
	}
	if !strings.Contains(ex.Summary, "`p0`") || !strings.Contains(ex.Summary, "2994 more") {
		t.Fatalf("summary: %s", ex.Summary)
	}
}

// TestAssignShortWayMatchesWalk: the one-to-one short way of assign gives
// what the general walk gives, for every golden command and worst case.
func TestAssignShortWayMatchesWalk(t *testing.T) {
	_, cases := readGolden(t)
	cmds := largeInputs()
	for _, c := range cases {
		cmds = append(cmds, c.command)
	}
	defer func() { assignOneToOne = true }()
	short := 0
	for _, cmd := range cmds {
		line, tree := shell.AnalyzeWithTree(cmd)
		if line.ParseError != nil {
			continue
		}
		st := structureOf(tree, cmd, len(line.Commands))
		assignOneToOne = true
		fast := assign(st.slots, line.Commands)
		if oneToOne(st.slots, line.Commands) {
			short++
		}
		assignOneToOne = false
		walked := assign(st.slots, line.Commands)
		if !reflect.DeepEqual(fast, walked) {
			t.Fatalf("%.60q: assign's short way differs from the walk", cmd)
		}
	}
	if short < 50 {
		t.Fatalf("only %d commands took the short way: the test says little", short)
	}
}

// TestDenseLinesNotRead: a line of more than maxCommands commands is not
// parsed; it is reported as one Gatehouse cannot read, with one risk over
// the whole line. A line just under the bound is explained as usual.
func TestDenseLinesNotRead(t *testing.T) {
	dense := strings.Repeat("a;", 32000)
	ex := Explain(dense, goldenOptions)
	if !ex.Opaque || len(ex.Risks) != 1 || ex.Risks[0].Kind != "unparsable" || ex.Risks[0].End != len(dense) ||
		!strings.Contains(ex.Summary, "about 32,001 commands") || len(ex.Steps) != 0 {
		t.Fatalf("dense line: %+v", ex)
	}
	for _, sep := range []string{" & ", " && ", " | ", "\n"} {
		if ex := Explain(strings.Repeat("npm i"+sep, maxCommands+1)+"ls", goldenOptions); !slices.Contains(ex.RiskKinds, "unparsable") {
			t.Errorf("%d commands joined by %q were read: %s", maxCommands+2, sep, ex.Summary)
		}
	}
	under := strings.Repeat("ls;", maxCommands-2) + "rm -rf /"
	ex = Explain(under, goldenOptions)
	if ex.Opaque && slices.Contains(ex.RiskKinds, "unparsable") || !slices.Contains(ex.RiskKinds, "destructive") {
		t.Fatalf("a line under the bound is not explained: %s %v", ex.Summary, ex.RiskKinds)
	}
}

// TestUnreadCodeStringsFlagged: past shell.MaxCodeStrings code strings,
// the explanation says that what the others run is not explained.
func TestUnreadCodeStringsFlagged(t *testing.T) {
	ex := Explain(strings.Repeat("watch -n 1 ls; ", shell.MaxCodeStrings+7), goldenOptions)
	for _, r := range ex.Risks {
		if r.Kind == "obfuscation" && strings.Contains(r.Reason, "7 more code strings") {
			return
		}
	}
	t.Fatalf("no risk says 7 code strings are not read: %v", ex.Risks)
}

// TestExplainConcurrently: explanations made at the same time, sharing the
// pooled working memory and the recycled lists, are the ones made alone
// (run under -race).
func TestExplainConcurrently(t *testing.T) {
	inputs := largeInputs()
	if raceSlowdown > 1 {
		inputs = inputs[len(inputs)-8:] // the densest explained lines, quick enough under -race
	}
	want := make([]Explanation, len(inputs))
	for i, in := range inputs {
		want[i] = Explain(in, goldenOptions)
	}
	var wg sync.WaitGroup
	for g := range 3 {
		wg.Go(func() {
			for k := range len(inputs) {
				i := (g*5 + k) % len(inputs)
				if got := Explain(inputs[i], goldenOptions); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("goroutine %d: input %d explained differently", g, i)
					return
				}
			}
		})
	}
	wg.Wait()
}
