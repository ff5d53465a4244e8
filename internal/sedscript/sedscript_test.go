package sedscript

import (
	"bufio"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// row is one line of testdata/scripts.txt: a script and what it does.
type row struct {
	line    int
	script  string
	refused bool
	want    Effects
}

// readRows reads testdata/scripts.txt; see its header for the format.
func readRows(t testing.TB) []row {
	t.Helper()
	f, err := os.Open("testdata/scripts.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []row
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		q, err := strconv.QuotedPrefix(line)
		if err != nil {
			t.Fatalf("scripts.txt:%d: %v", n, err)
		}
		script, _ := strconv.Unquote(q)
		r := row{line: n, script: script}
		rest := strings.TrimSpace(line[len(q):])
		for rest != "" {
			var word string
			switch {
			case strings.HasPrefix(rest, "write=") || strings.HasPrefix(rest, "read="):
				key, val, _ := strings.Cut(rest, "=")
				if strings.HasPrefix(val, `"`) {
					vq, err := strconv.QuotedPrefix(val)
					if err != nil {
						t.Fatalf("scripts.txt:%d: %v", n, err)
					}
					word = key + "=" + vq
					val, _ = strconv.Unquote(vq)
				} else {
					val, _, _ = strings.Cut(val, " ")
					word = key + "=" + val
				}
				if key == "write" {
					r.want.WritesFiles = append(r.want.WritesFiles, val)
				} else {
					r.want.ReadsFiles = append(r.want.ReadsFiles, val)
				}
			default:
				word, _, _ = strings.Cut(rest, " ")
				switch word {
				case "ok":
				case "exec":
					r.want.RunsCode = true
				case "error":
					r.refused = true
				default:
					t.Fatalf("scripts.txt:%d: unknown effect %q", n, word)
				}
			}
			rest = strings.TrimSpace(rest[len(word):])
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestScripts(t *testing.T) {
	for _, r := range readRows(t) {
		s, err := Parse(r.script, Options{})
		if r.refused {
			if err == nil {
				t.Errorf("scripts.txt:%d: %q parsed, want refused", r.line, r.script)
			}
			continue
		}
		if err != nil {
			t.Errorf("scripts.txt:%d: %q: %v", r.line, r.script, err)
			continue
		}
		if got := s.Effects(); !reflect.DeepEqual(got, r.want) {
			t.Errorf("scripts.txt:%d: %q: effects %+v, want %+v", r.line, r.script, got, r.want)
		}
	}
}

func TestPosixRefused(t *testing.T) {
	if _, err := Parse("p", Options{Posix: true}); err == nil {
		t.Fatal("--posix parsed, want refused")
	}
}

func TestQuiet(t *testing.T) {
	for script, want := range map[string]bool{"#n\np": true, "#n": true, " #n\np": false, "#np": false} {
		s, err := Parse(script, Options{})
		if err != nil {
			t.Fatalf("%q: %v", script, err)
		}
		if s.Quiet != want {
			t.Errorf("%q: Quiet = %v, want %v", script, s.Quiet, want)
		}
	}
}

func TestLimits(t *testing.T) {
	if _, err := Parse(strings.Repeat("{", MaxDepth+1)+strings.Repeat("}", MaxDepth+1), Options{}); err == nil {
		t.Error("over-deep blocks parsed, want refused")
	}
	if _, err := Parse(strings.Repeat("{", MaxDepth)+strings.Repeat("}", MaxDepth), Options{}); err != nil {
		t.Errorf("blocks at MaxDepth: %v", err)
	}
	if _, err := Parse(strings.Repeat("p;", MaxScriptLen/2+1), Options{}); err == nil {
		t.Error("over-long script parsed, want refused")
	}
}
