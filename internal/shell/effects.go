package shell

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// effectSpec is an effect template in the data tables: a kind and why.
type effectSpec struct {
	Kind   EffectKind
	Reason string
	Path   string // the file the effect concerns, when fixed ("." for the current directory)
}

// optionSpec is an option that has effects. Names is an option list in the
// grammar of optSyntax.addOptions ("-o= --output=").
type optionSpec struct {
	Names string
	Fx    []effectSpec
	// Path: the option's value is the file (or host) the effects concern.
	Path bool
	// Operands: rules for the operands that apply when the option is
	// given (sed -i writes its operands).
	Operands []operandRule
	// Until: the option takes every following word up to one of these
	// (find -exec ... ; or +).
	Until string
	// Args: number of following words the option takes (find -fprintf FILE FMT).
	Args int
	// Inherent: the effect is the program's nature when used this way
	// (python -m MODULE), so a rule naming the option may allow it.
	Inherent bool
	// Match: the effects apply only when the option's value contains one
	// of these words, compared in lower case (ssh -o ProxyCommand=...).
	Match string
	// PathUntil: the path is the part of the value before this separator
	// (docker -v HOST:CONTAINER).
	PathUntil string
	// AtFile: the value names a file to read when it starts with "@" or
	// holds "=@" or "=<" (curl -d @file, -F name=@file).
	AtFile bool
}

// Which operands an operandRule is about.
const (
	allOperands   = "all"
	firstOperand  = "first"
	secondOperand = "second"
	// pathOperands: operands after "--", and "." (git checkout -- ., git
	// checkout .).
	pathOperands    = "paths"
	lastOperand     = "last"
	butLastOperands = "butlast" // every operand but the last (cp SRC... DEST)
	restOperands    = "rest"    // every operand but the first
)

// operandRule gives the operands of a program an effect: cat reads all its
// operands, cp writes the last one, rm destroys all of them.
type operandRule struct {
	Which string
	Kind  EffectKind
	// Host: the operand is a network location when it looks like
	// host:path or user@host (scp, rsync).
	Host bool
	// Local: the rule skips remote operands (host:path).
	Local bool
	// Assign: the rule is only about NAME=value operands (make VAR=x).
	Assign bool
	// Match: the rule is only about operands containing one of these
	// words, compared in lower case (kubectl get secret).
	Match  string
	Reason string
}

// program is what the data tables know about one program or subcommand.
type program struct {
	// Fx: what running the program does by its nature (Inherent effects).
	Fx []effectSpec
	// Always: effects of running the program that a rule allowing the
	// program does not cover (eval, source, trap).
	Always []effectSpec
	// Pattern: the first operand is a pattern or filter, not a file,
	// unless one of these options gives it (grep -e, jq -f).
	Pattern string
	// PlusExec: operands "+cmd" run editor commands (vim +cmd, less +cmd).
	PlusExec bool
	// SingleDash: long options take one dash (openssl -out FILE).
	SingleDash bool
	// Default: the operand the program uses when given none (rg and
	// grep -r search "."), when one of DefaultWhen is given or it is
	// empty. The operand rules apply to it.
	Default     string
	DefaultWhen string
	// DefaultUnless: options that narrow the default to some files (rg -g
	// '*.go', -t go); a value starting with "!" excludes and does not narrow.
	DefaultUnless string
	// Listing: options with which the program lists names and reads no
	// file (rg --files): the operand rules do not apply.
	Listing string
	// Options with no effects whose grammar still matters, so that a value
	// is not taken for an operand ("-n= -k= -t=").
	Options string
	// Opts: options with effects.
	Opts []optionSpec
	// Operands: what the operands are.
	Operands []operandRule
	// Long: GNU or git style long options, abbreviable.
	Long bool
	// StopAtOperand: options end at the first operand.
	StopAtOperand bool
	// Numeric: "-10" is an option.
	Numeric bool
	// Style selects a grammar that is not getopt: "find" (single-dash
	// primaries), "dd" (key=value operands), "tar" (a first word of
	// bundled letters without a dash).
	Style string
	// Sub: subcommands by name; "*" is any other subcommand. The first
	// operand picks the entry, whose program applies to the rest.
	Sub map[string]*program
	// Script: the first operand (or -e/-f value) is a program in this
	// language, analysed by scriptAnalyzers ("sed", "awk").
	Script string
	// Interpreter: the first operand is a script file it runs, options in
	// Opts with exec effects run inline code, and with neither, code
	// comes from standard input.
	Interpreter bool
	// Info: options that only print information (--version): with one of
	// them and no operand, the program does nothing else.
	Info string

	// known are the lists of knownOptions added to Options when the
	// grammar is built (withKnownOptions).
	known []knownList

	once sync.Once
	syn  *optSyntax
}

func (p *program) syntax() *optSyntax {
	p.once.Do(func() {
		p.syn = &optSyntax{abbrev: p.Long, stopAtOperand: p.StopAtOperand || p.Sub != nil,
			numeric: p.Numeric, singleDashLong: p.Style == "find" || p.SingleDash}
		p.syn.addOptions(p.Options)
		for _, k := range p.known {
			p.syn.addOptions(k.options())
		}
		p.syn.addOptions(p.Info)
		for _, o := range p.Opts {
			p.syn.addOptions(o.Names)
		}
		p.syn.specs = indexSpecs(p.Opts)
	})
	return p.syn
}

// effects computes every effect of a command whose name and arguments are
// final (wrappers peeled off).
func (a *analysis) effects(cmd *Command) {
	a.assignEffects(cmd)
	a.redirEffects(cmd)
	if cmd.Name.Dynamic {
		cmd.Effects = append(cmd.Effects,
			Effect{Kind: EffectObfuscation, Pos: cmd.Name.Pos, End: cmd.Name.End, Reason: "the command name is computed when the line runs"},
			Effect{Kind: EffectExec, Pos: cmd.Name.Pos, End: cmd.Name.End, Reason: "runs a program whose name is not in the line"},
		)
		a.secretEffects(cmd)
		return
	}
	if cmd.Name.Value == "" {
		a.secretEffects(cmd)
		return
	}
	name, known := programName(cmd.Name.Value)
	for _, pa := range programPrefixList {
		if known && strings.HasPrefix(name, pa.prefix) {
			name = pa.alias
		}
	}
	if !known {
		// ./build.sh, bin/tool: a program from the project or elsewhere.
		cmd.Effects = append(cmd.Effects, Effect{
			Kind: EffectExec, Inherent: true, Pos: cmd.Name.Pos, End: cmd.Name.End,
			Reason: "runs the program " + cmd.Name.Value,
		})
	}
	if len(a.escaped) > 0 && a.escaped[cmd.Name.Pos] {
		cmd.Effects = append(cmd.Effects, Effect{
			Kind: EffectObfuscation, Pos: cmd.Name.Pos, End: cmd.Name.End,
			Reason: "the command name is spelled with $'..' escapes",
		})
	}
	if hasControl(cmd.Name.Value) {
		cmd.Effects = append(cmd.Effects, Effect{
			Kind: EffectObfuscation, Pos: cmd.Name.Pos, End: cmd.Name.End,
			Reason: "the command name contains invisible or control characters",
		})
	}
	entry := a.lookup(name)
	if p := entry.program; known && p != nil {
		a.programEffects(cmd, p, cmd.Args, cmd.Name)
	}
	if known && entry.setter {
		// read PATH, printf -v LD_PRELOAD ..., mapfile IFS: builtins that
		// assign the variables they are given.
		for _, w := range cmd.Args {
			if reason, ok := sensitiveVariable(w.Value); ok && !w.Dynamic {
				cmd.Effects = append(cmd.Effects, Effect{Kind: EffectEnv, Path: w.Value, Pos: w.Pos, End: w.End,
					Reason: fmt.Sprintf("%s sets %s, which %s", name, w.Value, reason)})
			}
		}
	}
	a.secretEffects(cmd)
	a.persistenceEffects(cmd)
}

// persistenceEffects flags writes to files that run code later: shell
// start-up files, git hooks, scheduled tasks, autostart entries.
func (a *analysis) persistenceEffects(cmd *Command) {
	for _, e := range cmd.Effects {
		if e.Kind == EffectWrite && (isPersistencePath(e.Path) || laterUse(e.Path)) {
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectPersistence, Path: e.Path, Pos: e.Pos, End: e.End,
				Reason: "writes a file that runs code later (start-up file, hook or scheduled task)"})
		}
	}
}

// hardLinkSources: a hard link is the file itself under another name, so
// linking a file is reading it (ln .env build/x, then cat build/x, reads
// .env): a Read deny rule on the file covers the link. A symbolic link
// names its target, which every later read resolves, and a relative target
// is relative to the link, not to the working directory: it is not read.
func hardLinkSources(cmd *Command, parsed parsedArgs, operands []Word) {
	if parsed.has("-s", "--symbolic") {
		return
	}
	sources := operands
	if !parsed.has("-t", "--target-directory") && len(operands) > 1 {
		sources = operands[:len(operands)-1]
	} else if !parsed.has("-t", "--target-directory") {
		sources = nil // ln FILE links into the current directory: still a read
		if len(operands) == 1 {
			sources = operands
		}
	}
	for _, w := range sources {
		e := Effect{Kind: EffectRead, Pos: w.Pos, End: w.End, Reason: "a hard link gives the file's contents another name"}
		e.Path = pathOf(w, &e)
		cmd.Effects = append(cmd.Effects, e)
	}
}

// laterUse reports files that programs other than shells read later and
// act on: a key added to authorized_keys lets someone log in, ~/.ssh/config
// can hold a ProxyCommand, ~/.ssh/rc runs at every login.
func laterUse(p string) bool {
	if p == "" {
		return false
	}
	clean := path.Clean(p)
	dir, base := path.Split(clean)
	switch base {
	case "authorized_keys", "authorized_keys2", "rc", "config", "environment":
		return path.Base(strings.TrimSuffix(dir, "/")) == ".ssh"
	case ".login", ".logout", ".cshrc", ".tcshrc", ".kshrc", ".xinitrc", ".xprofile", ".xsession", ".pam_environment":
		return true
	}
	return false
}

// programEffects applies a program's data to args.
func (a *analysis) programEffects(cmd *Command, p *program, args []Word, at Word) {
	if n := len(p.Fx) + len(p.Always); n > 0 {
		// Room for an option's or operand's effect too: one allocation.
		cmd.Effects = slices.Grow(cmd.Effects, n+1)
	}
	for _, fx := range p.Fx {
		cmd.Effects = append(cmd.Effects, Effect{Kind: fx.Kind, Reason: fx.Reason, Path: fx.Path, Inherent: true, Pos: at.Pos, End: at.End})
	}
	for _, fx := range p.Always {
		cmd.Effects = append(cmd.Effects, Effect{Kind: fx.Kind, Reason: fx.Reason, Path: fx.Path, Pos: at.Pos, End: at.End})
	}
	switch p.Style {
	case "find":
		a.findEffects(cmd, p, args)
		return
	case "dd":
		a.ddEffects(cmd, args)
		return
	case "tar":
		args = tarArgs(args)
	}
	// The parsed lists are working data of this call: on the stack when
	// they fit.
	var idxBuf [8]int
	var optBuf [4]parsedOpt
	idx := idxBuf[:0]
	if len(args) > len(idxBuf) {
		idx = make([]int, 0, len(args))
	}
	parsed := p.syntax().parseInto(args, idx, optBuf[:0])
	if p.Info != "" && len(parsed.operands) == 0 && len(parsed.opts) == 1 && parsed.has(strings.Fields(p.Info)...) {
		// --version, --help: only prints; drop the inherent effects.
		cmd.Effects = slices.DeleteFunc(cmd.Effects, func(e Effect) bool { return e.Inherent && e.Pos == at.Pos })
		return
	}
	a.optionEffects(cmd, p.Opts, p.syntax().specs, parsed, args)
	unknownOptions(cmd, parsed)
	if parsed.dynamicOpt && hasExecOption(p) {
		for _, i := range parsed.operands {
			if w := args[i]; w.Dynamic {
				cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: w.Pos, End: w.End,
					Reason: "a computed argument may be an option that runs a program"})
				break
			}
		}
	}
	// The operands are a working list, only read and resliced: the
	// arguments themselves when they follow each other (the usual case,
	// and thousands of operands are not copied at every subcommand level),
	// else a copy, on the stack when it fits.
	var opBuf [8]Word
	var operands []Word
	if n := len(parsed.operands); n > 0 && parsed.operands[n-1]-parsed.operands[0] == n-1 {
		lo := parsed.operands[0]
		operands = args[lo : lo+n : lo+n]
	} else {
		operands = opBuf[:0]
		if n > len(opBuf) {
			operands = make([]Word, 0, n)
		}
		for _, i := range parsed.operands {
			operands = append(operands, args[i])
		}
	}
	if p.Pattern != "" && !parsed.has(optionNames(p.Pattern)...) && len(operands) > 0 {
		operands = operands[1:]
		if parsed.dashdash > 0 {
			parsed.dashdash--
		}
	}
	if p.PlusExec {
		kept := operands[:0:0]
		for _, w := range operands {
			if !w.Dynamic && strings.HasPrefix(w.Value, "+") {
				if !isDigits(w.Value[1:]) {
					cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: w.Pos, End: w.End,
						Reason: w.Value[:1] + "cmd runs an editor command, which can run shell commands"})
				}
				continue
			}
			kept = append(kept, w)
		}
		operands = kept
	}
	if p.Sub != nil {
		if len(operands) == 0 {
			// The program alone (yarn installs): the "" entry, if any.
			if sp := p.Sub[""]; sp != nil {
				a.programEffects(cmd, sp, nil, at)
			}
			return
		}
		sub := operands[0]
		if sub.Dynamic {
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: sub.Pos, End: sub.End,
				Reason: "the subcommand is computed when the line runs"})
			return
		}
		sp, ok := p.Sub[sub.Value]
		if !ok {
			sp = p.Sub["*"]
		}
		if sp != nil {
			a.programEffects(cmd, sp, args[parsed.operands[0]+1:], sub)
		}
		return
	}
	rules := p.Operands
	for _, o := range parsed.opts {
		for _, spec := range p.Opts {
			if len(spec.Operands) > 0 && optMatches(o, spec.Names) {
				rules = append(slices.Clone(rules), spec.Operands...)
			}
		}
	}
	if p.Script != "" {
		operands = a.programScript(cmd, p.Script, parsed, args, operands)
	}
	if p.Interpreter {
		operands = a.interpreterEffects(cmd, p, parsed, operands, at)
	}
	switch p.Style {
	case "tar":
		a.tarEffects(cmd, parsed, operands)
	case "chmod":
		operands = a.modeEffects(cmd, parsed, operands)
	case "ln":
		hardLinkSources(cmd, parsed, operands)
	}
	if p.Listing != "" && parsed.has(listNames(p.Listing)...) {
		return
	}
	if len(operands) == 0 && p.Default != "" && (p.DefaultWhen == "" || parsed.has(listNames(p.DefaultWhen)...)) &&
		!narrowed(parsed, p.DefaultUnless) {
		operands = []Word{{Value: p.Default, Pos: at.Pos, End: at.End}}
	}
	a.operandEffectsAt(cmd, rules, operands, parsed.dashdash)
}

// selectOperands returns the operands rule r applies to.
func selectOperands(r operandRule, operands []Word, dashdash int) []Word {
	var sel []Word
	switch r.Which {
	case secondOperand:
		if len(operands) > 1 {
			sel = operands[1:2]
		}
	case pathOperands:
		// Every operand after --, and . or .. before it: most often the
		// operands after -- alone, which need no list of their own (git
		// checkout -- . . . with thousands of them copied it twice).
		isDot := func(w *Word) bool { return !w.Dynamic && (w.Value == "." || w.Value == "..") }
		end := len(operands)
		if dashdash >= 0 {
			end = min(dashdash, len(operands))
		}
		n := 0
		for i := range operands[:end] {
			if isDot(&operands[i]) {
				n++
			}
		}
		if n == 0 && dashdash >= 0 {
			return operands[end:]
		}
		sel = make([]Word, 0, n+len(operands)-end)
		for i := range operands[:end] {
			if isDot(&operands[i]) {
				sel = append(sel, operands[i])
			}
		}
		sel = append(sel, operands[end:]...)
	case allOperands:
		sel = operands
	case firstOperand:
		if len(operands) > 0 {
			sel = operands[:1]
		}
	case lastOperand:
		if len(operands) > 0 {
			sel = operands[len(operands)-1:]
		}
	case butLastOperands:
		if len(operands) > 1 {
			sel = operands[:len(operands)-1]
		}
	case restOperands:
		if len(operands) > 1 {
			sel = operands[1:]
		}
	}
	return sel
}

// hasExecOption reports whether some option of p runs code.
func hasExecOption(p *program) bool {
	for _, o := range p.Opts {
		for _, f := range o.Fx {
			if f.Kind == EffectExec {
				return true
			}
		}
	}
	return false
}

// narrowed reports a filter option that limits which files are read (rg
// -g '*.go', -t go), so that the program's default operand (".") is not
// read as a whole. Only a glob of one extension that no credentials file
// has narrows: rg's globs match dotfiles, so -g '*' or -g '*.env' reads
// .env, and --type-add can make -t mean any glob.
func narrowed(parsed parsedArgs, list string) bool {
	if list == "" || parsed.has("--type-add") {
		return false
	}
	found := false
	for _, o := range parsed.opts {
		if !matchesAny(o.Names, list) {
			continue
		}
		v := o.Value.Value
		if o.Value.Dynamic || strings.HasPrefix(v, "!") {
			continue // an exclusion narrows nothing
		}
		if strings.HasPrefix(o.Names[0], "-t") || strings.HasPrefix(o.Names[0], "--type") {
			// rg's types are lists of globs; only those of source code
			// are known here to hold no credentials file.
			if !codeTypes[v] {
				return false
			}
			found = true
			continue
		}
		if !extensionGlob(v) {
			return false
		}
		found = true
	}
	return found
}

// codeTypes are rg types whose globs are source files (rg --type-list).
var codeTypes = map[string]bool{"go": true, "rust": true, "py": true, "js": true, "ts": true, "java": true,
	"c": true, "cpp": true, "cs": true, "kotlin": true, "swift": true, "ruby": true, "php": true, "lua": true,
	"sh": true, "md": true, "markdown": true, "html": true, "css": true, "scala": true, "haskell": true,
	"elixir": true, "erlang": true, "zig": true, "dart": true, "vue": true, "svelte": true, "proto": true,
	"sql": true, "make": true, "cmake": true, "tf": true}

// extensionGlob reports "*.go" or "**/*.go": a glob of one extension that
// is not the extension of a credentials file.
func extensionGlob(g string) bool {
	g = strings.TrimPrefix(g, "**/")
	ext, ok := strings.CutPrefix(g, "*.")
	if !ok || ext == "" {
		return false
	}
	for i := 0; i < len(ext); i++ {
		if c := ext[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return !isSecretPath("x."+ext) && !isSecretPath("."+ext) && !isSecretPath("x"+"."+strings.ToLower(ext))
}

// optionNames strips the grammar marks from an option list.
func optionNames(list string) []string { return listNames(list) }

// maxRepeatedFlag is how many times an option that names no file gives
// its effect in one command: git push -f -f … repeated 20,000 times says
// nothing the first one does not, and each effect costs every reader.
const maxRepeatedFlag = 16

// MaxRepeatedOperand is how many times in a row the same operand gives its
// effects (rm -rf ~ ~ ~ … names one directory, however often).
const MaxRepeatedOperand = 16

// Repeats follows runs of the same operand in a list of words.
type Repeats struct {
	run int // how many words before the current one repeat it, one after the other
}

// Skip reports whether ws[i] is past the first MaxRepeatedOperand places
// of a run of the same operand (rm -rf ~ ~ ~ … names one directory): a
// reader may leave it out. Called with increasing i; an i not asked about
// neither continues nor ends a run.
func (r *Repeats) Skip(ws []Word, i int) bool {
	if i > 0 && SameOperand(ws[i], ws[i-1]) {
		r.run++
		return r.run >= MaxRepeatedOperand
	}
	r.run = 0
	return false
}

// SameOperand reports whether two words name the same files: the same
// literal (with the same ~), or the same glob pattern. Words with other
// expansions are never the same: $a and $b may differ.
func SameOperand(a, b Word) bool {
	if a.Dynamic != b.Dynamic || a.Tilde != b.Tilde {
		return false
	}
	if a.Dynamic {
		return a.Pattern != "" && a.Pattern == b.Pattern
	}
	return a.Value == b.Value
}

// optionEffects turns the options found in args into effects.
func (a *analysis) optionEffects(cmd *Command, specs []optionSpec, index map[string][]int, parsed parsedArgs, args []Word) {
	var repeats [64]uint8 // flag effects given per spec (the first 64 specs)
	for _, o := range parsed.opts {
		// The specs that name the option, in their order.
		var matchBuf [4]int
		matched := matchBuf[:0]
		for _, n := range o.Names {
			for _, si := range index[n] {
				if !slices.Contains(matched, si) {
					matched = append(matched, si)
				}
			}
		}
		if len(o.Names) > 1 {
			slices.Sort(matched)
		}
		for _, si := range matched {
			spec := specs[si]
			if !spec.Path && !spec.AtFile && si < len(repeats) {
				if repeats[si] >= maxRepeatedFlag {
					continue
				}
				repeats[si]++
			}
			if spec.Match != "" && !o.Value.Dynamic && !containsAny(strings.ToLower(o.Value.Value), spec.Match) {
				continue
			}
			if spec.AtFile {
				if p, ok := atFile(o.Value); ok && (p.Dynamic || p.Value != "-") {
					e := Effect{Kind: EffectRead, Reason: strings.Join(o.Names, "|") + " sends the contents of a file", Pos: o.Pos, End: o.End}
					e.Path = pathOf(p, &e)
					cmd.Effects = append(cmd.Effects, e)
				}
				continue
			}
			for _, fx := range spec.Fx {
				e := Effect{Kind: fx.Kind, Reason: fx.Reason, Path: fx.Path, Pos: o.Pos, End: o.End, Inherent: spec.Inherent}
				if spec.Path {
					e.Path = pathOf(o.Value, &e)
					if spec.PathUntil != "" {
						e.Path, _, _ = strings.Cut(e.Path, spec.PathUntil)
					}
				}
				cmd.Effects = append(cmd.Effects, e)
			}
		}
	}
}

// unknownOptions reports the options the knowledge base does not know, and
// abbreviations it cannot resolve to one option. Positive knowledge: an
// option Gatehouse has not read about may run code or write anywhere
// (git --ext for --ext-diff, tar --index-file), so it is never allowed
// automatically. One effect per command is enough to ask; the reason names
// the first such option.
func unknownOptions(cmd *Command, parsed parsedArgs) {
	for _, o := range parsed.opts {
		var why string
		switch {
		case o.Unknown:
			why = unknownOptionMark + o.Names[0] + " (it may run code or write files)"
		case len(o.Names) > 1:
			why = ambiguousOptionMark + strings.Join(o.Names, " ")
		default:
			continue
		}
		cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: o.Pos, End: o.End, Reason: why})
		return
	}
}

// The reasons of unknown-option effects begin with these.
const (
	unknownOptionMark   = "has an option Gatehouse does not know: "
	ambiguousOptionMark = "has an abbreviated option Gatehouse cannot resolve to one; it could be any of "
)

// UnknownOption reports an effect that stands for an option the knowledge
// base does not know: the command is not understood, which a decision
// treats as running code and an explanation does not list as a risk.
func (e *Effect) UnknownOption() bool {
	return e.Kind == EffectExec && (strings.HasPrefix(e.Reason, unknownOptionMark) || strings.HasPrefix(e.Reason, ambiguousOptionMark))
}

func optMatches(o parsedOpt, names string) bool {
	return matchesAny(o.Names, names)
}

// pathOf is the literal path of an effect, or "" with the reason extended
// when the path is not known.
func pathOf(w Word, e *Effect) string {
	if w.Dynamic {
		e.Reason += " (path not known before the line runs)"
		return ""
	}
	return w.Value
}

func containsAny(s, words string) bool {
	for _, w := range strings.Fields(words) {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// atFile finds the file in curl-style data values: "@file", "name=@file",
// "name=<file".
func atFile(w Word) (Word, bool) {
	if w.Dynamic {
		return w, true // it may name a file: reading an unknown file
	}
	v := w.Value
	i := strings.IndexAny(v, "@<")
	if i < 0 || (i > 0 && v[i-1] != '=') {
		return Word{}, false
	}
	if i > 0 && !validName(strings.TrimSuffix(v[:i], "=")) && !strings.Contains(v[:i], "=") {
		return Word{}, false
	}
	p := v[i+1:]
	if j := strings.IndexByte(p, ';'); j >= 0 {
		p = p[:j] // -F "f=@x;type=text/plain"
	}
	return Word{Value: p, Pos: w.Pos, End: w.End}, true
}

// operandEffects applies operand rules.
func (a *analysis) operandEffects(cmd *Command, rules []operandRule, operands []Word) {
	a.operandEffectsAt(cmd, rules, operands, -1)
}

func (a *analysis) operandEffectsAt(cmd *Command, rules []operandRule, operands []Word, dashdash int) {
	// One allocation for the effects of every rule: rm with thousands of
	// operands otherwise grew the list once per rule, copying it.
	// (The selections are made twice rather than kept: keeping them in a
	// list would move the caller's operand buffer to the heap.)
	n := 0
	for _, r := range rules {
		n += len(selectOperands(r, operands, dashdash))
	}
	if n > 4*maxScratch && cap(cmd.Effects)-len(cmd.Effects) < n {
		// Thousands of effects (rm of thousands of paths) go to a block
		// of their own, recycled with the line: so large, it is never
		// kept as the scratch buffer (addBuilt), which would then have
		// two owners.
		cmd.Effects = append(a.newEffects(len(cmd.Effects)+n), cmd.Effects...)
	}
	cmd.Effects = slices.Grow(cmd.Effects, n)
	for _, r := range rules {
		sel := selectOperands(r, operands, dashdash)
		var rep Repeats
		for si, w := range sel {
			if rep.Skip(sel, si) {
				continue
			}
			if r.Assign {
				if k, _, ok := strings.Cut(w.Value, "="); w.Dynamic || !ok || !validName(k) {
					continue
				}
			}
			if r.Match != "" && !w.Dynamic && !containsAny(strings.ToLower(w.Value), r.Match) {
				continue
			}
			if r.Local && !w.Dynamic {
				if _, remote := remoteHost(w); remote {
					continue
				}
			}
			if r.Host {
				if host, ok := remoteHost(w); ok {
					cmd.Effects = append(cmd.Effects, Effect{Kind: EffectNetwork, Path: host, Pos: w.Pos, End: w.End, Reason: r.Reason})
				}
				continue
			}
			if (r.Kind == EffectWrite || r.Kind == EffectRead) && !w.Dynamic && (w.Value == "-" || isDevice(w.Value)) {
				continue // stdin/stdout and /dev/null are not files
			}
			e := Effect{Kind: r.Kind, Reason: r.Reason, Pos: w.Pos, End: w.End}
			e.Path = pathOf(w, &e)
			cmd.Effects = append(cmd.Effects, e)
		}
	}
}

// remoteHost recognises scp/rsync operands naming another machine:
// host:path, user@host:path, rsync://host/path.
func remoteHost(w Word) (string, bool) {
	if w.Dynamic {
		return "", true
	}
	v := w.Value
	if i := strings.Index(v, "://"); i > 0 {
		rest := v[i+3:]
		host, _, _ := strings.Cut(rest, "/")
		return host, true
	}
	colon := strings.IndexByte(v, ':')
	slash := strings.IndexByte(v, '/')
	if colon > 0 && (slash < 0 || colon < slash) {
		return v[:colon], true
	}
	return "", false
}

// isDevice: writing to these is not writing a file.
func isDevice(p string) bool {
	switch p {
	case "/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty", "/dev/stdin", "/dev/zero",
		"/dev/fd/0", "/dev/fd/1", "/dev/fd/2":
		return true
	}
	return false
}

// assignEffects flags assignments that change how programs load or behave.
func (a *analysis) assignEffects(cmd *Command) {
	for _, as := range cmd.Assigns {
		if as.Name == "IFS" && cmd.Name.Value != "" && !cmd.Name.Dynamic && len(cmd.Wrappers) == 0 {
			// IFS= read -r line: IFS for one command changes only that
			// command's splitting; programs do not import IFS.
			continue
		}
		if reason, ok := sensitiveVariable(as.Name); ok {
			cmd.Effects = append(cmd.Effects, Effect{
				Kind: EffectEnv, Path: as.Name, Pos: as.Value.Pos - len(as.Name) - 1, End: as.Value.End,
				Reason: "sets " + as.Name + ", which " + reason,
			})
		}
	}
}

// sensitiveVariable reports variables that change which code runs.
func sensitiveVariable(name string) (string, bool) {
	if r, ok := sensitiveVariables[name]; ok {
		return r, true
	}
	for _, pr := range sensitivePrefixList {
		if strings.HasPrefix(name, pr.prefix) {
			return pr.alias, true
		}
	}
	return "", false
}

// prefixEntry is one entry of programPrefixes or sensitivePrefixes.
type prefixEntry struct{ prefix, alias string }

// programPrefixList and sensitivePrefixList are the prefix tables as
// slices: ranging over a map costs more than the lookups themselves. No
// prefix of either table maps differently from another prefix it
// overlaps with, so the order does not change any result.
var (
	programPrefixList   = prefixList(programPrefixes)
	sensitivePrefixList = prefixList(sensitivePrefixes)
)

func prefixList(m map[string]string) []prefixEntry {
	out := make([]prefixEntry, 0, len(m))
	for p, a := range m {
		out = append(out, prefixEntry{p, a})
	}
	slices.SortFunc(out, func(x, y prefixEntry) int { return strings.Compare(x.prefix, y.prefix) })
	return out
}

// redirEffects turns file redirections into write and read effects.
func (a *analysis) redirEffects(cmd *Command) {
	if len(cmd.Redirs) > 8 {
		// ls >a >b ... with thousands: one allocation, not a doubling.
		n := 0
		for i := range cmd.Redirs {
			if cmd.Redirs[i].Writes {
				n++
			}
			if cmd.Redirs[i].Reads {
				n++
			}
		}
		cmd.Effects = slices.Grow(cmd.Effects, n)
	}
	for _, r := range cmd.Redirs {
		t := r.Target
		if !t.Dynamic && isDevice(t.Value) {
			continue
		}
		if r.Writes {
			e := Effect{Kind: EffectWrite, Pos: r.Pos, End: r.End, Reason: redirReason(r.Op, false)}
			e.Path = pathOf(t, &e)
			cmd.Effects = append(cmd.Effects, e)
		}
		if r.Reads {
			e := Effect{Kind: EffectRead, Pos: r.Pos, End: r.End, Reason: redirReason(r.Op, true)}
			e.Path = pathOf(t, &e)
			cmd.Effects = append(cmd.Effects, e)
		}
	}
}

// redirReasons holds "redirection OP writes the file" ([0]) and
// "redirection OP reads the file" ([1]) for each operator, built once: a
// line of thousands of redirections otherwise built the same strings again.
var redirReasons = func() map[string]*[2]string {
	m := map[string]*[2]string{}
	for _, op := range []string{">", ">>", ">|", "&>", "&>>", ">&", "<", "<>", "<&", "&>|", "&>>|"} {
		m[op] = &[2]string{"redirection " + op + " writes the file", "redirection " + op + " reads the file"}
	}
	return m
}()

// redirReason is "redirection OP writes the file" or, with read,
// "redirection OP reads the file".
func redirReason(op string, read bool) string {
	verb, i := " writes the file", 0
	if read {
		verb, i = " reads the file", 1
	}
	if r := redirReasons[op]; r != nil {
		return r[i]
	}
	return "redirection " + op + verb
}

// secretEffects flags credential files among the command's words and read
// targets. Any mention counts, not only known readers: an unknown program
// given ~/.aws/credentials is presumed to read it.
func (a *analysis) secretEffects(cmd *Command) {
	// seen holds the positions already flagged: one effect per word. A
	// few are searched in a list; past that a set (cat .env .env ... was
	// quadratic).
	var seenBuf [8]int
	seen := seenBuf[:0]
	var seenSet map[int]bool
	had := func(pos int) bool {
		if seenSet != nil {
			return seenSet[pos]
		}
		return slices.Contains(seen, pos)
	}
	mark := func(pos int) {
		switch {
		case seenSet != nil:
			seenSet[pos] = true
		case len(seen) < 16:
			seen = append(seen, pos)
		default:
			seenSet = make(map[int]bool, 64)
			for _, p := range seen {
				seenSet[p] = true
			}
			seenSet[pos] = true
		}
	}
	flag := func(p string, pos, end int) {
		if had(pos) || !isSecretPath(p) {
			return
		}
		mark(pos)
		cmd.Effects = append(cmd.Effects, Effect{Kind: EffectSecrets, Path: p, Pos: pos, End: end,
			Reason: "touches a credentials file"})
	}
	var rep Repeats
	for i, w := range cmd.Args {
		if rep.Skip(cmd.Args, i) {
			continue
		}
		if w.Pattern != "" && globMatchesSecret(w.Pattern) {
			mark(w.Pos)
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectSecrets, Path: w.Pattern, Pos: w.Pos, End: w.End,
				Reason: "the pattern can match a credentials file"})
		}
		if w.Dynamic {
			continue
		}
		flag(w.Value, w.Pos, w.End)
		// --file=.env, if=.env
		if _, v, ok := strings.Cut(w.Value, "="); ok {
			flag(v, w.Pos, w.End)
		}
		// HEAD:.env (git show), host:~/.ssh/id_rsa (scp)
		if i := strings.LastIndexByte(w.Value, ':'); i >= 0 {
			flag(w.Value[i+1:], w.Pos, w.End)
		}
	}
	for _, r := range cmd.Redirs {
		if !r.Target.Dynamic && (r.Reads || r.Writes) {
			flag(r.Target.Value, r.Pos, r.End)
		}
	}
	for _, e := range cmd.Effects {
		if e.Kind == EffectRead && e.Path != "" {
			flag(e.Path, e.Pos, e.End)
		}
	}
}

// hasControl reports control, format (zero-width) or other invisible
// characters: a name that looks like rm but is not.
func hasControl(s string) bool {
	// ASCII first: there only C0 controls and DEL are not printable, and
	// no ASCII character is a format character.
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf {
			ascii = false
			break
		} else if c < 0x20 || c == 0x7f {
			return true
		}
	}
	if ascii {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || !unicode.IsPrint(r) || unicode.Is(unicode.Cf, r) {
			return true
		}
	}
	return false
}
