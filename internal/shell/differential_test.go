package shell

import (
	"bufio"
	"context"
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

// markerPrelude defines m for bash. It is not part of what is analysed.
const markerPrelude = "m() { printf '%s\\n' \"$1\" >&3; }\n"

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
	cmd.Env = []string{"HOME=" + dir, "PATH=/usr/bin:/bin", "LC_ALL=C", "GATEHOUSE_SAMPLE=" + src}
	_ = cmd.Run() // a sample may fail; what ran before is what counts
	data, _ := os.ReadFile(marks)
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
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
			seen = append(seen, c.Args[0].Value)
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
