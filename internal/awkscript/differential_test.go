package awkscript

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestSandboxAgrees runs every program of the table that the reader calls
// safe, and every one it says runs code or redirects, under gawk
// --sandbox, which refuses system, pipes and redirections at run time: a
// program called safe must run there without such a refusal. (gawk does not
// refuse ENVIRON or ARGV: the reader's own table covers those.) Skipped
// without gawk.
func TestSandboxAgrees(t *testing.T) {
	gawk, err := exec.LookPath("gawk")
	if err != nil {
		t.Skip("gawk is not installed")
	}
	for _, r := range readRows(t) {
		if r.expect != "safe" {
			continue
		}
		// A timeout only stops a program that waits; nothing is measured.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		cmd := exec.CommandContext(ctx, gawk, "--sandbox", "--", r.prog, "/dev/null")
		cmd.Stdin = strings.NewReader("a b c\n1 2 3\n")
		out, _ := cmd.CombinedOutput()
		cancel()
		if strings.Contains(string(out), "sandbox mode") {
			t.Errorf("programs.tsv:%d: %q is called safe, but gawk --sandbox refuses it: %s", r.line, r.prog, out)
		}
	}
}

// gawkReading returns the program as gawk parses it (its pretty-printed
// form, one token from the next by a blank), or false when gawk refuses it.
func gawkReading(t testing.TB, gawk, prog string) (string, bool) {
	out := t.TempDir() + "/p.awk"
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, gawk, "--pretty-print="+out, "--", prog)
	cmd.Stdin = strings.NewReader("")
	if err := cmd.Run(); err != nil {
		return "", false
	}
	data, err := os.ReadFile(out)
	if err != nil {
		return "", false
	}
	return string(data), true
}

// checkAgainstGawk fails when the reader calls prog safe but gawk's own
// reading of it, read again, is not: the reader and gawk split the program
// into different tokens (1system was one number to the reader).
func checkAgainstGawk(t testing.TB, gawk, prog string) {
	e, err := Check(prog)
	if err != nil || !e.Safe() {
		return
	}
	pretty, ok := gawkReading(t, gawk, prog)
	if !ok {
		return
	}
	if e2, err := Check(pretty); err == nil && !e2.Safe() {
		t.Fatalf("%q is called safe, but gawk reads it as %q, which is not (%+v)", prog, pretty, e2)
	}
}

// TestGawkReadsTheSame checks every program of the table against gawk's
// reading.
func TestGawkReadsTheSame(t *testing.T) {
	gawk, err := exec.LookPath("gawk")
	if err != nil {
		t.Skip("gawk is not installed")
	}
	for _, r := range readRows(t) {
		checkAgainstGawk(t, gawk, r.prog)
	}
}

// FuzzGawkReadsTheSame is TestGawkReadsTheSame for generated programs
// (go test -fuzz FuzzGawkReadsTheSame; each input runs gawk once).
func FuzzGawkReadsTheSame(f *testing.F) {
	gawk, err := exec.LookPath("gawk")
	if err != nil {
		f.Skip("gawk is not installed")
	}
	for _, r := range readRows(f) {
		f.Add(r.prog)
	}
	f.Fuzz(func(t *testing.T, prog string) {
		if strings.ContainsRune(prog, 0) {
			return
		}
		checkAgainstGawk(t, gawk, prog)
	})
}
