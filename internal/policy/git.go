package policy

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/gatehouse/gatehouse/internal/action"
	"github.com/gatehouse/gatehouse/internal/shell"
	"github.com/gatehouse/gatehouse/internal/workspace"
)

// What git reads before it does what the line asks.
//
// git finds its repository from the working directory: in each directory
// from there up, a .git entry (a directory, or a file saying gitdir: …),
// else the directory itself when it is shaped like a repository (HEAD,
// objects/, refs/). The repository's configuration then names programs
// git runs (core.fsmonitor on every status, diff, add; hooks on commit;
// pagers, editors, textconv and filter drivers). So a git command is only
// as harmless as the repository it finds, and Gatehouse allows one only
// when, at decision time:
//
//   - from every directory the line may be in up to the workspace root,
//     the only repository git can find is the root's own .git (a nested
//     .git or a directory holding HEAD asks; a .git file that points into
//     the root's protected .git, as a submodule's does, is followed and
//     that repository's configuration judged);
//   - no command that runs before it in the line (an earlier one, or any
//     in a loop, a pipeline or the background) writes, deletes or runs
//     anything: git would read a configuration, hooks or a repository
//     those commands may have just made, after Gatehouse looked. Other
//     git commands that write only inside .git (add, commit …) and go
//     commands that write only Go outputs (build, vet, fmt) do not count;
//   - the configuration git reads (the repository's, the user's
//     ~/.gitconfig and ~/.config/git/config, and every file they include)
//     hands no control to files in the workspace. Settings that name a
//     program (core.fsmonitor, core.pager, core.editor, diff.*.textconv,
//     filter.*.clean, gpg.program, trailer.*.command …) ask when the value
//     uses shell syntax or names a path in the workspace; those used only
//     to reach other repositories (credential.helper, core.sshCommand)
//     make only fetch, push, clone … ask. A core.worktree other than the
//     workspace asks; an include of a file in the workspace outside .git
//     asks. core.hooksPath is the exception, because husky and its kind
//     set it in most projects: the directory it names (and every
//     directory above it, up to the root) becomes protected: writes ask,
//     by commands and by edit tools, so the hooks in it are as safe as
//     those in .git/hooks. A submodule's core.hooksPath asks.
//
// The system configuration (/etc/gitconfig) is not read: only an
// administrator writes it.
//
// Commands that print file contents (diff, show, log -p, grep, blame,
// cat-file, archive …) also ask when a file a Read rule denies is in the
// index and their pathspecs (after --) may cover it, since git prints it
// without the line naming it. Pathspecs git matches itself (globs,
// backslashes, :(magic)) ask when they may match a denied file: one in
// the index, one that exists, or the text of a deny rule ('.e*' and
// ':(icase).ENV' both match .env). git add asks when it would stage a
// denied file: one in the index (-u), or one found below its pathspecs
// that .gitignore and .git/info/exclude leave (-A, ., a directory), or a
// second name (hard link) of any file. Commits in the history but not in
// the index are not looked at. git diff with a path outside the
// workspace compares files outside the repository (git diff /dev/null
// /etc/passwd) and asks.

// Bounds on what is read: a configuration file, the index, includes.
const (
	maxGitConfig = 256 << 10
	maxGitIndex  = 32 << 20
	maxIncludes  = 10
)

// gitPrograms are the programs that run git on the repository they find:
// git itself, the go command, which stamps binaries with the state of
// the repository (git status) when it builds, and gh, which asks git
// about the repository it is in.
var gitPrograms = map[string]bool{"git": true, "go": true, "gh": true}

// gitContentCommands print the contents of files of the repository.
var gitContentCommands = map[string]bool{
	"diff": true, "show": true, "grep": true, "blame": true, "annotate": true, "cat-file": true,
	"archive": true, "format-patch": true, "diff-tree": true, "diff-index": true, "diff-files": true,
	"range-diff": true, "stash": true, "log": true, "whatchanged": true, "reflog": true,
}

// gitState is what the evaluation learnt of the workspace's repository,
// once per root.
type gitState struct {
	why   string   // non-empty: git commands ask, for this reason
	hooks []string // core.hooksPath directories, resolved
	index []string // paths in the index; nil when there is none
	// indexUnknown: the index exists but could not be read.
	indexUnknown bool
	gitDir       string
	indexRead    bool // index and indexUnknown are known (read on demand)
	// icase: core.ignorecase, which git sets on file systems without
	// case, where opening .ENV opens .env: every pathspec is then
	// treated as one git matches itself (asking more, never less).
	icase bool
	// netWhy: why subcommands that reach other repositories ask.
	netWhy string
}

// gitLine applies the checks above to a line whose commands are each
// allowed. ok is false with the asking decision when one applies.
func (ev *evaluation) gitLine(line *shell.Line) (Decision, bool) {
	ask := func(check, format string, args ...any) (Decision, bool) {
		return Decision{Behavior: Ask, Check: check, Reason: fmt.Sprintf(format, args...)}, false
	}
	// Writes into a core.hooksPath directory: protected.
	for i := range line.Commands {
		c := &line.Commands[i]
		var rb, wb [2]target
		_, writes := ev.commandFiles(c, rb[:0], wb[:0])
		for _, t := range writes {
			if h := ev.gitHooksDir(t); h != "" {
				return ask(CheckProtected, "`%s` writes %s, inside %s, the directory core.hooksPath names: git runs the hooks there.", shownText(c.Text(line.Source)), t.shown(), h)
			}
		}
	}
	// Commands later in the line run before git too when the line repeats
	// or runs them alongside (loops, pipelines, &, functions).
	repeats := slices.ContainsFunc(line.Constructs, func(k shell.Construct) bool {
		switch k.Kind {
		case shell.ConstructAnd, shell.ConstructOr, shell.ConstructSequence, shell.ConstructIf, shell.ConstructSubshell, shell.ConstructHeredoc:
			return false
		}
		return true
	})
	for i := range line.Commands {
		c := &line.Commands[i]
		if !gitPrograms[path.Base(c.Name.Value)] {
			continue
		}
		text := shownText(c.Text(line.Source))
		for j := range line.Commands {
			o := &line.Commands[j]
			if j == i || j > i && !repeats || !o.Name.Dynamic && gitHarmlessWriter(o) {
				continue
			}
			if o.Has(shell.EffectWrite) || o.Has(shell.EffectDestructive) || o.Has(shell.EffectExec) {
				return ask(CheckCodeExec, "`%s` runs git after `%s` in the same line may have changed files git reads before it runs (a repository, its configuration or hooks), which Gatehouse could not look at; run them separately.",
					text, shownText(o.Text(line.Source)))
			}
		}
		for _, cwd := range ev.cwds {
			st, root, why := ev.gitRepo(cwd)
			if why != "" {
				return ask(CheckCodeExec, "`%s`: %s", text, why)
			}
			if st.why != "" {
				return ask(CheckCodeExec, "`%s`: %s", text, st.why)
			}
			if path.Base(c.Name.Value) == "git" {
				if d, ok := ev.gitCommand(c, text, st, root, cwd); !ok {
					return d, ok
				}
			}
		}
	}
	return Decision{}, true
}

// gitHarmlessWriter reports commands whose writes cannot make a
// repository or change what git runs: git itself (it writes inside .git,
// which is protected), and the go commands that write only Go outputs
// (binaries, formatted sources, module files) and run no project code.
func gitHarmlessWriter(c *shell.Command) bool {
	switch path.Base(c.Name.Value) {
	case "git":
		// Only subcommands that leave the working tree alone: checkout,
		// apply, stash pop, merge … write files the next git may read.
		for i := 0; i < len(c.Args); i++ {
			v := c.Args[i].Value
			if v == "-C" || v == "-c" {
				i++
				continue
			}
			if strings.HasPrefix(v, "-") {
				continue
			}
			return gitTreeKeeping[v] && !c.Has(shell.EffectDestructive) && !c.Has(shell.EffectWrite)
		}
		return false
	case "go":
		for _, a := range c.Args {
			if strings.HasPrefix(a.Value, "-") {
				continue
			}
			switch a.Value {
			case "build", "vet", "fmt", "list", "version", "env", "doc", "mod":
				// What they run is already judged: -toolexec, go mod's
				// network; none runs the project's code.
				return !c.Has(shell.EffectObfuscation)
			}
			return false
		}
	}
	return false
}

// gitTreeKeeping are the git subcommands that write at most inside .git.
var gitTreeKeeping = map[string]bool{
	"status": true, "diff": true, "log": true, "show": true, "add": true, "commit": true, "rev-parse": true,
	"ls-files": true, "ls-tree": true, "grep": true, "blame": true, "shortlog": true, "describe": true,
	"reflog": true, "show-ref": true, "for-each-ref": true, "cat-file": true, "count-objects": true,
	"fetch": true, "branch": true, "tag": true, "whatchanged": true, "merge-base": true, "rev-list": true,
}

// gitCommand checks what one git command prints or stages.
func (ev *evaluation) gitCommand(c *shell.Command, text string, st *gitState, root, cwd string) (Decision, bool) {
	// Pathspecs are relative to the working directory.
	rel := "."
	if v := ev.roots.Check(cwd, ""); v.Err == nil && v.Inside {
		if r, err := filepath.Rel(root, v.Resolved); err == nil {
			rel = filepath.ToSlash(r)
		}
	}
	ask := func(check, format string, args ...any) (Decision, bool) {
		return Decision{Behavior: Ask, Check: check, Reason: fmt.Sprintf(format, args...)}, false
	}
	sub, rest, magic := "", []shell.Word(nil), false
	for i := 0; i < len(c.Args); i++ {
		a := c.Args[i].Value
		if a == "-C" || a == "-c" {
			i++
			continue
		}
		if a == "--icase-pathspecs" || a == "--glob-pathspecs" {
			magic = true
		}
		if strings.HasPrefix(a, "-") {
			continue
		}
		sub, rest = a, c.Args[i+1:]
		break
	}
	magic = magic || st.icase
	if st.netWhy != "" && gitNetworkCommands[sub] {
		return ask(CheckCodeExec, "`%s`: %s", text, st.netWhy)
	}
	readDeny := ev.hasDenyRules("Read")
	if !readDeny {
		return ev.gitDiffOutside(sub, rest, text)
	}
	printer := gitContentCommands[sub]
	if sub == "cat-file" && !slices.ContainsFunc(rest, func(w shell.Word) bool { return w.Value == "-t" || w.Value == "-s" || w.Value == "-e" }) {
		// An object named by its hash may be any file of any commit,
		// and --batch reads the names from stdin.
		return ask(CheckRule, "`%s` prints repository objects named by hash or read from stdin, which may be files Read rules deny.", text)
	}
	if sub == "log" || sub == "whatchanged" || sub == "reflog" {
		printer = slices.ContainsFunc(rest, func(w shell.Word) bool {
			v := w.Value
			return v == "-p" || v == "-u" || strings.HasPrefix(v, "-U") || strings.HasPrefix(v, "--patch") ||
				v == "--cc" || v == "-c" || v == "-m" || strings.HasPrefix(v, "--word-diff") || strings.HasPrefix(v, "-L") ||
				strings.HasPrefix(v, "--diff-merges") || strings.HasPrefix(v, "--color-words") || v == "--full-diff" ||
				strings.HasPrefix(v, "-G") || strings.HasPrefix(v, "-S") || v == "--textconv"
		})
	}
	stager := sub == "add" || sub == "stash" || sub == "commit"
	if !printer && !stager {
		return ev.gitDiffOutside(sub, rest, text)
	}
	// Pathspecs git matches itself, and tree:path operands.
	for _, w := range rest {
		v := w.Value
		if w.Dynamic {
			return ask(CheckDynamic, "`%s` gives git a pathspec only known when it runs, which may match files Read rules deny.", text)
		}
		if !strings.HasPrefix(v, "-") && (magic || strings.HasPrefix(v, ":") || strings.ContainsAny(v, `*?[\`)) &&
			ev.pathspecMayDeny(st, root, rel, v, st.icase || slices.ContainsFunc(c.Args, func(w shell.Word) bool { return w.Value == "--icase-pathspecs" })) {
			return ask(CheckRule, "`%s` gives git a pathspec it matches itself (%s: a glob or pathspec magic), which may match files Read rules deny.", text, shownText(v))
		}
		if _, p, ok := strings.Cut(v, ":"); ok && !strings.HasPrefix(v, "-") && p != "" {
			t := gitIndexTarget(root, p)
			if r := ev.pathRule(Deny, "Read", t, false); r != nil {
				return ruleDecision(r, action.Command, "the file "+p+" that `"+text+"` prints from the repository"), false
			}
		}
	}
	if printer {
		ev.gitIndexOf(st)
		if st.indexUnknown {
			return ask(CheckRule, "`%s` prints file contents from the repository, and Gatehouse could not read the index to see whether it holds files Read rules deny.", text)
		}
		// With literal pathspecs after --, only the paths they name.
		var specs []*regexp.Regexp
		if i := slices.IndexFunc(rest, func(w shell.Word) bool { return w.Value == "--" }); i >= 0 {
			for _, w := range rest[i+1:] {
				re, err := pathspecRegexp(path.Join(rel, w.Value), !strings.ContainsAny(w.Value, `*?[\`), false)
				if strings.HasPrefix(w.Value, ":") || magic || err != nil {
					specs = nil
					break
				}
				specs = append(specs, re)
			}
		}
		for _, p := range st.index {
			if specs != nil && !slices.ContainsFunc(specs, func(re *regexp.Regexp) bool { return re.MatchString(p) }) {
				continue
			}
			if r := ev.pathRule(Deny, "Read", gitIndexTarget(root, p), false); r != nil {
				return ask(CheckRule, "`%s` prints file contents from the repository, whose index holds %s, which the %s covers.", text, p, r.Describe())
			}
		}
	}
	if sub == "add" || sub == "stash" {
		// What git add may stage: its pathspecs, or everything (-A,
		// stash -u); the root when none is given.
		paths, all := []string(nil), false
		for _, w := range rest {
			switch v := w.Value; {
			case v == "-u" || v == "--update":
				// Tracked files only: the index was checked when it prints;
				// a later command of the line may print what this stages.
				ev.gitIndexOf(st)
				for _, p := range st.index {
					if r := ev.pathRule(Deny, "Read", gitIndexTarget(root, p), false); r != nil {
						return ask(CheckRule, "`%s` stages %s, which the %s covers, and git prints staged files without naming them.", text, p, r.Describe())
					}
				}
			case v == "-A" || v == "--all" || v == "--include-untracked" || v == "--no-ignore-removal" || v == "--force" || v == "-f" ||
				isShortCluster(v) && strings.ContainsAny(v, "Aaf"):
				all = true
			case v == "--":
			case strings.HasPrefix(v, "-"):
			default:
				paths = append(paths, v)
			}
		}
		if all || len(paths) == 0 && sub == "stash" {
			paths = append(paths, root)
		}
		for _, p := range paths {
			for _, t := range ev.targets(p) {
				if t.v.Err != nil || t.v.Resolved == "" {
					return ask(CheckRule, "`%s` stages %s, which Gatehouse cannot resolve.", text, p)
				}
				if f, ok := ev.gitStagesDenied(st, root, t.v.Resolved); !ok || f != "" {
					if !ok {
						f = "more files than Gatehouse looks through"
					}
					return ask(CheckRule, "`%s` may stage %s, which Read rules deny or may, and git prints staged files without naming them.", text, f)
				}
			}
		}
	}
	return ev.gitDiffOutside(sub, rest, text)
}

// maxGitWalk bounds how many entries gitStagesDenied looks at.
const maxGitWalk = 50000

// gitStagesDenied looks below dir (or at the file dir) for a file that a
// Read rule denies and that git add would stage: one in the index, or one
// that no .gitignore on its way (nor .git/info/exclude) ignores. ok is
// false when there are too many files to look at. Symbolic links are
// staged as links, not followed; nested repositories are not entered.
func (ev *evaluation) gitStagesDenied(st *gitState, root, dir string) (denied string, ok bool) {
	isDenied := func(rel string) bool {
		return ev.pathRule(Deny, "Read", gitIndexTarget(root, rel), false) != nil
	}
	relOf := func(p string) (string, bool) {
		r, err := filepath.Rel(root, p)
		if err != nil || r == ".." || strings.HasPrefix(r, "../") {
			return "", false
		}
		return filepath.ToSlash(r), true
	}
	ev.gitIndexOf(st)
	if st.indexUnknown {
		return "", false
	}
	if base, inRepo := relOf(dir); inRepo {
		for _, p := range st.index {
			if (base == "." || p == base || strings.HasPrefix(p, base+"/")) && isDenied(p) {
				return p, true
			}
		}
	}
	ignores := map[string][]ignoreRule{}
	if st.gitDir != "" {
		ignores["/exclude"] = readIgnore(filepath.Join(st.gitDir, "info", "exclude"), ".")
	}
	ignored := func(rel string, isDir bool) bool {
		verdict := false
		check := func(rules []ignoreRule) {
			for _, r := range rules {
				if r.matches(rel, isDir) {
					verdict = !r.neg
				}
			}
		}
		check(ignores["/exclude"])
		d := "."
		check(ignores[d])
		for _, c := range strings.Split(path.Dir(rel), "/") {
			if c == "." {
				continue
			}
			d = path.Join(d, c)
			check(ignores[d])
		}
		return verdict
	}
	// The .gitignore files of the directories above dir.
	if rel, inRepo := relOf(dir); inRepo {
		d := "."
		ignores[d] = readIgnore(filepath.Join(root, ".gitignore"), d)
		for _, c := range strings.Split(path.Dir(rel), "/") {
			if c == "." {
				continue
			}
			d = path.Join(d, c)
			ignores[d] = readIgnore(filepath.Join(root, filepath.FromSlash(d), ".gitignore"), d)
		}
	}
	n := 0
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if n++; n > maxGitWalk {
			return io.EOF
		}
		rel, inRepo := relOf(p)
		if !inRepo {
			return filepath.SkipDir
		}
		if e.IsDir() {
			if e.Name() == ".git" || rel != "." && ignored(rel, true) {
				return filepath.SkipDir
			}
			ignores[rel] = readIgnore(filepath.Join(p, ".gitignore"), rel)
			if p != dir {
				if _, err := os.Lstat(filepath.Join(p, ".git")); err == nil {
					return filepath.SkipDir // a nested repository: git add stages it as a gitlink
				}
			}
			return nil
		}
		if ignored(rel, false) {
			return nil
		}
		if isDenied(rel) {
			denied = rel
			return io.EOF
		}
		if e.Type().IsRegular() {
			// A second name of a denied file stages its contents.
			if v := ev.roots.Check(p, ""); v.HardLinks > 1 {
				denied = rel + ", a file with several names (hard links)"
				return io.EOF
			}
		}
		return nil
	})
	if err == io.EOF && denied == "" {
		return "", false
	}
	return denied, true
}

// ignoreRule is one line of a .gitignore file.
type ignoreRule struct {
	re       *regexp.Regexp
	base     string // the directory of the .gitignore, relative to the root
	neg      bool   // !pattern
	dirOnly  bool   // pattern/
	anchored bool   // the pattern has a slash before its end: matched from base
}

// matches reports whether the rule covers rel (relative to the root).
func (r ignoreRule) matches(rel string, isDir bool) bool {
	if r.dirOnly && !isDir {
		return false
	}
	sub := rel
	if r.base != "." {
		if !strings.HasPrefix(rel, r.base+"/") {
			return false
		}
		sub = rel[len(r.base)+1:]
	}
	if !r.anchored {
		sub = path.Base(sub)
	}
	return r.re.MatchString(sub)
}

// readIgnore reads a .gitignore file; a missing one has no rules. A file
// too large or a pattern Gatehouse cannot read ignores nothing, so that
// more files count as staged.
func readIgnore(file, base string) []ignoreRule {
	data, err := readBounded(file, maxGitConfig)
	if err != nil {
		return nil
	}
	var rules []ignoreRule
	for _, ln := range strings.Split(string(data), "\n") {
		ln = strings.TrimRight(ln, "\r")
		if strings.HasSuffix(ln, " ") && !strings.HasSuffix(ln, "\\ ") {
			ln = strings.TrimRight(ln, " ")
		}
		if ln == "" || ln[0] == '#' {
			continue
		}
		r := ignoreRule{base: base}
		if ln[0] == '!' {
			r.neg, ln = true, ln[1:]
		} else if strings.HasPrefix(ln, "\\!") || strings.HasPrefix(ln, "\\#") {
			ln = ln[1:]
		}
		if strings.HasSuffix(ln, "/") {
			r.dirOnly, ln = true, strings.TrimSuffix(ln, "/")
		}
		if strings.Contains(ln, "/") {
			r.anchored, ln = true, strings.TrimPrefix(ln, "/")
		}
		re, err := regexp.Compile("^" + ignoreRegexp(ln) + "$")
		if err != nil || ln == "" {
			if r.neg {
				continue
			}
			return nil // not understood: ignore nothing
		}
		r.re = re
		rules = append(rules, r)
	}
	return rules
}

// ignoreRegexp translates a gitignore glob: * and ? stay within a
// component, ** spans components.
func ignoreRegexp(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		switch ch := p[i]; {
		case strings.HasPrefix(p[i:], "**/"):
			b.WriteString("(.*/)?")
			i += 2
		case strings.HasPrefix(p[i:], "/**") && i+3 == len(p):
			b.WriteString("/.*")
			i += 2
		case strings.HasPrefix(p[i:], "**"):
			b.WriteString(".*")
			i++
		case ch == '*':
			b.WriteString("[^/]*")
		case ch == '?':
			b.WriteString("[^/]")
		case ch == '\\' && i+1 < len(p):
			i++
			b.WriteString(regexp.QuoteMeta(string(p[i])))
		case ch == '[':
			end := strings.IndexByte(p[i+1:], ']')
			if end < 0 {
				b.WriteString("\\[")
				continue
			}
			class := p[i+1 : i+1+end]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, "\\", "\\\\") + "]")
			i += end + 1
		default:
			b.WriteString(regexp.QuoteMeta(string(ch)))
		}
	}
	return b.String()
}

// gitDiffOutside: git diff compares two files as diff(1) does when either
// is outside the repository (git diff /dev/null /etc/passwd).
func (ev *evaluation) gitDiffOutside(sub string, rest []shell.Word, text string) (Decision, bool) {
	if sub != "diff" {
		return Decision{}, true
	}
	for _, w := range rest {
		v := w.Value
		if w.Dynamic || v == "" || strings.HasPrefix(v, "-") {
			continue
		}
		for _, t := range ev.targets(v) {
			if t.v.Err != nil || !t.v.Inside {
				return Decision{Behavior: Ask, Check: CheckOutside,
					Reason: fmt.Sprintf("`%s` names %s, outside the workspace: git diff then compares files outside the repository.", text, t.shown())}, false
			}
		}
	}
	return Decision{}, true
}

// gitIndexTarget is the target of a path of the repository at root,
// without looking at the file system (the file may not exist).
func gitIndexTarget(root, p string) target {
	abs := filepath.ToSlash(filepath.Join(root, filepath.FromSlash(p)))
	comps := splitPath(abs)
	return target{v: workspace.Verdict{Input: p, Resolved: abs, Inside: true}, lexical: abs, lexicalComps: comps, resolvedComps: comps}
}

// hasDenyRules reports Read (or other tool) deny rules with a path.
func (ev *evaluation) hasDenyRules(tool string) bool {
	found := false
	ev.rulesFor(Deny, tool, func(r *Rule) bool {
		if r.path != nil || r.Whole {
			found = true
			return false
		}
		return true
	})
	return found
}

// gitHooksDir returns the core.hooksPath directory t lies in, or "".
func (ev *evaluation) gitHooksDir(t target) string {
	if !t.v.Inside || t.v.Err != nil {
		return ""
	}
	st, _, why := ev.gitRepo(t.v.Root)
	if why != "" || st == nil {
		return ""
	}
	r := filepath.ToSlash(t.v.Resolved)
	for _, h := range st.hooks {
		// Inside it, or above it (mv build tools replaces tools/hooks).
		if r == h || strings.HasPrefix(r, h+"/") || strings.HasPrefix(h, r+"/") && r != filepath.ToSlash(t.v.Root) {
			return h
		}
	}
	return ""
}

// gitRepo finds the repository git would use from cwd. why is non-empty
// when it is not the workspace root's own .git.
func (ev *evaluation) gitRepo(cwd string) (st *gitState, root, why string) {
	v := ev.roots.Check(cwd, "")
	if v.Err != nil || !v.Inside || v.Root == "" {
		return nil, "", fmt.Sprintf("git would look for its repository from %s, outside the workspace.", cwd)
	}
	root = filepath.Clean(v.Root)
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	dir := filepath.Clean(v.Resolved)
	for dir != root {
		if fi, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			if gd, ok := gitFileInto(filepath.Join(dir, ".git"), dir, filepath.Join(root, ".git")); ok && fi.Mode().IsRegular() {
				// A submodule: its repository is inside the root's .git,
				// which is protected; its configuration is judged.
				if ev.gits == nil {
					ev.gits = map[string]*gitState{}
				}
				if s, ok := ev.gits[dir]; ok {
					return s, dir, ""
				}
				st = ev.gitConfigs(&gitState{}, dir, gd)
				if st.why == "" && len(st.hooks) > 0 {
					st.why = fmt.Sprintf("the submodule at %s sets core.hooksPath, whose directory is not protected.", dir)
				}
				ev.gits[dir] = st
				return st, dir, ""
			} else {
				return nil, root, fmt.Sprintf("git would use the repository %s, not the workspace's own .git, and read its configuration and hooks.", filepath.Join(dir, ".git"))
			}
		}
		if _, err := os.Lstat(filepath.Join(dir, "HEAD")); err == nil {
			return nil, root, fmt.Sprintf("%s holds a file named HEAD, so git may take the directory for a repository and read its configuration and hooks.", dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir || len(parent) < len(root) {
			return nil, root, fmt.Sprintf("git would look for its repository from %s, outside the workspace.", dir)
		}
		dir = parent
	}
	if ev.gits == nil {
		ev.gits = map[string]*gitState{}
	}
	if s, ok := ev.gits[root]; ok {
		return s, root, ""
	}
	st = ev.loadGit(root)
	ev.gits[root] = st
	return st, root, ""
}

// gitFileInto returns the directory a .git file's gitdir: line names,
// resolved, when it is inside into.
func gitFileInto(file, dir, into string) (string, bool) {
	data, err := readBounded(file, 4096)
	if err != nil {
		return "", false
	}
	line, _, _ := strings.Cut(string(data), "\n")
	gd, ok := strings.CutPrefix(strings.TrimSpace(line), "gitdir:")
	if !ok {
		return "", false
	}
	gd = strings.TrimSpace(gd)
	if !filepath.IsAbs(gd) {
		gd = filepath.Join(dir, gd)
	}
	r, err := filepath.EvalSymlinks(gd)
	if err != nil {
		return "", false
	}
	ri, err := filepath.EvalSymlinks(into)
	if err != nil {
		return "", false
	}
	return r, strings.HasPrefix(r, ri+string(filepath.Separator))
}

// loadGit reads the root's repository: where it is, its configuration and
// its index.
func (ev *evaluation) loadGit(root string) *gitState {
	st := &gitState{}
	dotgit := filepath.Join(root, ".git")
	fi, err := os.Lstat(dotgit)
	gitDir := dotgit
	switch {
	case err != nil:
		// git looks at the root itself, then above the workspace, in
		// directories the agent cannot change without asking.
		if _, err := os.Lstat(filepath.Join(root, "HEAD")); err == nil {
			st.why = "the workspace has no .git and its root holds a file named HEAD, so git may take the root for a repository."
		}
		return st
	case fi.Mode().IsRegular():
		data, err := readBounded(dotgit, 4096)
		line, _, _ := strings.Cut(string(data), "\n")
		gd, ok := strings.CutPrefix(strings.TrimSpace(line), "gitdir:")
		if err != nil || !ok {
			st.why = "Gatehouse cannot read where the workspace's .git file points."
			return st
		}
		gitDir = strings.TrimSpace(gd)
		if !filepath.IsAbs(gitDir) {
			gitDir = filepath.Join(root, gitDir)
		}
		if v := ev.roots.Check(gitDir, root); v.Inside && v.Protected == "" {
			st.why = fmt.Sprintf("the workspace's .git file points to %s, a directory in the workspace that is not protected.", gitDir)
			return st
		}
	case !fi.IsDir():
		st.why = "the workspace's .git is neither a directory nor a file."
		return st
	default:
		if _, err := os.Lstat(filepath.Join(dotgit, "HEAD")); err != nil {
			// git would not take this .git for a repository and would
			// try the root itself, then its parents.
			if _, err := os.Lstat(filepath.Join(root, "HEAD")); err == nil {
				st.why = "the workspace's .git has no HEAD and the workspace root holds a file named HEAD, so git may take the root for a repository."
				return st
			}
		}
	}
	return ev.gitConfigs(st, root, gitDir)
}

// gitConfigs reads the configuration git reads for the repository gitDir
// whose working tree is root.
func (ev *evaluation) gitConfigs(st *gitState, root, gitDir string) *gitState {
	files := []string{filepath.Join(gitDir, "config"), filepath.Join(gitDir, "config.worktree")}
	if data, err := readBounded(filepath.Join(gitDir, "commondir"), 4096); err == nil {
		cd := strings.TrimSpace(string(data))
		if !filepath.IsAbs(cd) {
			cd = filepath.Join(gitDir, cd)
		}
		files = append(files, filepath.Join(cd, "config"))
	}
	if ev.p.Home != "" {
		files = append(files, filepath.Join(ev.p.Home, ".gitconfig"), filepath.Join(ev.p.Home, ".config", "git", "config"))
	}
	seen := 0
	for _, f := range files {
		if st.why = ev.gitConfig(st, root, f, &seen); st.why != "" {
			return st
		}
	}
	st.gitDir = gitDir
	return st
}

// gitCommandKeys are settings whose value git runs as a program or shell
// command, by section and variable name ("*" any).
var gitCommandKeys = map[[2]string]bool{
	{"core", "fsmonitor"}: true, {"core", "sshcommand"}: true, {"core", "pager"}: true, {"core", "editor"}: true,
	{"core", "askpass"}: true, {"core", "gitproxy"}: true, {"sequence", "editor"}: true, {"diff", "external"}: true,
	{"diff", "command"}: true, {"diff", "textconv"}: true, {"merge", "driver"}: true, {"filter", "clean"}: true,
	{"filter", "smudge"}: true, {"filter", "process"}: true, {"gpg", "program"}: true, {"credential", "helper"}: true,
	{"pager", "*"}: true, {"interactive", "difffilter"}: true, {"web", "browser"}: true, {"browser", "cmd"}: true,
	{"browser", "path"}: true, {"man", "cmd"}: true, {"man", "path"}: true, {"difftool", "cmd"}: true,
	{"difftool", "path"}: true, {"mergetool", "cmd"}: true, {"mergetool", "path"}: true, {"remote", "uploadpack"}: true,
	{"remote", "receivepack"}: true, {"submodule", "update"}: true, {"uploadpack", "packobjectshook"}: true,
	{"trailer", "command"}: true, {"trailer", "cmd"}: true,
}

// gitNetworkKeys name programs git runs only when it reaches another
// repository (fetch, push, clone …): a value that asks makes only those
// subcommands ask, since credential helpers written as shell functions
// are common in users' configurations.
var gitNetworkKeys = map[[2]string]bool{
	{"credential", "helper"}: true, {"core", "sshcommand"}: true, {"core", "gitproxy"}: true,
	{"remote", "uploadpack"}: true, {"remote", "receivepack"}: true, {"core", "askpass"}: true,
}

// gitNetworkCommands reach other repositories.
var gitNetworkCommands = map[string]bool{
	"fetch": true, "pull": true, "push": true, "clone": true, "ls-remote": true, "remote": true,
	"submodule": true, "archive": true, "credential": true, "send-pack": true, "fetch-pack": true,
}

// gitConfig reads one configuration file into st; it returns why git
// commands ask, or "".
func (ev *evaluation) gitConfig(st *gitState, root, file string, seen *int) string {
	*seen++
	if *seen > maxIncludes {
		return "the git configuration includes too many files to check."
	}
	data, err := readBounded(file, maxGitConfig)
	if os.IsNotExist(err) {
		return ""
	}
	if err != nil {
		return fmt.Sprintf("Gatehouse cannot read the git configuration %s (%v).", file, err)
	}
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), maxGitConfig)
	for sc.Scan() {
		ln := strings.TrimSpace(sc.Text())
		for strings.HasSuffix(ln, "\\") && sc.Scan() {
			ln = ln[:len(ln)-1] + strings.TrimSpace(sc.Text())
		}
		if ln == "" || ln[0] == '#' || ln[0] == ';' {
			continue
		}
		if ln[0] == '[' {
			end := strings.IndexByte(ln, ']')
			if end < 0 {
				return fmt.Sprintf("Gatehouse cannot read the git configuration %s.", file)
			}
			head := ln[1:end]
			name, sub, hasSub := strings.Cut(head, " ")
			if !hasSub {
				name, sub, hasSub = strings.Cut(head, ".")
			}
			section = strings.ToLower(strings.TrimSpace(name))
			if hasSub && strings.TrimSpace(sub) != "" {
				section += "."
			}
			ln = strings.TrimSpace(ln[end+1:])
			if ln == "" || ln[0] == '#' || ln[0] == ';' {
				continue
			}
		}
		key, val, _ := strings.Cut(ln, "=")
		key = strings.ToLower(strings.TrimSpace(key))
		val = gitValue(val)
		sec, hasSub := strings.CutSuffix(section, ".")
		_ = hasSub
		switch {
		case sec == "core" && key == "hookspath":
			h := expandGitPath(val, root, ev.p.Home)
			if v := ev.roots.Check(h, ""); v.Err == nil && v.Resolved != "" {
				h = v.Resolved // its existing part's symlinks resolved
			}
			st.hooks = append(st.hooks, filepath.ToSlash(h))
		case sec == "core" && key == "ignorecase":
			st.icase = st.icase || gitBool(val) && val != "false" && val != "no" && val != "off" && val != "0"
		case sec == "core" && key == "worktree":
			if wt := expandGitPath(val, filepath.Dir(file), ev.p.Home); sameDir(wt, root) {
				continue // a submodule's, naming its own directory
			}
			return fmt.Sprintf("the git configuration %s sets core.worktree, so git works on files other than the workspace's.", file)
		case (sec == "include" || sec == "includeif") && key == "path":
			inc := expandGitPath(val, filepath.Dir(file), ev.p.Home)
			if v := ev.roots.Check(inc, ""); v.Err != nil || v.Inside && v.Protected == "" {
				return fmt.Sprintf("the git configuration %s includes %s, a file in the workspace that is not protected.", file, inc)
			}
			if why := ev.gitConfig(st, root, inc, seen); why != "" {
				return why
			}
		case gitCommandKeys[[2]string{sec, key}] || sec == "pager" || sec == "gpg" && strings.HasSuffix(key, "program"):
			if sec == "core" && key == "fsmonitor" && gitBool(val) {
				continue
			}
			if sec == "pager" && gitBool(val) {
				continue
			}
			if sec == "submodule" && !strings.HasPrefix(val, "!") {
				continue
			}
			if why := ev.gitProgramValue(root, val); why != "" {
				why = fmt.Sprintf("the git configuration %s sets %s.%s to a command that %s.", file, sec, key, why)
				if gitNetworkKeys[[2]string{sec, key}] {
					if st.netWhy == "" {
						st.netWhy = why
					}
					continue
				}
				return why
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Sprintf("Gatehouse cannot read the git configuration %s (%v).", file, err)
	}
	return ""
}

// gitProgramValue says why a command-valued setting may run workspace
// files: shell syntax, or a word naming a path in the workspace.
func (ev *evaluation) gitProgramValue(root, val string) string {
	val = strings.TrimPrefix(val, "!")
	if strings.ContainsAny(val, ";&|<>$`(){}*?[]\\\"'\n") {
		return "uses shell syntax"
	}
	for _, w := range strings.Fields(val) {
		if strings.HasPrefix(w, "-") && !strings.Contains(w, "/") {
			continue
		}
		if !strings.Contains(w, "/") {
			if _, err := os.Lstat(filepath.Join(root, w)); err != nil {
				continue // a program from PATH, or a plain argument
			}
		}
		p := expandGitPath(w, root, ev.p.Home)
		if v := ev.roots.Check(p, root); v.Err != nil || v.Inside {
			return "names " + w + ", a path in the workspace"
		}
	}
	return ""
}

func gitBool(v string) bool {
	switch strings.ToLower(v) {
	case "true", "false", "yes", "no", "on", "off", "1", "0", "":
		return true
	}
	return false
}

// gitValue is a configuration value without comments and quotes.
func gitValue(v string) string {
	var b strings.Builder
	quoted := false
	for i := 0; i < len(v); i++ {
		ch := v[i]
		switch {
		case ch == '"':
			quoted = !quoted
		case ch == '\\' && i+1 < len(v):
			i++
			switch v[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(v[i])
			}
		case !quoted && (ch == '#' || ch == ';'):
			return strings.TrimSpace(b.String())
		default:
			b.WriteByte(ch)
		}
	}
	return strings.TrimSpace(b.String())
}

// expandGitPath makes a configured path absolute: ~ is the home, a
// relative path is relative to base.
func expandGitPath(p, base, home string) string {
	switch {
	case p == "~" || strings.HasPrefix(p, "~/"):
		if home != "" {
			p = filepath.Join(home, p[1:])
		}
	case !filepath.IsAbs(p):
		p = filepath.Join(base, p)
	}
	return filepath.Clean(p)
}

// gitIndex reads the paths of the index (versions 2 to 4).
func gitIndex(st *gitState, file string) {
	data, err := readBounded(file, maxGitIndex)
	if os.IsNotExist(err) {
		return
	}
	if err != nil || len(data) < 12 || string(data[:4]) != "DIRC" {
		st.indexUnknown = true
		return
	}
	version := binary.BigEndian.Uint32(data[4:8])
	n := binary.BigEndian.Uint32(data[8:12])
	if version < 2 || version > 4 {
		st.indexUnknown = true
		return
	}
	off, prev := 12, ""
	for k := uint32(0); k < n; k++ {
		start := off
		if off+62 > len(data) {
			st.indexUnknown = true
			return
		}
		flags := binary.BigEndian.Uint16(data[off+60 : off+62])
		off += 62
		if version >= 3 && flags&0x4000 != 0 {
			off += 2
		}
		var name string
		if version == 4 {
			strip, m := 0, 0
			for ; off < len(data); off++ {
				b := data[off]
				strip = strip<<7 | int(b&0x7f)
				m++
				if b&0x80 == 0 {
					off++
					break
				}
				strip++ // the offset encoding of git's varint
			}
			end := bytes.IndexByte(data[min(off, len(data)):], 0)
			if end < 0 || strip > len(prev) || m == 0 {
				st.indexUnknown = true
				return
			}
			name = prev[:len(prev)-strip] + string(data[off:off+end])
			off += end + 1
		} else {
			end := bytes.IndexByte(data[min(off, len(data)):], 0)
			if end < 0 {
				st.indexUnknown = true
				return
			}
			name = string(data[off : off+end])
			off += end + 1
			// Entries are padded with NULs to a multiple of 8 bytes.
			if l := off - start; l%8 != 0 {
				off += 8 - l%8
			}
		}
		st.index = append(st.index, name)
		prev = name
	}
}

// readBounded reads at most limit bytes of a file; a longer file is an
// error.
func readBounded(file string, limit int64) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("larger than %d bytes", limit)
	}
	return data, nil
}

// gitIndexOf reads the index of st's repository once.
func (ev *evaluation) gitIndexOf(st *gitState) {
	if !st.indexRead && st.gitDir != "" {
		gitIndex(st, filepath.Join(st.gitDir, "index"))
	}
	st.indexRead = true
}

// pathspecMayDeny reports a pathspec with glob characters or magic that
// may match a file a Read rule denies: a denied path in the index, a
// denied file that exists (the literal and anchored patterns of the deny
// rules, expanded), or the text of a deny rule's pattern itself (.e* may
// match whatever .env* names). Magic other than icase, glob, literal, top
// and exclude is not understood and may match anything.
func (ev *evaluation) pathspecMayDeny(st *gitState, root, rel, spec string, icase bool) bool {
	pat, literal := spec, false
	switch {
	case strings.HasPrefix(pat, ":("):
		end := strings.IndexByte(pat, ')')
		if end < 0 {
			return true
		}
		for _, m := range strings.Split(pat[2:end], ",") {
			switch strings.TrimSpace(m) {
			case "icase":
				icase = true
			case "literal":
				literal = true
			case "glob", "top", "":
			case "exclude":
				return false // excludes, never adds a match
			default:
				return true
			}
		}
		pat = pat[end+1:]
	case strings.HasPrefix(pat, ":!") || strings.HasPrefix(pat, ":^"):
		return false
	case strings.HasPrefix(pat, ":/"):
		pat, rel = pat[2:], "."
	case strings.HasPrefix(pat, ":"):
		return true
	}
	re, err := pathspecRegexp(path.Join(rel, pat), literal, icase)
	if err != nil {
		return true
	}
	denied := func(p string) bool {
		return ev.pathRule(Deny, "Read", gitIndexTarget(root, p), false) != nil
	}
	ev.gitIndexOf(st)
	if st.indexUnknown {
		return true
	}
	for _, p := range st.index {
		if re.MatchString(p) && denied(p) {
			return true
		}
	}
	found := false
	ev.rulesFor(Deny, "Read", func(r *Rule) bool {
		if r.path == nil {
			return true
		}
		rel := strings.Join(r.path.comps, "/")
		if re.MatchString(rel) || re.MatchString(strings.TrimPrefix(rel, "**/")) {
			found = true
			return false
		}
		if r.path.anchor == anchorAnyDepth {
			return true
		}
		for _, base := range ev.p.anchorBases(r) {
			matches, _ := filepath.Glob("/" + strings.Join(append(append([]string(nil), base...), r.path.comps...), "/"))
			for _, m := range matches {
				if rp, err := filepath.Rel(root, m); err == nil && !strings.HasPrefix(rp, "..") && re.MatchString(filepath.ToSlash(rp)) {
					found = true
					return false
				}
			}
		}
		return true
	})
	return found
}

// pathspecRegexp is git's matching of a pathspec: a glob whose * and ?
// also match "/", matching the path or a directory above it.
func pathspecRegexp(pat string, literal, icase bool) (*regexp.Regexp, error) {
	pat = strings.TrimPrefix(pat, "./")
	if pat == "." || pat == "" {
		return regexp.Compile("") // the whole tree
	}
	var b strings.Builder
	if icase {
		b.WriteString("(?i)")
	}
	b.WriteString("^")
	for i := 0; i < len(pat); i++ {
		ch := pat[i]
		switch {
		case literal:
			b.WriteString(regexp.QuoteMeta(string(ch)))
		case ch == '*':
			b.WriteString(".*")
		case ch == '?':
			b.WriteString(".")
		case ch == '\\' && i+1 < len(pat):
			i++
			b.WriteString(regexp.QuoteMeta(string(pat[i])))
		case ch == '[':
			end := strings.IndexByte(pat[i+1:], ']')
			if end < 0 {
				b.WriteString(regexp.QuoteMeta("["))
				continue
			}
			class := pat[i+1 : i+1+end]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, "\\", "\\\\") + "]")
			i += end + 1
		default:
			b.WriteString(regexp.QuoteMeta(string(ch)))
		}
	}
	b.WriteString("(/.*)?$")
	return regexp.Compile(b.String())
}

// sameDir reports two paths of one directory, symlinks resolved.
func sameDir(a, b string) bool {
	ra, err1 := filepath.EvalSymlinks(a)
	rb, err2 := filepath.EvalSymlinks(b)
	return err1 == nil && err2 == nil && ra == rb
}

// GitHooksDirs returns the directories that core.hooksPath names in the git
// configuration of each workspace root. git runs the hooks there, so they
// are protected like .git/hooks: writes into them ask, and the sandbox keeps
// them read-only.
func (p *Policy) GitHooksDirs() []string {
	ev := &evaluation{p: p, roots: p.Roots.Memo()}
	var out []string
	for _, root := range p.Roots.Dirs() {
		st, _, why := ev.gitRepo(root)
		if why != "" || st == nil {
			continue
		}
		for _, h := range st.hooks {
			out = append(out, filepath.FromSlash(h))
		}
	}
	return out
}
