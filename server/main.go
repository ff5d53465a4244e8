// Command gatehouse is the approval gate between an AI coding agent and the
// developer's editor: a Claude Code PreToolUse hook, a language server for the
// VS Code extension, and a command explainer.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// subcommand is one `gatehouse NAME` entry point. It returns the process exit
// code; it must never write anything but its own output to stdout.
type subcommand struct {
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

// subcommands is filled by the cmd_*.go files' init functions, one file per
// subcommand, so that the dispatcher never changes when one is added.
var subcommands = map[string]subcommand{}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "--version", "-version", "version":
		fmt.Fprintf(stdout, "gatehouse %s\n", version)
		return 0
	case "help", "--help", "-h":
		usage(stdout)
		return 0
	}
	cmd, ok := subcommands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "gatehouse: unknown command %q (run 'gatehouse help')\n", args[0])
		return 2
	}
	return cmd.run(args[1:], stdin, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "gatehouse %s: the approval gate between an AI coding agent and your editor\n\nUsage:\n", version)
	names := make([]string, 0, len(subcommands))
	for name := range subcommands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  gatehouse %-10s %s\n", name, subcommands[name].summary)
	}
	fmt.Fprintf(w, "  gatehouse %-10s %s\n", "--version", "print the version")
}
