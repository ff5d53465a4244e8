package shell

import (
	"fmt"
	"path"
	"strings"
	"sync"
)

// wrapperSpec describes a program that runs the command given after its
// own options and operands (sudo, timeout, xargs...). The specs are data,
// in effects_table.go.
type wrapperSpec struct {
	// Options is the wrapper's option grammar ("-s= -k= --signal=").
	Options string
	// Long: GNU-style long options that may be abbreviated.
	Long bool
	// Numeric: "-10" is an option (nice -10 cmd).
	Numeric bool
	// Operands is how many operands come before the wrapped command
	// (timeout DURATION, flock FILE, chrt PRIORITY, taskset MASK).
	Operands int
	// OptionsAfterOperands: options may also follow the operands
	// (flock FILE -c CMD).
	OptionsAfterOperands bool
	// OperandRules give the wrapper's own operands effects (flock creates
	// its lock file).
	OperandRules []operandRule
	// NoCommand lists options after which nothing is run (command -v,
	// taskset -p): the wrapper is then the command itself.
	NoCommand string
	// Assignments: NAME=value operands before the command set the
	// environment (env).
	Assignments bool
	// Default is the program run when no command is given (xargs: echo).
	Default string
	// Stdin: further arguments come from standard input (xargs), so the
	// wrapped command has arguments that are not in the line.
	Stdin bool
	// ShellString: the wrapped words are joined and run by sh -c (watch)
	// unless one of ExecDirect is given. The wrapper then stays the
	// command, and the line it runs is analysed as nested code.
	ShellString bool
	ExecDirect  string
	// Undetermined lists options that make the wrapped command impossible
	// to know from the line (env -S splits a string into a command line).
	Undetermined string
	// Effects apply to the wrapped command because of the wrapper itself
	// (sudo: privilege).
	Effects []effectSpec
	// Opts are the wrapper's options with effects of their own (time -o
	// FILE writes FILE, xargs -a FILE reads FILE).
	Opts []optionSpec

	once sync.Once
	syn  *optSyntax
}

// systemDirs are where a wrapper named by an absolute path is trusted to be
// the real one. "./env" is a project script, not env.
var systemDirs = map[string]bool{
	"/bin": true, "/sbin": true, "/usr/bin": true, "/usr/sbin": true,
	"/usr/local/bin": true, "/usr/local/sbin": true, "/opt/homebrew/bin": true,
}

// programName is the table key for a command name: the name itself, or the
// base name of an absolute path in a system directory. ok is false for
// other paths (./tool, bin/tool), which are project programs.
func programName(name string) (string, bool) {
	if !strings.Contains(name, "/") {
		return name, name != ""
	}
	dir, base := path.Split(name)
	if systemDirs[path.Clean(dir)] && base != "" {
		return base, true
	}
	return "", false
}

// unwrap peels wrappers off the front of words, records them on cmd and
// returns the words of the wrapped command (name first). When a wrapper's
// options cannot be understood, decided is true: cmd already has a Dynamic
// name, so that callers ask.
// maxWrappers bounds how many wrappers are peeled off one command. Each
// peel re-reads the words after it, so `sudo sudo … ls` with thousands of
// wrappers would cost quadratic time on the hook's hot path; no real command
// nests this deep, and past the bound the command run counts as unknown.
const maxWrappers = 32

func (a *analysis) unwrap(cmd *Command, words []Word) (rest []Word, decided bool) {
	depth := 0
	for len(words) > 0 && !words[0].Dynamic {
		name, ok := programName(words[0].Value)
		if !ok {
			return words, false
		}
		spec := a.lookup(name).wrapper
		if spec == nil {
			return words, false
		}
		if depth++; depth > maxWrappers {
			w := Wrapper{Name: name, Pos: words[0].Pos, End: words[0].End}
			a.wrapperUnknown(cmd, w, words[0], words[1:], words[0].Pos, words[0].End,
				fmt.Sprintf("more than %d wrappers in a row, so the command they run is not analysed", maxWrappers))
			return nil, true
		}
		if name == "command" || name == "builtin" || name == "exec" {
			// Pure shell builtins: a path does not make them builtins.
			if words[0].Value != name {
				return words, false
			}
		}
		args := words[1:]
		syn := spec.syntax()
		// Most wrappers have a few words and options: read without an
		// allocation.
		var operandBuf [16]int
		var optBuf [4]parsedOpt
		parsed := syn.parseInto(args, operandBuf[:0], optBuf[:0])
		if spec.NoCommand != "" && parsed.has(strings.Fields(spec.NoCommand)...) {
			return words, false
		}
		w := Wrapper{Name: name, Pos: words[0].Pos, End: words[0].End}
		next := len(args)
		if parsed.ended >= 0 {
			next = parsed.ended
		}
		// Effects of the wrapper's own options land on the wrapped command.
		a.optionEffects(cmd, spec.Opts, syn.specs, parsed, args)
		for _, o := range parsed.opts {
			if o.Unknown || parsed.dynamicOpt {
				a.wrapperUnknown(cmd, w, words[0], args, o.Pos, o.End,
					fmt.Sprintf("%s: option %s is not understood, so the command it runs is unknown", name, strings.Join(o.Names, "|")))
				return nil, true
			}
			if spec.Undetermined != "" && matchesAny(o.Names, spec.Undetermined) {
				a.wrapperUnknown(cmd, w, words[0], args, o.Pos, o.End,
					fmt.Sprintf("%s %s runs a command line built from a string", name, o.Names[0]))
				return nil, true
			}
		}
		if parsed.dynamicOpt {
			a.wrapperUnknown(cmd, w, words[0], args, words[0].Pos, words[0].End,
				fmt.Sprintf("%s has a dynamic option, so the command it runs is unknown", name))
			return nil, true
		}
		// Operands of the wrapper itself (timeout's duration, flock's file).
		first := next
		for n := 0; n < spec.Operands && next < len(args); n++ {
			next++
		}
		a.operandEffects(cmd, spec.OperandRules, args[first:next])
		if spec.OptionsAfterOperands && next < len(args) {
			more := syn.parse(args[next:])
			for _, o := range more.opts {
				if o.Unknown || more.dynamicOpt || spec.Undetermined != "" && matchesAny(o.Names, spec.Undetermined) {
					a.wrapperUnknown(cmd, w, words[0], args, o.Pos, o.End,
						fmt.Sprintf("%s %s: the command it runs cannot be told from the line", name, o.Names[0]))
					return nil, true
				}
			}
			if more.ended >= 0 {
				next += more.ended
			} else {
				next = len(args)
			}
		}
		if spec.Assignments {
			for next < len(args) {
				arg := args[next]
				// env takes every NAME=VALUE word before the command as an
				// assignment, whatever NAME is (BASH_FUNC_f%%=() {...}).
				k, v, isAssign := strings.Cut(arg.Value, "=")
				if arg.Dynamic || !isAssign || k == "" {
					break
				}
				cmd.Assigns = append(cmd.Assigns, Assign{Name: k, Value: Word{
					Value: v, Pos: arg.Pos + len(k) + 1, End: arg.End,
				}})
				next++
			}
		}
		if next > len(args) {
			next = len(args)
		}
		if next > 0 {
			w.Args = append(a.wordSlice(next), args[:next]...)
			w.End = w.Args[len(w.Args)-1].End
		}
		if cmd.Wrappers == nil {
			cmd.Wrappers = a.wrapperSlice(1) // most commands have one wrapper at most
		}
		cmd.Wrappers = append(cmd.Wrappers, w)
		for _, fx := range spec.Effects {
			cmd.Effects = append(cmd.Effects, Effect{Kind: fx.Kind, Reason: fx.Reason, Pos: w.Pos, End: w.End})
		}
		// The wrapped command's words are the rest of this command's words,
		// not a copy: copying them for each of up to maxWrappers wrappers
		// made long wrapper chains quadratic. Only stdinArgs changes them,
		// and they are this command's own words (its Args), shared with
		// nothing else; its append copies (the slice's capacity ends here).
		rest := args[next:]
		if len(rest) == 0 {
			if spec.Default == "" {
				// Nothing to run: the wrapper is the command (env alone
				// prints the environment, nohup alone fails).
				cmd.Wrappers = cmd.Wrappers[:len(cmd.Wrappers)-1]
				cmd.Effects = cmd.Effects[:len(cmd.Effects)-len(spec.Effects)]
				return words, false
			}
			rest = []Word{{Value: spec.Default, Pos: w.Pos, End: w.End}}
		}
		if spec.ShellString && !(spec.ExecDirect != "" && parsed.has(strings.Fields(spec.ExecDirect)...)) {
			// watch joins its arguments into a line for sh -c: it stays the
			// command, and nested() analyses the line it runs.
			cmd.Wrappers = cmd.Wrappers[:len(cmd.Wrappers)-1]
			cmd.Effects = append(cmd.Effects[:len(cmd.Effects)-len(spec.Effects)], Effect{
				Kind: EffectExec, Pos: rest[0].Pos, End: rest[len(rest)-1].End,
				Reason: name + " runs its arguments as a shell command line",
			})
			return words, false
		}
		if spec.Stdin {
			rest = a.stdinArgs(rest, parsed, w)
		}
		words = rest
	}
	return words, false
}

// stdinArgs marks where xargs puts the words it reads from stdin: with -I
// or -i the words containing the replacement string, otherwise one extra
// dynamic argument at the end.
func (a *analysis) stdinArgs(rest []Word, parsed parsedArgs, w Wrapper) []Word {
	replace := ""
	if o, ok := parsed.find("-I", "--replace"); ok {
		replace = o.Value.Value
		if replace == "" && o.Names[0] == "--replace" {
			replace = "{}"
		}
	}
	if o, ok := parsed.find("-i"); ok {
		replace = "{}"
		if o.HasValue {
			replace = o.Value.Value
		}
	}
	if replace != "" {
		for i := range rest {
			if strings.Contains(rest[i].Value, replace) {
				rest[i].Dynamic = true
			}
		}
		return rest
	}
	return append(rest, Word{Dynamic: true, Pos: w.Pos, End: w.End})
}

// wrapperUnknown records a wrapper whose wrapped command cannot be told: the
// command gets a Dynamic name and an execution effect.
func (a *analysis) wrapperUnknown(cmd *Command, w Wrapper, name Word, args []Word, pos, end int, reason string) {
	w.Args = args
	if len(args) > 0 {
		w.End = args[len(args)-1].End
	}
	cmd.Wrappers = append(cmd.Wrappers, w)
	cmd.Name = Word{Dynamic: true, Pos: pos, End: end}
	cmd.Args = append([]Word(nil), args...)
	cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Reason: reason, Pos: pos, End: end})
}

func (s *wrapperSpec) syntax() *optSyntax {
	s.once.Do(func() {
		syn := &optSyntax{abbrev: s.Long, numeric: s.Numeric, stopAtOperand: true}
		syn.addOptions(s.Options)
		syn.addOptions(s.NoCommand)
		syn.addOptions(s.Undetermined)
		syn.addOptions(s.ExecDirect)
		for _, o := range s.Opts {
			syn.addOptions(o.Names)
		}
		syn.specs = indexSpecs(s.Opts)
		s.syn = syn
	})
	return s.syn
}

// optionLists caches option lists split into bare names: the tables are
// fixed, and splitting them on every match dominated the analysis time.
var optionLists sync.Map // string -> []string

func listNames(list string) []string {
	if v, ok := optionLists.Load(list); ok {
		return v.([]string)
	}
	var names []string
	for _, n := range strings.Fields(list) {
		names = append(names, strings.TrimRight(n, "=?"))
	}
	optionLists.Store(list, names)
	return names
}

func matchesAny(names []string, list string) bool {
	for _, want := range listNames(list) {
		for _, n := range names {
			if n == want {
				return true
			}
		}
	}
	return false
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9' {
			continue
		}
		return false
	}
	return true
}
