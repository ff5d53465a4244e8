package shell

import (
	"slices"
	"strings"
)

// argKind says whether an option takes a value.
type argKind uint8

const (
	flagArg     argKind = iota + 1 // -v
	valueArg                       // -o FILE, -oFILE, --output FILE, --output=FILE
	optionalArg                    // -iSUF, --in-place[=SUF]: the value only when attached
	pairArg                        // --rawfile NAME FILE: two values, the second one kept
)

// optSyntax is the option grammar of one program, built from the option
// lists of the data tables ("-o= --output= -v --in-place=?").
type optSyntax struct {
	short map[byte]argKind
	long  map[string]argKind
	// abbrev: long options may be abbreviated to any unambiguous prefix
	// (GNU getopt_long, git's parse-options). "--ext" is "--ext-diff".
	abbrev bool
	// stopAtOperand: options end at the first operand (POSIX getopt, and
	// every program that runs another command: timeout, sudo, xargs, git's
	// global options).
	stopAtOperand bool
	// numeric: "-10" is a flag (nice -10, head -5, kill -9).
	numeric bool
	// singleDashLong: options are words like "-exec" (find) or "-name".
	singleDashLong bool
	// specs lists, for each option name, the option specs (indexes in the
	// program's or wrapper's Opts) that name it: optionEffects looks an
	// option up rather than matching it against every spec (curl has
	// dozens, and a line can have thousands of curl -fsSL).
	specs map[string][]int
}

// indexSpecs builds optSyntax.specs for specs.
func indexSpecs(specs []optionSpec) map[string][]int {
	m := map[string][]int{}
	for si, spec := range specs {
		for _, n := range listNames(spec.Names) {
			if l := m[n]; len(l) == 0 || l[len(l)-1] != si {
				m[n] = append(l, si)
			}
		}
	}
	return m
}

// addOptions adds a space-separated option list to the grammar. A trailing
// "=" marks an option that takes a value, "=?" one whose value must be
// attached.
func (s *optSyntax) addOptions(list string) {
	if s.short == nil {
		s.short = map[byte]argKind{}
		s.long = map[string]argKind{}
	}
	for _, name := range strings.Fields(list) {
		kind := flagArg
		switch {
		case strings.HasSuffix(name, "=="):
			kind, name = pairArg, strings.TrimSuffix(name, "==")
		case strings.HasSuffix(name, "=?"):
			kind, name = optionalArg, strings.TrimSuffix(name, "=?")
		case strings.HasSuffix(name, "="):
			kind, name = valueArg, strings.TrimSuffix(name, "=")
		}
		switch {
		case strings.HasPrefix(name, "--") || s.singleDashLong:
			if old, ok := s.long[name]; !ok || kind > old {
				s.long[name] = kind
			}
		case len(name) == 2 && name[0] == '-':
			if old, ok := s.short[name[1]]; !ok || kind > old {
				s.short[name[1]] = kind
			}
		}
	}
}

// parsedOpt is one option found in a command's arguments.
type parsedOpt struct {
	// Names is the canonical option ("-o", "--output"); an ambiguous
	// abbreviation lists every candidate, so that every candidate's effect
	// is reported.
	Names    []string
	Value    Word // the value, when the option took one
	HasValue bool
	Unknown  bool // not in the grammar
	Pos, End int  // the option word(s) in the source
	Word     int  // index of the option word in the argument list
}

// parsedArgs is a command's argument list split into options and operands.
type parsedArgs struct {
	opts     []parsedOpt
	operands []int // indexes into the argument list
	// ended is the index of the first operand when options stopped there
	// (stopAtOperand), else -1.
	ended int
	// dynamicOpt is set when a dynamic word stands where an option could
	// be: the program's behaviour cannot be known.
	dynamicOpt bool
	// dashdash is the position in operands of the first operand after
	// "--", or -1.
	dashdash int
}

// parse splits args by the grammar. Unknown options are kept (Unknown) and
// taken to be flags: a caller that must know the command's shape (a
// wrapper) treats them as "cannot tell".
func (s *optSyntax) parse(args []Word) parsedArgs {
	if len(args) == 0 {
		return s.parseInto(args, nil, nil)
	}
	// Every word is at most one operand.
	return s.parseInto(args, make([]int, 0, len(args)), nil)
}

// parseInto is parse with the operand list built in buf and the options in
// optBuf (both empty and appended to, so any capacity will do: a caller's
// small array keeps a short command's reading off the heap; nil to
// allocate when needed).
func (s *optSyntax) parseInto(args []Word, buf []int, optBuf []parsedOpt) parsedArgs {
	out := parsedArgs{ended: -1, dashdash: -1}
	if len(args) == 0 {
		return out
	}
	out.operands = buf[:0]
	if cap(optBuf) > 0 {
		out.opts = optBuf[:0]
	}
	// A flag (an option without a value) repeated in one command is kept
	// at its first maxRepeatedFlag places: git clean -fdx -fdx … repeated
	// to 64 KiB made 39,000 options that say what the first one says.
	// Counted in a set only once a command has many options.
	var flags map[string]uint8
	add := func(o parsedOpt, left int) {
		if !o.HasValue && len(o.Names) == 1 && len(out.opts) >= 4*maxRepeatedFlag {
			if flags == nil {
				flags = map[string]uint8{}
				for _, p := range out.opts {
					if !p.HasValue && len(p.Names) == 1 && flags[p.Names[0]] < maxRepeatedFlag {
						flags[p.Names[0]]++
					}
				}
			}
			if flags[o.Names[0]] >= maxRepeatedFlag {
				return
			}
			flags[o.Names[0]]++
		}
		out.opts = addOpt(out.opts, left, o)
	}
	for i := 0; i < len(args); i++ {
		w := args[i]
		if w.Dynamic {
			if len(out.operands) == 0 || !s.stopAtOperand {
				out.dynamicOpt = true
			}
			out.operands = append(out.operands, i)
			if s.stopAtOperand {
				out.ended = i
				for j := i + 1; j < len(args); j++ {
					out.operands = append(out.operands, j)
				}
				return out
			}
			continue
		}
		v := w.Value
		if v == "--" && !s.singleDashLong {
			out.dashdash = len(out.operands)
			for j := i + 1; j < len(args); j++ {
				out.operands = append(out.operands, j)
			}
			if i+1 < len(args) {
				out.ended = i + 1
			}
			return out
		}
		if len(v) < 2 || v[0] != '-' {
			out.operands = append(out.operands, i)
			if s.stopAtOperand {
				out.ended = i
				for j := i + 1; j < len(args); j++ {
					out.operands = append(out.operands, j)
				}
				return out
			}
			continue
		}
		switch {
		case strings.HasPrefix(v, "--") || s.singleDashLong:
			name, val, hasEq := strings.Cut(v, "=")
			names, kind := s.lookupLong(name)
			if names == nil && s.singleDashLong && strings.HasPrefix(name, "--") {
				// Go's flag package (go, terraform) takes -flag and --flag alike.
				names, kind = s.lookupLong(name[1:])
			}
			o := parsedOpt{Names: names, Pos: w.Pos, End: w.End, Word: i}
			if names == nil {
				o.Names, o.Unknown = []string{name}, true
			}
			switch {
			case hasEq:
				o.Value = Word{Value: val, Pos: w.Pos + len(name) + 1, End: w.End}
				o.HasValue = true
			case kind == valueArg && i+1 < len(args) && abbreviated(name, o.Names) && !args[i+1].Dynamic && strings.HasPrefix(args[i+1].Value, "-"):
				// An abbreviation the table resolves to an option with a
				// value, followed by an option: if the program has an
				// option of exactly this name that the table lacks (pip's
				// --pre beside --prefix), the next word is an option the
				// program reads, not a value. Neither reading is certain.
				o.Unknown = true
			case kind == valueArg && i+1 < len(args):
				i++
				o.Value, o.HasValue, o.End = args[i], true, args[i].End
			case kind == pairArg && i+2 < len(args):
				i += 2
				o.Value, o.HasValue, o.End = args[i], true, args[i].End
			}
			add(o, len(args)-i)
		case s.numeric && isDigits(v[1:]):
			add(parsedOpt{Names: []string{v}, Pos: w.Pos, End: w.End, Word: i}, len(args)-i)
		default:
			// A cluster of short options: -xzf FILE, -n10, -oFILE.
			for j := 1; j < len(v); j++ {
				c := v[j]
				o := parsedOpt{Names: shortNames[c], Pos: w.Pos, End: w.End, Word: i}
				kind, ok := s.short[c]
				if !ok {
					o.Unknown = true
				}
				if kind == valueArg || kind == optionalArg {
					if j+1 < len(v) {
						o.Value = Word{Value: v[j+1:], Pos: min(w.Pos+j+1, w.End), End: w.End}
						o.HasValue = true
					} else if kind == valueArg && i+1 < len(args) {
						i++
						o.Value, o.HasValue, o.End = args[i], true, args[i].End
					}
					add(o, len(args)-i)
					break
				}
				add(o, len(args)-i)
			}
		}
	}
	return out
}

// abbreviated reports that name was resolved to names as an abbreviation.
func abbreviated(name string, names []string) bool {
	return len(names) != 1 || names[0] != name
}

// shortNames holds the Names of every short option "-c", built once: the
// lists are shared and never modified.
var shortNames = func() (t [256][]string) {
	for c := range t {
		t[c] = []string{"-" + string(byte(c))}
	}
	return t
}()

// lookupLong finds a long option, allowing unambiguous (or, conservatively,
// ambiguous: every candidate counts) abbreviations when the program accepts
// them.
func (s *optSyntax) lookupLong(name string) ([]string, argKind) {
	if k, ok := s.long[name]; ok {
		return []string{name}, k
	}
	if !s.abbrev || len(name) < 3 {
		return nil, 0
	}
	var names []string
	var kind argKind
	for n, k := range s.long {
		if strings.HasPrefix(n, name) {
			names = append(names, n)
			kind = max(kind, k)
		}
	}
	slices.Sort(names)
	return names, kind
}

// addOpt appends an option, sizing the list for the n words left.
func addOpt(opts []parsedOpt, n int, o parsedOpt) []parsedOpt {
	if len(opts) == cap(opts) {
		// Full (or the caller's small buffer): room for every word left
		// at once, not one doubling after another (git push -f -f …).
		opts = slices.Grow(opts, max(n, len(opts), 1))
	}
	return append(opts, o)
}

// has reports whether the option list contains any of the named options.
func (p parsedArgs) has(names ...string) bool {
	_, ok := p.find(names...)
	return ok
}

func (p parsedArgs) find(names ...string) (parsedOpt, bool) {
	for _, o := range p.opts {
		for _, n := range o.Names {
			for _, want := range names {
				if n == want {
					return o, true
				}
			}
		}
	}
	return parsedOpt{}, false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
