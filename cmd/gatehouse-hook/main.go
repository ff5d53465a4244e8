// Command gatehouse-hook is `gatehouse hook` alone, in a binary that links
// only what deciding a tool call needs. The hook runs before every tool call
// of every agent, and most of a process's start-up cost is the binary it
// loads: without the language server, the MCP SDK and the diff engine it
// starts in about half the time. `gatehouse hook` does exactly the same;
// `gatehouse install` writes this one when it is beside the binary.
package main

import (
	"fmt"
	"os"

	"github.com/gatehouse/gatehouse/internal/hook"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	args := os.Args[1:]
	if len(args) == 1 {
		switch args[0] {
		case "--version", "-version", "version":
			fmt.Printf("gatehouse-hook %s\n", version)
			os.Exit(0)
		case "hook":
			// Accepted so that `gatehouse-hook hook` reads like `gatehouse hook`.
			args = nil
		}
	}
	os.Exit(hook.Main(args, os.Stdin, os.Stdout, os.Stderr))
}
