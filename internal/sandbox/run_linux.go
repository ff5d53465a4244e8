package sandbox

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
)

// RunOptions are the inputs of Run.
type RunOptions struct {
	Plan    *Plan
	Program string
	Args    []string
	// Self is the gatehouse binary, started inside bwrap as the helper.
	Self string
	// StateDir holds the placeholder records (outside every workspace).
	StateDir string
	Env      []string
	Stdin    *os.File
	Stdout   *os.File
	Stderr   *os.File
	// Degrade is set when the person's settings say sandbox.failIfUnavailable
	// is false: run with what this machine can enforce, saying what is
	// missing, instead of refusing.
	Degrade bool
}

// Run runs the program confined by the plan and returns its exit status.
// An error means nothing was run (or the sandbox broke before the program
// could start): the caller exits with ExitSetup.
func Run(ctx context.Context, o RunOptions) (int, error) {
	missing := Missing()
	landlockOK := true
	for _, m := range missing {
		if m.Name == "landlock" {
			landlockOK = false
		}
	}
	if len(missing) > 0 {
		var b strings.Builder
		for _, m := range missing {
			fmt.Fprintf(&b, "\n  - %s: %s", m.Name, m.Detail)
		}
		if !o.Degrade {
			return 0, fmt.Errorf("this machine cannot enforce the sandbox, so the command was not run:%s\nInstall what is missing (see `gatehouse sandbox --check`), or set \"sandbox\": {\"failIfUnavailable\": false} to run with less", b.String())
		}
		fmt.Fprintf(o.Stderr, "gatehouse sandbox: WARNING: running with less confinement (sandbox.failIfUnavailable is false):%s\n", b.String())
		if _, err := exec.LookPath("bwrap"); err != nil {
			fmt.Fprintln(o.Stderr, "gatehouse sandbox: WARNING: without bwrap the command runs UNCONFINED")
			return runDirect(o)
		}
	}

	p := o.Plan
	ctrl, err := os.MkdirTemp("", "gatehouse-sandbox-")
	if err != nil {
		return 0, fmt.Errorf("create the sandbox's control directory: %w", err)
	}
	defer os.RemoveAll(ctrl)
	tmp, err := os.MkdirTemp("", "gatehouse-sandbox-tmp-")
	if err != nil {
		return 0, fmt.Errorf("create the sandbox's temp directory: %w", err)
	}
	defer os.RemoveAll(tmp)
	emptyFile, emptyDir := filepath.Join(ctrl, "empty"), filepath.Join(ctrl, "empty.d")
	if err := os.WriteFile(emptyFile, nil, 0o444); err != nil {
		return 0, err
	}
	if err := os.Mkdir(emptyDir, 0o555); err != nil {
		return 0, err
	}
	defer os.Chmod(emptyDir, 0o755) // so that RemoveAll can remove it

	var release func()
	if len(p.Placeholders) > 0 {
		release, err = preparePlaceholders(o.StateDir, p.Placeholders)
		if err != nil {
			return 0, err
		}
		defer release()
	}

	cfg := insideConfig{Writable: p.Writable, Tmp: tmp, Landlock: landlockOK, BlockUnix: !p.AllUnixSockets}
	if p.Hosts != nil {
		sock := filepath.Join(ctrl, "proxy.sock")
		ln, err := net.Listen("unix", sock)
		if err != nil {
			return 0, fmt.Errorf("start the network proxy: %w", err)
		}
		defer ln.Close()
		px := &Proxy{Allow: p.Hosts, Log: o.Stderr}
		go px.Serve(ln)
		cfg.Proxy = sock
	}
	raw, _ := json.Marshal(cfg)

	statusR, statusW, err := os.Pipe()
	if err != nil {
		return 0, err
	}
	defer statusR.Close()
	args := bwrapArgs(p, tmp, emptyFile, emptyDir)
	args = append(args, "--json-status-fd", "3", "--", o.Self, "sandbox", "--inside", "--", o.Program)
	args = append(args, o.Args...)
	cmd := exec.Command("bwrap", args...)
	cmd.Env = append(append([]string{}, o.Env...), insideEnv+"="+string(raw))
	cmd.Stdin, cmd.Stdout, cmd.Stderr = o.Stdin, o.Stdout, o.Stderr
	cmd.ExtraFiles = []*os.File{statusW}
	closeInherited()
	if err := cmd.Start(); err != nil {
		statusW.Close()
		return 0, fmt.Errorf("start bwrap: %w", err)
	}
	statusW.Close()
	// Started before bwrap can have made its mounts, so that no
	// replacement of a covered name after they exist goes unseen (and one
	// before is covered anyway: bwrap binds by name).
	g, err := watchCovers(p, func() { cmd.Process.Kill() })
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return 0, err
	}
	status := make(chan int, 1)
	go func() { status <- readExitCode(statusR) }()

	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	defer signal.Stop(sigs)
	go func() {
		for {
			select {
			case s := <-sigs:
				cmd.Process.Signal(s)
			case <-ctx.Done():
				cmd.Process.Kill()
				return
			}
		}
	}()
	werr := cmd.Wait()
	code := <-status
	if why := g.close(); why != "" {
		return 0, fmt.Errorf("%s", why)
	}
	if code < 0 {
		hint := ""
		if b, err := os.ReadFile("/proc/1/comm"); err == nil && strings.TrimSpace(string(b)) == "bwrap" {
			// Claude Code's own sandbox (or another bwrap) runs this
			// command: bwrap cannot mount /proc inside it.
			hint = "; this already runs inside another bubblewrap sandbox (Claude Code's own?), where a second cannot start: turn one of them off"
		}
		return 0, fmt.Errorf("bwrap could not set up the sandbox (%v); its message is above%s", werr, hint)
	}
	return code, nil
}

// bwrapArgs builds the mount namespace. Order matters: later mounts cover
// earlier ones, so the read-only root comes first, then the writable
// directories, then the protected paths inside them, then the masks.
func bwrapArgs(p *Plan, tmp, emptyFile, emptyDir string) []string {
	a := []string{
		"--die-with-parent", "--new-session",
		"--unshare-user", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
		"--disable-userns", "--cap-drop", "ALL",
		"--ro-bind", "/", "/",
		"--dev", "/dev", "--proc", "/proc",
	}
	for _, w := range append(append([]string{}, p.Writable...), tmp) {
		a = append(a, "--bind", w, w)
	}
	for _, r := range p.ReadOnly {
		a = append(a, "--ro-bind", r, r)
	}
	for _, ph := range p.Placeholders {
		src := emptyFile
		if ph.Dir {
			src = emptyDir
		}
		a = append(a, "--ro-bind", src, ph.Path)
	}
	for _, f := range p.MaskFiles {
		a = append(a, "--ro-bind", emptyFile, f)
	}
	for _, d := range p.MaskDirs {
		a = append(a, "--ro-bind", emptyDir, d)
	}
	return append(a, "--chdir", p.Cwd)
}

// readExitCode reads bwrap's JSON status lines; -1 when the program never
// reported an exit code (bwrap failed before or while starting it).
func readExitCode(r io.Reader) int {
	code := -1
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		var st struct {
			ExitCode *int `json:"exit-code"`
		}
		if json.Unmarshal(sc.Bytes(), &st) == nil && st.ExitCode != nil {
			code = *st.ExitCode
		}
	}
	return code
}

// runDirect runs the program with no confinement at all; only reached when
// the person's settings accept it and the caller has said so loudly.
func runDirect(o RunOptions) (int, error) {
	cmd := exec.Command(o.Program, o.Args...)
	cmd.Env = o.Env
	cmd.Dir = o.Plan.Cwd
	cmd.Stdin, cmd.Stdout, cmd.Stderr = o.Stdin, o.Stdout, o.Stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return 0, err
	}
	return exitStatus(cmd.ProcessState, nil), nil
}
