package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gatehouse/gatehouse/internal/install"
)

func init() {
	subcommands["install"] = subcommand{
		summary: "write the hook into agents' configs (--agent NAME…, --project DIR | --user, --status)",
		run: func(args []string, _ io.Reader, stdout, stderr io.Writer) int {
			return runInstall(args, stdout, stderr, false)
		},
	}
	subcommands["uninstall"] = subcommand{
		summary: "remove the hook from agents' configs (--agent NAME…, --project DIR | --user)",
		run: func(args []string, _ io.Reader, stdout, stderr io.Writer) int {
			return runInstall(args, stdout, stderr, true)
		},
	}
}

// agentList collects repeated --agent flags (also comma-separated).
type agentList []string

func (l *agentList) String() string { return strings.Join(*l, ",") }
func (l *agentList) Set(v string) error {
	for _, n := range strings.Split(v, ",") {
		if n = strings.TrimSpace(n); n != "" {
			*l = append(*l, n)
		}
	}
	return nil
}

func runInstall(args []string, stdout, stderr io.Writer, remove bool) int {
	name := "install"
	if remove {
		name = "uninstall"
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var agents agentList
	fs.Var(&agents, "agent", "agent to "+name+" (repeatable): claude-code, vscode-copilot, cursor, codex, gemini-cli, cline, or all (default: claude-code; all for --status and uninstall)")
	project := fs.String("project", "", "project directory (default: the current directory)")
	user := fs.Bool("user", false, "the user's own config files in the home directory instead of a project")
	local := fs.Bool("local", false, "Claude Code: the project's uncommitted .claude/settings.local.json instead of settings.json")
	status := false
	binary := ""
	if !remove {
		fs.BoolVar(&status, "status", false, "show where the hook is installed and change nothing")
		fs.StringVar(&binary, "binary", "", "the gatehouse binary the hook runs (default: this one)")
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gatehouse %s: unexpected arguments %q\n", name, fs.Args())
		return 2
	}
	if *user && *project != "" {
		fmt.Fprintf(stderr, "gatehouse %s: use --project DIR or --user, not both\n", name)
		return 2
	}
	t, err := target(*project, *user)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse %s: %v\n", name, err)
		return 1
	}
	t.Local = *local && !*user
	list, err := selectAgents(agents, status || remove)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse %s: %v\n", name, err)
		return 2
	}
	if status {
		return installStatus(list, t, stdout, stderr)
	}
	command := ""
	if !remove {
		command, err = hookCommand(binary)
		if err != nil {
			fmt.Fprintf(stderr, "gatehouse install: %v\n", err)
			return 1
		}
	}
	code := 0
	for _, a := range list {
		var changed bool
		if remove {
			changed, err = install.Uninstall(a, t)
		} else {
			changed, err = install.Install(a, t, command)
		}
		switch {
		case err != nil:
			fmt.Fprintf(stderr, "gatehouse %s: %v\n", name, err)
			code = 1
		case changed && remove:
			fmt.Fprintf(stdout, "%s: removed from %s\n", a.Name, a.Path(t))
		case changed:
			fmt.Fprintf(stdout, "%s: installed in %s\n", a.Name, a.Path(t))
		case !remove:
			fmt.Fprintf(stdout, "%s: already installed in %s\n", a.Name, a.Path(t))
		}
	}
	return code
}

func target(project string, user bool) (install.Target, error) {
	if user {
		home, err := os.UserHomeDir()
		if err != nil {
			return install.Target{}, fmt.Errorf("no home directory for --user: %w", err)
		}
		return install.Target{Base: home, User: true}, nil
	}
	if project == "" {
		project = "."
	}
	abs, err := filepath.Abs(project)
	if err != nil {
		return install.Target{}, err
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return install.Target{}, fmt.Errorf("project %s is not a directory", abs)
	}
	return install.Target{Base: abs}, nil
}

func selectAgents(names []string, defaultAll bool) ([]install.Agent, error) {
	if len(names) == 0 {
		if defaultAll {
			return install.Agents, nil
		}
		names = []string{"claude-code"}
	}
	var out []install.Agent
	for _, n := range names {
		if n == "all" {
			return install.Agents, nil
		}
		a, err := install.Lookup(n)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// hookCommand is the command written into the configs: the binary at a
// path that survives updates, wrapped so that a missing binary blocks.
func hookCommand(binary string) (string, error) {
	if binary == "" {
		exe, err := os.Executable()
		if err != nil {
			return "", fmt.Errorf("find this binary: %w; pass --binary PATH", err)
		}
		data := os.Getenv("XDG_DATA_HOME")
		if data == "" {
			if home, err := os.UserHomeDir(); err == nil {
				data = filepath.Join(home, ".local", "share")
			}
		}
		if data != "" {
			data = filepath.Join(data, "gatehouse")
		}
		binary, err = install.StableBinary(exe, data)
		if err != nil {
			return "", err
		}
	} else if !filepath.IsAbs(binary) {
		return "", fmt.Errorf("--binary %q must be an absolute path: the agents run the hook from other directories", binary)
	}
	return install.Command(install.HookBinary(binary))
}

func installStatus(list []install.Agent, t install.Target, stdout, stderr io.Writer) int {
	code := 0
	for _, a := range list {
		path := a.Path(t)
		cmds, err := install.Status(a, t)
		switch {
		case err != nil:
			fmt.Fprintf(stderr, "gatehouse install: %s: %v\n", a.Name, err)
			code = 1
		case len(cmds) == 0:
			fmt.Fprintf(stdout, "%-15s not installed (%s)\n", a.Name, path)
		default:
			fmt.Fprintf(stdout, "%-15s installed in %s\n", a.Name, path)
			for _, c := range cmds {
				fmt.Fprintf(stdout, "%-15s   %s\n", "", c)
			}
		}
	}
	return code
}
