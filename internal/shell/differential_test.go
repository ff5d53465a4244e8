package shell

import (
	"bufio"
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The differential test runs every sample of testdata/shell/bashdiff in
// real bash and checks that each command bash ran is one the analysis
// reported. A parser that disagrees with bash about where a command
// starts (a heredoc that ends earlier in bash, a quote bash reads
// differently) hides commands from every later check: that is how
// approval systems are bypassed. The samples run only the marker m (a
// function printing its argument to fd 3) and harmless builtins.
//
// A sample the analysis cannot parse is refused (asked about) and passes.

// markerHome is HOME for the samples: a tilde the analysis leaves to its
// caller (Word.Tilde) is expanded to it.
const markerHome = "/nonexistent/home"

// markerPrelude defines m for bash, printing its argument NUL-terminated
// (an argument may hold a newline). It is not part of what is analysed.
const markerPrelude = "m() { printf '%s\\0' \"$1\" >&3; }\n"

func loadDifferential(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../../testdata/shell/bashdiff/samples.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		s, err := strconv.Unquote(l)
		if err != nil {
			t.Fatalf("samples.txt:%d: not a Go-quoted string: %v", n, err)
		}
		out = append(out, s)
	}
	return out
}

// bashMarkers runs src after the prelude, directly (as bash -c) or through
// eval (as agents' shells often run a command), and returns the markers
// it printed.
func bashMarkers(t *testing.T, src string, viaEval bool) []string {
	t.Helper()
	dir := t.TempDir()
	marks := filepath.Join(dir, ".marks")
	script := markerPrelude + src
	if viaEval {
		script = markerPrelude + `eval "$GATEHOUSE_SAMPLE"`
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "--norc", "--noprofile", "-c", "exec 3>"+strconv.Quote(marks)+"\n"+script)
	cmd.Dir = dir
	cmd.Env = []string{"HOME=" + markerHome, "PATH=/usr/bin:/bin", "LC_ALL=C", "GATEHOUSE_SAMPLE=" + src}
	_ = cmd.Run() // a sample may fail; what ran before is what counts
	data, _ := os.ReadFile(marks)
	var out []string
	for _, l := range strings.Split(string(data), "\x00") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// seenMarkers returns the literal first arguments of the commands named m
// in the analysis. any is set when some m has an argument that is not
// literal (it stands for whatever bash prints) or when the line holds a
// command that always asks (a dynamic name, code execution, changes to
// the shell such as alias or shopt): such a line is asked about whatever
// it runs.
func seenMarkers(l *Line) (seen []string, any bool) {
	for _, c := range l.Commands {
		if c.Name.Dynamic {
			any = true
		}
		for _, e := range c.Effects {
			switch e.Kind {
			case EffectExec, EffectEnv, EffectObfuscation:
				if !e.Inherent && c.Name.Value != "cd" {
					any = true
				}
			}
		}
		if c.Name.Value == "m" && len(c.Args) > 0 {
			if c.Args[0].Dynamic {
				any = true
			}
			v := c.Args[0].Value
			if c.Args[0].Tilde {
				v = markerHome + strings.TrimPrefix(v, "~")
			}
			seen = append(seen, v)
		}
	}
	return seen, any
}

func TestDifferentialWithBash(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not installed")
	}
	for _, src := range loadDifferential(t) {
		l := Analyze(src)
		if l.ParseError != nil {
			continue // refused: asks
		}
		seen, any := seenMarkers(l)
		if any {
			continue
		}
		for _, viaEval := range []bool{false, true} {
			for _, m := range bashMarkers(t, src, viaEval) {
				if !slices.Contains(seen, m) {
					t.Errorf("%q (eval %v): bash ran m %s, which the analysis did not report (it saw %q)", src, viaEval, m, seen)
				}
			}
		}
	}
}

// globSamples are patterns AnalyzeGlobs expands, compared with bash in a
// directory of awkward names: dot files, case variants, names that look
// like options, blanks and pattern characters in names.
var globSamples = []string{
	`*`, `*.go`, `src/*.go`, `*.GO`, `.*`, `.e*`, `[ab]*`, `[!a]*`, `[[:upper:]]*`, `?.txt`, `*/`, `*/*`,
	`**/*.go`, `src/**`, `-*`, `*\ *`, `'*'`, `"src"/*`, `src/"*"`, `\**`, `*[*`, `sub dir/*`, `nothing*`,
}

func TestGlobsAgreeWithBash(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not installed")
	}
	dir := t.TempDir()
	for _, f := range []string{"a.go", "b.go", "B.GO", ".env", ".hidden.go", "-rf", "x y.txt", "1.txt",
		"star*name", "src/main.go", "src/.dot.go", "src/deep/x.go", "sub dir/f", "Upper"} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	expanded := 0
	for _, pat := range globSamples {
		l := AnalyzeGlobs("printf '%s\\0' "+pat, GlobOptions{Dir: dir})
		if l.ParseError != nil || len(l.Commands) != 1 {
			t.Fatalf("%s: %v", pat, l.ParseError)
		}
		args := l.Commands[0].Args[1:]
		var have []string
		for _, w := range args {
			if w.Dynamic {
				have = nil
				break
			}
			have = append(have, w.Value)
		}
		if have == nil {
			continue // left dynamic: asks
		}
		expanded++
		cmd := exec.Command("bash", "--norc", "--noprofile", "-c", "printf '%s\\0' "+pat)
		cmd.Dir = dir
		cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C"}
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("bash %s: %v", pat, err)
		}
		want := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
		if !slices.Equal(have, want) {
			t.Errorf("%s: expanded to %q, bash gives %q", pat, have, want)
		}
	}
	if expanded < 5 {
		t.Errorf("only %d of %d patterns expanded", expanded, len(globSamples))
	}
	// A loop over matches runs its body once per value, in bash's order.
	l := AnalyzeGlobs(`for f in src/deep/*.go a.*; do m "$f"; m $f; done`, GlobOptions{Dir: dir})
	var seen []string
	for _, c := range l.Commands {
		if c.Name.Value == "m" && len(c.Args) == 1 && !c.Args[0].Dynamic {
			seen = append(seen, c.Args[0].Value)
		}
	}
	// (Commands are listed by position: each m once per value.)
	if want := []string{"src/deep/x.go", "a.go", "src/deep/x.go", "a.go"}; !slices.Equal(seen, want) {
		t.Errorf("loop body values %q, want %q", seen, want)
	}
}

// diffTokens are what generated samples are made of: the marker, cat
// and echo, names that run nothing (x, EO, F, EOF are not commands), and
// the syntax where parsers and bash part ways (heredocs, comments,
// backslash-newlines, quotes, substitutions, separators). No token or
// concatenation of tokens names a program that changes anything.
var diffTokens = []string{
	"m A", "m B", "m C", "\n", "\\\n", " # ", "#", "<<EOF", "<<'EOF'", "<<-EOF", "<<\"EOF\"", "EOF", "EO", "F",
	"'", "\"", "$(", ")", "`", ";", "&&", "||", "|", "{ ", " }", "( ", " )", "cat", "echo", "x", " ", "\t",
	"$'", "\\", "\\\\", "$", "<<<", "&", "!", ";;", "case x in x)", "esac", "if true; then", "fi", "\r",
}

// wordTokens build the argument of a marker: bash and the analysis must
// agree on its value, not only on which commands run.
var wordTokens = []string{
	"A", "B", "\\", "\\\\", "\\\n", "'q'", "'", "\"d\"", "\"", "$'\\x41'", "$'\\n'", "$'", "#", "~", "=", "{a,b}", "{}",
	"\\ ", " ", "$\"t\"", "\\'", "\\\"", "\\$", "\\#", "\t", "[", "]", "!", "%", ":", "\\\n\\\n",
}

// generatedSample maps a seed to a line of diffTokens, or (half the time)
// to markers whose arguments are made of wordTokens.
func generatedSample(rnd *rand.Rand) string {
	var b strings.Builder
	if rnd.IntN(2) == 0 {
		for n := 1 + rnd.IntN(3); n > 0; n-- {
			b.WriteString("m ")
			for k := 1 + rnd.IntN(6); k > 0; k-- {
				b.WriteString(wordTokens[rnd.IntN(len(wordTokens))])
			}
			b.WriteString([]string{"\n", ";", " && ", "\n\n"}[rnd.IntN(4)])
		}
		return b.String()
	}
	for n := 3 + rnd.IntN(14); n > 0; n-- {
		b.WriteString(diffTokens[rnd.IntN(len(diffTokens))])
	}
	return b.String()
}

// TestGeneratedDifferential runs generated lines through bash and the
// analysis, as TestDifferentialWithBash does for the written samples.
// GATEHOUSE_DIFF_N runs more of them.
func TestGeneratedDifferential(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not installed")
	}
	n := 150
	if v, err := strconv.Atoi(os.Getenv("GATEHOUSE_DIFF_N")); err == nil {
		n = v
	}
	seed := uint64(1)
	if v, err := strconv.ParseUint(os.Getenv("GATEHOUSE_DIFF_SEED"), 10, 64); err == nil {
		seed = v
	}
	rnd := rand.New(rand.NewPCG(seed, 2))
	compared := 0
	for range n {
		src := generatedSample(rnd)
		l := Analyze(src)
		if l.ParseError != nil {
			continue
		}
		seen, any := seenMarkers(l)
		if any {
			continue
		}
		compared++
		for _, m := range bashMarkers(t, src, false) {
			if !slices.Contains(seen, m) {
				t.Errorf("%q: bash ran m %s, which the analysis did not report (it saw %q)", src, m, seen)
			}
		}
	}
	t.Logf("%d of %d generated lines parsed and compared", compared, n)
}
