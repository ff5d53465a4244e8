//go:build !linux

package sandbox

import (
	"context"
	"errors"
	"io"
	"os"
)

// ExitSetup is the status when the sandbox itself could not be set up or
// refused to run: the program did not start.
const ExitSetup = 125

// Item is one thing the sandbox needs from this machine.
type Item struct {
	Name   string
	OK     bool
	Detail string
}

// RunOptions are the inputs of Run.
type RunOptions struct {
	Plan                  *Plan
	Program               string
	Args                  []string
	Self, StateDir        string
	Env                   []string
	Stdin, Stdout, Stderr *os.File
	Degrade               bool
}

var errUnsupported = errors.New("the sandbox is implemented for Linux (bubblewrap and Landlock) only")

// Check reports that nothing can be enforced here.
func Check(self string) []Item {
	return []Item{{Name: "platform", Detail: errUnsupported.Error()}}
}

// Missing reports that nothing can be enforced here.
func Missing() []Item { return Check("") }

// Run refuses: there is no sandbox on this platform.
func Run(ctx context.Context, o RunOptions) (int, error) { return 0, errUnsupported }

// Inside is never started on this platform.
func Inside(args []string, stderr io.Writer) int { return ExitSetup }

// checkLinks has nothing to check where Run refuses anyway.
func (p *Plan) checkLinks() error { return nil }
