package explain

import (
	"cmp"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gatehouse/gatehouse/internal/shell"
)

// loaderVars are variables that change which code programs load; setting
// one is as good as running code.
var loaderVars = []string{
	"PATH", "LD_", "DYLD_", "NODE_OPTIONS", "NODE_PATH", "BASH_ENV", "ENV", "PYTHONPATH",
	"PYTHONSTARTUP", "PYTHONHOME", "PERL5OPT", "PERL5LIB", "RUBYOPT", "RUBYLIB", "GIT_",
	"PROMPT_COMMAND", "IFS", "SHELLOPTS", "BASHOPTS", "PS4", "CDPATH", "GCONV_PATH",
	"JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "MAKEFLAGS", "CC", "CXX", "EDITOR", "VISUAL",
	"PAGER", "GIT_PAGER", "LESSOPEN", "HISTFILE",
}

func isLoaderVar(name string) bool {
	for _, v := range loaderVars {
		if name == v || (strings.HasSuffix(v, "_") && strings.HasPrefix(name, v)) {
			return true
		}
	}
	return false
}

// effectRisks appends to fs the risks of the analyser's effects for c, the
// command at position item of the walk, run in x.cwds[cwd]. The effects are
// the source of truth for risk kinds; the knowledge base only adds wording
// and subcommand-level risks. Only kinds and ranges are recorded: reasons
// are worded for the risks that end up listed.
func (x *explainer) effectRisks(fs []found, c *shell.Command, ew *effectWrites, item, cwd int32) []found {
	wd := x.cwds[cwd]
	// The written paths matter only to skip redirections already seen.
	var writes map[string]bool
	if len(c.Redirs) > 0 {
		writes = map[string]bool{}
	}
	for i := range c.Effects {
		e := &c.Effects[i]
		if e.UnknownOption() {
			// Not understood is not a risk the person can read about;
			// the decision asks for it.
			continue
		}
		start, end := e.Pos, e.End
		if start >= end {
			start, end = c.Pos, c.End
		}
		switch e.Kind {
		case shell.EffectRead:
			continue
		case shell.EffectWrite:
			if writes != nil {
				writes[e.Path] = true
			}
			if x.place(writtenPath(c, e), wd.dir, wd.known).outside {
				fs = x.note(fs, "writes-outside-workspace", found{how: outsideEffect, start: start, end: end, item: item, aux: int32(i), cwd: cwd})
			}
			continue
		case shell.EffectEnv:
			if x.plainEnv(c) {
				continue
			}
		}
		fs = x.note(fs, effectKind(e.Kind), found{how: effectRisk, start: start, end: end, item: item, aux: int32(i)})
		// Deleting or overwriting outside the workspace is a write there
		// (noted once when a write effect names the same file: rm has both).
		if e.Kind == shell.EffectDestructive && e.Path != "" && !ew.has(e.Pos, e.End, e.Path, shell.EffectWrite) && x.place(e.Path, wd.dir, wd.known).outside {
			fs = x.note(fs, "writes-outside-workspace", found{how: outsideEffect, start: start, end: end, item: item, aux: int32(i), cwd: cwd})
		}
	}
	// Redirections are writes even if an effect for them were missing.
	for i, rd := range c.Redirs {
		if !rd.Writes || (!rd.Target.Dynamic && writes[rd.Target.Value]) {
			continue
		}
		if rd.Op == ">&" || rd.Op == "<&" {
			if t := rd.Target.Value; !rd.Target.Dynamic && (t == "-" || strings.Trim(t, "0123456789") == "") {
				continue
			}
		}
		p := rd.Target.Value
		if rd.Target.Dynamic {
			p = ""
		}
		if isDevice(p) {
			continue
		}
		if x.place(p, wd.dir, wd.known).outside {
			fs = x.note(fs, "writes-outside-workspace", found{how: outsideRedir, start: rd.Pos, end: rd.End, item: item, aux: int32(i), cwd: cwd})
		}
	}
	return fs
}

// effectWrites are the write and delete effects of one command with a
// range, ordered by position: the files the knowledge base says a program
// writes are mostly these (rm's and touch's operands), which effectRisks
// has already placed inside or outside the workspace.
type effectWrites struct {
	c   *shell.Command
	idx []int32 // indices in c.Effects
	at  int     // where the last search ended: questions come in order
}

// writesOf returns c's effectWrites, reusing the explainer's buffer.
func (x *explainer) writesOf(c *shell.Command) effectWrites {
	l := x.sc.writes[:0]
	runs := 1
	for i := range c.Effects {
		e := &c.Effects[i]
		if (e.Kind == shell.EffectWrite || e.Kind == shell.EffectDestructive) && e.Pos < e.End {
			if n := len(l); n > 0 && c.Effects[l[n-1]].Pos > e.Pos {
				runs++
			}
			l = append(l, int32(i))
		}
	}
	switch {
	case runs == 2:
		// rm gives its writes, then its deletions: two ordered runs.
		k := 1
		for c.Effects[l[k-1]].Pos <= c.Effects[l[k]].Pos {
			k++
		}
		merged := x.sc.merged[:0]
		a, b := l[:k], l[k:]
		for len(a) > 0 && len(b) > 0 {
			if c.Effects[b[0]].Pos < c.Effects[a[0]].Pos {
				merged, b = append(merged, b[0]), b[1:]
			} else {
				merged, a = append(merged, a[0]), a[1:]
			}
		}
		x.sc.merged = l // the two buffers swap roles
		l = append(append(merged, a...), b...)
	case runs > 2:
		slices.SortStableFunc(l, func(a, b int32) int { return cmp.Compare(c.Effects[a].Pos, c.Effects[b].Pos) })
	}
	x.sc.writes = l
	return effectWrites{c: c, idx: l}
}

// has reports whether an effect of kind (a write, or a write or a deletion
// when kind is "") writes the path p at exactly [pos, end]: effectRisks
// judges those.
func (ew *effectWrites) has(pos, end int, p string, kind shell.EffectKind) bool {
	fx, l := ew.c.Effects, ew.idx
	lo := ew.at
	for n := 0; n < 4 && lo < len(l) && fx[l[lo]].Pos < pos; n++ {
		lo++ // the next question is most often a few effects further
	}
	if lo >= len(l) || fx[l[lo]].Pos < pos || lo > 0 && fx[l[lo-1]].Pos >= pos {
		lo = 0
		hi := len(l)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if fx[l[m]].Pos < pos {
				lo = m + 1
			} else {
				hi = m
			}
		}
	}
	for ew.at = lo; lo < len(l) && fx[l[lo]].Pos == pos; lo++ {
		if e := &fx[l[lo]]; e.End == end && e.Path == p && (kind == "" || e.Kind == kind) {
			return true
		}
	}
	return false
}

// riskBound is the most risks effectRisks returns for c: two per
// destructive effect, one per other effect or redirection.
func riskBound(c *shell.Command) int {
	n := len(c.Redirs)
	for i := range c.Effects {
		n++
		if c.Effects[i].Kind == shell.EffectDestructive {
			n++
		}
	}
	return n
}

// plainEnv reports whether an environment effect only sets ordinary
// variables (export FOO=1), which Gatehouse explains without a risk flag.
func (x *explainer) plainEnv(c *shell.Command) bool {
	switch c.Name.Value {
	case "", "export", "declare", "typeset", "local", "readonly":
	default:
		return false
	}
	if c.Name.Dynamic {
		return false
	}
	n := 0
	for _, a := range c.Assigns {
		n++
		if isLoaderVar(a.Name) {
			return false
		}
	}
	for _, a := range c.Args {
		if a.Dynamic {
			return false
		}
		name, _, _ := strings.Cut(a.Value, "=")
		if strings.HasPrefix(name, "-") {
			if strings.ContainsAny(name, "f") { // declare -f defines functions
				return false
			}
			continue
		}
		n++
		if isLoaderVar(name) {
			return false
		}
	}
	return n > 0
}

func isDevice(p string) bool {
	switch p {
	case "/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty":
		return true
	}
	return strings.HasPrefix(p, "/dev/fd/")
}

// cleanRoots returns the absolute, cleaned workspace roots.
func cleanRoots(opt Options) []string {
	var out []string
	for _, r := range opt.WorkspaceRoots {
		if r != "" {
			out = append(out, filepath.Clean(r))
		}
	}
	if len(out) == 0 && opt.Cwd != "" {
		out = append(out, filepath.Clean(opt.Cwd))
	}
	return out
}

// expand resolves ~ and makes p absolute against cwd; ok is false when the
// path cannot be known statically.
func (x *explainer) expand(p, cwd string, cwdKnown bool) (string, bool) {
	switch {
	case p == "":
		return "", false
	case p == "~" || strings.HasPrefix(p, "~/"):
		if x.home == "" {
			return "", false
		}
		return filepath.Join(x.home, p[1:]), true
	case strings.HasPrefix(p, "~"):
		return "", false // another user's home
	case filepath.IsAbs(p):
		return filepath.Clean(p), true
	case !cwdKnown:
		return "", false
	case cwd == "":
		return filepath.Clean(p), true // relative to an unknown root: inside
	}
	return filepath.Join(cwd, p), true
}

// outside reports whether a write to p lands outside the workspace, and why
// in words. Plain lexical cleaning: the policy does the real confinement
// with symlinks resolved.
func (x *explainer) outside(p, cwd string, cwdKnown bool) (bool, string) {
	pl := x.place(p, cwd, cwdKnown)
	if !pl.outside {
		return false, ""
	}
	return true, x.outsideReason(p, pl)
}

// placement is where a written path lands, as outside works it out.
type placement struct {
	outside bool
	placed  bool   // the path could be resolved (else it is outside: unknown)
	abs     string // the resolved path, when placed
}

// place is outside without the wording, which a caller that already holds
// the risk does not need.
func (x *explainer) place(p, cwd string, cwdKnown bool) placement {
	if isDevice(p) {
		return placement{}
	}
	// The last few paths placed, in this directory: a long line names the
	// same files again and again (rm -rf ~/a ~/b; …), and placing one
	// builds its absolute path.
	for i := range x.placed {
		if c := &x.placed[i]; c.path == p && c.cwd == cwd && c.known == cwdKnown && c.used {
			return c.pl
		}
	}
	pl := x.placeNew(p, cwd, cwdKnown)
	x.placed[x.placedNext] = placedPath{path: p, cwd: cwd, known: cwdKnown, used: true, pl: pl}
	x.placedNext = (x.placedNext + 1) % len(x.placed)
	return pl
}

// placedPath is a path place has placed, for its cache.
type placedPath struct {
	path, cwd   string
	known, used bool
	pl          placement
}

// placeNew is place without its cache.
func (x *explainer) placeNew(p, cwd string, cwdKnown bool) placement {
	abs, ok := x.expand(p, cwd, cwdKnown)
	if !ok {
		return placement{outside: true}
	}
	if !filepath.IsAbs(abs) { // no root and no cwd: relative stays inside
		return placement{}
	}
	for _, r := range x.roots {
		if within(abs, r) {
			return placement{}
		}
	}
	return placement{outside: true, placed: true, abs: abs}
}

// outsideReason words why a write to p, placed by place, is outside.
func (x *explainer) outsideReason(p string, pl placement) string {
	switch {
	case !pl.placed && p == "":
		return "writes to a path known only at run time"
	case !pl.placed:
		return "writes to " + code(p) + ", which Gatehouse cannot place (unknown directory or another user's home)"
	case len(x.roots) == 0:
		return "writes to " + code(p) + ", an absolute path"
	case pl.abs != p:
		return "writes to " + code(p) + " (" + code(pl.abs) + "), outside the workspace"
	}
	return "writes to " + code(p) + ", outside the workspace"
}

// within compares whole path components, never string prefixes (/proj_evil
// is not inside /proj).
func within(p, root string) bool {
	if p == root || root == "/" {
		return true
	}
	return strings.HasPrefix(p, root+string(filepath.Separator))
}

// move applies a cd to the tracked working directory.
func (x *explainer) move(cwd string, known bool, m *cdMove) (string, bool) {
	if !m.known || !known {
		return "", false
	}
	if m.dir == "~" {
		return x.home, x.home != ""
	}
	if len(cwd)+1+len(m.dir) > maxTrackedDir {
		return "", false
	}
	if cwd != "" && strings.HasPrefix(cwd, "/") && isPlainRelative(m.dir) {
		// cd src: the clean directory one name deeper, without cleaning
		// the whole path again (it is already clean).
		if cwd == "/" {
			return "/" + m.dir, true
		}
		return cwd + "/" + m.dir, true
	}
	abs, ok := x.expand(m.dir, cwd, known)
	if !ok || len(abs) > maxTrackedDir {
		return "", false
	}
	return abs, true
}

// isPlainRelative reports a relative path that cleaning leaves as it is
// and that does not climb (src, src/lib; not ., .., a/../b or a//b).
func isPlainRelative(p string) bool {
	return p != "" && p[0] != '/' && p[0] != '~' && filepath.Clean(p) == p && p != "." && p != ".." && !strings.HasPrefix(p, "../")
}

// maxTrackedDir is the longest working directory followed (the usual
// PATH_MAX): past it, where later commands run is unknown. cd src && ls;
// repeated thousands of times otherwise built a path of tens of kilobytes,
// one component longer at each step.
const maxTrackedDir = 4096

// mentionWords are word stems per risk kind; a description mentions a kind
// when one of its words starts with one of the stems.
var mentionWords = map[string][]string{
	"network":                  {"network", "download", "fetch", "upload", "curl", "wget", "http", "url", "internet", "online", "push", "pull", "clone", "install", "request", "api", "remote", "web", "registry", "publish", "deploy", "sync", "connect", "ssh", "ping"},
	"destructive":              {"delet", "remov", "rm", "overwrit", "forc", "reset", "wip", "eras", "clean", "destroy", "drop", "purg", "kill", "truncat", "discard", "prun", "uninstall", "stop", "terminat", "rewrit", "replac", "shred", "format"},
	"writes-outside-workspace": {"outside", "global", "system", "home", "etc", "tmp", "temp", "usr", "profile", "bashrc", "zshrc", "config"},
	"code-execution":           {"run", "execut", "script", "install", "build", "test", "eval", "compil", "launch", "start", "invok", "lint", "format", "generat", "serve", "call"},
	"privilege":                {"sudo", "root", "admin", "privileg", "elevat", "superuser", "permission", "owner", "chmod", "chown", "doas"},
	"obfuscation":              {"encod", "decod", "base64", "obfuscat", "hidden", "escap", "eval", "dynamic"},
	"persistence":              {"cron", "schedul", "startup", "boot", "servic", "daemon", "enabl", "hook", "login", "persist", "autostart", "systemd", "launchd", "rc"},
	"secrets":                  {"secret", "credential", "password", "token", "key", "env", "ssh", "aws", "cert", "auth", "login"},
	"unparsable":               {"unparsable", "pars", "malformed"},
}

// unmentioned returns the kinds the description does not mention. Only
// computed when there is a description to compare with.
func unmentioned(desc string, kinds []string) []string {
	if strings.TrimSpace(desc) == "" {
		return nil
	}
	words := strings.FieldsFunc(strings.ToLower(desc), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	var out []string
	for _, k := range kinds {
		found := false
		for _, w := range words {
			for _, stem := range mentionWords[k] {
				if strings.HasPrefix(w, stem) {
					found = true
				}
			}
		}
		if !found {
			out = append(out, k)
		}
	}
	return out
}

// writtenPath is the path a write effect names, or for a glob operand
// (sed -i '*.js'), the glob itself: its matches are where the glob says,
// so *.js is in the working directory, and ../*.js is not. A word with
// other expansions stays unknown ("").
func writtenPath(c *shell.Command, e *shell.Effect) string {
	if e.Path != "" {
		return e.Path
	}
	for i := range c.Args {
		if w := &c.Args[i]; w.Pos == e.Pos && w.End == e.End && w.Pattern != "" {
			return w.Pattern
		}
	}
	return ""
}
