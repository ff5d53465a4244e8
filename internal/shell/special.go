package shell

import (
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// This file holds the grammars that getopt cannot describe: find's
// expression, dd's key=value operands, tar's bundled first word, and the
// script languages of sed and awk whose programs can run or write. The
// table decides which program uses which grammar (program.Style,
// program.Script).

// subscriptReason is why a variable name with a subscript runs code.
const subscriptReason = "a variable name with a subscript (a[…]) has the subscript evaluated as arithmetic, which runs the command substitutions in it, even quoted"

// nameOperands are the builtins that take variable names as words, with
// the options whose value is a name and the options that take another
// value. bash evaluates the subscript of such a name (unset 'a[$(id)]',
// read 'a[$(id)]', printf -v 'a[$(id)]', test -v 'a[$(id)]', wait -p …)
// even though the word is quoted, so a name with a "[" runs code.
var nameOperands = map[string]struct {
	operands      bool   // its operands are names
	nameOpts      string // options whose value is a name
	valueOpts     string // options that take another value
	firstOperands int    // operands before the names (getopts OPTSTRING)
}{
	"unset":     {operands: true},
	"read":      {operands: true, nameOpts: "a", valueOpts: "dinNptu"},
	"mapfile":   {operands: true, valueOpts: "dnOsuCc"},
	"readarray": {operands: true, valueOpts: "dnOsuCc"},
	"printf":    {nameOpts: "v"},
	"wait":      {nameOpts: "p"},
	"getopts":   {operands: true, firstOperands: 1},
	"test":      {nameOpts: "vR"},
	"[":         {nameOpts: "vR"},
}

// subscriptNames flags the name operands of nameOperands that hold a
// subscript or are not literal.
func (a *analysis) subscriptNames(cmd *Command) {
	spec, ok := nameOperands[cmd.Name.Value]
	if !ok || cmd.Name.Dynamic {
		return
	}
	flag := func(w Word) {
		if w.Dynamic || strings.Contains(w.Value, "[") {
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: w.Pos, End: w.End, Reason: subscriptReason})
		}
	}
	test := cmd.Name.Value == "test" || cmd.Name.Value == "["
	opts, operands := !test, 0
	for i := 0; i < len(cmd.Args); i++ {
		w := cmd.Args[i]
		if test {
			// test's -v takes the next word wherever it stands.
			if !w.Dynamic && (w.Value == "-v" || w.Value == "-R") && i+1 < len(cmd.Args) {
				flag(cmd.Args[i+1])
				i++
			}
			continue
		}
		if opts && !w.Dynamic && w.Value == "--" {
			opts = false
			continue
		}
		if opts && (w.Dynamic || strings.HasPrefix(w.Value, "-") && len(w.Value) > 1) {
			if w.Dynamic {
				// An option computed when the line runs may be -v NAME.
				cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: w.Pos, End: w.End,
					Reason: "an option computed when the line runs may be one that assigns a variable (" + cmd.Name.Value + " -v NAME), whose subscript bash evaluates"})
				continue
			}
			// A cluster like -ra NAME or -vNAME.
			for j := 1; j < len(w.Value); j++ {
				c := w.Value[j]
				name, value := strings.IndexByte(spec.nameOpts, c) >= 0, strings.IndexByte(spec.valueOpts, c) >= 0
				if !name && !value {
					continue
				}
				if j+1 < len(w.Value) {
					if name {
						flag(Word{Value: w.Value[j+1:], Pos: w.Pos, End: w.End})
					}
				} else if i+1 < len(cmd.Args) {
					i++
					if name {
						flag(cmd.Args[i])
					}
				}
				break
			}
			continue
		}
		opts = false
		if spec.operands && operands >= spec.firstOperands {
			flag(w)
		}
		operands++
	}
}

// loaderFamilies are families of variables that change how programs load
// or what they run, beyond the names of the program knowledge base
// (sensitiveVariables): interpreters' start-up and module variables,
// bash's own, prompts, proxies and certificate stores (where the network
// goes), option and flag variables that programs read as command-line
// options (PYTEST_ADDOPTS='-p plugin', RUSTFLAGS='-C linker=…'), and the
// C library's loader. Matched by prefix, and for the *_OPTS style names by
// suffix, case-insensitively.
var loaderFamilies = struct{ prefixes, suffixes, names []string }{
	prefixes: []string{"PYTHON", "PERL", "RUBY", "NODE_", "BASH", "PS0", "PS1", "PS2", "PS3", "PS4", "JAVA", "_JAVA", "JDK_",
		"LESS", "MAN", "GREP_", "PYTEST_", "RUSTC", "RUSTDOC", "CGO_", "GLIBC_", "MALLOC_", "OPENSSL_", "SSL_", "XDG_",
		"TERMINFO", "ZSH", "ZDOTDIR", "GCONV", "LOCPATH", "NLSPATH", "HOSTALIASES", "RES_OPTIONS", "LD_", "DYLD_",
		"GIT_", "HG", "SVN_", "DOCKER", "KUBE", "AWS_", "GOOGLE_", "AZURE_", "CLOUDSDK_", "NPM_", "YARN_", "PNPM_",
		"PIP_", "UV_", "POETRY_", "CONDA", "VIRTUAL_ENV", "GEM_", "BUNDLE_", "COMPOSER", "CARGO_", "RUSTUP_", "GO"},
	suffixes: []string{"_OPTIONS", "_OPTS", "FLAGS", "_PROXY", "_CA_BUNDLE", "_CA_CERTS", "_CONFIG", "_HOME", "_PATH", "_RC"},
	names: []string{"ENV", "IFS", "SHELLOPTS", "BASHOPTS", "CDPATH", "GLOBIGNORE", "HISTFILE", "PROMPT_COMMAND", "EXECIGNORE",
		"FUNCNEST", "POSIXLY_CORRECT", "INPUTRC", "TMPDIR", "HOME", "PATH", "SHELL", "EDITOR", "VISUAL", "PAGER", "BROWSER",
		"OPTIND", "OPTARG", "MAKE", "CC", "CXX", "CPP", "AR", "LD", "AS"},
}

// LoaderVariable reports a variable whose value changes how programs load
// or what they run, with why: the knowledge base's names, then
// loaderFamilies. A variable it does not report is data to the programs
// that read it. (GO covers GOFLAGS, GOTOOLCHAIN, GOPROXY, GOROOT…: a
// build's GOOS or GOARCH counts too, and asks.)
func LoaderVariable(name string) (string, bool) {
	if r, ok := sensitiveVariable(name); ok {
		return r, true
	}
	if plainSettings[name] {
		return "", false
	}
	up := strings.ToUpper(name)
	for _, n := range loaderFamilies.names {
		if up == n {
			return "changes how the shell or its programs behave", true
		}
	}
	for _, p := range loaderFamilies.prefixes {
		if strings.HasPrefix(up, p) {
			return "belongs to a family of variables that change how programs load or what they run (" + p + "…)", true
		}
	}
	for _, s := range loaderFamilies.suffixes {
		if strings.HasSuffix(up, s) {
			return "is read by programs as options, a proxy, certificates or a configuration path (…" + s + ")", true
		}
	}
	return "", false
}

// plainSettings are members of loaderFamilies known to select only a
// target, a mode or a number (GOOS=linux go build, CGO_ENABLED=0,
// NODE_ENV=test, PYTHONUNBUFFERED=1): they load nothing.
var plainSettings = map[string]bool{
	"GOOS": true, "GOARCH": true, "GOARM": true, "GOAMD64": true, "GOMAXPROCS": true, "GOGC": true,
	"GOTRACEBACK": true, "CGO_ENABLED": true, "NODE_ENV": true, "PYTHONUNBUFFERED": true,
	"PYTHONDONTWRITEBYTECODE": true, "PYTHONHASHSEED": true, "PYTHONIOENCODING": true, "PYTHONUTF8": true,
}

// loaderAssignments flags the assignments loaderFamilies covers that the
// knowledge base does not (it flags its own in assignEffects): on a
// command they are in its environment, alone they may change a variable
// the shell already exports.
func (a *analysis) loaderAssignments(cmd *Command) {
	for _, as := range cmd.Assigns {
		if _, known := sensitiveVariable(as.Name); known {
			continue
		}
		if reason, ok := LoaderVariable(as.Name); ok {
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectEnv, Path: as.Name,
				Pos: max(as.Value.Pos-len(as.Name)-1, 0), End: as.Value.End,
				Reason: "sets " + as.Name + ", which " + reason})
		}
	}
}

// builtinOpt is one option of a builtin, with its value when it takes one.
type builtinOpt struct {
	letter   byte
	value    Word
	hasValue bool
	at       Word // the word holding the option
}

// builtinOpts reads a builtin's short options (clusters such as -rC,
// values joined or in the next word for the letters of valued) up to the
// first operand or "--". A dynamic word ends the options and is reported
// with letter 0: it may be any option.
func builtinOpts(args []Word, valued string) []builtinOpt {
	var out []builtinOpt
	for i := 0; i < len(args); i++ {
		w := args[i]
		if w.Dynamic {
			return append(out, builtinOpt{at: w})
		}
		if w.Value == "--" || len(w.Value) < 2 || w.Value[0] != '-' {
			return out
		}
		for j := 1; j < len(w.Value); j++ {
			o := builtinOpt{letter: w.Value[j], at: w}
			if strings.IndexByte(valued, o.letter) >= 0 {
				o.hasValue = true
				if j+1 < len(w.Value) {
					o.value = Word{Value: w.Value[j+1:], Pos: w.Pos, End: w.End}
				} else if i+1 < len(args) {
					i++
					o.value = args[i]
				} else {
					o.hasValue = false
				}
				out = append(out, o)
				break
			}
			out = append(out, o)
		}
	}
	return out
}

// builtinCode lists, per builtin, the options that make it run shell code:
// mapfile -C runs its callback, compgen and complete run -C commands and
// -F functions and expand their -W word lists like the shell (running the
// substitutions in them), fc runs an editor and then the edited commands
// (or, with -s, a command from the history), bind -x binds a key to a
// command. valued are the options that take a value.
var builtinCode = map[string]struct{ code, valued string }{
	"mapfile":   {code: "C", valued: "dnOsuCc"},
	"readarray": {code: "C", valued: "dnOsuCc"},
	"compgen":   {code: "CFW", valued: "ACFGWXPSo"},
	"complete":  {code: "CFW", valued: "ACFGWXPSo"},
	"bind":      {code: "xf", valued: "mqurfx"},
}

// builtinEffects adds what builtins do through their options that the
// option grammar of the knowledge base does not say: running code, and
// history's reading and writing of files.
func (a *analysis) builtinEffects(cmd *Command) {
	if cmd.Name.Dynamic {
		return
	}
	name := cmd.Name.Value
	if spec, ok := builtinCode[name]; ok {
		for _, o := range builtinOpts(cmd.Args, spec.valued) {
			if o.letter == 0 || strings.IndexByte(spec.code, o.letter) >= 0 {
				cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: o.at.Pos, End: max(o.at.End, o.value.End),
					Reason: name + " -" + string(rune(max(o.letter, '?'))) + " runs shell code (a callback, a command, a function or an expanded word list)"})
			}
		}
		return
	}
	switch name {
	case "fc":
		// Only fc -l lists; anything else edits and runs commands.
		opts := builtinOpts(cmd.Args, "e")
		list := false
		for _, o := range opts {
			list = list || o.letter == 'l'
		}
		if !list {
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: cmd.Name.Pos, End: cmd.End,
				Reason: "fc runs an editor and then the commands edited, or re-runs a command from the history"})
		}
	case "history":
		// history -r/-n FILE reads it, -w/-a FILE writes it (HISTFILE
		// without one), even in a shell that keeps no history.
		opts := builtinOpts(cmd.Args, "d")
		var file *Word
		for i := range cmd.Args {
			if w := cmd.Args[i]; w.Dynamic || !strings.HasPrefix(w.Value, "-") {
				file = &cmd.Args[i]
				break
			}
		}
		for _, o := range opts {
			kind, verb := EffectKind(""), ""
			switch o.letter {
			case 'r', 'n':
				kind, verb = EffectRead, "reads"
			case 'w', 'a':
				kind, verb = EffectWrite, "writes"
			default:
				continue
			}
			e := Effect{Kind: kind, Pos: o.at.Pos, End: o.at.End, Reason: "history -" + string(o.letter) + " " + verb + " the history file"}
			if file != nil {
				e.End = file.End
				e.Path = pathOf(*file, &e)
			}
			cmd.Effects = append(cmd.Effects, e)
		}
	}
}

// harmlessSetOptions are the options of set that change no reading of
// later commands: exit on error, unset variables, pipefail, tracing,
// noclobber. Any other (-k moves NAME=value arguments into the
// environment of the program, -o posix changes the grammar, -a exports
// every assignment) changes what later commands do, as shopt does.
var harmlessSetOptions = map[string]bool{
	"e": true, "u": true, "x": true, "v": true, "C": true,
	"errexit": true, "nounset": true, "pipefail": true, "xtrace": true, "verbose": true, "noclobber": true,
}

// setOptions flags set with an option outside harmlessSetOptions.
func (a *analysis) setOptions(cmd *Command) {
	if cmd.Name.Value != "set" || cmd.Name.Dynamic {
		return
	}
	flag := func(w Word, opt string) {
		cmd.Effects = append(cmd.Effects, Effect{Kind: EffectEnv, Pos: w.Pos, End: w.End,
			Reason: "set " + opt + " changes how bash reads or runs the commands after it"})
	}
	for i := 0; i < len(cmd.Args); i++ {
		w := cmd.Args[i]
		if w.Dynamic {
			flag(w, "with an option computed when the line runs")
			return
		}
		v := w.Value
		if v == "--" || v == "-" || v == "" || v[0] != '-' && v[0] != '+' {
			return // the rest are positional parameters
		}
		for _, c := range v[1:] {
			if c != 'o' {
				if !harmlessSetOptions[string(c)] {
					flag(w, v)
					return
				}
				continue
			}
			if i+1 >= len(cmd.Args) {
				return // set -o alone lists the options
			}
			i++
			if o := cmd.Args[i]; o.Dynamic || !harmlessSetOptions[o.Value] {
				flag(o, "-o "+o.Value)
				return
			}
		}
	}
}

// findEffects reads a find expression: starting points, then primaries,
// some of which take values and some of which (-exec ... ;) take a command.
func (a *analysis) findEffects(cmd *Command, p *program, args []Word) {
	syn := p.syntax()
	var roots []Word
	i := 0
	// Options before the starting points: -H -L -P -D debug -O level.
	for ; i < len(args); i++ {
		v := args[i].Value
		if args[i].Dynamic || !strings.HasPrefix(v, "-") {
			break
		}
		if v == "-D" || v == "-O" {
			i++
			continue
		}
		if v != "-H" && v != "-L" && v != "-P" && !strings.HasPrefix(v, "-O") {
			break
		}
	}
	for ; i < len(args); i++ {
		v := args[i].Value
		if !args[i].Dynamic && (strings.HasPrefix(v, "-") || v == "(" || v == "!" || v == ")") {
			break
		}
		roots = append(roots, args[i])
	}
	if len(roots) == 0 {
		roots = []Word{{Value: ".", Pos: cmd.Name.Pos, End: cmd.Name.End}}
	}
	for ; i < len(args); i++ {
		w := args[i]
		if w.Dynamic {
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: w.Pos, End: w.End,
				Reason: "a find primary is computed when the line runs"})
			continue
		}
		name := w.Value
		kind, known := syn.long[name]
		if !known && strings.HasPrefix(name, "-newer") && len(name) == len("-newerXY") {
			kind, known = valueArg, true
		}
		if !known {
			continue
		}
		o := parsedOpt{Names: []string{name}, Pos: w.Pos, End: w.End, Word: i}
		var spec *optionSpec
		for k := range p.Opts {
			if matchesAny(o.Names, p.Opts[k].Names) {
				spec = &p.Opts[k]
			}
		}
		switch {
		case spec != nil && spec.Until != "":
			j := i + 1
			for ; j < len(args); j++ {
				if !args[j].Dynamic && strings.Contains(" "+spec.Until+" ", " "+args[j].Value+" ") {
					break
				}
			}
			o.End = args[min(j, len(args)-1)].End
			i = j
		case spec != nil && spec.Args > 0:
			if i+1 < len(args) {
				o.Value, o.HasValue = args[i+1], true
			}
			o.End = args[min(i+spec.Args, len(args)-1)].End
			i += spec.Args
		case kind == valueArg:
			if i+1 < len(args) {
				o.Value, o.HasValue = args[i+1], true
				o.End = args[i+1].End
			}
			i++
		}
		if spec == nil {
			continue
		}
		for _, fx := range spec.Fx {
			if spec.Path {
				e := Effect{Kind: fx.Kind, Reason: fx.Reason, Pos: o.Pos, End: o.End}
				e.Path = pathOf(o.Value, &e)
				cmd.Effects = append(cmd.Effects, e)
				continue
			}
			if len(spec.Operands) > 0 {
				continue
			}
			cmd.Effects = append(cmd.Effects, Effect{Kind: fx.Kind, Reason: fx.Reason, Pos: o.Pos, End: o.End})
		}
		// -delete acts on everything under the starting points.
		for _, r := range spec.Operands {
			for _, root := range roots {
				e := Effect{Kind: r.Kind, Reason: r.Reason, Pos: o.Pos, End: o.End}
				e.Path = pathOf(root, &e)
				cmd.Effects = append(cmd.Effects, e)
			}
		}
	}
}

// ddEffects reads dd's operands: if=FILE reads, of=FILE writes.
func (a *analysis) ddEffects(cmd *Command, args []Word) {
	for _, w := range args {
		if w.Dynamic {
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectWrite, Pos: w.Pos, End: w.End,
				Reason: "dd operand computed when the line runs (path not known before the line runs)"})
			continue
		}
		k, v, ok := strings.Cut(w.Value, "=")
		if !ok {
			continue
		}
		switch k {
		case "if":
			if !isDevice(v) {
				cmd.Effects = append(cmd.Effects, Effect{Kind: EffectRead, Path: v, Pos: w.Pos, End: w.End, Reason: "dd if= reads the file"})
			}
		case "of":
			if isDevice(v) {
				continue
			}
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectWrite, Path: v, Pos: w.Pos, End: w.End, Reason: "dd of= writes the file"})
			if strings.HasPrefix(v, "/dev/") {
				cmd.Effects = append(cmd.Effects, Effect{Kind: EffectDestructive, Path: v, Pos: w.Pos, End: w.End, Reason: "dd of= overwrites a device"})
			}
		}
	}
}

// tarArgs turns tar's old-style first word ("xzf") into options ("-xzf").
func tarArgs(args []Word) []Word {
	if len(args) == 0 || args[0].Dynamic || strings.HasPrefix(args[0].Value, "-") {
		return args
	}
	out := append([]Word(nil), args...)
	out[0].Value = "-" + out[0].Value
	return out
}

// tarEffects adds what depends on tar's mode: -x writes into -C (or the
// current directory) and reads the archive; -c reads the operands and
// writes the archive.
func (a *analysis) tarEffects(cmd *Command, parsed parsedArgs, operands []Word) {
	archive, hasArchive := parsed.find("-f", "--file")
	dir := Word{Value: ".", Pos: cmd.Name.Pos, End: cmd.Name.End}
	if o, ok := parsed.find("-C", "--directory"); ok {
		dir = o.Value
	}
	switch {
	case parsed.has("-x", "--extract", "--get"):
		e := Effect{Kind: EffectWrite, Pos: dir.Pos, End: dir.End, Reason: "tar -x writes the archive's files into this directory"}
		e.Path = pathOf(dir, &e)
		cmd.Effects = append(cmd.Effects, e)
		if hasArchive {
			a.operandEffects(cmd, []operandRule{{Which: allOperands, Kind: EffectRead, Reason: "tar -x reads the archive"}}, []Word{archive.Value})
		}
	case parsed.has("-c", "--create", "-r", "--append", "-u", "--update", "-A", "--catenate", "--concatenate"):
		a.operandEffects(cmd, []operandRule{{Which: allOperands, Kind: EffectRead, Reason: "tar -c reads these files into the archive"}}, operands)
		if hasArchive {
			a.operandEffects(cmd, []operandRule{{Which: allOperands, Kind: EffectWrite, Reason: "tar -c writes the archive"}}, []Word{archive.Value})
		}
	default:
		if hasArchive {
			a.operandEffects(cmd, []operandRule{{Which: allOperands, Kind: EffectRead, Reason: "tar reads the archive"}}, []Word{archive.Value})
		}
	}
}

// scriptEffects analyses the program text of sed or awk and returns the
// operands that remain (the files).
func (a *analysis) scriptEffects(cmd *Command, lang string, parsed parsedArgs, args, operands []Word) []Word {
	var scripts []Word
	fromFile := false
	for _, o := range parsed.opts {
		for _, n := range o.Names {
			switch n {
			case "-e", "--expression", "--source":
				scripts = append(scripts, o.Value)
			case "-f", "--file", "-E", "--exec", "-i", "--include", "-l", "--load":
				if lang == "sed" && (n == "-E" || n == "-i") {
					continue // sed -E is extended regexps, -i is in place
				}
				fromFile = true
				cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: o.Pos, End: o.End,
					Reason: lang + " " + n + " runs a program from a file that is not in the line"})
			}
		}
	}
	switch {
	case lang == "sqlite":
		// sqlite3 DB SQL...: the database, then commands.
		if len(operands) > 1 {
			scripts, operands = operands[1:], operands[:1]
		}
	case len(scripts) == 0 && !fromFile && len(operands) > 0:
		scripts, operands = operands[:1], operands[1:]
	}
	for _, s := range scripts {
		if s.Dynamic {
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: s.Pos, End: s.End,
				Reason: "the " + lang + " program is computed when the line runs"})
			continue
		}
		switch lang {
		case "sed":
			sedEffects(cmd, s)
		case "awk":
			awkEffects(cmd, s)
		case "sqlite":
			sqliteEffects(cmd, s)
		}
	}
	if lang == "awk" {
		// var=value operands are assignments, not files.
		files := operands[:0:0]
		for _, w := range operands {
			if k, _, ok := strings.Cut(w.Value, "="); ok && !w.Dynamic && validName(k) {
				continue
			}
			files = append(files, w)
		}
		operands = files
	}
	return operands
}

// sedEffects parses a sed script far enough to find the commands that run
// programs (e, s///e), write files (w, W, s///w) and read files (r, R). A
// script it cannot parse counts as running code.
func sedEffects(cmd *Command, script Word) {
	s := script.Value
	add := func(k EffectKind, p, reason string) {
		cmd.Effects = append(cmd.Effects, Effect{Kind: k, Path: p, Pos: script.Pos, End: script.End, Reason: reason})
	}
	fail := func() { add(EffectExec, "", "sed script not understood; it may run commands") }
	i := 0
	restOfLine := func() string {
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			j = len(s) - i
		}
		out := s[i : i+j]
		i += j
		return strings.TrimLeft(out, " \t")
	}
	// delimited reads up to an unescaped delimiter d.
	delimited := func(d byte) bool {
		for ; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case d:
				i++
				return true
			case '\n':
				if d != '\n' {
					return false
				}
			}
		}
		return false
	}
	// twoParts reads the delimiter at i and two parts it ends (y/abc/xyz/,
	// s/pattern/replacement/).
	twoParts := func() bool {
		d := s[i]
		i++
		if !delimited(d) {
			return false
		}
		return delimited(d)
	}
	address := func() bool {
		if i >= len(s) {
			return true
		}
		switch c := s[i]; {
		case c == '/':
			i++
			if !delimited('/') {
				return false
			}
		case c == '\\':
			if i+1 >= len(s) {
				return false
			}
			d := s[i+1]
			i += 2
			if !delimited(d) {
				return false
			}
		case c == '$' || c >= '0' && c <= '9':
			for i < len(s) && (s[i] == '$' || s[i] >= '0' && s[i] <= '9' || s[i] == '~') {
				i++
			}
			return true
		default:
			return true
		}
		for i < len(s) && (s[i] == 'I' || s[i] == 'M') {
			i++
		}
		return true
	}
	for i < len(s) {
		for i < len(s) && strings.IndexByte(" \t\n;", s[i]) >= 0 {
			i++
		}
		if i >= len(s) {
			break
		}
		if !address() {
			fail()
			return
		}
		if i < len(s) && s[i] == ',' {
			i++
			for i < len(s) && (s[i] == '+' || s[i] == '~') {
				i++
			}
			if !address() {
				fail()
				return
			}
		}
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '!') {
			i++
		}
		if i >= len(s) {
			fail()
			return
		}
		c := s[i]
		i++
		switch c {
		case '{', '}', '=', 'd', 'D', 'g', 'G', 'h', 'H', 'x', 'n', 'N', 'p', 'P', 'z', 'F':
		case '#', ':', 'a', 'i', 'c':
			restOfLine()
		case 'b', 't', 'T', 'l', 'L', 'q', 'Q', 'v':
			for i < len(s) && s[i] != ';' && s[i] != '\n' && s[i] != '}' {
				i++
			}
		case 'r', 'R':
			add(EffectRead, restOfLine(), "sed r reads a file")
		case 'w', 'W':
			add(EffectWrite, restOfLine(), "sed w writes a file")
		case 'e':
			restOfLine()
			add(EffectExec, "", "sed e runs a shell command")
		case 'y':
			if i >= len(s) {
				fail()
				return
			}
			// The source characters, then their replacements.
			if !twoParts() {
				fail()
				return
			}
		case 's':
			if i >= len(s) || s[i] == '\n' || s[i] == '\\' {
				fail()
				return
			}
			// The pattern, then the replacement.
			if !twoParts() {
				fail()
				return
			}
		flags:
			for i < len(s) {
				f := s[i]
				switch {
				case f == 'g' || f == 'p' || f == 'i' || f == 'I' || f == 'm' || f == 'M' || f >= '0' && f <= '9':
					i++
				case f == 'e':
					i++
					add(EffectExec, "", "sed s///e runs the pattern space as a shell command")
				case f == 'w':
					i++
					add(EffectWrite, restOfLine(), "sed s///w writes a file")
				case f == ';' || f == '\n' || f == '}' || f == ' ' || f == '\t':
					break flags
				default:
					fail()
					return
				}
			}
		default:
			fail()
			return
		}
	}
}

// The sqlite and awk patterns compile on first use: compiling them at
// start-up would cost every hook process, most of which never see either.
var (
	sqliteExec  = lazyRegexp(`(?i)(^|\n|;)\s*\.(shell|system|load)\b|load_extension|\.(import|read)\b`)
	sqliteWrite = lazyRegexp(`(?i)(^|\n|;)\s*\.(output|once|save|backup|dump|excel)\b|\battach\b|\bvacuum\s+into\b`)
	awkExec     = lazyRegexp(`system|getline|\||@load|@include|ENVIRON\s*\[`)
	awkWrite    = lazyRegexp(`print[f]?\b[^;{}\n]*>|fflush|close`)
)

func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// sqliteEffects flags sqlite3 dot-commands and SQL that run programs or
// touch other files.
func sqliteEffects(cmd *Command, sql Word) {
	if sqliteExec().MatchString(sql.Value) {
		cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: sql.Pos, End: sql.End,
			Reason: "sqlite3 .shell/.system/.load/.read run programs or more commands"})
	}
	if sqliteWrite().MatchString(sql.Value) {
		cmd.Effects = append(cmd.Effects, Effect{Kind: EffectWrite, Pos: sql.Pos, End: sql.End,
			Reason: "sqlite3 writes another file (path not known before the line runs)"})
	}
}

// awkEffects flags awk programs that can run commands or write files. awk
// is a full language; any use of system, getline, pipes or output
// redirection counts.
func awkEffects(cmd *Command, prog Word) {
	if loc := awkExec().FindStringIndex(prog.Value); loc != nil {
		cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: prog.Pos, End: prog.End,
			Reason: "the awk program uses " + prog.Value[loc[0]:loc[1]] + ", which can run commands or read files"})
	}
	if awkWrite().MatchString(prog.Value) {
		cmd.Effects = append(cmd.Effects, Effect{Kind: EffectWrite, Pos: prog.Pos, End: prog.End,
			Reason: "the awk program redirects output to a file (path not known before the line runs)"})
	}
}

// interpreterEffects decides what an interpreter runs: inline code (-c,
// -e), a script file (its first operand), or code from standard input.
func (a *analysis) interpreterEffects(cmd *Command, p *program, parsed parsedArgs, operands []Word, at Word) []Word {
	for _, o := range parsed.opts {
		for _, spec := range p.Opts {
			if optMatches(o, spec.Names) && slices.ContainsFunc(spec.Fx, func(f effectSpec) bool { return f.Kind == EffectExec }) {
				return operands // inline code: the operands are its arguments or files
			}
		}
	}
	if len(operands) > 0 && !operands[0].Dynamic && isStdin(operands[0].Value) {
		return a.stdinCode(cmd, at, true)
	}
	if len(operands) > 0 {
		s := operands[0]
		e := Effect{Kind: EffectExec, Inherent: true, Pos: s.Pos, End: s.End, Reason: "runs the script " + s.Value}
		e.Path = pathOf(s, &e)
		if s.Dynamic {
			e.Inherent = false
		}
		cmd.Effects = append(cmd.Effects, e)
		return nil
	}
	return a.stdinCode(cmd, at, false)
}

// isStdin: script operands that mean standard input.
func isStdin(p string) bool {
	switch p {
	case "-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0":
		return true
	}
	return false
}

// stdinCode reports an interpreter that reads its code from standard
// input: from a pipe, a redirection or a heredoc the code is data the
// line does not show as commands. Without any, it is an interactive
// session.
func (a *analysis) stdinCode(cmd *Command, at Word, explicit bool) []Word {
	stdin := explicit || cmd.Context.PipedInto || cmd.Context.Heredoc
	for _, r := range cmd.Redirs {
		if r.Op == "<" || r.Op == "<<<" || r.Op == "<<" || r.Op == "<<-" || r.Op == "<>" {
			stdin = true
		}
	}
	if stdin {
		cmd.Effects = append(cmd.Effects,
			Effect{Kind: EffectExec, Pos: at.Pos, End: at.End, Reason: "runs code fed to it on standard input"},
			Effect{Kind: EffectObfuscation, Pos: at.Pos, End: at.End, Reason: "the code it runs is not in the line as a command"},
		)
		return nil
	}
	cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Inherent: true, Pos: at.Pos, End: at.End,
		Reason: "starts an interactive interpreter"})
	return nil
}

// isSecretPath reports paths of files that hold credentials. Matching is
// on path components, so "/proj/.env" and "../.ssh/id_rsa" count, and
// "~/.ssh" itself counts.
func isSecretPath(p string) bool {
	return p != "" && mayBeSecret(p) && secretPath(p)
}

// secretPath is isSecretPath without the quick test.
func secretPath(p string) bool {
	clean := path.Clean(p)
	base := clean[strings.LastIndexByte(clean, '/')+1:]
	switch {
	case base == ".env" || strings.HasPrefix(base, ".env."),
		strings.HasSuffix(base, ".pem"),
		strings.HasPrefix(base, "id_rsa"), strings.HasPrefix(base, "id_ed25519"),
		strings.HasPrefix(base, "id_ecdsa"), strings.HasPrefix(base, "id_dsa"),
		base == ".netrc", base == ".git-credentials", base == ".npmrc", base == ".pypirc",
		base == ".pgpass", base == ".my.cnf", base == ".bash_history", base == ".zsh_history",
		base == ".vault-token", base == "credentials.json", base == "environ",
		strings.HasSuffix(base, ".key"), strings.HasSuffix(base, ".p12"), strings.HasSuffix(base, ".pfx"),
		strings.HasSuffix(base, ".jks"), strings.HasSuffix(base, ".keystore"), strings.HasSuffix(base, ".tfstate"):
		return true
	case clean == "/etc/shadow" || clean == "/etc/gshadow" || clean == "/etc/sudoers":
		return true
	}
	found := false
	eachPart(clean, func(prev, c, next string, first, last bool) bool {
		switch c {
		case ".ssh", ".aws", ".gnupg":
			found = true
		case ".docker":
			found = !last && next == "config.json"
		case ".kube":
			found = !last && next == "config"
		case "gh":
			found = !first && prev == ".config" && !last && next == "hosts.yml"
		}
		return found
	})
	return found
}

// mayBeSecret is a quick test isSecretPath passes first: every credential
// name or directory it knows holds a dot, "id_", "environ", "shadow" or
// "sudoers", and path.Clean only drops elements and slashes, so a path
// without any of them is not a secret. Most words (git, status, -la,
// src) are rejected here without cleaning the path.
func mayBeSecret(p string) bool {
	return strings.IndexByte(p, '.') >= 0 || strings.Contains(p, "id_") || strings.Contains(p, "environ") ||
		strings.Contains(p, "shadow") || strings.Contains(p, "sudoers")
}

// eachPart calls f for every element of a slash-separated path (as
// strings.Split gives them) with its neighbours, until f returns true.
// first and last say whether there is no previous or next element.
func eachPart(p string, f func(prev, c, next string, first, last bool) bool) {
	prev, rest, first := "", p, true
	for {
		c, after, more := strings.Cut(rest, "/")
		next := ""
		if more {
			next, _, _ = strings.Cut(after, "/")
		}
		if f(prev, c, next, first, !more) || !more {
			return
		}
		prev, rest, first = c, after, false
	}
}

// modeEffects reads chmod/chown/chgrp operands: the first is the mode or
// owner (unless --reference gives it), the rest are files whose
// permissions change. A set-user-ID or set-group-ID mode is a privilege
// effect.
func (a *analysis) modeEffects(cmd *Command, parsed parsedArgs, operands []Word) []Word {
	if parsed.has("--reference") || len(operands) == 0 {
		return operands
	}
	mode := operands[0]
	if cmd.Name.Value == "chmod" || strings.HasSuffix(cmd.Name.Value, "/chmod") {
		if mode.Dynamic || setID(mode.Value) {
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectPrivilege, Pos: mode.Pos, End: mode.End,
				Reason: "chmod sets the set-user-ID or set-group-ID bit"})
		}
	}
	return operands[1:]
}

func setID(mode string) bool {
	if isDigits(mode) {
		return len(mode) >= 4 && (mode[len(mode)-4]-'0')&6 != 0
	}
	for _, clause := range strings.Split(mode, ",") {
		if i := strings.IndexAny(clause, "+="); i >= 0 && strings.ContainsRune(clause[i:], 's') {
			return true
		}
	}
	return false
}

// isPersistencePath reports files that make code run later.
func isPersistencePath(p string) bool {
	if p == "" {
		return false
	}
	clean := path.Clean(p)
	base := path.Base(clean)
	switch base {
	case ".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile", ".zshrc", ".zshenv",
		".zprofile", ".zlogin", ".inputrc", ".envrc", "config.fish", ".gitconfig", ".npmrc", ".pythonrc",
		"crontab", ".vimrc", ".exrc":
		return true
	}
	found := false
	eachPart(clean, func(prev, c, _ string, first, _ bool) bool {
		switch c {
		case "hooks":
			found = !first && prev == ".git"
		case ".husky", "LaunchAgents", "LaunchDaemons", "autostart", "cron.d", "cron.daily", "cron.hourly",
			"profile.d", "systemd", "init.d", "rc.d":
			found = true
		}
		return found
	})
	return found
}

// secretNames are file names a glob is tried against to see whether it
// can reach credentials (cat .e*, cat ~/.ssh/*).
var secretNames = []string{".env", ".env.local", ".env.production", "id_rsa", "id_ed25519", "key.pem",
	".netrc", ".git-credentials", ".npmrc", ".pypirc", "credentials", "config", "config.json", "hosts.yml", "shadow"}

// globMatchesSecret reports whether a pattern can name a credentials
// file: its last element matches a secret name and the whole path, with
// that name, is a secret path.
func globMatchesSecret(pattern string) bool {
	dir, base := path.Split(pattern)
	if strings.Trim(base, "*?") == "" && !isSecretPath(strings.TrimSuffix(dir, "/")) {
		// A bare * matches every file; flagging it would flag every
		// glob. Dot files (.env) are not matched by it anyway.
		return false
	}
	// A pattern of only * and ? (never malformed) can match a name only
	// if the name has its literal start and end: most names are ruled out
	// without matching (a line of thousands of globs matched each one
	// against every name).
	prefix, suffix, sure := "", "", !strings.ContainsAny(base, "[]\\")
	if i := strings.IndexAny(base, "*?"); sure && i >= 0 {
		prefix, suffix = base[:i], base[strings.LastIndexAny(base, "*?")+1:]
	} else if sure {
		prefix = base // no wildcard in the name: only that name matches
	}
	for _, name := range secretNames {
		if strings.HasPrefix(name, ".") && !strings.HasPrefix(base, ".") {
			continue // bash globs do not match dot files unless the pattern starts with a dot
		}
		if sure && (len(name) < len(prefix)+len(suffix) || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, suffix)) {
			continue
		}
		if ok, err := path.Match(base, name); (ok || err != nil) && isSecretPath(dir+name) {
			return true
		}
	}
	// A pattern in a secret directory (~/.ssh/*) or with a wildcard
	// directory (*/.env) can reach one too.
	return strings.ContainsAny(dir, "*?[") && isSecretPath(path.Join("x", base)) || isSecretPath(strings.TrimSuffix(dir, "/"))
}
