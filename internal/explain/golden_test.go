package explain

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/explain/golden.txt with the current output")

const goldenPath = "../../testdata/explain/golden.txt"

// goldenOptions are the facts every golden command is explained with.
var goldenOptions = Options{
	Cwd:            "/work/proj",
	WorkspaceRoots: []string{"/work/proj"},
	Home:           "/home/dev",
	NoManPages:     true,
}

// goldenCase is one block of golden.txt:
//
//	$ command                  (or $q "quoted command" for newlines)
//	summary: ...
//	risks: kind kind ...
//	step: ...                  (only when there is more than one step)
//	unknown: prog prog         (when some program is unknown)
//	opaque                     (when part cannot be read statically)
type goldenCase struct {
	line    int
	command string
	body    []string
}

func readGolden(t testing.TB) (header []string, cases []goldenCase) {
	f, err := os.Open(goldenPath)
	if err != nil {
		t.Fatalf("open golden file: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	var cur *goldenCase
	for sc.Scan() {
		n++
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "$q "):
			cmd, err := strconv.Unquote(strings.TrimPrefix(l, "$q "))
			if err != nil {
				t.Fatalf("%s:%d: bad quoted command: %v", goldenPath, n, err)
			}
			cases = append(cases, goldenCase{line: n, command: cmd})
			cur = &cases[len(cases)-1]
		case strings.HasPrefix(l, "$ "):
			cases = append(cases, goldenCase{line: n, command: strings.TrimPrefix(l, "$ ")})
			cur = &cases[len(cases)-1]
		case cur == nil:
			header = append(header, l)
		case l != "":
			cur.body = append(cur.body, l)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return header, cases
}

// goldenBody renders an explanation in the golden format.
func goldenBody(ex Explanation) []string {
	out := []string{"summary: " + ex.Summary}
	out = append(out, "risks: "+strings.Join(ex.RiskKinds, " "))
	if len(ex.Steps) > 1 {
		for _, s := range ex.Steps {
			out = append(out, "step: "+s.Text)
		}
	}
	if len(ex.Unknown) > 0 {
		out = append(out, "unknown: "+strings.Join(ex.Unknown, " "))
	}
	if ex.Opaque {
		out = append(out, "opaque")
	}
	return out
}

func commandLine(cmd string) string {
	if strings.ContainsAny(cmd, "\n\r") || strings.TrimSpace(cmd) != cmd || !strconv.CanBackquote(strings.ReplaceAll(cmd, "`", "")) {
		return "$q " + strconv.Quote(cmd)
	}
	return "$ " + cmd
}

// TestGolden explains every command of testdata/explain/golden.txt and
// compares with the recorded summary, risks and steps. Run with -update to
// rewrite the file, then read the diff.
func TestGolden(t *testing.T) {
	header, cases := readGolden(t)
	if len(cases) < 300 {
		t.Errorf("golden corpus has %d commands, want at least 300", len(cases))
	}
	var b strings.Builder
	for _, h := range header {
		b.WriteString(h + "\n")
	}
	failed := 0
	for _, c := range cases {
		got := goldenBody(Explain(c.command, goldenOptions))
		fmt.Fprintf(&b, "%s\n%s\n\n", commandLine(c.command), strings.Join(got, "\n"))
		if *update {
			continue
		}
		if strings.Join(got, "\n") != strings.Join(c.body, "\n") {
			failed++
			if failed <= 20 {
				t.Errorf("%s:%d: %s\n--- want\n%s\n--- got\n%s", filepath.Base(goldenPath), c.line, commandLine(c.command),
					strings.Join(c.body, "\n"), strings.Join(got, "\n"))
			}
		}
	}
	if failed > 20 {
		t.Errorf("... and %d more differences (run go test -run TestGolden -update and read the diff)", failed-20)
	}
	if *update {
		if err := os.WriteFile(goldenPath, []byte(strings.TrimRight(b.String(), "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
