package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"github.com/landlock-lsm/go-landlock/landlock"
	"golang.org/x/sys/unix"
)

// insideEnv carries the helper's configuration from Run into the sandbox;
// the helper removes it before the program starts.
const insideEnv = "GATEHOUSE_SANDBOX_INSIDE"

// insideConfig is what the helper inside bwrap needs to know.
type insideConfig struct {
	Writable  []string `json:"writable"` // Landlock read-write hierarchies
	Tmp       string   `json:"tmp"`      // the private temp directory
	Proxy     string   `json:"proxy"`    // unix socket of the proxy outside ("" = no network)
	Landlock  bool     `json:"landlock"` // false only when settings accept running without it
	BlockUnix bool     `json:"blockUnix"`
}

// ExitSetup is the status when the sandbox itself could not be set up or
// refused to run: the program did not start.
const ExitSetup = 125

// Inside is the helper that bwrap starts: it applies Landlock to itself,
// relays the proxy, starts the program with the seccomp filter and exits
// with its status. args is PROGRAM ARGS...
func Inside(args []string, stderr io.Writer) int {
	raw := os.Getenv(insideEnv)
	os.Unsetenv(insideEnv)
	var cfg insideConfig
	if raw == "" || json.Unmarshal([]byte(raw), &cfg) != nil || len(args) == 0 {
		fmt.Fprintln(stderr, "gatehouse sandbox: --inside is started by gatehouse sandbox itself, not by hand")
		return ExitSetup
	}
	// Not dumpable: the program (same user, same namespaces) cannot ptrace
	// the helper or open its /proc/PID/fd, where the proxy socket lives.
	if err := unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0); err != nil {
		fmt.Fprintf(stderr, "gatehouse sandbox: make the helper undumpable: %v\n", err)
		return ExitSetup
	}
	if cfg.Landlock {
		if err := restrictLandlock(cfg); err != nil {
			fmt.Fprintf(stderr, "gatehouse sandbox: Landlock: %v\n", err)
			return ExitSetup
		}
	}
	env := programEnv(os.Environ(), cfg)
	if cfg.Proxy != "" {
		port, err := relayProxy(cfg.Proxy)
		if err != nil {
			fmt.Fprintf(stderr, "gatehouse sandbox: proxy relay: %v\n", err)
			return ExitSetup
		}
		env = proxyEnv(env, port)
	}
	path, err := exec.LookPath(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse sandbox: %v\n", err)
		return 127
	}
	closeInherited()
	cmd := &exec.Cmd{Path: path, Args: args, Env: env, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	if err := startFiltered(cmd, cfg.BlockUnix); err != nil {
		fmt.Fprintf(stderr, "gatehouse sandbox: start %s: %v\n", args[0], err)
		if errors.Is(err, errFilter) {
			return ExitSetup
		}
		return 126
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	go func() {
		for s := range sigs {
			cmd.Process.Signal(s)
		}
	}()
	err = cmd.Wait()
	return exitStatus(cmd.ProcessState, err)
}

// exitStatus is the shell's convention: the code, or 128+signal.
func exitStatus(ps *os.ProcessState, err error) int {
	if ps == nil {
		return ExitSetup
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ps.ExitCode()
}

// restrictLandlock allows writes only below the writable directories and
// the private /dev, reads everywhere, and scopes signals and abstract unix
// sockets to the sandbox. It is strict: a kernel without ABI 6 fails here.
func restrictLandlock(cfg insideConfig) error {
	ll := landlock.Config{HandledAccessFS: landlock.V6.HandledAccessFS, Scoped: landlock.V6.Scoped}
	rw := append([]string{cfg.Tmp}, cfg.Writable...)
	return ll.Restrict(
		landlock.RODirs("/"),
		landlock.RWDirs(rw...).WithRefer(),
		// bwrap's /dev is private: /dev/null, /dev/tty, the pty of an
		// interactive program and /dev/shm are the sandbox's own.
		landlock.RWDirs("/dev").WithIoctlDev(),
	)
}

var errFilter = errors.New("seccomp")

// startFiltered starts cmd from a thread that carries the seccomp filter,
// so that only the program and its descendants are filtered. The thread is
// never unlocked: it exits with the goroutine instead of going back to the
// scheduler with the filter on it.
func startFiltered(cmd *exec.Cmd, blockUnix bool) error {
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		if err := loadFilter(blockUnix); err != nil {
			done <- fmt.Errorf("%w: %v", errFilter, err)
			return
		}
		done <- cmd.Start()
	}()
	return <-done
}

// programEnv points temp directories and the caches that tools write by
// default (and that would be read-only) into the private temp directory.
// A cache outside the workspace is not made writable instead: a program
// that could write the Go build cache or npm's cache could poison later
// builds run outside the sandbox.
func programEnv(env []string, cfg insideConfig) []string {
	set := map[string]string{
		"TMPDIR": cfg.Tmp, "TMP": cfg.Tmp, "TEMP": cfg.Tmp, "TEMPDIR": cfg.Tmp,
	}
	for _, c := range []struct{ name, sub string }{
		{"GOCACHE", "go-build"}, {"XDG_CACHE_HOME", "cache"}, {"npm_config_cache", "npm"},
		{"PIP_CACHE_DIR", "pip"}, {"GOTMPDIR", ""},
	} {
		if v := lookup(env, c.name); v != "" && writableIn(v, cfg) {
			continue
		}
		set[c.name] = filepath.Join(cfg.Tmp, c.sub)
	}
	return setEnv(env, set)
}

func proxyEnv(env []string, port int) []string {
	url := "http://127.0.0.1:" + strconv.Itoa(port)
	set := map[string]string{}
	for _, n := range []string{"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
		"npm_config_proxy", "npm_config_https_proxy"} {
		set[n] = url
	}
	// Nothing bypasses the proxy: there is no other way out anyway, and a
	// no_proxy entry would only make a tool try a direct connection.
	set["no_proxy"], set["NO_PROXY"] = "", ""
	return setEnv(env, set)
}

func writableIn(p string, cfg insideConfig) bool {
	for _, w := range append([]string{cfg.Tmp}, cfg.Writable...) {
		if within(filepath.Clean(p), w) {
			return true
		}
	}
	return false
}

func lookup(env []string, name string) string {
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == name {
			return v
		}
	}
	return ""
}

func setEnv(env []string, set map[string]string) []string {
	out := env[:0:0]
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := set[k]; !ok {
			out = append(out, kv)
		}
	}
	for k, v := range set {
		if v == "" && (k == "no_proxy" || k == "NO_PROXY") {
			continue // removed
		}
		out = append(out, k+"="+v)
	}
	return out
}

// relayProxy listens on the sandbox's own loopback and relays every
// connection to the proxy outside. The relay checks nothing itself: the
// proxy does, on the host it dials.
func relayProxy(sock string) (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				up, err := net.Dial("unix", sock)
				if err != nil {
					return
				}
				defer up.Close()
				pipe(c, up)
			}()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
