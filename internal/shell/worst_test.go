package shell

import (
	"fmt"
	"strings"
	"testing"
)

// worstLines are the shapes that cost the analysis most per byte, each
// capped at 64 KiB (the largest line explained): long chains, deep nesting,
// and single commands with thousands of operands, options, redirections or
// effects. They mirror the worst cases of the explain package.
func worstLines() []struct{ name, src string } {
	var unknown strings.Builder
	for i := 0; unknown.Len() < 64<<10-10; i++ {
		fmt.Fprintf(&unknown, "p%d;", i)
	}
	lines := []struct{ name, src string }{
		{"and-chain", strings.Repeat("echo a && ", 6550) + "rm -rf /"},
		{"sudo", strings.Repeat("sudo ", 13000) + "ls"},
		{"timeout", strings.Repeat("timeout 5 ", 6500) + "ls"},
		{"one-word", strings.Repeat("x", 64<<10)},
		{"pipe", strings.Repeat("ls | ", 13000)},
		{"cmdsubst", "echo " + strings.Repeat("$(echo ", 500) + strings.Repeat(")", 500)},
		{"quoted-args", "f " + strings.Repeat("'a' ", 16000)},
		{"blocks", strings.Repeat("{ ls; ", 2000) + strings.Repeat("} ", 2000)},
		{"rm-operands", "rm -rf" + strings.Repeat(" /a", 21000)},
		{"touch-operands", "touch" + strings.Repeat(" /a", 21000)},
		{"curl-seq", strings.Repeat("curl x;", 9300)},
		{"unknown-seq", unknown.String()},
		{"ansi-c", strings.Repeat(`echo $'\x41' `, 4000)},
		{"sh-c", "sh -c '" + strings.Repeat("rm /a; ", 9000) + "'"},
		{"redirs", strings.Repeat("ls >/a/b ", 7000)},
		{"assign-subst", strings.Repeat("x=$(ls) ", 8000) + "ls"},
		{"for-items", "for i in " + strings.Repeat("a ", 30000) + "; do ls; done"},
		{"cd-chain", strings.Repeat("cd /tmp && ", 5900)},
		{"git-push-seq", strings.Repeat("git push -f;", 5400)},
		{"subshells", strings.Repeat("(", 3000) + "ls" + strings.Repeat(")", 3000)},
		{"ifs", strings.Repeat("if ls; then ", 3000) + "ls" + strings.Repeat("; fi", 3000)},
		{"fors", strings.Repeat("for i in a; do ", 3000) + "ls" + strings.Repeat("; done", 3000)},
		{"pipe-ls", strings.Repeat("ls | ", 12000) + "ls"},
		{"options", "ls " + strings.Repeat("--color ", 8000)},
		{"git-push-args", "git push -f origin " + strings.Repeat("x ", 30000)},
		{"secret-args", "cat" + strings.Repeat(" .env", 13000)},
		{"secret-values", "cat" + strings.Repeat(" a=.env", 9000)},
		{"secret-globs", "ls" + strings.Repeat(" *.env", 13000)},
		{"startup-files", "cp" + strings.Repeat(" ~/.bashrc", 7000)},
		{"timed-pipes", strings.Repeat("time ls | ", 6500) + "ls"},
		{"pipe-timed", strings.Repeat("ls | time ", 6500) + "ls"},
		{"time-time", strings.Repeat("time ", 13000) + "ls"},
		{"cd-deeper", strings.Repeat("cd src && ls; ", 4700)},
		{"flag-repeated", "git push origin" + strings.Repeat(" -f", 21000)},
		{"cluster-repeated", "git clean" + strings.Repeat(" -fdx", 13000)},
		{"watch-seq", strings.Repeat("watch -n 1 ls; ", 4300)},
		{"rm-home", "rm -rf" + strings.Repeat(" ~", 32000)},
		{"chmod-dots", "chmod -R 755" + strings.Repeat(" .", 32000)},
		{"glob-repeated", "cd /tmp && rm -rf" + strings.Repeat(" *", 32000)},
		{"paths-after-dashdash", "git checkout --" + strings.Repeat(" .", 32000)},
	}
	for i := range lines {
		if len(lines[i].src) > 64<<10 {
			lines[i].src = lines[i].src[:64<<10]
		}
	}
	return lines
}

// BenchmarkAnalyzeWorst analyses each worst-case line; the explanation of
// any 64 KiB line must stay under 10 ms, and the analysis is most of it.
func BenchmarkAnalyzeWorst(b *testing.B) {
	for _, l := range worstLines() {
		b.Run(l.name, func(b *testing.B) {
			b.SetBytes(int64(len(l.src)))
			for b.Loop() {
				Analyze(l.src)
			}
		})
	}
}

// TestRepeatedFlagsKeptOnce: a flag repeated thousands of times in one
// command gives its effect at its first maxRepeatedFlag places, while an
// option that names a file keeps every one.
func TestRepeatedFlagsKeptOnce(t *testing.T) {
	count := func(l *Line, k EffectKind) int {
		n := 0
		for _, c := range l.Commands {
			for _, e := range c.Effects {
				if e.Kind == k {
					n++
				}
			}
		}
		return n
	}
	force := Analyze("git push origin main" + strings.Repeat(" -f", 5000))
	if n := count(force, EffectDestructive); n != maxRepeatedFlag {
		t.Errorf("git push -f ×5000: %d destructive effects, want %d", n, maxRepeatedFlag)
	}
	var b strings.Builder
	b.WriteString("curl https://example.test/x")
	for i := range 300 {
		fmt.Fprintf(&b, " -o /tmp/out%d", i)
	}
	outs := Analyze(b.String())
	if n := count(outs, EffectWrite); n != 300 {
		t.Errorf("curl -o ×300: %d write effects, want 300", n)
	}
	globs := Analyze("rm -rf" + strings.Repeat(" *.log", 5000) + " x")
	if n := count(globs, EffectDestructive); n != MaxRepeatedOperand+1 {
		t.Errorf("rm -rf *.log ×5000 x: %d destructive effects, want %d", n, MaxRepeatedOperand+1)
	}
	vars := Analyze("rm -rf" + strings.Repeat(" $a", 100))
	if n := count(vars, EffectDestructive); n != 100 {
		t.Errorf("rm -rf $a ×100: %d destructive effects, want 100 (expansions are never the same operand)", n)
	}
	mixed := Analyze("git clean" + strings.Repeat(" -fdx", 5000) + " -e keep")
	if n := count(mixed, EffectDestructive); n == 0 || n > 3*maxRepeatedFlag {
		t.Errorf("git clean -fdx ×5000: %d destructive effects, want 1 to %d", n, 3*maxRepeatedFlag)
	}
}

// TestCodeStringsBounded: read for a person (AnalyzeWithTree), a line has
// at most MaxCodeStrings code strings analysed; the others keep their
// outer command's code-execution effect and are counted. Analyze, which
// decisions come from, reads them all.
func TestCodeStringsBounded(t *testing.T) {
	src := strings.Repeat("sh -c 'rm -rf /tmp/x'; ", MaxCodeStrings+50)
	count := func(l *Line) (nested, outer int) {
		for _, c := range l.Commands {
			switch {
			case c.Context.Nested:
				nested++
			case c.Name.Value == "sh" && c.Has(EffectExec):
				outer++
			}
		}
		return nested, outer
	}
	bounded, _ := AnalyzeWithTree(src)
	if nested, outer := count(bounded); nested != MaxCodeStrings || outer != MaxCodeStrings+50 || bounded.CodeStringsNotRead != 50 {
		t.Errorf("AnalyzeWithTree: %d nested (want %d), %d sh with their effect (want %d), %d not read (want 50)",
			nested, MaxCodeStrings, outer, MaxCodeStrings+50, bounded.CodeStringsNotRead)
	}
	all := Analyze(src)
	if nested, _ := count(all); nested != MaxCodeStrings+50 || all.CodeStringsNotRead != 0 {
		t.Errorf("Analyze: %d nested commands, %d not read; want every one read", nested, all.CodeStringsNotRead)
	}
}

// TestPathOperandsSelection: the operands a path rule applies to are . and
// .. before --, and every operand after it, in order.
func TestPathOperandsSelection(t *testing.T) {
	vals := []string{".", "..", "a", "-", "./b"}
	for n := 0; n < 6; n++ {
		for mask := 0; mask < 1<<(2*n); mask++ {
			ops := make([]Word, n)
			for i := range ops {
				ops[i] = Word{Value: vals[(mask>>(2*i))&3], Pos: i}
			}
			for dd := -1; dd <= n+1; dd++ {
				var want []Word
				for i, w := range ops {
					if dd >= 0 && i >= dd || w.Value == "." || w.Value == ".." {
						want = append(want, w)
					}
				}
				got := selectOperands(operandRule{Which: pathOperands}, ops, dd)
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("operands %v, -- at %d: got %v, want %v", ops, dd, got, want)
				}
			}
		}
	}
}

// TestOptionIndexMatchesScan: for every program and wrapper, the specs the
// index gives for an option are the ones matching it one by one.
func TestOptionIndexMatchesScan(t *testing.T) {
	check := func(what string, specs []optionSpec, index map[string][]int) {
		names := map[string]bool{"--no-such-option": true}
		for _, sp := range specs {
			for _, n := range listNames(sp.Names) {
				names[n] = true
			}
		}
		for n := range names {
			var want []int
			for si, sp := range specs {
				if optMatches(parsedOpt{Names: []string{n}}, sp.Names) {
					want = append(want, si)
				}
			}
			if got := index[n]; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s %s: index gives %v, scanning gives %v", what, n, got, want)
			}
		}
	}
	for name, p := range programs() {
		check(name, p.Opts, p.syntax().specs)
		for sub, sp := range p.Sub {
			check(name+" "+sub, sp.Opts, sp.syntax().specs)
		}
	}
	for name, w := range wrapperTable() {
		check(name, w.Opts, w.syntax().specs)
	}
}
