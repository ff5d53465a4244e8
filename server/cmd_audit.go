package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/gatehouse/gatehouse/internal/audit"
)

func init() {
	subcommands["audit"] = subcommand{
		summary: "show the workspace's audit log of requests and decisions (verify: check it was not altered; path: where it is)",
		run:     runAudit,
	}
}

// runAudit is `gatehouse audit [verify|path] [--workspace DIR] [--json] [-n N]`.
func runAudit(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	action := "show"
	if len(args) > 0 && (args[0] == "verify" || args[0] == "path" || args[0] == "show") {
		action, args = args[0], args[1:]
	}
	fset := flag.NewFlagSet("audit", flag.ContinueOnError)
	fset.SetOutput(stderr)
	workspace := fset.String("workspace", "", "workspace whose log to use (default: $CLAUDE_PROJECT_DIR, else the current directory)")
	asJSON := fset.Bool("json", false, "print the raw JSON lines")
	last := fset.Int("n", 0, "show only the last N entries (0: all)")
	fset.Usage = func() {
		fmt.Fprintf(stderr, "Usage: gatehouse audit [--workspace DIR] [--json] [-n N]   show the log\n"+
			"       gatehouse audit verify [--workspace DIR]            check the hash chain\n"+
			"       gatehouse audit path [--workspace DIR]              print the log's path\n\n"+
			"Every request an agent made in the workspace and how it was decided, kept in\n"+
			"your state directory where the agent cannot rewrite it.\n\nFlags:\n")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fset.NArg() > 0 {
		fmt.Fprintf(stderr, "gatehouse audit: unexpected argument %q; the actions are verify and path\n", fset.Arg(0))
		return 2
	}
	if *last < 0 {
		fmt.Fprintln(stderr, "gatehouse audit: -n must be 0 (all) or more")
		return 2
	}

	ws := *workspace
	if ws == "" {
		ws = os.Getenv("CLAUDE_PROJECT_DIR")
	}
	if ws == "" {
		wd, err := os.Getwd()
		if err != nil {
			fmt.Fprintf(stderr, "gatehouse audit: current directory: %v; pass --workspace DIR\n", err)
			return 2
		}
		ws = wd
	}
	path, err := audit.PathFor(ws)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse audit: %v\n", err)
		return 2
	}

	switch action {
	case "path":
		fmt.Fprintln(stdout, path)
		return 0
	case "verify":
		r, err := audit.Check(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			fmt.Fprintf(stderr, "gatehouse audit: no audit log at %s (nothing recorded for %s yet, or it was deleted together with its checkpoint)\n", path, ws)
			return 1
		case errors.Is(err, audit.ErrTruncated):
			fmt.Fprintf(stderr, "gatehouse audit: %v\n(the %d entries left are intact)\n", err, r.Entries)
			return 1
		case err != nil:
			fmt.Fprintf(stderr, "gatehouse audit: %v\n(%d entries before it are intact)\n", err, r.Entries)
			return 1
		}
		fmt.Fprintf(stdout, "ok: %d entries%s\n", r.Entries, verifyNotes(r))
		return 0
	}
	err = audit.Print(stdout, path, audit.PrintOptions{JSON: *asJSON, Last: *last})
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "gatehouse audit: nothing recorded for %s yet (%s does not exist)\n", ws, path)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse audit: %v\n", err)
		return 1
	}
	return 0
}

// verifyNotes is what `audit verify` adds to "ok: N entries": the repairs
// of cut-short writes, and a missing checkpoint.
func verifyNotes(r audit.Report) string {
	var notes []string
	if n := len(r.Repairs); n > 0 {
		lines := make([]string, n)
		for i, l := range r.Repairs {
			lines[i] = fmt.Sprint(l)
		}
		notes = append(notes, fmt.Sprintf("%d repaired cut-short write(s), at line %s", n, strings.Join(lines, ", ")))
	}
	if r.Checkpoint == nil && r.Entries > 0 {
		notes = append(notes, "no checkpoint: the log was written by an older Gatehouse, so entries cut from its end cannot be seen until the next entry is written")
	}
	if len(notes) == 0 {
		return ""
	}
	return " (" + strings.Join(notes, "; ") + ")"
}
