package explain

import (
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/gatehouse/gatehouse/internal/shell"
)

// reading is Gatehouse's reading of one simple command.
type reading struct {
	program   string       // program as shown: "git push", "rm", "./build.sh"
	subject   string       // "`rm`"
	predicate string       // "deletes `build` recursively"
	risks     []Risk       // risks the knowledge base attaches to the program, its subcommand or options
	unknown   string       // the program or subcommand Gatehouse does not know, if any
	writes    []shell.Word // files the knowledge base says it writes
	cd        *cdMove
}

// cdMove records a change of directory so that later relative writes are
// resolved against the new directory.
type cdMove struct {
	dir   string // "" when not known statically
	known bool
}

// systemDirs are the directories whose programs Gatehouse explains by their
// base name. `./ls` or `tools/rm` is somebody's own program that only shares
// a name, and must never borrow the system program's harmless description.
var systemDirs = map[string]bool{
	"/bin": true, "/usr/bin": true, "/usr/local/bin": true, "/sbin": true, "/usr/sbin": true,
	"/usr/local/sbin": true, "/opt/homebrew/bin": true,
}

// describe reads one command with the knowledge base.
func (x *explainer) describe(c *shell.Command) reading {
	// The reading's risks are appended to the free end of one arena
	// for the line rather than allocated per command (a line can hold
	// thousands): they are kept there once read.
	if cap(x.riskArena)-len(x.riskArena) < 8 {
		x.riskArena = make([]Risk, 0, 256)
	}
	free := x.riskArena[len(x.riskArena):]
	x.flagCount, x.flagCountLen = nil, 0 // repeatedFlag counts per command
	r := x.read(c, free)
	if n := len(r.risks); n > 0 && n <= cap(free) && &r.risks[0] == &free[:1][0] {
		x.riskArena = x.riskArena[:len(x.riskArena)+n]
		r.risks = r.risks[:n:n]
	}
	return r
}

// read is describe, with free as room for the risks.
func (x *explainer) read(c *shell.Command, free []Risk) reading {
	r := reading{risks: free}
	x.input = span{}
	for _, w := range c.Wrappers {
		if w.Name == "xargs" {
			x.input = span{w.Pos, w.End}
		}
	}
	var mods []string
	if !x.quiet {
		mods = x.commandModifiers(c)
	}
	switch {
	case c.Context.TooDeep:
		// Its obfuscation effect carries the risk and the reason.
		r.subject = "the shell"
		r.predicate = "runs a part nested too deeply for Gatehouse to analyse"
		return r
	case c.Name.Dynamic:
		r.subject = x.shown(c.Name)
		r.predicate = "is a program whose name is known only at run time"
		r.risks = append(r.risks, Risk{Kind: "obfuscation", Reason: "the program's name is computed when the line runs", Start: c.Name.Pos, End: c.Name.End})
		return x.finish(r, c, mods)
	case c.Name.Value == "":
		r.subject = "the shell"
		if !x.quiet {
			r.predicate = x.bareCommand(c)
		}
		return x.finish(r, c, nil)
	}
	name := c.Name.Value
	lookupName := name
	if strings.Contains(name, "/") {
		dir := path.Dir(path.Clean(name))
		if systemDirs[dir] {
			lookupName = path.Base(name)
		} else {
			r.program = name
			r.subject = x.codeOf(name)
			r.predicate = "is run as a program file (not a known system command)"
			if len(c.Args) > 0 && !x.quiet {
				r.predicate += " with " + x.wordList(c.Args)
			}
			r.risks = append(r.risks, Risk{Kind: "code-execution", Reason: "runs the program file " + clip(name, 60), Start: c.Name.Pos, End: c.Name.End})
			return x.finish(r, c, mods)
		}
	}
	e := x.kb.lookup(lookupName)
	if e == nil {
		r.program = name
		r.unknown = name
		r.subject = x.codeOf(name)
		r.predicate = "is a program Gatehouse does not know"
		if x.quiet {
			// Not listed: no manual lookup (a line can name thousands of
			// unknown programs) and no sentence.
			return r
		}
		if m := x.manual(lookupName); m != "" {
			r.predicate += " (its manual says: " + m + ")"
		}
		if len(c.Args) > 0 {
			r.predicate += ", given " + x.wordList(c.Args)
		}
		return x.finish(r, c, mods)
	}
	// The words as the analysis reads them: tar czf - DIR is tar -czf - DIR.
	args := shell.ProgramArgs(lookupName, c.Args)
	// The options found, in a buffer kept for every command (describe
	// is not re-entered while it reads one).
	hits := x.hitBuf[:0]
	defer func() { x.hitBuf = hits[:0] }()
	// Walk down the subcommands: options before a subcommand are the
	// program's global options (git -C DIR push).
	for e.hasSubs {
		var j int
		j, hits = x.scanOptions(e, args, hits)
		if j >= len(args) {
			args = nil
			break
		}
		w := args[j]
		if w.Dynamic {
			r.unknown = e.name + " " + x.shown(w)
			break
		}
		sub := e.subs[w.Value]
		if sub == nil {
			if e.name == lookupName { // unknown subcommand of a known program
				r.unknown = e.name + " " + w.Value
			}
			args = args[j:]
			break
		}
		e, args = sub, args[j+1:]
	}
	var operands []shell.Word
	operands, hits = x.parseArgs(e, args, hits)
	r.program = e.name
	if lookupName != name {
		r.program = strings.Replace(e.name, lookupName, name, 1)
	}
	if r.unknown != "" {
		r.subject = x.codeOf(r.unknown)
		r.predicate = fmt.Sprintf("is a %s subcommand Gatehouse does not know", code(lookupName))
	} else {
		r.subject = x.codeOf(r.program)
		if !x.quiet || x.wordsAny(e.risks) { // risk reasons quote the sentence
			r.predicate = x.render(e.phrase, operands, nil)
		}
	}
	for _, rk := range e.risks {
		// Past maxRiskDetails of a kind, the reason is left to be worded
		// if the risk is listed after all (see reasonFor).
		reason := ""
		if !x.saturated(rk) {
			reason = r.subject + " " + r.predicate
		}
		r.risks = append(r.risks, Risk{Kind: rk, Reason: reason, Start: c.Pos, End: c.End})
	}
	if e.writes != "" && r.unknown == "" {
		// The operands themselves, capped so that an option's written
		// value appended below never lands in args.
		ws := selectOps(e.writes, operands)
		r.writes = ws[:len(ws):len(ws)]
	}
	var optMods phrases
	for _, h := range hits {
		if h.writes {
			r.writes = append(r.writes, h.value)
		}
		if h.phrase != "" {
			optMods.add(h.phrase)
		}
		for _, rk := range h.risks {
			reason := ""
			if !x.saturated(rk) {
				reason = x.optionReason(r.program, h.word, h.phrase)
			}
			r.risks = append(r.risks, Risk{Kind: rk, Reason: reason, Start: h.pos, End: h.end})
		}
	}
	var rep shell.Repeats
	for oi, ow := range operands {
		if len(e.pats) == 0 || ow.Dynamic {
			continue
		}
		if rep.Skip(operands, oi) {
			continue // the same operand again: read as the analysis does
		}
		for _, p := range e.pats {
			if ok, _ := path.Match(p.glob, ow.Value); !ok {
				continue
			}
			ph := strings.ReplaceAll(p.phrase, "{v}", x.shown(ow))
			optMods.add(ph)
			for _, rk := range p.risks {
				reason := ""
				if !x.saturated(rk) {
					reason = code(r.program) + " " + ph
				}
				r.risks = append(r.risks, Risk{Kind: rk, Reason: reason, Start: ow.Pos, End: ow.End})
			}
			break
		}
	}
	if e.name == "cd" || e.name == "pushd" {
		r.cd = cdTarget(operands)
	}
	for i := range c.Effects {
		// The option the decision asks about, named so the person sees
		// why (one is enough: the decision names the first).
		if ef := &c.Effects[i]; ef.UnknownOption() && ef.Pos >= 0 && ef.End <= len(x.src) && ef.Pos < ef.End {
			optMods.add("with " + code(strings.SplitN(x.src[ef.Pos:ef.End], "=", 2)[0]) + ", an option Gatehouse does not know")
			break
		}
	}
	return x.finish(r, c, append(optMods.list, mods...))
}

// selectOps picks operands the way a template placeholder does.
func selectOps(sel string, ops []shell.Word) []shell.Word {
	switch sel {
	case "*":
		return ops
	case "1", "2", "3":
		if n := int(sel[0] - '1'); n < len(ops) {
			return ops[n : n+1]
		}
	case "2*":
		if len(ops) > 1 {
			return ops[1:]
		}
	case "last":
		if len(ops) > 0 {
			return ops[len(ops)-1:]
		}
	case "init":
		if len(ops) > 1 {
			return ops[:len(ops)-1]
		}
	}
	return nil
}

// finish appends the modifiers to the sentence.
func (x *explainer) finish(r reading, c *shell.Command, mods []string) reading {
	if x.quiet {
		return r
	}
	r.predicate = withMods(r.predicate, mods)
	return r
}

func cdTarget(ops []shell.Word) *cdMove {
	if len(ops) == 0 {
		return &cdMove{dir: "~", known: true}
	}
	w := ops[0]
	if w.Dynamic || w.Value == "-" {
		return &cdMove{}
	}
	return &cdMove{dir: w.Value, known: true}
}

// bareCommand explains a command with no program: `FOO=bar` or `> file`.
func (x *explainer) bareCommand(c *shell.Command) string {
	var parts []string
	for _, a := range c.Assigns {
		parts = append(parts, fmt.Sprintf("sets the shell variable %s to %s", code(a.Name), x.shown(a.Value)))
	}
	for _, rd := range c.Redirs {
		if rd.Writes {
			parts = append(parts, "creates or empties "+x.shown(rd.Target))
		}
	}
	if len(parts) == 0 {
		return "does nothing visible"
	}
	return strings.Join(parts, " and ")
}

// hit is one option or operand of the knowledge base found in a command.
type hit struct {
	value    shell.Word // the option's value when it is a written file
	writes   bool
	word     string
	phrase   string
	risks    []string
	pos, end int
}

// scanOptions reads options up to the first operand; it returns that
// operand's index and the options found on the way.
func (x *explainer) scanOptions(e *entry, args []shell.Word, hits []hit) (int, []hit) {
	for i := 0; i < len(args); i++ {
		w := args[i]
		if w.Dynamic || !strings.HasPrefix(w.Value, "-") || w.Value == "-" {
			return i, hits
		}
		if w.Value == "--" {
			return i + 1, hits
		}
		var consumed int
		hits, consumed = x.option(e, args, i, hits)
		i += consumed
	}
	return len(args), hits
}

// parseArgs splits args into operands and the options the knowledge base
// knows, the way getopt would (GNU permutation unless the entry is posix).
func (x *explainer) parseArgs(e *entry, args []shell.Word, hits []hit) ([]shell.Word, []hit) {
	if !x.anyOption(e, args) {
		// Every word is an operand (curl URL, rm FILE...): the operands
		// are the arguments themselves, only ever read.
		return args[:len(args):len(args)], hits
	}
	// The operands are args[lo:hi] while they follow each other (options
	// first, as in rm -rf a b c): no copy of a command's 30,000 operands.
	// Only an option between operands makes them a list of their own.
	var ops []shell.Word
	lo, hi, own := 0, 0, false
	take := func(from, to int) {
		switch {
		case own:
			ops = append(ops, args[from:to]...)
		case hi == lo:
			lo, hi = from, to
		case hi == from:
			hi = to
		default:
			ops = make([]shell.Word, 0, hi-lo+len(args)-from)
			ops = append(append(ops, args[lo:hi]...), args[from:to]...)
			own = true
		}
	}
	result := func() []shell.Word {
		if own {
			return ops
		}
		return args[lo:hi:hi]
	}
	for i := 0; i < len(args); i++ {
		w := args[i]
		isOpt := !e.raw && !w.Dynamic && len(w.Value) > 1 && (w.Value[0] == '-' || (w.Value[0] == '+' && x.hasOption(e, w.Value)))
		if !isOpt {
			if e.posix {
				take(i, len(args))
				return result(), hits
			}
			take(i, i+1)
			continue
		}
		if w.Value == "--" {
			if os := x.lookupOptions(e, "--", false); len(os) > 0 {
				hits = append(hits, hit{word: "--", phrase: x.render(os[0].phrase, args[i+1:], nil), risks: os[0].risks, pos: w.Pos, end: w.End})
			}
			take(i+1, len(args))
			return result(), hits
		}
		var consumed int
		hits, consumed = x.option(e, args, i, hits)
		i += consumed
	}
	return result(), hits
}

// anyOption reports whether parseArgs would take any of args for an
// option (the test at the top of its loop).
func (x *explainer) anyOption(e *entry, args []shell.Word) bool {
	if e.raw {
		return false
	}
	for _, w := range args {
		if !w.Dynamic && len(w.Value) > 1 && (w.Value[0] == '-' || (w.Value[0] == '+' && x.hasOption(e, w.Value))) {
			return true
		}
	}
	return false
}

func (x *explainer) hasOption(e *entry, name string) bool {
	return len(x.lookupOptions(e, name, e.single)) > 0
}

// lookupOptions returns every option line spelled name, the entry's own
// lines first, or the single line of which name is an unambiguous prefix.
func (x *explainer) lookupOptions(e *entry, name string, single bool) []option {
	// A buffer kept for every lookup: the result is used before the next.
	out := x.optBuf[:0]
	defer func() { x.optBuf = out[:0] }()
	for _, cand := range x.kb.chain(e) {
		if cand.byName != nil {
			for _, ref := range cand.byName[name] {
				o := cand.opts[ref.opt]
				o.takes = o.takesBy[ref.name]
				out = append(out, o)
			}
			continue
		}
		for _, o := range cand.opts {
			for k, n := range o.names {
				if n == name {
					o.takes = o.takesBy[k]
					out = append(out, o)
				}
			}
		}
	}
	if len(out) > 0 || single || !strings.HasPrefix(name, "--") || len(name) < 4 {
		return out
	}
	// getopt_long accepts any unambiguous prefix: --ext means --ext-diff.
	// The analysis's grammar, which knows every option of the program,
	// says which one; this file's own lines are a fallback for programs
	// the analysis has no entry for.
	for _, cand := range x.kb.chain(e) {
		if shell.KnownProgram(cand.name) {
			if full, ok := shell.ResolveOption(cand.name, name); ok && full != name {
				return x.lookupOptions(e, full, single)
			}
			return out
		}
	}
	full := ""
	for _, cand := range x.kb.chain(e) {
		for _, o := range cand.opts {
			for _, n := range o.names {
				if strings.HasPrefix(n, name) && n != full {
					if full != "" {
						return nil
					}
					full = n
				}
			}
		}
	}
	if full == "" {
		return nil
	}
	return x.lookupOptions(e, full, single)
}

// option reads the option at args[i]; it appends what it means to hits and
// returns how many following words it consumed as its value.
func (x *explainer) option(e *entry, args []shell.Word, i int, hits []hit) ([]hit, int) {
	w := args[i]
	v := w.Value
	if strings.HasPrefix(v, "--") || e.single {
		name, val, hasVal := strings.Cut(v, "=")
		opts := x.lookupOptions(e, name, e.single)
		arity := x.arity(e, name)
		if len(opts) == 0 {
			// An option this file has no words for still takes its value
			// by the analysis's grammar: sort -S 50% does not sort "50%".
			switch {
			case arity == shell.OptionValue && !hasVal && i+1 < len(args):
				return hits, 1
			case arity == shell.OptionPair:
				return hits, min(2, len(args)-1-i)
			}
			return hits, 0
		}
		// A value the analysis reads is never an operand here; where
		// this file reads a value the analysis does not (sh -c CODE, whose
		// code the analysis takes as the first operand), the words are
		// the same ones.
		takes := opts[0].takes
		switch {
		case takes == 0 && (arity == shell.OptionValue || arity == shell.OptionPair):
			takes = 1
		case takes == 1 && arity == shell.OptionAttached && !hasVal:
			takes = 0
		}
		consumed := 0
		var value shell.Word
		switch {
		case takes == 0:
		case takes == 2:
			j := i + 1
			for j < len(args) && !(args[j].Value == ";" || args[j].Value == "+") {
				j++
			}
			value = joinWords(args[i+1 : min(j, len(args))])
			consumed = min(j, len(args)-1) - i
		case hasVal:
			value = shell.Word{Value: val, Dynamic: w.Dynamic, Pos: w.Pos + len(name) + 1, End: w.End}
		case i+1 < len(args):
			value, consumed = args[i+1], 1
		}
		return x.optionHit(hits, opts, w, value), consumed
	}
	// A cluster of short options: -rf, -xzf archive.tgz, -n5.
	for k := 1; k < len(v); k++ {
		_, size := utf8.DecodeRuneInString(v[k:])
		name := shortOption(v[k : k+size])
		opts := x.lookupOptions(e, name, false)
		arity := x.arity(e, name)
		takesValue := len(opts) > 0 && opts[0].takes > 0 || arity == shell.OptionValue ||
			arity == shell.OptionAttached || arity == shell.OptionPair
		if len(opts) == 0 {
			if takesValue {
				// xxd -s 10 FILE: the value is not an operand.
				if k+size >= len(v) && arity == shell.OptionValue && i+1 < len(args) {
					return hits, 1
				}
				return hits, 0
			}
			k += size - 1
			continue
		}
		if takesValue {
			if k+size < len(v) {
				val := shell.Word{Value: v[k+size:], Dynamic: w.Dynamic, Pos: w.Pos + k + size, End: w.End}
				return x.optionHit(hits, opts, w, val), 0
			}
			if i+1 < len(args) && arity != shell.OptionAttached {
				return x.optionHit(hits, opts, w, args[i+1]), 1
			}
			return x.optionHit(hits, opts, w, shell.Word{}), 0
		}
		hits = x.optionHit(hits, opts, w, shell.Word{})
		k += size - 1
	}
	return hits, 0
}

// arity is how the analysis's knowledge base reads the option in the
// entry's program or one of its parents (git -C): one grammar for both, so
// that the explanation never takes a value for an operand.
func (x *explainer) arity(e *entry, name string) shell.OptionArity {
	for _, cand := range x.kb.chain(e) {
		if a := shell.ProgramOption(cand.name, name); a != shell.OptionUnknown {
			return a
		}
	}
	return shell.OptionUnknown
}

// shortOptions are "-a", "-b"... for the ASCII letters of a cluster, so
// that reading -rf does not build a string per letter.
var shortOptions = func() (t [128]string) {
	for c := range t {
		t[c] = "-" + string(rune(c))
	}
	return t
}()

// shortOption is "-" + letter.
func shortOption(letter string) string {
	if len(letter) == 1 && letter[0] < 128 {
		return shortOptions[letter[0]]
	}
	return "-" + letter
}

// maxRepeatedFlag is how many times one option word that writes no file
// is read in a command (as the shell analysis does): git push -f -f …
// repeated 20,000 times means what the first one does.
const maxRepeatedFlag = 16

// repeatedFlag reports whether hits (the command's options so far, as
// describe reads it) already hold maxRepeatedFlag hits of the option word;
// counted in a set once the command has many options.
func (x *explainer) repeatedFlag(hits []hit, word string) bool {
	if len(hits) < maxRepeatedFlag {
		return false
	}
	if x.flagCount == nil {
		// The first time this command has this many options: count
		// what it has so far.
		x.flagCount = map[string]int{}
		for i := range hits {
			x.flagCount[hits[i].word]++
		}
	} else {
		for i := x.flagCountLen; i < len(hits); i++ {
			x.flagCount[hits[i].word]++
		}
	}
	x.flagCountLen = len(hits)
	return x.flagCount[word] >= maxRepeatedFlag
}

// optionHit appends to hits the first line whose value glob matches.
func (x *explainer) optionHit(hits []hit, opts []option, w, value shell.Word) []hit {
	for _, o := range opts {
		if o.when != "" {
			if value.Dynamic {
				continue
			}
			if ok, _ := path.Match(o.when, value.Value); !ok {
				continue
			}
		}
		if !o.writes && x.repeatedFlag(hits, w.Value) {
			return hits
		}
		ph := o.phrase
		// The phrase is for the sentence and the option's risk reasons: a
		// command read without its sentence words it only for a reason.
		if strings.Contains(ph, "{v}") && (!x.quiet || x.wordsAny(o.risks)) {
			ph = strings.ReplaceAll(ph, "{v}", x.shown(value))
		}
		return append(hits, hit{word: w.Value, phrase: ph, risks: o.risks, pos: w.Pos, end: max(w.End, value.End), value: value, writes: o.writes})
	}
	return hits
}

func joinWords(ws []shell.Word) shell.Word {
	if len(ws) == 0 {
		return shell.Word{}
	}
	var vals []string
	dyn := false
	for _, w := range ws {
		vals = append(vals, w.Value)
		dyn = dyn || w.Dynamic
	}
	return shell.Word{Value: strings.Join(vals, " "), Dynamic: dyn, Pos: ws[0].Pos, End: ws[len(ws)-1].End}
}

// render fills a phrase template with operands. Placeholders: {*} every
// operand, {1} {2} {3} one, {2*} from the second on, {last}, {init} all but
// the last; `{*:default}` gives the text used when there is none.
func (x *explainer) render(t string, ops []shell.Word, _ []hit) string {
	used := false
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			break
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			b.WriteString(t)
			break
		}
		b.WriteString(t[:i])
		ph, def, _ := strings.Cut(t[i+1:i+j], ":")
		var sel []shell.Word
		switch ph {
		case "*":
			sel = ops
		case "1", "2", "3":
			n := int(ph[0] - '1')
			if n < len(ops) {
				sel = ops[n : n+1]
			}
		case "2*":
			if len(ops) > 1 {
				sel = ops[1:]
			}
		case "last":
			if len(ops) > 1 {
				sel = ops[len(ops)-1:]
			}
		case "init":
			if len(ops) > 1 {
				sel = ops[:len(ops)-1]
			} else {
				sel = ops
			}
		}
		used = true
		if len(sel) == 0 {
			b.WriteString(def)
		} else {
			b.WriteString(x.wordList(sel))
		}
		t = t[i+j+1:]
	}
	out := collapseSpaces(b.String())
	out = strings.ReplaceAll(out, " ()", "") // an empty {*} in parentheses
	if !used && len(ops) > 0 {
		out += " (" + x.wordList(ops) + ")"
	}
	return out
}

// collapseSpaces is strings.Join(strings.Fields(s), " "), without the two
// allocations in the usual case of a sentence already single-spaced: it
// runs for every risky command of a line, thousands on a long one.
func collapseSpaces(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			return strings.Join(strings.Fields(s), " ") // Unicode spaces
		case asciiSpace(c) && (c != ' ' || i == 0 || i == len(s)-1 || s[i-1] == ' '):
			clean = false
		}
	}
	if clean {
		return s
	}
	// ASCII with runs of blanks (an empty placeholder): one allocation.
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		for i < len(s) && asciiSpace(s[i]) {
			i++
		}
		start := i
		for i < len(s) && !asciiSpace(s[i]) {
			i++
		}
		if start < i {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s[start:i])
		}
	}
	return b.String()
}

// asciiSpace is the ASCII white space of strings.Fields.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// maxListed is how many operands a sentence names before "and N more".
const maxListed = 4

func (x *explainer) wordList(ws []shell.Word) string {
	var buf [maxListed + 1]string // the most parts listed: on the stack
	parts := buf[:0]
	for i, w := range ws {
		if i == maxListed && len(ws) > maxListed+1 {
			parts = append(parts, fmt.Sprintf("%d more", len(ws)-i))
			break
		}
		parts = append(parts, x.shown(w))
	}
	switch len(parts) {
	case 1:
		return parts[0]
	case 2:
		return parts[0] + " and " + parts[1]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// shown renders a word for the person: its literal value, or for a dynamic
// word the source text marked as known only at run time.
func (x *explainer) shown(w shell.Word) string {
	if !w.Dynamic {
		return code(w.Value)
	}
	if x.input.end > x.input.pos && w.Pos >= x.input.pos && w.End <= x.input.end {
		// The analyser stands in for xargs' input lines with a dynamic
		// word placed on the xargs wrapper.
		return "the input lines"
	}
	src := ""
	if w.Pos >= 0 && w.End <= len(x.src) && w.Pos < w.End {
		src = x.src[w.Pos:w.End]
	}
	if src == "" {
		return "a value known only at run time"
	}
	return code(src) + " (known only at run time)"
}

// code quotes a value from the command so that it cannot pass for
// Gatehouse's own words: backticks, control characters escaped, long values
// cut. Everything shown inside a code span comes from the agent.
// codeOf is code(s), kept for the last s: a long line mostly repeats
// its programs, and every command's reading names its program.
func (x *explainer) codeOf(s string) string {
	if s != x.lastCode || x.lastCoded == "" {
		x.lastCode, x.lastCoded = s, code(s)
	}
	return x.lastCoded
}

func code(s string) string {
	s = escape(clip(s, 80))
	if s == "" {
		return "`\"\"`"
	}
	if strings.Contains(s, "`") {
		return "«" + s + "»"
	}
	return "`" + s + "`"
}

// escape spells out characters that would make the shown text differ from
// what runs.
func escape(s string) string {
	if printableASCII(s) {
		return s // nothing to spell out, the usual case
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError ||
			(r >= 0x200b && r <= 0x200f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0xfeff:
			// Control, zero-width and bidirectional characters could make
			// the shown text differ from what runs.
			fmt.Fprintf(&b, `\u{%x}`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// printableASCII reports whether s is only printable ASCII (space to ~).
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// clip shortens s to at most n runes. It reads at most n+1 runes of s:
// a dynamic word can be most of a 64 KiB line, and nested substitutions
// show every level's word, so counting the whole string each time made
// explaining them quadratic.
func clip(s string, n int) string {
	if len(s) <= n {
		return s // n bytes are at most n runes
	}
	cut, count := 0, 0
	for i := range s {
		if count == n-1 {
			cut = i
		}
		if count == n {
			// A rune beyond the n-th: s is too long. Converting through
			// []rune spells invalid bytes as U+FFFD, as the shown text does.
			return string([]rune(s[:cut])) + "…"
		}
		count++
	}
	return s
}

// appendOnce appends s unless list holds it; for short lists only (callers
// with unbounded lists keep a set beside the list).
func appendOnce(list []string, s string) []string {
	for _, l := range list {
		if l == s {
			return list
		}
	}
	return append(list, s)
}

// commandModifiers explains what surrounds the program: assignments,
// redirections and wrappers.
func (x *explainer) commandModifiers(c *shell.Command) []string {
	var mods []string
	switch c.Name.Value {
	case "export", "declare", "typeset", "local", "readonly":
		// Their assignments are their operands, explained by the phrase.
	default:
		for _, a := range c.Assigns {
			mods = append(mods, fmt.Sprintf("with %s set to %s for this command", code(a.Name), x.shown(a.Value)))
		}
	}
	for _, rd := range c.Redirs {
		if m := x.redirPhrase(rd); m != "" {
			mods = append(mods, m)
		}
	}
	for i := len(c.Wrappers) - 1; i >= 0; i-- {
		mods = append(mods, x.wrapperPhrase(c.Wrappers[i]))
	}
	return mods
}

var discard = map[string]bool{"/dev/null": true}

func (x *explainer) redirPhrase(rd shell.Redir) string {
	t := x.shown(rd.Target)
	what := "its output"
	switch rd.FD {
	case "2":
		what = "its errors"
	case "", "1":
	default:
		if rd.Writes {
			what = "file descriptor " + rd.FD
		}
	}
	switch rd.Op {
	case "&>", "&>>", ">&":
		if rd.Op == ">&" && !rd.Writes {
			if rd.FD == "2" && rd.Target.Value == "1" {
				return "with errors sent to the same place as its output"
			}
			if rd.Target.Value == "2" {
				return "with its output sent to its error stream"
			}
			return ""
		}
		what = "its output and errors"
	}
	if !rd.Target.Dynamic && discard[rd.Target.Value] {
		if rd.Writes {
			return "discarding " + what
		}
		return "reading empty input"
	}
	switch rd.Op {
	case ">", "&>", ">&":
		return "writing " + what + " to " + t + " (replacing its contents)"
	case ">|":
		return "writing " + what + " to " + t + " (replacing it even if the shell forbids overwriting)"
	case ">>", "&>>":
		return "appending " + what + " to " + t
	case "<":
		return "reading its input from " + t
	case "<>":
		return "opening " + t + " for reading and writing"
	case "<<", "<<-":
		return "reading a here-document (the text up to " + t + ") as its input"
	case "<<<":
		return "reading the text " + t + " as its input"
	case "<&":
		return ""
	}
	if rd.Writes {
		return "writing to " + t
	}
	if rd.Reads {
		return "reading from " + t
	}
	return ""
}

// wrapperPhrase says how a wrapper changes the way the command runs.
func (x *explainer) wrapperPhrase(w shell.Wrapper) string {
	via := " (via " + code(w.Name) + ")"
	first := func() string {
		for i := 0; i < len(w.Args); i++ {
			a := w.Args[i]
			if a.Dynamic {
				return x.shown(a)
			}
			if strings.HasPrefix(a.Value, "-") {
				if (a.Value == "-s" || a.Value == "-k" || a.Value == "--signal" || a.Value == "--kill-after") && i+1 < len(w.Args) {
					i++
				}
				continue
			}
			return a.Value
		}
		return ""
	}
	switch w.Name {
	case "sudo", "doas", "pkexec", "run0":
		for i, a := range w.Args {
			if (a.Value == "-u" || a.Value == "--user") && i+1 < len(w.Args) {
				return "as the user " + x.shown(w.Args[i+1]) + via
			}
			if strings.HasPrefix(a.Value, "--user=") {
				return "as the user " + code(strings.TrimPrefix(a.Value, "--user=")) + via
			}
		}
		return "as root" + via
	case "timeout":
		d := first()
		if d == "" {
			return "with a time limit" + via
		}
		if strings.Trim(d, "0123456789.") == "" {
			d += " seconds"
		}
		return "for at most " + d + via
	case "xargs":
		return "for each input line, with the line as arguments" + via
	case "env":
		if len(w.Args) > 0 && !strings.HasPrefix(w.Args[0].Value, "-") {
			return "through " + code("env")
		}
		var set []string
		for _, a := range w.Args {
			if n, _, ok := strings.Cut(a.Value, "="); ok && !strings.HasPrefix(a.Value, "-") && !a.Dynamic {
				set = append(set, code(n))
			}
		}
		if len(set) > 0 {
			return "with " + strings.Join(set, ", ") + " set in its environment" + via
		}
		return "with a changed environment" + via
	case "nice":
		return "at lower CPU priority" + via
	case "ionice":
		return "at lower disk priority" + via
	case "nohup":
		return "ignoring hangups, so it keeps running after the terminal closes" + via
	case "time":
		return "reporting how long it took" + via
	case "stdbuf", "unbuffer":
		return "with changed output buffering" + via
	case "command", "builtin":
		return "bypassing shell functions and aliases" + via
	case "exec":
		return "replacing the current shell" + via
	case "setsid":
		return "in a new session, detached from the terminal" + via
	case "flock":
		if f := first(); f != "" {
			return "while holding the lock file " + code(f) + via
		}
		return "while holding a lock" + via
	case "watch":
		return "again every few seconds" + via
	case "caffeinate":
		return "keeping the machine awake" + via
	case "chrt", "taskset":
		return "with changed scheduling" + via
	}
	return "run by " + code(w.Name)
}

// maxMods is how many modifiers a sentence spells out; a command with
// thousands of redirections or wrappers gets a count for the rest (each
// one that carries a risk is still among the risks).
const maxMods = 8

// withMods appends modifiers: "(...)" asides with a space, others after a
// comma.
func withMods(s string, mods []string) string {
	if len(mods) == 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s)
	for i, m := range mods {
		if i == maxMods {
			fmt.Fprintf(&b, ", and %s more not listed here", count(len(mods)-i))
			break
		}
		if strings.HasPrefix(m, "(") {
			b.WriteString(" ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(m)
	}
	return b.String()
}

// phrases is a list of distinct phrases in the order first added. Small
// lists are searched; a set is kept once the list grows, so that a command
// with thousands of options or operands is not quadratic.
type phrases struct {
	list []string
	seen map[string]bool
}

func (p *phrases) add(s string) {
	if p.seen == nil && len(p.list) < 16 {
		p.list = appendOnce(p.list, s)
		return
	}
	if p.seen == nil {
		p.seen = make(map[string]bool, 2*len(p.list))
		for _, l := range p.list {
			p.seen[l] = true
		}
	}
	if !p.seen[s] {
		p.seen[s] = true
		p.list = append(p.list, s)
	}
}

// span is a byte range in the command.
type span struct{ pos, end int }
