package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gatehouse/gatehouse/internal/explain"
)

func init() {
	subcommands["explain"] = subcommand{
		summary: "explain a shell command in plain English, with its risks (--json for the contract output)",
		run:     runExplain,
	}
}

// maxExplainInput bounds what `explain -` reads from stdin.
const maxExplainInput = 1 << 20

// runExplain is `gatehouse explain [--json] [--description TEXT] [--cwd DIR] COMMAND...|-`.
func runExplain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print one JSON object (summary, steps, risks, riskDetails...)")
	desc := fs.String("description", "", "the agent's own description of the command, shown apart and checked for risks it leaves out")
	cwd := fs.String("cwd", "", "directory the command would run in and workspace root (default: the current directory)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: gatehouse explain [--json] [--description TEXT] [--cwd DIR] COMMAND...\n"+
			"       gatehouse explain [flags] -    (read the command from stdin)\n\n"+
			"Explains what a shell command does and flags its risks, from Gatehouse's own\n"+
			"reading of it. Arguments are joined with spaces; quote the command to keep it whole.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	rest := fs.Args()
	if len(rest) == 0 {
		fmt.Fprintln(stderr, "gatehouse explain: no command given; pass it as arguments or use - to read it from stdin")
		return 2
	}
	var command string
	if len(rest) == 1 && rest[0] == "-" {
		b, err := io.ReadAll(io.LimitReader(stdin, maxExplainInput+1))
		if err != nil {
			fmt.Fprintf(stderr, "gatehouse explain: read stdin: %v\n", err)
			return 2
		}
		if len(b) > maxExplainInput {
			fmt.Fprintf(stderr, "gatehouse explain: the command on stdin is longer than %d bytes; shorten it\n", maxExplainInput)
			return 2
		}
		command = strings.TrimSuffix(string(b), "\n")
	} else {
		command = strings.Join(rest, " ")
	}
	opt := explain.Options{Description: *desc, Cwd: *cwd}
	if opt.Cwd == "" {
		wd, err := os.Getwd()
		if err != nil {
			fmt.Fprintf(stderr, "gatehouse explain: current directory: %v; pass --cwd DIR\n", err)
			return 2
		}
		opt.Cwd = wd
	}
	ex := explain.Explain(command, opt)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(ex); err != nil {
			fmt.Fprintf(stderr, "gatehouse explain: encode: %v\n", err)
			return 1
		}
		return 0
	}
	fmt.Fprint(stdout, explain.Text(ex))
	return 0
}
