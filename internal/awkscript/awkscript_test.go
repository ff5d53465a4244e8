package awkscript

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

type row struct {
	line         int
	expect, prog string
}

func readRows(t testing.TB) []row {
	t.Helper()
	f, err := os.Open("testdata/programs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []row
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		parts := strings.Split(text, "\t")
		if len(parts) != 3 {
			t.Fatalf("programs.tsv:%d: %d columns, want 3", n, len(parts))
		}
		prog, err := strconv.Unquote(parts[1])
		if err != nil {
			t.Fatalf("programs.tsv:%d: %v", n, err)
		}
		rows = append(rows, row{line: n, expect: parts[0], prog: prog})
	}
	return rows
}

// summary names the effects reported, in a fixed order.
func summary(e Effects) string {
	var out []string
	if len(e.RunsCode) > 0 {
		out = append(out, "runs")
	}
	if len(e.WritesFiles) > 0 || e.WritesUnknown {
		out = append(out, "writes")
	}
	if len(e.ReadsFiles) > 0 || e.ReadsUnknown {
		out = append(out, "reads")
	}
	if e.Environment {
		out = append(out, "env")
	}
	if e.ChangesInput {
		out = append(out, "input")
	}
	if len(out) == 0 {
		return "safe"
	}
	return strings.Join(out, "+")
}

func TestCheck(t *testing.T) {
	for _, r := range readRows(t) {
		e, err := Check(r.prog)
		got := summary(e)
		if err != nil {
			got = "refused"
		}
		if got != r.expect {
			t.Errorf("programs.tsv:%d: %q: got %s, want %s (%v, %+v)", r.line, r.prog, got, r.expect, err, e)
		}
	}
}

func TestLiteralFiles(t *testing.T) {
	e, err := Check(`{print > "out.txt"; print >> "log"} END {getline x < "in.txt"}`)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(e.WritesFiles, ",") != "out.txt,log" || strings.Join(e.ReadsFiles, ",") != "in.txt" {
		t.Errorf("files: %+v", e)
	}
	// An escape in a name hides what it is: not reported as a literal.
	e, _ = Check(`{print > "\056bashrc"}`)
	if len(e.WritesFiles) != 0 || !e.WritesUnknown {
		t.Errorf("escaped name: %+v", e)
	}
}
