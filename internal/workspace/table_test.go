package workspace

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// row is one line of a testdata/workspace/*.tsv table.
type row struct {
	line   int
	fields []string
}

// readTable reads a tab-separated table: "#" lines and blank lines are
// skipped, "-" is the empty string, a field in double quotes is Go-unquoted
// (for NUL bytes and invisible code points) and {B} is replaced by base.
func readTable(t *testing.T, name string, columns int, base string) []row {
	t.Helper()
	f, err := os.Open("../../testdata/workspace/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []row
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) != columns {
			t.Fatalf("%s:%d: want %d tab-separated columns, got %d", name, n, columns, len(fields))
		}
		for i, fl := range fields {
			switch {
			case fl == "-":
				fl = ""
			case strings.HasPrefix(fl, `"`):
				u, err := strconv.Unquote(fl)
				if err != nil {
					t.Fatalf("%s:%d: column %d: %v", name, n, i+1, err)
				}
				fl = u
			}
			fields[i] = strings.ReplaceAll(fl, "{B}", base)
		}
		rows = append(rows, row{line: n, fields: fields})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: no rows", name)
	}
	return rows
}

// checkRow compares a verdict with the want/rel/protected columns.
func checkRow(t *testing.T, where string, v Verdict, want, rel, protected string, fold bool) {
	t.Helper()
	switch want {
	case "err":
		if v.Err == nil || v.Inside {
			t.Errorf("%s: want an error, got %+v", where, v)
		}
		return
	case "inside":
		if v.Err != nil || !v.Inside {
			t.Errorf("%s: want inside, got %+v", where, v)
			return
		}
	case "outside":
		if v.Err != nil || v.Inside {
			t.Errorf("%s: want outside without error, got %+v", where, v)
			return
		}
	default:
		t.Fatalf("%s: unknown want %q", where, want)
	}
	if v.Rel != rel || v.Protected != protected {
		t.Errorf("%s: got rel %q protected %q, want rel %q protected %q (resolved %s)", where, v.Rel, v.Protected, rel, protected, v.Resolved)
	}
	if v.Inside && !below(v.Resolved, v.Root, fold) {
		t.Errorf("%s: inside but %s is not below %s", where, v.Resolved, v.Root)
	}
}

// below reports whether path equals root or continues it after a
// separator, ignoring case if fold.
func below(path, root string, fold bool) bool {
	if len(path) < len(root) {
		return false
	}
	head, rest := path[:len(root)], path[len(root):]
	if head != root && !(fold && strings.EqualFold(head, root)) {
		return false
	}
	return rest == "" || rest[0] == '/' || rest[0] == '\\' || strings.HasSuffix(root, "/") || strings.HasSuffix(root, `\`)
}
