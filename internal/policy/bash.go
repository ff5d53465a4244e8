package policy

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/action"
	"github.com/gatehouse/gatehouse/internal/shell"
)

// benignWrappers only change how the wrapped command is scheduled or timed;
// an allow rule for the wrapped command also allows it under them. Other
// wrappers (sudo, doas, xargs, watch ...) need a rule written with the
// wrapper itself, and the shell analysis flags what they add.
var benignWrappers = map[string]bool{
	"timeout": true, "time": true, "nice": true, "nohup": true, "stdbuf": true,
	"command": true, "ionice": true, "setsid": true, "unbuffer": true,
	"caffeinate": true, "taskset": true, "chrt": true, "flock": true,
	// env and exec add nothing by themselves; the shell analysis flags
	// env's assignments and -S, and exec's redirections are checked.
	"env": true, "exec": true,
}

// severity orders behaviors for combining the commands of a line.
func severity(b Behavior) int {
	switch b {
	case Deny:
		return 2
	case Ask:
		return 1
	}
	return 0
}

func (ev *evaluation) bash() Decision {
	var in struct {
		Command *string `json:"command"`
	}
	var err error
	if cmd, ok := quickString(ev.req.Input, "command"); ok {
		in.Command = cmd // what encoding/json would give, without two passes over the input
	} else {
		err = ev.input(&in)
	}
	if err != nil || in.Command == nil {
		reason := "The command is missing."
		if err != nil {
			reason = err.Error()
		}
		return Decision{Behavior: Ask, Check: CheckInvalidInput, Kind: action.Command, Reason: reason}
	}
	src := *in.Command
	if strings.TrimSpace(src) == "" {
		return Decision{Behavior: Ask, Check: CheckEmpty, Kind: action.Command, Reason: "The command is empty."}
	}
	line := shell.Analyze(src)
	if line.ParseError != nil {
		return Decision{Behavior: Ask, Check: CheckUnparsable, Kind: action.Command,
			Reason: fmt.Sprintf("Gatehouse cannot parse the command as bash (%v), so it asks.", line.ParseError)}
	}
	if len(line.Commands) == 0 {
		return Decision{Behavior: Ask, Check: CheckEmpty, Kind: action.Command, Reason: "The command runs nothing Gatehouse can see."}
	}
	if g := ev.globbed(src, line); g != nil {
		line = g
	}
	ev.trackDirectories(line)
	// Every simple command is decided, however long the line: the worst
	// decision wins. Among asks, one that no allow rule could lift (code
	// execution, a write outside) is reported before a mere missing rule,
	// and then no rule is suggested: saving it would not make the line pass.
	var worst Decision
	worst.Behavior = Allow
	var paths []string
	first := true
	worstAt := 0
	asks, ruleWouldDo := 0, true
	for i := range line.Commands {
		d := ev.command(line, &line.Commands[i])
		paths = append(paths, d.Paths...)
		if d.Behavior == Ask {
			asks++
			ruleWouldDo = ruleWouldDo && d.Check == CheckNoRule
		}
		if first || severity(d.Behavior) > severity(worst.Behavior) ||
			d.Behavior == Ask && worst.Behavior == Ask && worst.Check == CheckNoRule && d.Check != CheckNoRule {
			worst, first, worstAt = d, false, i
		}
		if worst.Behavior == Deny {
			break
		}
	}
	if worst.Reason == "" && worst.Rule != nil {
		c := &line.Commands[worstAt]
		worst.Reason = ruleDecision(worst.Rule, action.Command, "`"+c.Text(line.Source)+"`").Reason
	}
	if worst.Behavior == Ask && asks > 1 {
		if !ruleWouldDo {
			worst.SuggestedRule = ""
		}
		worst.Reason = strings.TrimSpace(worst.Reason) + fmt.Sprintf(" (%d of the %d commands in the line ask.)", asks, len(line.Commands))
	}
	if worst.Behavior == Allow && len(line.Commands) > 1 {
		for i := range line.Commands {
			if makesLinks(&line.Commands[i]) {
				// A link made earlier in the line changes where later
				// paths lead, after they were checked.
				worst = Decision{Behavior: Ask, Check: CheckOutside,
					Reason: "The command line creates a link with ln and runs other commands after it, whose paths the link may redirect."}
				break
			}
		}
	}
	if worst.Behavior == Allow {
		// What git reads before it runs, and what it prints (git.go).
		if d, ok := ev.gitLine(line); !ok {
			worst = d
		}
	}
	if worst.Behavior == Allow && line.OverLimit != "" {
		// Every command was decided (a deny anywhere stands); a line this
		// long is not allowed automatically however its parts read.
		worst = Decision{Behavior: Ask, Check: CheckObfuscation,
			Reason: fmt.Sprintf("The command line is too long to allow automatically (%s).", line.OverLimit)}
	}
	if worst.Behavior == Allow && len(line.CompoundEffects) > 0 {
		// A word of for or case, or a redirection of a compound command,
		// that bash evaluates as code or arithmetic (for i in ${!x}).
		e := line.CompoundEffects[0]
		check := CheckCodeExec
		if e.Kind == shell.EffectObfuscation {
			check = CheckObfuscation
		}
		worst = Decision{Behavior: Ask, Check: check,
			Reason: fmt.Sprintf("`%s`: %s; it is never allowed automatically.", shownText(span(line.Source, e.Pos, e.End)), effectReason(e, "bash evaluates it as code"))}
	}
	if worst.Behavior == Ask && worst.Check == CheckDynamic && substitution(line) == "process substitution" {
		// diff <(sort a) <(sort b): the words are dynamic because bash
		// replaces each <(…) by a name, /dev/fd/N, for a pipe from a
		// command running alongside. Say so rather than "a file whose name
		// is only known when it runs".
		worst.Reason = procSubstReason
		worst.SuggestedRule = ""
	}
	if worst.Behavior == Allow {
		if s := substitution(line); s != "" {
			worst = Decision{Behavior: Ask, Check: CheckDynamic,
				Reason: fmt.Sprintf("The command uses %s, whose output becomes part of the command line; it is never allowed automatically.", s)}
		}
	}
	if worst.Behavior == Allow && len(line.Commands) > 1 {
		worst.Reason = fmt.Sprintf("Each of the %d commands is allowed; the first by: %s", len(line.Commands), worst.Reason)
	}
	worst.Kind = action.Command
	worst.Paths = paths
	return worst
}

// procSubstReason explains why process substitution asks.
const procSubstReason = "The command uses process substitution (<(…) or >(…)): bash runs the command inside alongside this one and passes it a pipe named /dev/fd/N in place of a file. Gatehouse never allows it automatically, because the program is handed a name the line does not show, and what flows through it is decided by another command while the line runs; write the output to a file first (sort a > build/a.sorted) to let the rules decide each part."

// globbed analyses src again with its static patterns expanded in the
// working directory (shell.AnalyzeGlobs), so that ls *.go or
// for f in src/*.go; do wc -l "$f"; done is decided on the files bash
// would pass, each checked as if named in the line. It returns nil (the
// patterns stay dynamic and ask) when the line could change where or how
// bash expands them (cd, pushd, popd, shopt, set, GLOBIGNORE…), and when
// the order of the matches changes what a command does: bash sorts them
// by the locale's collation, which is not known here, so an analysis with
// every list of matches reversed must find the same effects (cp *.txt
// build/ reads them all either way; cp *.txt writes a different last one).
func (ev *evaluation) globbed(src string, line *shell.Line) *shell.Line {
	if !filepath.IsAbs(ev.req.Cwd) {
		return nil
	}
	// Only lines with a pattern argument or a for loop are read again.
	wanted := strings.Contains(src, "for") && slices.ContainsFunc(line.Constructs, func(c shell.Construct) bool { return c.Kind == shell.ConstructLoop })
	for i := 0; i < len(line.Commands) && !wanted && strings.ContainsAny(src, "*?["); i++ {
		wanted = slices.ContainsFunc(line.Commands[i].Args, func(w shell.Word) bool { return w.Pattern != "" })
	}
	if !wanted {
		return nil
	}
	for i := range line.Commands {
		c := &line.Commands[i]
		switch c.Name.Value {
		case "cd", "pushd", "popd", "shopt", "set":
			return nil
		}
		for _, a := range c.Assigns {
			switch a.Name {
			case "GLOBIGNORE", "BASHOPTS", "SHELLOPTS", "IFS", "GLOBSORT":
				return nil
			}
		}
	}
	g := shell.AnalyzeGlobs(src, shell.GlobOptions{Dir: ev.req.Cwd})
	if g.ParseError != nil || len(g.Globs) == 0 && !strings.Contains(src, "for") || changesMatches(g, ev.req.Cwd) {
		return nil
	}
	r := shell.AnalyzeGlobs(src, shell.GlobOptions{Dir: ev.req.Cwd, Reverse: true})
	if r.ParseError != nil || !sameEffects(g, r) {
		return nil
	}
	return g
}

// changesMatches reports a line that may change what its patterns match
// before bash expands them, since they were expanded against the files
// as they are now: a command that runs code (it may create any file),
// deletes, or writes where a pattern looks (echo x > docs/new; cat docs/*)
// or somewhere unknown.
func changesMatches(g *shell.Line, cwd string) bool {
	var dirs []string
	for _, p := range g.Globs {
		d := absClean(path.Dir(p), cwd)
		dirs = append(dirs, d, realDir(d))
	}
	for i := range g.Commands {
		for _, e := range g.Commands[i].Effects {
			switch e.Kind {
			case shell.EffectExec, shell.EffectDestructive:
				return true
			case shell.EffectWrite:
				if e.Path == "" {
					return true
				}
				w := absClean(e.Path, cwd)
				if fi, err := os.Lstat(w); err == nil && fi.Mode().IsRegular() {
					// Writing a file that exists adds no name (sed -i
					// 's/a/b/' src/*.go rewrites the matches themselves).
					continue
				}
				// A write anywhere below where a pattern looks may add a
				// name there (mkdir -p docs/a/b adds docs/a), through a
				// symlink too; one above it may replace the directory.
				for _, w := range []string{w, path.Join(realDir(path.Dir(w)), path.Base(w))} {
					for _, d := range dirs {
						if w == d || strings.HasPrefix(w, d+"/") || strings.HasPrefix(d, w+"/") {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// realDir is dir with its symlinks resolved, or dir itself when it does
// not exist (yet).
func realDir(dir string) string {
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		return filepath.ToSlash(r)
	}
	return dir
}

// absClean is p made absolute against cwd and cleaned, lexically.
func absClean(p, cwd string) string {
	if !path.IsAbs(p) {
		p = path.Join(cwd, p)
	}
	return path.Clean(p)
}

// sameEffects reports two analyses of one line whose commands have the
// same effects: each command's effects as a set of kinds and paths, the
// commands as a set (a loop over matches runs its body in their order).
func sameEffects(x, y *shell.Line) bool {
	if len(x.Commands) != len(y.Commands) {
		return false
	}
	count := map[string]int{}
	for i := range x.Commands {
		count[effectSignature(&x.Commands[i])]++
		count[effectSignature(&y.Commands[i])]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}

// effectSignature is a command's effects, kinds and paths, in a canonical
// order.
func effectSignature(c *shell.Command) string {
	parts := make([]string, 0, len(c.Effects))
	for _, e := range c.Effects {
		parts = append(parts, string(e.Kind)+"\x00"+e.Path)
	}
	slices.Sort(parts)
	return strings.Join(parts, "\x01")
}

// substitution names a construct that runs a command to build the line.
func substitution(line *shell.Line) string {
	for _, c := range line.Constructs {
		switch c.Kind {
		case shell.ConstructCmdSubst:
			return "command substitution"
		case shell.ConstructProcSubst:
			return "process substitution"
		}
	}
	return ""
}

// span is src[pos:end], or "" when the range is not in src.
func span(src string, pos, end int) string {
	if pos < 0 || end > len(src) || pos > end {
		return ""
	}
	return src[pos:end]
}

// maxShownText is how much of a command a reason quotes. A command found
// in a code string has the string's whole range (sh -c '…'), so a 64 KiB
// string with 9,000 commands quoted itself 9,000 times.
const maxShownText = 200

// shownText is text as a reason quotes it: clipped, on a character
// boundary, with an ellipsis.
func shownText(text string) string {
	if len(text) <= maxShownText {
		return text
	}
	cut := maxShownText
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut] + "…"
}

// command decides one simple command: deny rules (on the command, on what it
// reads and writes), plan mode, ask rules, the checks no rule overrides,
// then allow rules.
func (ev *evaluation) command(line *shell.Line, c *shell.Command) Decision {
	text := shownText(c.Text(line.Source))
	var all, allowed [2]string
	var words [8]string
	forms := commandForms(c, words[:0], all[:0], allowed[:0])
	// 1. Deny rules, on every form of the command, then on its files.
	if r := ev.bashRule(Deny, forms.all, nil); r != nil {
		return ruleDecision(r, action.Command, "`"+text+"`")
	}
	if r := ev.flagRule(Deny, forms.words[:forms.nwords]); r != nil {
		return ruleDecision(r, action.Command, "`"+text+"` (options in another order)")
	}
	var readBuf, writeBuf [2]target
	reads, writes := ev.commandFiles(c, readBuf[:0], writeBuf[:0])
	for _, t := range reads {
		if r := ev.pathRule(Deny, "Read", t, false); r != nil {
			return ruleDecision(r, action.Command, "the file "+t.shown()+" read by `"+text+"`")
		}
	}
	for _, t := range writes {
		if r := ev.pathRule(Deny, "Write", t, false); r != nil {
			return ruleDecision(r, action.Command, "the file "+t.shown()+" written by `"+text+"`")
		}
	}
	// 2. Plan mode runs nothing that changes files.
	if ev.mode == ModePlan {
		if c.Has(shell.EffectWrite) || c.Has(shell.EffectDestructive) || c.Has(shell.EffectPersistence) {
			return Decision{Behavior: Deny, Check: CheckPlan, Kind: action.Command,
				Reason: fmt.Sprintf("Plan mode makes no changes, and `%s` writes or deletes files.", text)}
		}
	}
	// 3. Ask rules.
	if r := ev.bashRule(Ask, forms.all, nil); r != nil {
		return ruleDecision(r, action.Command, "`"+text+"`")
	}
	if r := ev.flagRule(Ask, forms.words[:forms.nwords]); r != nil {
		return ruleDecision(r, action.Command, "`"+text+"` (options in another order)")
	}
	for _, t := range reads {
		if r := ev.pathRule(Ask, "Read", t, false); r != nil {
			return ruleDecision(r, action.Command, "the file "+t.shown()+" read by `"+text+"`")
		}
	}
	for _, t := range writes {
		if r := ev.pathRule(Ask, "Write", t, false); r != nil {
			return ruleDecision(r, action.Command, "the file "+t.shown()+" written by `"+text+"`")
		}
	}
	for _, t := range reads {
		if r := ev.deniedUnder("Read", t); r != nil {
			if skip := grepIncludes(c); skip != nil && ev.findDeniedUnderSkip("Read", t, skip) == nil {
				continue // grep -r --include='*.go' reads no denied file (listing.go)
			}
			d := ruleDecision(r, action.Command, "")
			d.Behavior = Ask
			d.Reason = fmt.Sprintf("`%s` reads the directory %s, which holds files the %s covers.", text, t.shown(), r.Describe())
			return d
		}
	}
	if d, ok := ev.hardLinkRead(text, reads); !ok {
		d.Kind = action.Command
		return d
	}
	if d, ok := ev.listingCheck(c, text); !ok {
		d.Kind = action.Command
		return d
	}
	if ev.cdInside[c.Pos] {
		return Decision{Behavior: Allow, Check: CheckDirectory, Kind: action.Command,
			Reason: fmt.Sprintf("`%s` stays inside the workspace.", text)}
	}
	if why, ok := ev.cdWhy[c.Pos]; ok {
		return Decision{Behavior: Ask, Check: CheckDirectory, Kind: action.Command, Reason: why}
	}
	if harmlessExport(c) {
		return Decision{Behavior: Allow, Check: CheckRule, Kind: action.Command,
			Reason: fmt.Sprintf("`%s` runs no program: it exports literal values of variables that do not change how programs load.", text)}
	}
	// 4. Allow rules are looked up now, because a specific one may cover
	// the program's own nature (npm test runs project code), and writing
	// or deleting through an option needs a rule that names the option.
	options := effectOptions(line.Source, c)
	allow := ev.bashRule(Allow, forms.allowed, func(r *Rule) bool { return r.namesOptions(options) })
	if allow == nil && len(options) > 0 {
		if r := ev.bashRule(Allow, forms.allowed, nil); r != nil {
			return Decision{Behavior: Ask, Check: CheckOption, Kind: action.Command,
				Reason: fmt.Sprintf("`%s` writes or deletes files through %s, which the %s does not name.", text, strings.Join(options, " "), r.Describe())}
		}
	}
	// 5. Checks no allow rule overrides.
	if d, ok := ev.commandChecks(c, line.Source, text, allow, reads, writes); !ok {
		d.Kind = action.Command
		return d
	}
	if c.Name.Value == "" {
		if len(writes) > 0 {
			return Decision{Behavior: Ask, Check: CheckNoRule, Kind: action.Command,
				Reason: fmt.Sprintf("`%s` writes a file with a redirection alone, which no rule can allow.", text)}
		}
		// A bare assignment runs no program.
		return Decision{Behavior: Allow, Check: CheckRule, Kind: action.Command,
			Reason: fmt.Sprintf("`%s` runs no program.", text)}
	}
	if allow != nil {
		// The reason is written only for the command that is reported.
		return Decision{Behavior: Allow, Check: CheckRule, Rule: allow, Kind: action.Command, Paths: nil, Reason: ""}
	}
	return Decision{Behavior: Ask, Check: CheckNoRule, Kind: action.Command,
		Reason:        fmt.Sprintf("No rule allows `%s`.", text),
		SuggestedRule: suggestBash(c)}
}

// commandChecks applies what no allow rule overrides. ok is false with the
// asking decision when one applies.
func (ev *evaluation) commandChecks(c *shell.Command, src, text string, allow *Rule, reads, writes []target) (Decision, bool) {
	ask := func(check, format string, args ...any) (Decision, bool) {
		return Decision{Behavior: Ask, Check: check, Reason: fmt.Sprintf(format, args...)}, false
	}
	if c.Name.Dynamic {
		return ask(CheckDynamic, "The program `%s` runs is only known when it runs.", text)
	}
	for _, w := range c.Wrappers {
		for _, a := range w.Args {
			if a.Dynamic {
				return ask(CheckDynamic, "The options of %s in `%s` are only known when it runs.", w.Name, text)
			}
		}
	}
	for _, e := range c.Effects {
		switch e.Kind {
		case shell.EffectExec:
			// The program's own nature (npm test, make) may be allowed by
			// a rule that names the program; nothing else may.
			if e.Inherent && allow != nil && !allow.Whole && allow.bash != nil && allow.bash.program != "" {
				continue
			}
			d, ok := ask(CheckCodeExec, "`%s` %s; running code is never allowed automatically%s.", text, effectReason(e, "runs code the line does not show"), unlessRule(e))
			if e.Inherent && allow == nil {
				d.SuggestedRule = suggestBash(c)
			}
			return d, ok
		case shell.EffectEnv:
			if ev.cdInside[c.Pos] {
				continue
			}
			return ask(CheckEnvironment, "`%s` %s.", text, effectReason(e, "changes how later programs load"))
		case shell.EffectObfuscation:
			return ask(CheckObfuscation, "`%s` %s.", text, effectReason(e, "hides what it runs"))
		case shell.EffectPrivilege:
			return ask(CheckPrivilege, "`%s` %s.", text, effectReason(e, "gains privileges"))
		case shell.EffectPersistence:
			return ask(CheckPersistence, "`%s` %s.", text, effectReason(e, "makes something run later"))
		case shell.EffectSecrets:
			return ask(CheckSecrets, "`%s` %s (%s).", text, effectReason(e, "touches credentials"), e.Path)
		case shell.EffectWrite:
			if e.Path == "" {
				return ask(CheckDynamic, "`%s` writes a file whose name is only known when it runs.", text)
			}
		case shell.EffectRead:
			if e.Path == "" {
				// Reading an unknown file only matters for Read deny rules.
				if ev.hasPathRules("Read") {
					return ask(CheckDynamic, "`%s` reads a file whose name is only known when it runs, and Read rules may cover it.", text)
				}
			}
		}
	}
	if ev.dynamicBeyondPrinting(c, src) {
		return ask(CheckDynamic, "Arguments of `%s` are only known when it runs (a variable, glob or substitution).", text)
	}
	for _, t := range writes {
		if t.v.Err != nil {
			return ask(CheckOutside, "`%s` writes %s, and Gatehouse cannot tell where that leads (%v).", text, t.v.Input, t.v.Err)
		}
		if t.v.Inside && t.v.Protected != "" {
			return ask(CheckProtected, "`%s` writes %s, a protected path (%s).", text, t.shown(), t.v.Protected)
		}
		if t.v.Inside && t.v.HardLinks > 1 {
			return ask(CheckHardLink, "`%s`: %s", text, hardLinkReason(t))
		}
		if !t.v.Inside && ev.pathRule(Allow, "Write", t, true) == nil {
			return ask(CheckOutside, "`%s` writes %s, outside the workspace.", text, t.shown())
		}
	}
	for _, t := range reads {
		if (t.v.Inside && t.v.Err == nil) || (t.v.Err == nil && ev.pathRule(Allow, "Read", t, false) != nil) {
			continue
		}
		return ask(CheckOutside, "`%s` reads %s, outside the workspace.", text, t.shown())
	}
	for _, w := range c.Wrappers {
		if !benignWrappers[w.Name] && allow != nil && !allow.coversWrapper(w.Name) {
			return ask(CheckWrapper, "`%s` runs under %s, and no rule allows it with %s.", text, w.Name, w.Name)
		}
	}
	return Decision{}, true
}

// harmlessExport reports `export NAME=value…` with literal values and no
// option, redirection or wrapper, none of whose names is a loader variable
// (shell.LoaderVariable). Such an export passes data to the later
// commands of the line exactly as a NAME=value prefix on each of them
// would, which is allowed on the same terms (FOO=1 go test). Every other
// export asks: bare names export values the line does not show, -f
// exports functions, -n and -p are not assignments.
//
// The names are judged by a list of what changes loading, not by a list
// of what is harmless: programs read variables of their own, and a list
// of known-harmless names would ask about every project's own settings.
// LoaderVariable therefore covers whole families by prefix and suffix
// (PYTHON…, …_OPTS, …FLAGS, …_PROXY) and errs towards asking.
func harmlessExport(c *shell.Command) bool {
	if c.Name.Value != "export" || c.Name.Dynamic || len(c.Args) == 0 || len(c.Wrappers) > 0 || len(c.Redirs) > 0 ||
		len(c.Assigns) != len(c.Args) {
		return false
	}
	for _, a := range c.Args {
		name, _, ok := strings.Cut(a.Value, "=")
		name = strings.TrimSuffix(name, "+")
		if a.Dynamic || !ok || !shellName(name) {
			return false // export 'a[$(id)]=1' evaluates the subscript
		}
		if _, loader := shell.LoaderVariable(name); loader {
			return false
		}
	}
	for _, as := range c.Assigns {
		if as.Value.Dynamic {
			return false
		}
	}
	for _, e := range c.Effects {
		if e.Kind != shell.EffectEnv || e.Path != "" {
			return false // anything but export's own "changes the environment"
		}
	}
	return true
}

// shellName reports a variable name: a letter or _, then letters, digits
// and _.
func shellName(s string) bool {
	for i, r := range s {
		if r != '_' && !(r >= 'a' && r <= 'z') && !(r >= 'A' && r <= 'Z') && !(i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}

// printingPrograms print their arguments and do nothing else with them,
// so an argument whose value is unknown, but which bash computes without
// running code ("$HOME"), cannot change what they do. For printf only
// the arguments after a literal format count: the format decides the
// options (-v NAME assigns a variable).
var printingPrograms = map[string]bool{"echo": true, "printf": true}

// quietVariables are variables whose value is neither secret nor code:
// where the shell, the user and the toolchains are. An unknown variable
// may hold a token (echo "$GITHUB_TOKEN" puts it in the transcript), so
// only these may be printed without asking.
var quietVariables = map[string]bool{
	"HOME": true, "PWD": true, "OLDPWD": true, "USER": true, "LOGNAME": true, "SHELL": true, "PATH": true,
	"TERM": true, "LANG": true, "LANGUAGE": true, "LC_ALL": true, "LC_CTYPE": true, "TZ": true, "TMPDIR": true,
	"HOSTNAME": true, "HOSTTYPE": true, "OSTYPE": true, "MACHTYPE": true, "BASH_VERSION": true, "BASH": true,
	"SHLVL": true, "UID": true, "EUID": true, "PPID": true, "GOPATH": true, "GOROOT": true, "GOBIN": true,
	"GOOS": true, "GOARCH": true, "JAVA_HOME": true, "NODE_ENV": true, "VIRTUAL_ENV": true, "CONDA_PREFIX": true,
	"CONDA_DEFAULT_ENV": true, "EDITOR": true, "VISUAL": true, "PAGER": true, "CI": true, "COLUMNS": true, "LINES": true,
	"?": true, "#": true, "$": true, "!": true, "0": true, "-": true,
}

// dynamicBeyondPrinting is c.IsDynamic, except that echo and printf may
// print quiet variables in double quotes (echo "$HOME").
func (ev *evaluation) dynamicBeyondPrinting(c *shell.Command, src string) bool {
	if !c.IsDynamic() {
		return false
	}
	if c.Name.Dynamic || !printingPrograms[c.Name.Value] || len(c.Wrappers) > 0 || c.Context.Nested {
		return true
	}
	for _, r := range c.Redirs {
		if r.Target.Dynamic {
			return true
		}
	}
	for i, a := range c.Args {
		if !a.Dynamic {
			continue
		}
		if !a.Vars || c.Name.Value == "printf" && (i == 0 || c.Args[0].Dynamic || strings.HasPrefix(c.Args[0].Value, "-")) {
			return true
		}
		names := shell.WordVariables(a.Text(src))
		if len(names) == 0 {
			return true
		}
		for _, n := range names {
			if !quietVariables[n] {
				return true
			}
		}
	}
	return false
}

func effectReason(e shell.Effect, fallback string) string {
	if e.Reason != "" {
		return e.Reason
	}
	return fallback
}

func unlessRule(e shell.Effect) string {
	if e.Inherent {
		return " unless a rule names this program"
	}
	return ""
}

// coversWrapper reports whether an allow rule was written for the wrapper
// itself (Bash(sudo apt update)).
func (r *Rule) coversWrapper(name string) bool {
	return r.bash != nil && r.bash.program == name
}

func (ev *evaluation) hasPathRules(tool string) bool {
	found := false
	for _, b := range []Behavior{Deny, Ask} {
		ev.rulesFor(b, tool, func(r *Rule) bool {
			if r.path != nil {
				found = true
				return false
			}
			return true
		})
	}
	return found
}

// commandFiles resolves the files a command reads and writes (from its
// effects, which include redirections), appended to reads and writes.
func (ev *evaluation) commandFiles(c *shell.Command, reads, writes []target) ([]target, []target) {
	for _, e := range c.Effects {
		if e.Path == "" {
			continue
		}
		switch e.Kind {
		case shell.EffectRead, shell.EffectSecrets:
			reads = ev.appendTargets(reads, e.Path)
		case shell.EffectWrite:
			writes = ev.appendTargets(writes, e.Path)
		}
	}
	if c.Name.Value == "ln" {
		writes = append(writes, ev.linkTargets(c)...)
	}
	// cp -l and link(1) link from their sources too (links.go).
	writes = append(writes, ev.linkSources(c)...)
	return reads, writes
}

// forms are the word lists a command is matched against.
type forms struct {
	// words: the word lists behind all, for option-order-free matching
	// (the command's own, and with the program's base name), nwords of
	// them. An array, not a slice, so that the words stay on the stack.
	words  [2][]string
	nwords int
	// all: for deny and ask rules: the command as run, the program's
	// base name for an absolute path (/bin/rm is rm), and the command with
	// each of its wrappers (sudo rm ...).
	all []string
	// allowed: for allow rules: the command exactly as written, and with
	// its wrappers from the outermost non-benign one.
	allowed []string
}

// commandForms returns the forms of c, appended to the empty slices given
// (room the caller has, so that a command without wrappers, which is most
// commands, needs no more); c's words go into buf.
func commandForms(c *shell.Command, buf, all, allowed []string) forms {
	words := c.AppendWords(buf)
	f := forms{all: all, allowed: allowed}
	own := joinWords(words)
	f.all = append(f.all, own)
	f.words[0], f.nwords = words, 1
	f.allowed = append(f.allowed, own)
	if name := c.Name.Value; strings.Contains(name, "/") {
		base := append([]string{path.Base(name)}, words[1:]...)
		f.all = append(f.all, joinWords(base))
		f.words[1], f.nwords = base, 2
	}
	// git with only display options before its subcommand (`git --no-pager
	// diff`) is matched as the subcommand too, so Bash(git diff:*) covers
	// it; every other global option (-C, -c, --git-dir, …) stays in the way.
	if plain := plainGit(words); plain != nil {
		form := joinWords(plain)
		f.all = append(f.all, form)
		f.allowed = append(f.allowed, form)
	}
	// The form from wrapper i on is wrapper i's words, then the form from
	// wrapper i+1 on: built from the innermost out, each wrapper's words
	// joined once (the words of the forms joined anew for each wrapper made
	// sudo repeated thousands of times take 20 ms).
	prefix := "" // the words of wrappers i.. joined
	for i := len(c.Wrappers) - 1; i >= 0; i-- {
		w := &c.Wrappers[i]
		var b strings.Builder
		b.WriteString(w.Name)
		for _, a := range w.Args {
			b.WriteString(sep)
			b.WriteString(a.Value)
		}
		if prefix != "" {
			b.WriteString(sep)
			b.WriteString(prefix)
		}
		prefix = b.String()
		full := prefix + sep + own
		f.all = append(f.all, full)
		if strings.Contains(w.Name, "/") {
			f.all = append(f.all, path.Base(w.Name)+full[len(w.Name):])
		}
		f.allowed = append(f.allowed, full)
	}
	return f
}

// gitDisplayOptions are git global options that change only how output is
// shown: a pager not started, or no optional index lock taken.
var gitDisplayOptions = map[string]bool{"--no-pager": true, "-P": true, "--no-optional-locks": true}

// plainGit returns words without the display options that come between
// git and its subcommand, or nil when there are none.
func plainGit(words []string) []string {
	if len(words) < 3 || words[0] != "git" || !gitDisplayOptions[words[1]] {
		return nil
	}
	i := 1
	for i < len(words) && gitDisplayOptions[words[i]] {
		i++
	}
	if i == len(words) {
		return nil
	}
	return append([]string{"git"}, words[i:]...)
}

// bashRule finds the first Bash rule of behavior b matching any form, in
// rule order (settings precedence, then session rules).
func (ev *evaluation) bashRule(b Behavior, texts []string, ok func(*Rule) bool) *Rule {
	if ok == nil {
		ok = func(*Rule) bool { return true }
	}
	ix := &ev.p.bash[stage(b)]
	var best *Rule
	bestOrd := -1
	consider := func(r *Rule, ord int) {
		if best == nil || ord < bestOrd {
			best, bestOrd = r, ord
		}
	}
	for _, text := range texts {
		prog, _, _ := strings.Cut(text, sep)
		for _, r := range ix.byProgram[prog] {
			if r.bash.match(text) && ok(r) {
				consider(r, r.ord)
				break // later rules of the bucket come later in order
			}
		}
		for _, r := range ix.other {
			if (r.Whole || r.bash.match(text)) && ok(r) {
				consider(r, r.ord)
				break
			}
		}
	}
	if best != nil {
		return best
	}
	for i := range ev.extra {
		r := &ev.extra[i]
		if r.Behavior != b || !r.coversTool("Bash") {
			continue
		}
		for _, text := range texts {
			if (r.Whole || (r.bash != nil && r.bash.match(text))) && ok(r) {
				return r
			}
		}
	}
	return nil
}

// suggestBash proposes an allow rule for a command: the program and its
// subcommand words, then :* when more follows.
func suggestBash(c *shell.Command) string {
	words := c.Words()
	if len(words) == 0 || words[0] == "" {
		return ""
	}
	n := 1
	for n < len(words) && n < 3 && isSubcommand(words[n]) {
		n++
	}
	for _, w := range words[:n] {
		if strings.ContainsAny(w, "()*\"'\\ \t") {
			return ""
		}
	}
	s := strings.Join(words[:n], " ")
	if n < len(words) {
		s += ":*"
	}
	return "Bash(" + s + ")"
}

func isSubcommand(w string) bool {
	if w == "" || len(w) > 24 {
		return false
	}
	for _, r := range w {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == ':') {
			return false
		}
	}
	return w[0] != '-'
}

// effectOptions returns the options through which a command writes or
// deletes files (find -delete, find -fprint, go build -o, git --output=):
// the allowlist entry for a program is about what it is for, and an option
// that turns it into a writer is allowed only by a rule that names it.
func effectOptions(src string, c *shell.Command) []string {
	var out []string
	for _, e := range c.Effects {
		if e.Kind != shell.EffectWrite && e.Kind != shell.EffectDestructive {
			continue
		}
		if e.Pos < 0 || e.End > len(src) || e.Pos >= e.End || src[e.Pos] != '-' {
			continue
		}
		opt := src[e.Pos:e.End]
		if i := strings.IndexAny(opt, "= \t"); i > 0 {
			opt = opt[:i]
		}
		if !slices.Contains(out, opt) {
			out = append(out, opt)
		}
	}
	return out
}

// namesOptions reports whether a Bash rule names every option as a word
// of its own pattern (`-o` or `--output=...`).
func (r *Rule) namesOptions(opts []string) bool {
	if len(opts) == 0 {
		return true
	}
	if r.bash == nil {
		return false
	}
	words := strings.Fields(r.Specifier)
	for _, o := range opts {
		found := false
		for _, w := range words {
			if w == o || strings.HasPrefix(w, o+"=") || strings.TrimSuffix(w, ":*") == o {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// trackDirectories follows cd and pushd: a literal cd into the workspace is
// allowed, and from then on relative paths are checked against every
// directory the line may be in (the start and each cd target), because
// subshells, conditionals and loops make the real one unknowable.
//
// It follows bash, or leaves the cd untracked (asking, with the reason in
// cdWhy) where bash may go elsewhere:
//   - cd -L (the default) applies ".." to the logical path, the one the
//     line walked, before any symlink is resolved: cd docs/api/../.. with
//     docs/api a symlink goes up from docs, not from the link's target.
//     If that directory does not exist bash falls back to the physical
//     path. Both readings are tracked and both must stay inside.
//   - An operand that does not start with /, ./ or ../ (and is not . or
//     ..) is looked up in CDPATH first. The hook cannot see the agent's
//     shell variables, so cd src may go to $CDPATH/src: such a cd is not
//     allowed automatically (cd ./src is).
//   - A cd with a prefix assignment (CDPATH=~ cd .ssh) is not tracked.
func (ev *evaluation) trackDirectories(line *shell.Line) {
	ev.cwds = []string{ev.req.Cwd}
	logical := []string{ev.req.Cwd} // $PWD as bash keeps it: symlinks not resolved
	for i := range line.Commands {
		c := &line.Commands[i]
		if (c.Name.Value != "cd" && c.Name.Value != "pushd") || c.Name.Dynamic || c.IsDynamic() || len(c.Wrappers) > 0 {
			continue
		}
		why := func(format string, args ...any) {
			if ev.cdWhy == nil {
				ev.cdWhy = map[int]string{}
			}
			ev.cdWhy[c.Pos] = fmt.Sprintf(format, args...)
		}
		if len(c.Assigns) > 0 {
			why("`%s` runs cd with a variable assignment (such as CDPATH or HOME), which changes where it goes.", shownText(c.Text(line.Source)))
			continue
		}
		var args []string
		physical := false
		for _, a := range c.Args {
			switch a.Value {
			case "-L":
				physical = false
				continue
			case "-P":
				physical = true
				continue
			case "--":
				continue
			}
			args = append(args, a.Value)
		}
		if len(args) != 1 || args[0] == "-" || strings.HasPrefix(args[0], "-") || strings.HasPrefix(args[0], "+") {
			continue // cd to home, to $OLDPWD or a stack entry: unknown
		}
		dir := args[0]
		if !cdpathImmune(dir) && !c.Args[len(c.Args)-1].Tilde {
			why("`%s`: cd looks a directory name that does not start with / or ./ up in CDPATH first, and the shell's CDPATH is not known here; write %s ./%s to name the directory here.", shownText(c.Text(line.Source)), c.Name.Value, dir)
			continue
		}
		var next, nextLogical []string
		inside := true
		add := func(list []string, d string) []string {
			if !slices.Contains(list, d) {
				list = append(list, d)
			}
			return list
		}
		check := func(p, cwd string) (string, bool) {
			v := ev.roots.Check(p, cwd)
			if v.Err != nil || !v.Inside {
				return "", false
			}
			return v.Resolved, true
		}
		// The physical reading: from each directory the line may be in.
		for _, cwd := range ev.cwds {
			d, ok := check(dir, cwd)
			if !ok {
				inside = false
				break
			}
			next, nextLogical = add(next, d), add(nextLogical, d)
		}
		// The logical reading: ".." removes the previous name as written.
		if inside && !physical && !filepath.IsAbs(dir) && dir != "~" && !strings.HasPrefix(dir, "~/") {
			for _, l := range logical {
				lex := filepath.Clean(filepath.Join(l, dir))
				d, ok := check(lex, l)
				if !ok {
					inside = false
					break
				}
				next, nextLogical = add(next, d), add(nextLogical, lex)
			}
		}
		if !inside {
			continue
		}
		if ev.cdInside == nil {
			ev.cdInside = map[int]bool{}
		}
		ev.cdInside[c.Pos] = true
		for _, d := range next {
			ev.cwds = add(ev.cwds, d)
		}
		for _, d := range nextLogical {
			logical = add(logical, d)
		}
	}
	// cd DIR && a && b …, with the cd first and the line nothing but
	// that and-list: every command after the cd runs in DIR, since none
	// runs when it fails. The start directory is then not one of theirs
	// (cd ./src && touch ../build/x writes build/x, not ../build/x).
	if len(line.Commands) > 1 && ev.cdInside[line.Commands[0].Pos] && len(ev.cwds) > 1 &&
		strings.TrimSpace(line.Source[:line.Commands[0].Pos]) == "" && onlyAndList(line) {
		ev.cwds = ev.cwds[1:]
	}
}

// onlyAndList reports a line made of simple commands joined by && alone,
// with a single cd.
func onlyAndList(line *shell.Line) bool {
	for _, c := range line.Constructs {
		if c.Kind != shell.ConstructAnd {
			return false
		}
	}
	cds := 0
	for i := range line.Commands {
		c := &line.Commands[i]
		switch c.Name.Value {
		case "cd", "pushd", "popd":
			cds++
		}
		if c.Name.Dynamic || c.Context.Nested {
			return false
		}
	}
	return cds == 1
}

// cdpathImmune reports a cd operand bash does not look up in CDPATH:
// absolute, ".", "..", or starting with "./" or "../".
func cdpathImmune(dir string) bool {
	return strings.HasPrefix(dir, "/") || dir == "." || dir == ".." ||
		strings.HasPrefix(dir, "./") || strings.HasPrefix(dir, "../")
}

// flagRule finds the first deny or ask rule with short-option clusters
// (rm -rf) that matches a command setting the same letters in another
// order or split (rm -fr, rm -r -f, rm -rfv). Allow rules never match
// this way.
func (ev *evaluation) flagRule(b Behavior, lists [][]string) *Rule {
	ix := &ev.p.bash[stage(b)]
	for _, words := range lists {
		if len(words) == 0 {
			continue
		}
		for _, r := range ix.byProgram[words[0]] {
			if r.bash.flags != nil && r.bash.flags.matchFlags(words) {
				return r
			}
		}
	}
	for i := range ev.extra {
		r := &ev.extra[i]
		if r.Behavior != b || r.bash == nil || r.bash.flags == nil {
			continue
		}
		for _, words := range lists {
			if len(words) > 0 && words[0] == r.bash.program && r.bash.flags.matchFlags(words) {
				return r
			}
		}
	}
	return nil
}

// linkTargets confines what ln links to: a link to a file outside the
// workspace is a way to write it later (a hard link even looks like a
// workspace file). A relative symbolic link target is relative to the
// link's directory, as the kernel reads it.
func (ev *evaluation) linkTargets(c *shell.Command) []target {
	var operands []string
	symbolic, opts := false, true
	for _, a := range c.Args {
		switch {
		case a.Dynamic:
		case opts && a.Value == "--":
			opts = false
		case opts && (a.Value == "--symbolic" || isShortCluster(a.Value) && strings.ContainsRune(a.Value, 's')):
			symbolic = true
		case opts && strings.HasPrefix(a.Value, "-"):
		default:
			operands = append(operands, a.Value)
		}
	}
	if len(operands) < 2 {
		var out []target
		for _, o := range operands {
			out = append(out, ev.targets(o)...)
		}
		return out
	}
	last := operands[len(operands)-1]
	var out []target
	for _, o := range operands[:len(operands)-1] {
		if !symbolic || filepath.IsAbs(o) || o == "~" || strings.HasPrefix(o, "~/") {
			out = append(out, ev.targets(o)...)
			continue
		}
		for _, lt := range ev.targets(last) {
			dir := lt.v.Resolved
			if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
				dir = filepath.Dir(dir)
			}
			saved := ev.req.Cwd
			ev.req.Cwd = dir
			out = append(out, ev.target(o))
			ev.req.Cwd = saved
		}
	}
	return out
}
