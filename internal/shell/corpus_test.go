package shell

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// corpusCase is one block of a testdata/shell/*.txt file:
//
//	$ SOURCE             the command line (or $q "GO-QUOTED SOURCE")
//	cmd RENDERED         the commands, in order, all of them (see renderCommand)
//	has KIND[!][:PATH]   an effect of KIND ("!" inherent, none: not inherent)
//	not KIND[!]          no effect of KIND (without "!": inherent or not)
//	noopt KIND           no effect of KIND that is not inherent
//	dynamic | literal    some command IsDynamic, or none
//	error                the line is unparsable
//	construct KIND       a construct of KIND is reported
//	ctx N FLAG           command N (from 0) has the context FLAG set
//	at KIND TEXT         an effect of KIND underlines exactly TEXT
type corpusCase struct {
	file string
	line int
	src  string
	want []string
}

func loadCorpus(t *testing.T) []corpusCase {
	t.Helper()
	files, err := filepath.Glob("../../testdata/shell/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in testdata/shell: %v", err)
	}
	var cases []corpusCase
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var cur *corpusCase
		for i, l := range strings.Split(string(data), "\n") {
			switch {
			case strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "":
				continue
			case strings.HasPrefix(l, "$ "):
				cases = append(cases, corpusCase{file: filepath.Base(f), line: i + 1, src: l[2:]})
				cur = &cases[len(cases)-1]
			case strings.HasPrefix(l, "$q "):
				src, err := strconv.Unquote(l[3:])
				if err != nil {
					t.Fatalf("%s:%d: bad quoted source: %v", f, i+1, err)
				}
				cases = append(cases, corpusCase{file: filepath.Base(f), line: i + 1, src: src})
				cur = &cases[len(cases)-1]
			default:
				if cur == nil {
					t.Fatalf("%s:%d: expectation before any source", f, i+1)
				}
				cur.want = append(cur.want, l)
			}
		}
	}
	return cases
}

func TestCorpus(t *testing.T) {
	for _, c := range loadCorpus(t) {
		t.Run(fmt.Sprintf("%s:%d", c.file, c.line), func(t *testing.T) {
			l := Analyze(c.src)
			checkBounds(t, l)
			var wantCmds []string
			wantErr := false
			for _, w := range c.want {
				verb, arg, _ := strings.Cut(w, " ")
				switch verb {
				case "cmd":
					wantCmds = append(wantCmds, arg)
				case "has":
					if !hasEffect(l, arg) {
						t.Errorf("%q: want effect %s, have %s", c.src, arg, effectList(l))
					}
				case "not":
					kind, inherentOnly := strings.CutSuffix(arg, "!")
					for _, e := range l.Effects() {
						if string(e.Kind) == kind && (!inherentOnly || e.Inherent) {
							t.Errorf("%q: unwanted effect %s (%s)", c.src, renderEffect(e), e.Reason)
						}
					}
				case "noopt":
					for _, e := range l.Effects() {
						if string(e.Kind) == arg && !e.Inherent {
							t.Errorf("%q: unwanted effect %s (%s)", c.src, renderEffect(e), e.Reason)
						}
					}
				case "dynamic", "literal":
					dyn := slices.ContainsFunc(l.Commands, Command.IsDynamic)
					if dyn != (verb == "dynamic") {
						t.Errorf("%q: want %s, commands %s", c.src, verb, commandList(l))
					}
				case "error":
					wantErr = true
				case "construct":
					if !slices.ContainsFunc(l.Constructs, func(k Construct) bool { return string(k.Kind) == arg }) {
						t.Errorf("%q: want construct %s, have %v", c.src, arg, l.Constructs)
					}
				case "at":
					kind, text, _ := strings.Cut(arg, " ")
					found := false
					for _, e := range l.Effects() {
						if string(e.Kind) == kind && span(c.src, e.Pos, e.End) == text {
							found = true
						}
					}
					if !found {
						var have []string
						for _, e := range l.Effects() {
							have = append(have, string(e.Kind)+" "+strconv.Quote(span(c.src, e.Pos, e.End)))
						}
						t.Errorf("%q: want %s underlining %q, have %v", c.src, kind, text, have)
					}
				case "ctx":
					n, flag, _ := strings.Cut(arg, " ")
					i, _ := strconv.Atoi(n)
					if i >= len(l.Commands) {
						t.Errorf("%q: no command %d", c.src, i)
						continue
					}
					f := reflect.ValueOf(l.Commands[i].Context).FieldByName(flag)
					if !f.IsValid() || !f.Bool() {
						t.Errorf("%q: command %d: want context %s, have %+v", c.src, i, flag, l.Commands[i].Context)
					}
				default:
					t.Fatalf("%s:%d: unknown expectation %q", c.file, c.line, w)
				}
			}
			if (l.ParseError != nil) != wantErr {
				t.Errorf("%q: parse error %v, want error %v", c.src, l.ParseError, wantErr)
			}
			if wantCmds != nil {
				if have := commandList(l); !slices.Equal(have, wantCmds) {
					t.Errorf("%q:\nhave commands %q\nwant commands %q", c.src, have, wantCmds)
				}
			}
		})
	}
}

func hasEffect(l *Line, want string) bool {
	for _, e := range l.Effects() {
		r := renderEffect(e)
		if r == want {
			return true
		}
		// Without a path in the expectation, any path matches.
		if !strings.Contains(want, ":") {
			if kind, _, _ := strings.Cut(r, ":"); kind == want {
				return true
			}
		}
	}
	return false
}

func commandList(l *Line) []string {
	var out []string
	for _, c := range l.Commands {
		out = append(out, renderCommand(c))
	}
	return out
}

func effectList(l *Line) string {
	var out []string
	for _, e := range l.Effects() {
		out = append(out, renderEffect(e))
	}
	return "[" + strings.Join(out, " ") + "]"
}

// checkBounds asserts that every byte range lies within the source.
func checkBounds(t *testing.T, l *Line) {
	t.Helper()
	n := len(l.Source)
	in := func(what string, pos, end int) {
		if pos < 0 || end > n || pos > end {
			t.Errorf("%q: %s range [%d,%d) outside the source (len %d)", l.Source, what, pos, end, n)
		}
	}
	for _, c := range l.Commands {
		in("command", c.Pos, c.End)
		in("name", c.Name.Pos, c.Name.End)
		for _, w := range c.Args {
			in("arg", w.Pos, w.End)
		}
		for _, r := range c.Redirs {
			in("redir", r.Pos, r.End)
		}
		for _, w := range c.Wrappers {
			in("wrapper", w.Pos, w.End)
		}
		for _, e := range c.Effects {
			in("effect "+string(e.Kind), e.Pos, e.End)
		}
	}
	for _, k := range l.Constructs {
		in("construct", k.Pos, k.End)
	}
}
