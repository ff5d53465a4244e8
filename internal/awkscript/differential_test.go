package awkscript

import (
	"context"
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
