package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gatehouse/gatehouse/internal/policy"
	"github.com/gatehouse/gatehouse/internal/settings"
	"github.com/gatehouse/gatehouse/internal/workspace"
)

// Plan is what one sandboxed run enforces, resolved against the disk when
// the run starts. Every path is absolute with its symlinks resolved.
type Plan struct {
	Roots    []string // the workspace roots (project directory first, then additionalDirectories)
	Writable []string // Roots, sandbox.filesystem.allowWrite (the private temp directory is added by Run)
	// ReadOnly lists protected paths and denyWrite paths that exist inside
	// a writable directory: bound read-only again.
	ReadOnly []string
	// Placeholders are protected names missing from the top of a root:
	// Run creates them for the run and binds them read-only, so that the
	// program cannot create them.
	Placeholders []Placeholder
	MaskFiles    []string // Read-denied files: covered by an empty read-only file
	MaskDirs     []string // Read-denied directories: covered by an empty read-only directory
	Cwd          string   // where the program starts

	// Hosts decides which hosts the proxy may dial; nil means no network
	// at all (no proxy is started).
	Hosts func(host string) bool
	// AllUnixSockets lifts the AF_UNIX block (sandbox.network.allowAllUnixSockets).
	AllUnixSockets bool
	// Warnings are shown on stderr: settings that were ignored.
	Warnings []string
}

// Placeholder is a protected name created only for the time of a run.
type Placeholder struct {
	Path string
	Dir  bool
}

// topProtected are the protected names that get a placeholder when a
// workspace root lacks them: the names workspace.ProtectedPattern matches
// (a test keeps the two in step). *.code-workspace cannot be listed: any
// name ending so is one.
var topProtected = []Placeholder{
	{Path: ".git", Dir: true},
	{Path: ".claude", Dir: true},
	{Path: ".vscode", Dir: true},
	{Path: ".gatehouse", Dir: true},
	{Path: ".husky", Dir: true},
	{Path: ".idea", Dir: true},
	{Path: ".mcp.json"},
	{Path: ".envrc"},
	{Path: ".cursor", Dir: true},
	{Path: ".gemini", Dir: true},
	{Path: ".codex", Dir: true},
	{Path: ".clinerules", Dir: true},
}

// Options are the inputs of NewPlan.
type Options struct {
	Policy *policy.Policy // the workspace's policy: roots, rules, trust, settings
	Home   string
	Cwd    string // "" = the project directory
	// Protect lists more paths that stay read-only wherever they are
	// writable otherwise: Gatehouse's binaries and state, the user's
	// Claude Code settings (an allowWrite of ~ must not reach them).
	Protect []string
}

// maxOutsideEntries bounds the walk of a deny rule's base directory
// outside the workspace (`Read(//**/id_rsa)` would walk the whole disk).
const maxOutsideEntries = 200_000

// NewPlan resolves what a run must enforce. An error means the sandbox
// cannot keep its promise for this workspace and must not run; it says why
// and what to change.
func NewPlan(opt Options) (*Plan, error) {
	pol := opt.Policy
	if pol == nil || pol.Roots == nil || len(pol.Roots.Dirs()) == 0 {
		return nil, errors.New("no workspace: pass --workspace DIR or set CLAUDE_PROJECT_DIR")
	}
	p := &Plan{}
	for _, d := range pol.Roots.Dirs() {
		r, err := resolveDir(d)
		if err != nil {
			return nil, fmt.Errorf("workspace root %s: %w", d, err)
		}
		p.Roots = appendNew(p.Roots, r)
	}
	p.Writable = append(p.Writable, p.Roots...)
	sb := pol.Settings.Sandbox
	honoured := func(e settings.Entry) bool { return pol.Trusted || !e.Source.Scope.FromWorkspace() }
	for _, e := range sb.AllowWrite {
		if !honoured(e) {
			p.Warnings = append(p.Warnings, fmt.Sprintf("sandbox.filesystem.allowWrite %q in %s is ignored until the workspace is trusted", e.Value, e.Source.Path))
			continue
		}
		for _, cand := range settingPaths(e.Value, pol.ProjectDir, opt.Home, false) {
			r, err := resolveDir(cand)
			if err != nil {
				p.Warnings = append(p.Warnings, fmt.Sprintf("sandbox.filesystem.allowWrite %q in %s is ignored: %v", e.Value, e.Source.Path, err))
				continue
			}
			p.Writable = appendNew(p.Writable, r)
		}
	}

	cwd := opt.Cwd
	if cwd == "" {
		cwd = p.Roots[0]
	}
	if r, err := filepath.EvalSymlinks(cwd); err == nil {
		cwd = r
	}
	p.Cwd = cwd

	rules, err := readDenyRules(pol, opt.Home)
	if err != nil {
		return nil, err
	}
	w := &walker{plan: p, denies: func(path string) bool { return deniesRead(pol, path) }, anyDepth: rules.anyDepth}
	for _, root := range p.Roots {
		if err := w.walkRoot(root); err != nil {
			return nil, err
		}
	}
	for _, lit := range rules.exact {
		if err := w.maskPath(lit); err != nil {
			return nil, err
		}
	}
	for _, b := range rules.based {
		if err := w.walkBase(b); err != nil {
			return nil, err
		}
	}
	for _, e := range sb.DenyRead {
		for _, cand := range settingPaths(e.Value, pol.ProjectDir, opt.Home, true) {
			if err := w.maskPath(cand); err != nil {
				return nil, err
			}
		}
	}
	for _, e := range sb.DenyWrite {
		for _, cand := range settingPaths(e.Value, pol.ProjectDir, opt.Home, true) {
			if r, err := filepath.EvalSymlinks(cand); err == nil && p.writable(r) {
				p.ReadOnly = appendNew(p.ReadOnly, r)
			}
		}
	}
	extra := append([]string{}, opt.Protect...)
	// git runs the hooks in the directory core.hooksPath names: a program
	// in the sandbox must not plant one there for a later git run outside.
	extra = append(extra, pol.GitHooksDirs()...)
	for _, w := range p.Writable[len(p.Roots):] {
		// allowWrite directories are not walked: their top-level protected
		// names (another repository's .git) are covered.
		for _, ph := range topProtected {
			extra = append(extra, filepath.Join(w, ph.Path))
		}
	}
	for _, x := range extra {
		if err := p.protect(x); err != nil {
			return nil, err
		}
	}
	for _, root := range p.Roots {
		for _, ph := range topProtected {
			full := filepath.Join(root, ph.Path)
			if _, err := os.Lstat(full); errors.Is(err, fs.ErrNotExist) {
				p.Placeholders = append(p.Placeholders, Placeholder{Path: full, Dir: ph.Dir})
			}
		}
	}
	if err := p.checkLinks(); err != nil {
		return nil, err
	}
	if err := p.networkFrom(pol, sb, honoured); err != nil {
		return nil, err
	}
	sort.Strings(p.ReadOnly)
	sort.Strings(p.MaskFiles)
	sort.Strings(p.MaskDirs)
	return p, nil
}

// protect keeps an existing path read-only when it lies in a writable
// directory. A symlink whose name could be replaced there is refused, as in
// the walk.
func (p *Plan) protect(path string) error {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		if dir, err := filepath.EvalSymlinks(filepath.Dir(path)); err == nil && p.writable(dir) {
			return fmt.Errorf("%s is a symlink in a writable directory: the sandbox can keep a protected file read-only, not a link that the program could replace; make it a real file or directory", path)
		}
		return nil
	}
	if r, err := filepath.EvalSymlinks(path); err == nil && p.writable(r) {
		p.ReadOnly = appendNew(p.ReadOnly, r)
	}
	return nil
}

// writable reports whether path lies in a writable directory.
func (p *Plan) writable(path string) bool {
	for _, w := range p.Writable {
		if within(path, w) {
			return true
		}
	}
	return false
}

// within reports whether p is dir or below it by whole components.
func within(p, dir string) bool {
	if p == dir || dir == "/" {
		return true
	}
	return strings.HasPrefix(p, dir+"/")
}

func resolveDir(d string) (string, error) {
	r, err := filepath.EvalSymlinks(d)
	if err != nil {
		return "", err
	}
	r, err = filepath.Abs(r)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(r)
	if err != nil {
		return "", err
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("%s is not a directory", r)
	}
	return r, nil
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// settingPaths reads a sandbox.filesystem path with the prefixes of Read and
// Edit rules: //abs, ~/home, ./ or bare relative to the project. A single
// leading slash is absolute for allowWrite (what people mean by /tmp/x);
// for the deny lists it is read both ways, since either may be meant and
// a deny must not be lost to a reading.
func settingPaths(v, project, home string, deny bool) []string {
	switch {
	case strings.HasPrefix(v, "//"):
		return []string{filepath.Clean(v[1:])}
	case v == "~" || strings.HasPrefix(v, "~/"):
		if home == "" {
			return nil
		}
		return []string{filepath.Join(home, v[1:])}
	case strings.HasPrefix(v, "/"):
		if deny {
			return []string{filepath.Clean(v), filepath.Join(project, v)}
		}
		return []string{filepath.Clean(v)}
	}
	return []string{filepath.Join(project, v)}
}

// deniesRead asks the policy itself whether reading path is denied, so that
// the sandbox masks exactly what the Read tool would be refused.
func deniesRead(pol *policy.Policy, path string) bool {
	in, _ := json.Marshal(map[string]string{"file_path": path})
	d := pol.Decide(policy.Request{Tool: "Read", Input: in, Cwd: pol.ProjectDir, Mode: policy.ModeDefault})
	return d.Behavior == policy.Deny
}

// denyRules are the Read deny rules sorted by how the sandbox finds their
// files: exact paths, a literal base directory to walk, or a name to look
// for at any depth in the workspace.
type denyRules struct {
	exact    []string
	based    []baseRule
	anyDepth []string // last-component patterns
}

type baseRule struct {
	dir  string
	last string // pattern of the last component, to pick candidates cheaply
	rule string
}

func readDenyRules(pol *policy.Policy, home string) (denyRules, error) {
	var out denyRules
	for _, sr := range pol.Settings.Rules {
		if sr.Behavior != settings.Deny {
			continue
		}
		r, err := policy.ParseRule(sr.Text)
		if err != nil {
			if strings.HasPrefix(strings.TrimSpace(sr.Text), "Read") {
				return out, fmt.Errorf("the deny rule %q in %s cannot be read, so the sandbox cannot tell which files to hide; fix the rule", sr.Text, sr.Source.Path)
			}
			continue
		}
		if r.Tool != "Read" {
			continue
		}
		if r.Whole {
			return out, fmt.Errorf("the deny rule %q in %s forbids reading every file; a sandboxed program could not run at all", sr.Text, sr.Source.Path)
		}
		base, comps, anyDepth := pathAnchor(r.Specifier, pol.ProjectDir, sr.Source.Root, home)
		for len(comps) > 0 && comps[len(comps)-1] == "**" {
			comps = comps[:len(comps)-1] // a matching directory covers what is below it
		}
		if anyDepth {
			if len(comps) > 0 {
				out.anyDepth = append(out.anyDepth, comps[len(comps)-1])
			}
			continue
		}
		if base == "" {
			continue // ~/x without a home: nothing to anchor on
		}
		lit := 0
		for lit < len(comps) && !strings.ContainsAny(comps[lit], "*?[") {
			lit++
		}
		dir := filepath.Join(append([]string{base}, comps[:lit]...)...)
		if lit == len(comps) {
			out.exact = append(out.exact, dir)
			continue
		}
		out.based = append(out.based, baseRule{dir: dir, last: comps[len(comps)-1], rule: sr.Text})
	}
	return out, nil
}

// pathAnchor mirrors the anchors of policy's path patterns: the directory
// the pattern starts in and its components, or anyDepth for a bare name.
func pathAnchor(spec, project, settingsRoot, home string) (base string, comps []string, anyDepth bool) {
	s := spec
	switch {
	case strings.HasPrefix(s, "//"):
		base, s = "/", s[2:]
	case s == "~" || strings.HasPrefix(s, "~/"):
		base, s = home, strings.TrimPrefix(s[1:], "/")
	case strings.HasPrefix(s, "/"):
		base, s = settingsRoot, s[1:]
		if base == "" {
			base = project
		}
	case strings.HasPrefix(s, "./"):
		base, s = project, s[2:]
	case strings.Contains(strings.TrimSuffix(s, "/"), "/"):
		base = project
	default:
		anyDepth = true
	}
	for _, c := range strings.Split(strings.TrimSuffix(s, "/"), "/") {
		if c != "" && c != "." {
			comps = append(comps, c)
		}
	}
	return base, comps, anyDepth
}

// walker finds, in one pass over each root, the nested protected paths and
// the files that any-depth deny rules match.
type walker struct {
	plan     *Plan
	denies   func(path string) bool
	anyDepth []string
	entries  int
}

func (w *walker) walkRoot(root string) error {
	return w.walk(root, true)
}

func (w *walker) nameDenied(name string) bool {
	for _, pat := range w.anyDepth {
		if ok, _ := path.Match(pat, name); ok {
			return true
		}
	}
	return false
}

func (w *walker) walk(dir string, top bool) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		if top {
			return fmt.Errorf("read workspace %s: %w", dir, err)
		}
		// A directory the person cannot read cannot be read inside either.
		return nil
	}
	for _, e := range ents {
		name := e.Name()
		full := filepath.Join(dir, name)
		protected := workspace.ProtectedPattern(name) != ""
		if protected {
			if e.Type()&fs.ModeSymlink != 0 {
				return fmt.Errorf("%s is a symlink: the sandbox can keep a protected directory or file read-only, not a link that the program could replace; make it a real directory or file", full)
			}
			w.plan.ReadOnly = appendNew(w.plan.ReadOnly, full)
		}
		if len(w.anyDepth) > 0 && w.nameDenied(name) && w.denies(full) {
			if err := w.maskPath(full); err != nil {
				return err
			}
			continue
		}
		// Below a protected directory nothing more is protected, and only
		// any-depth deny rules need to look.
		if e.IsDir() && (!protected || len(w.anyDepth) > 0) {
			if err := w.walk(full, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// walkBase finds the files a deny rule with wildcards matches below its
// literal base directory.
func (w *walker) walkBase(b baseRule) error {
	fi, err := os.Stat(b.dir)
	if err != nil || !fi.IsDir() {
		return nil // nothing there to hide
	}
	inside := false
	for _, r := range w.plan.Roots {
		if within(b.dir, r) {
			inside = true
		}
	}
	count := 0
	return filepath.WalkDir(b.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == b.dir {
				return nil
			}
			return filepath.SkipDir
		}
		count++
		if !inside && count > maxOutsideEntries {
			return fmt.Errorf("the deny rule %q needs more than %d files under %s looked at; narrow the rule so that the sandbox can hide what it matches", b.rule, maxOutsideEntries, b.dir)
		}
		if p == b.dir {
			return nil
		}
		if ok, _ := path.Match(b.last, d.Name()); ok && w.denies(p) {
			if err := w.maskPath(p); err != nil {
				return err
			}
			if d.IsDir() {
				return filepath.SkipDir
			}
		}
		return nil
	})
}

// maskPath hides path (resolving symlinks: reading a link reads its
// target). A missing path is nothing to hide.
func (w *walker) maskPath(p string) error {
	r, err := filepath.EvalSymlinks(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("cannot tell what the denied path %s is (%v), so it cannot be hidden", p, err)
	}
	fi, err := os.Stat(r)
	if err != nil {
		return fmt.Errorf("cannot tell what the denied path %s is (%v), so it cannot be hidden", r, err)
	}
	if fi.IsDir() {
		w.plan.MaskDirs = appendNew(w.plan.MaskDirs, r)
	} else {
		w.plan.MaskFiles = appendNew(w.plan.MaskFiles, r)
	}
	return nil
}

// networkFrom sets Hosts from WebFetch rules and sandbox.network.
func (p *Plan) networkFrom(pol *policy.Policy, sb settings.Sandbox, honoured func(settings.Entry) bool) error {
	if sb.AllowAllUnixSockets.Set && sb.AllowAllUnixSockets.Value {
		if honoured(settings.Entry{Source: sb.AllowAllUnixSockets.Source}) {
			p.AllUnixSockets = true
		} else {
			p.Warnings = append(p.Warnings, fmt.Sprintf("sandbox.network.allowAllUnixSockets in %s is ignored until the workspace is trusted", sb.AllowAllUnixSockets.Source.Path))
		}
	}
	if len(sb.AllowUnixSockets) > 0 && !p.AllUnixSockets {
		// Claude Code ignores the list on Linux too: a seccomp filter
		// cannot tell one socket path from another.
		p.Warnings = append(p.Warnings, "sandbox.network.allowUnixSockets is ignored on Linux (sockets cannot be allowed one by one); set allowAllUnixSockets to lift the block")
	}
	// An administrator's allowManagedDomainsOnly counts only from the
	// managed files; it leaves only their domains and rules in force.
	managedOnly := sb.AllowManagedDomainsOnly.Set && sb.AllowManagedDomainsOnly.Value &&
		sb.AllowManagedDomainsOnly.Source.Scope == settings.ScopeManaged
	var domains []string
	for _, e := range sb.AllowedDomains {
		if managedOnly && e.Source.Scope != settings.ScopeManaged {
			p.Warnings = append(p.Warnings, fmt.Sprintf("sandbox.network.allowedDomains %q in %s is ignored: managed settings allow only their own domains", e.Value, e.Source.Path))
			continue
		}
		if !honoured(e) {
			p.Warnings = append(p.Warnings, fmt.Sprintf("sandbox.network.allowedDomains %q in %s is ignored until the workspace is trusted", e.Value, e.Source.Path))
			continue
		}
		d := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(e.Value)), ".")
		if d == "" || strings.ContainsAny(d, "/:@ ") {
			return fmt.Errorf("sandbox.network.allowedDomains %q in %s is not a host name; write example.com or *.example.com", e.Value, e.Source.Path)
		}
		domains = append(domains, d)
	}
	hasRules := false
	for _, r := range pol.Settings.Rules {
		if r.Behavior == settings.Allow && strings.HasPrefix(strings.TrimSpace(r.Text), "WebFetch") &&
			(pol.Trusted || !r.Source.Scope.FromWorkspace()) && (!managedOnly || r.Source.Scope == settings.ScopeManaged) {
			hasRules = true
		}
	}
	if len(domains) == 0 && !hasRules {
		return nil
	}
	p.Hosts = func(host string) bool { return hostAllowed(pol, domains, managedOnly, host) }
	return nil
}

// hostAllowed: a WebFetch deny or ask rule for the host wins; then a
// WebFetch allow rule (a managed one, with managedOnly) or an
// allowedDomains entry allows it.
func hostAllowed(pol *policy.Policy, domains []string, managedOnly bool, host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" || strings.ContainsAny(host, "/@%\\ ") {
		return false
	}
	u := "https://" + host + "/"
	if strings.Contains(host, ":") {
		u = "https://[" + host + "]/"
	}
	in, _ := json.Marshal(map[string]string{"url": u})
	d := pol.Decide(policy.Request{Tool: "WebFetch", Input: in, Cwd: pol.ProjectDir, Mode: policy.ModeDefault})
	switch d.Behavior {
	case policy.Allow:
		if !managedOnly || (d.Rule != nil && d.Rule.Source.Scope == settings.ScopeManaged) {
			return true
		}
	case policy.Deny:
		return false
	}
	if d.Behavior != policy.Allow && d.Check != policy.CheckNoRule {
		return false // an ask rule, a broken settings file: not without a person
	}
	for _, dom := range domains {
		switch {
		case dom == "*":
			return true
		case strings.HasPrefix(dom, "*."):
			if strings.HasSuffix(host, dom[1:]) && len(host) > len(dom)-1 {
				return true
			}
		case host == dom:
			return true
		}
	}
	return false
}
