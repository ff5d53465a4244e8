package policy

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gatehouse/gatehouse/internal/action"
	"github.com/gatehouse/gatehouse/internal/workspace"
)

// target is one path a tool call touches, with its workspace verdict.
type target struct {
	v workspace.Verdict
	// lexical is the path made absolute and cleaned without resolving
	// symlinks: deny rules match either form, allow rules only the resolved.
	lexical string
	// Components of the resolved and lexical paths, split once.
	resolvedComps, lexicalComps []string
}

func (ev *evaluation) target(path string) target {
	// A command line names the same files again and again; resolving one
	// costs a system call per path component.
	key := [2]string{path, ev.req.Cwd}
	if t, ok := ev.seen[key]; ok {
		return t
	}
	t := ev.resolveTarget(path)
	if ev.seen == nil {
		ev.seen = make(map[[2]string]target, 8)
	}
	ev.seen[key] = t
	return t
}

// resolveTarget is target without the memo.
func (ev *evaluation) resolveTarget(path string) target {
	t := target{v: ev.roots.Check(path, ev.req.Cwd)}
	lex := path
	switch {
	case lex == "~" || strings.HasPrefix(lex, "~/"):
		if ev.p.Home != "" {
			lex = filepath.Join(ev.p.Home, lex[1:])
		}
	case !filepath.IsAbs(lex) && ev.req.Cwd != "":
		lex = filepath.Join(ev.req.Cwd, lex)
	}
	if filepath.IsAbs(lex) {
		t.lexical = filepath.ToSlash(filepath.Clean(lex))
		t.lexicalComps = splitPath(t.lexical)
	}
	if t.v.Resolved != "" && t.v.Err == nil {
		t.resolvedComps = splitPath(filepath.ToSlash(t.v.Resolved))
	}
	return t
}

// targets resolves a path a command names against every directory the
// command line may be in.
func (ev *evaluation) targets(path string) []target {
	return ev.appendTargets(nil, path)
}

// appendTargets appends the targets of path to dst.
func (ev *evaluation) appendTargets(dst []target, path string) []target {
	if len(ev.cwds) == 0 || len(ev.cwds) == 1 && ev.cwds[0] == ev.req.Cwd || filepath.IsAbs(path) || path == "~" || strings.HasPrefix(path, "~/") {
		return append(dst, ev.target(path))
	}
	saved := ev.req.Cwd
	defer func() { ev.req.Cwd = saved }()
	for _, cwd := range ev.cwds {
		ev.req.Cwd = cwd
		dst = append(dst, ev.target(path))
	}
	return dst
}

// shown is the path to display: resolved when known.
func (t target) shown() string {
	if t.v.Resolved != "" {
		return t.v.Resolved
	}
	return t.v.Input
}

// pathRule finds the first rule of behavior b covering tool whose path
// pattern matches t. Whole-tool rules match every path; when specific is
// set they are skipped (an outside-workspace edit needs a rule that names
// its path).
func (ev *evaluation) pathRule(b Behavior, tool string, t target, specific bool) *Rule {
	var found *Rule
	ev.rulesFor(b, tool, func(r *Rule) bool {
		if r.Whole {
			if specific {
				return true
			}
			found = r
			return false
		}
		if r.path != nil && ev.p.matchPath(r, t) {
			found = r
			return false
		}
		return true
	})
	return found
}

// matchPath matches a Read/Edit rule's pattern. Deny and ask rules match
// the resolved or the lexical path, anywhere for bare names, without case
// where the platform has none; allow rules match only the resolved path and
// bare names only inside the project.
func (p *Policy) matchPath(r *Rule, t target) bool {
	strict := r.Behavior != Allow
	paths := [2][]string{t.resolvedComps}
	if strict {
		paths[1] = t.lexicalComps
	}
	fold := strict && p.foldCase
	pat := r.path
	bases := p.anchorBases(r)
	if pat.anchor == anchorAnyDepth {
		if strict {
			bases = [][]string{nil}
		} else {
			bases = p.bases
		}
	}
	for _, comps := range paths {
		if comps == nil {
			continue
		}
		for _, base := range bases {
			rest, ok := below(comps, base, fold)
			if !ok {
				continue
			}
			if pat.anchor != anchorAnyDepth {
				if matchComps(pat.comps, rest, fold) {
					return true
				}
				continue
			}
			for i := range rest {
				if matchComps(pat.comps, rest[i:], fold) {
					return true
				}
			}
		}
	}
	return false
}

// anchorBases returns the directories a path rule's pattern is relative
// to (resolved and as given); nil for an absolute pattern.
func (p *Policy) anchorBases(r *Rule) [][]string {
	switch r.path.anchor {
	case anchorAbsolute:
		return [][]string{nil}
	case anchorHome:
		return p.home
	case anchorRoot:
		if r.path.bases != nil {
			return r.path.bases
		}
	}
	return p.bases
}

// filesInput is the part of a file tool's input that names paths.
type filesInput struct {
	FilePath     *string `json:"file_path"`
	NotebookPath *string `json:"notebook_path"`
	Path         *string `json:"path"`
	Pattern      *string `json:"pattern"`
}

func (ev *evaluation) edit() Decision {
	var in filesInput
	if err := ev.input(&in); err != nil {
		return Decision{Behavior: Ask, Check: CheckInvalidInput, Kind: action.Edit, Reason: err.Error()}
	}
	p := in.FilePath
	if ev.req.Tool == "NotebookEdit" {
		p = in.NotebookPath
	}
	if p == nil || *p == "" {
		return Decision{Behavior: Ask, Check: CheckInvalidInput, Kind: action.Edit, Reason: "The edit names no file path."}
	}
	t := ev.target(*p)
	d := ev.editTarget(ev.req.Tool, t)
	if h := ev.gitHooksDir(t); h != "" && d.Behavior == Allow {
		// The directory core.hooksPath names holds programs git runs.
		d = Decision{Behavior: Ask, Check: CheckProtected, Kind: action.Edit,
			Reason: fmt.Sprintf("%s is inside %s, the directory core.hooksPath names: git runs the hooks there, so changes need a person.", t.shown(), h)}
	}
	d.Paths = []string{t.shown()}
	return d
}

// hardLinkReason says why a write to a file with other hard links asks.
func hardLinkReason(t target) string {
	return fmt.Sprintf("%s has %d names (hard links): writing it changes the same file under its other names, which may be outside the workspace.",
		t.shown(), t.v.HardLinks)
}

// editTarget decides a change to one file, by an edit tool or a command.
func (ev *evaluation) editTarget(tool string, t target) Decision {
	v := t.v
	if r := ev.pathRule(Deny, tool, t, false); r != nil {
		return ruleDecision(r, action.Edit, t.shown())
	}
	if ev.mode == ModePlan {
		return Decision{Behavior: Deny, Check: CheckPlan, Kind: action.Edit,
			Reason: fmt.Sprintf("Plan mode makes no changes, so writing %s is denied.", t.shown())}
	}
	if r := ev.pathRule(Ask, tool, t, false); r != nil {
		return ruleDecision(r, action.Edit, t.shown())
	}
	if v.Err != nil {
		return Decision{Behavior: Ask, Check: CheckOutside, Kind: action.Edit,
			Reason: fmt.Sprintf("Gatehouse cannot tell where %s leads (%v), so it asks.", v.Input, v.Err)}
	}
	if v.Inside && v.Protected != "" {
		// Never auto-accepted, whatever the rules or mode: these files
		// change what runs or what is allowed.
		return Decision{Behavior: Ask, Check: CheckProtected, Kind: action.Edit,
			Reason: fmt.Sprintf("%s is a protected path (%s): changes to it always need a person.", t.shown(), v.Protected)}
	}
	if v.Inside && v.HardLinks > 1 {
		return Decision{Behavior: Ask, Check: CheckHardLink, Kind: action.Edit, Reason: hardLinkReason(t)}
	}
	if !v.Inside {
		if r := ev.pathRule(Allow, tool, t, true); r != nil {
			return ruleDecision(r, action.Edit, t.shown())
		}
		return Decision{Behavior: Ask, Check: CheckOutside, Kind: action.Edit,
			Reason: fmt.Sprintf("%s is outside the workspace.", t.shown())}
	}
	if r := ev.pathRule(Allow, tool, t, false); r != nil {
		return ruleDecision(r, action.Edit, t.shown())
	}
	if ev.mode == ModeAcceptEdits {
		return Decision{Behavior: Allow, Check: CheckAcceptEdits, Kind: action.Edit,
			Reason: fmt.Sprintf("acceptEdits mode accepts edits inside the workspace (%s).", v.Rel)}
	}
	return Decision{Behavior: Ask, Check: CheckNoRule, Kind: action.Edit,
		Reason:        fmt.Sprintf("No rule allows editing %s.", v.Rel),
		SuggestedRule: fmt.Sprintf("Edit(./%s)", v.Rel)}
}

func (ev *evaluation) read() Decision {
	var in filesInput
	if err := ev.input(&in); err != nil {
		return Decision{Behavior: Ask, Check: CheckInvalidInput, Kind: action.Other, Reason: err.Error()}
	}
	var paths []string
	switch ev.req.Tool {
	case "Read":
		if in.FilePath == nil || *in.FilePath == "" {
			return Decision{Behavior: Ask, Check: CheckInvalidInput, Kind: action.Other, Reason: "The read names no file path."}
		}
		paths = append(paths, *in.FilePath)
	case "NotebookRead":
		if in.NotebookPath == nil || *in.NotebookPath == "" {
			return Decision{Behavior: Ask, Check: CheckInvalidInput, Kind: action.Other, Reason: "The read names no notebook path."}
		}
		paths = append(paths, *in.NotebookPath)
	default: // Glob, Grep, LS: a directory, the working directory by default
		dir := ev.req.Cwd
		if in.Path != nil && *in.Path != "" {
			dir = *in.Path
		}
		if dir == "" {
			return Decision{Behavior: Ask, Check: CheckInvalidInput, Kind: action.Other, Reason: "The search names no directory and there is no working directory."}
		}
		paths = append(paths, dir)
		if ev.req.Tool == "Glob" && in.Pattern != nil {
			// A pattern such as ../../** or /etc/** searches outside the
			// directory it is given: check its literal base too.
			if base := globBase(*in.Pattern); base != "" {
				if !filepath.IsAbs(base) {
					base = filepath.Join(dir, base)
				}
				paths = append(paths, base)
			}
		}
	}
	var ts []target
	var shown []string
	for _, p := range paths {
		t := ev.target(p)
		ts = append(ts, t)
		shown = append(shown, t.shown())
	}
	d := ev.readTargets(ev.req.Tool, ts)
	if d.Behavior == Allow && ev.req.Tool == "Read" {
		if hd, ok := ev.hardLinkRead(ev.req.Tool, ts); !ok {
			d = hd
			d.Kind = action.Other
		}
	}
	if d.Behavior == Allow && ev.req.Tool == "Grep" {
		for _, t := range ts {
			if r := ev.deniedUnder("Read", t); r != nil {
				d = Decision{Behavior: Ask, Check: CheckRule, Rule: r, Kind: action.Other,
					Reason: fmt.Sprintf("Searching %s would read files the %s covers; search a narrower path.", t.shown(), r.Describe())}
			}
		}
	}
	d.Paths = shown
	return d
}

// readTargets decides reading paths, by a read tool or a command.
func (ev *evaluation) readTargets(tool string, ts []target) Decision {
	for _, b := range []Behavior{Deny, Ask} {
		for _, t := range ts {
			if r := ev.pathRule(b, tool, t, false); r != nil {
				return ruleDecision(r, action.Other, t.shown())
			}
		}
	}
	for _, t := range ts {
		if t.v.Inside && t.v.Err == nil {
			continue
		}
		if r := ev.pathRule(Allow, tool, t, false); r != nil && t.v.Err == nil {
			continue
		}
		why := "is outside the workspace"
		if t.v.Err != nil {
			why = fmt.Sprintf("cannot be judged (%v)", t.v.Err)
		}
		return Decision{Behavior: Ask, Check: CheckOutside, Kind: action.Other,
			Reason:        fmt.Sprintf("Reading %s asks: it %s.", t.shown(), why),
			SuggestedRule: readSuggestion(t)}
	}
	return Decision{Behavior: Allow, Check: CheckWorkspaceRead, Kind: action.Other,
		Reason: "Reading inside the workspace is allowed."}
}

// deniedUnder finds a Read deny rule for a file that exists below the
// directory t, which a recursive search (grep -r, rg, the Grep tool) would
// read. Only rules with a literal path prefix are checked, and only when
// that path exists, so that a deny rule for a file the project does not
// have costs nothing.
func (ev *evaluation) deniedUnder(tool string, t target) *Rule {
	if t.v.Err != nil || t.v.Resolved == "" {
		return nil
	}
	key := [2]string{tool, t.v.Resolved}
	if r, ok := ev.under[key]; ok {
		return r
	}
	r := ev.findDeniedUnder(tool, t)
	if ev.under == nil {
		ev.under = map[[2]string]*Rule{}
	}
	ev.under[key] = r
	return r
}

func (ev *evaluation) findDeniedUnder(tool string, t target) *Rule {
	return ev.findDeniedUnderSkip(tool, t, nil)
}

// findDeniedUnderSkip is findDeniedUnder passing over the rules skip
// reports (grep --include that cannot read them, grepIncludes).
func (ev *evaluation) findDeniedUnderSkip(tool string, t target, skip func(*Rule) bool) *Rule {
	dir := t.resolvedComps
	var found *Rule
	// Whether t is a directory is asked only once a rule could cover a
	// file below it: most searches meet no such rule.
	isDir := 0 // unknown; 1 yes; -1 no
	var buf [16]string
	ev.rulesFor(Deny, tool, func(r *Rule) bool {
		if r.path == nil || r.path.anchor == anchorAnyDepth || skip != nil && skip(r) {
			return true
		}
		for _, base := range ev.p.anchorBases(r) {
			// Working room only: lit is not kept past this iteration.
			lit := append(buf[:0], base...)
			for _, c := range r.path.comps {
				if strings.ContainsAny(c, "*?[") {
					break
				}
				lit = append(lit, c)
			}
			if _, ok := below(lit, dir, ev.p.foldCase); !ok || len(lit) == len(dir) {
				continue
			}
			if isDir == 0 {
				isDir = -1
				if fi, err := os.Stat(t.v.Resolved); err == nil && fi.IsDir() {
					isDir = 1
				}
			}
			if isDir < 0 {
				return false // not a directory: nothing is read below it
			}
			if _, err := os.Lstat("/" + strings.Join(lit, "/")); err == nil {
				found = r
				return false
			}
		}
		return true
	})
	return found
}

func readSuggestion(t target) string {
	if t.v.Err != nil || t.v.Resolved == "" {
		return ""
	}
	return "Read(/" + filepath.ToSlash(t.v.Resolved) + ")"
}

// globBase returns the literal directory prefix of a glob pattern that is
// absolute or climbs with "..", else "".
func globBase(pattern string) string {
	p := filepath.ToSlash(pattern)
	if !strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "~") && !strings.Contains(p, "..") {
		return ""
	}
	comps := strings.Split(p, "/")
	var lit []string
	for _, c := range comps {
		if strings.ContainsAny(c, "*?[{") {
			break
		}
		lit = append(lit, c)
	}
	base := strings.Join(lit, "/")
	if base == "" && strings.HasPrefix(p, "/") {
		base = "/"
	}
	return base
}
