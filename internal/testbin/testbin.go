// Package testbin builds the gatehouse binary for the tests that run it as
// a process: the hook's contract (stdin, stdout, exit code) and the
// server's end-to-end tests.
package testbin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Main builds the binary once into a temporary directory, sets *bin to
// its path, runs the package's tests and exits with their code.
// GATEHOUSE_E2E_RACE=1 builds it with the race detector too (slow on small
// machines, so it is opt-in).
func Main(m *testing.M, bin *string) {
	dir, err := os.MkdirTemp("", "gatehouse-test-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, "build gatehouse: temp dir:", err)
		os.Exit(1)
	}
	*bin = filepath.Join(dir, "gatehouse")
	args := []string{"build", "-o", *bin}
	if os.Getenv("GATEHOUSE_E2E_RACE") == "1" {
		args = append(args, "-race")
	}
	out, err := exec.Command("go", append(args, "github.com/gatehouse/gatehouse/server")...).CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build gatehouse: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
