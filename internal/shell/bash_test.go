package shell

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// literalSamples are argument texts whose literal value must be exactly
// what bash passes to the program.
var literalSamples = []string{
	`a`, `'a b'`, `"a b"`, `a\ b`, `\a\b\c`, `"\a\b\"\$\\"`, `'\n'`, `$'\n\t\\'`, `$'\x41\101\e'`,
	`$'it\'s'`, `"it's"`, `'a'"b"c`, `\'`, `\"`, "\"\\`\"", `a\` + "\n" + `b`, `"a\` + "\n" + `b"`,
	`'a` + "\n" + `b'`, `~`, `~/x`, `"~/x"`, `x~`, `--opt=~/x`, `c:~/z`, `{}`, `{a}`, `\{a,b}`, `"{a,b}"`,
	`'*'`, `\*`, `"?"`, `\[a]`, `[`, `]`, `a]`, `-rf`, `--`, `'--'`, `"$"`, `\$x`, `'$x'`, `%`, `#x`, `a#b`,
	`$'\x72\x6d'`, `$'\0101'`, `$'\1'`, `$'\?'`, `$'\"'`, `"\!"`, `!x`, `a=b`, `'a=b'`,
	// An escaped backslash, then a line continuation at the end of the line.
	"B\\\\\\\n", "B\\\\\\\nC", `"B\\` + "\\\n" + `"`,
}

func bashArgs(t testing.TB, src string) ([]string, bool) {
	cmd := exec.Command("bash", "--norc", "--noprofile", "-c", "printf '%s\\0' "+src)
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"HOME=/home/u", "PATH=/usr/bin:/bin", "LC_ALL=C"}
	out, err := cmd.Output()
	if err != nil {
		return nil, false
	}
	return strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00"), true
}

// TestLiteralsAgreeWithBash runs each sample through bash and checks that
// every word this package calls literal has the value bash gives it.
func TestLiteralsAgreeWithBash(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not installed")
	}
	compared := 0
	for _, s := range literalSamples {
		if compareWithBash(t, s) {
			compared++
		}
	}
	if compared < len(literalSamples)*3/4 {
		t.Errorf("only %d of %d samples were literal and compared", compared, len(literalSamples))
	}
}

// compareWithBash reports whether the words were literal and compared.
func compareWithBash(t *testing.T, src string) bool {
	t.Helper()
	l := Analyze("printf '%s\\0' " + src)
	if l.ParseError != nil || len(l.Commands) != 1 {
		return false
	}
	words := l.Commands[0].Args[1:]
	for _, w := range words {
		if w.Dynamic {
			return false // nothing claimed
		}
	}
	want, ok := bashArgs(t, src)
	if !ok {
		return false
	}
	var have []string
	for _, w := range words {
		v := w.Value
		if w.Tilde {
			v = "/home/u" + strings.TrimPrefix(v, "~")
		}
		have = append(have, v)
	}
	if len(words) == 0 {
		have = []string{""}
	}
	if strings.Join(have, "\x00") != strings.Join(want, "\x00") {
		t.Errorf("%q: literal words %q, bash passes %q", src, have, want)
	}
	return true
}

// FuzzLiteralsAgreeWithBash looks for words whose literal value differs
// from bash's. Plain go test runs the samples only.
func FuzzLiteralsAgreeWithBash(f *testing.F) {
	if _, err := exec.LookPath("bash"); err != nil {
		f.Skip("bash not installed")
	}
	for _, s := range literalSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if strings.ContainsAny(src, ";&|<>()`\n") || bytes.ContainsAny([]byte(src), "\x00\r") || strings.Contains(src, "$(") {
			return // only words: no commands run by the fuzzer
		}
		compareWithBash(t, src)
	})
}
