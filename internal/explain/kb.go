package explain

import (
	_ "embed"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"
)

// programsData is the knowledge base: what each program and subcommand does,
// the options that change its meaning or risk, and what its operands are. It
// is data rather than code so that reviewing the wording means reading one
// file. The format is described at the top of the file.
//
//go:embed programs.txt
var programsData string

// riskKinds is the fixed vocabulary of risk flags (contract 3), in the order
// they are listed when several apply.
var riskKinds = []string{
	"unparsable", "obfuscation", "privilege", "destructive", "writes-outside-workspace",
	"code-execution", "network", "secrets", "persistence",
}

func riskOrder(kind string) int {
	for i, k := range riskKinds {
		if k == kind {
			return i
		}
	}
	return len(riskKinds)
}

// argKinds are the operand kinds an entry may declare.
var argKinds = map[string]bool{
	"": true, "path": true, "url": true, "host": true, "package": true, "branch": true,
	"pid": true, "pattern": true, "text": true, "command": true, "name": true, "image": true,
	"resource": true, "remote": true, "script": true, "number": true, "user": true,
}

// entry describes one program ("rm") or subcommand ("git push").
type entry struct {
	name    string   // "git push"
	phrase  string   // third-person verb phrase with operand placeholders
	risks   []string // risks the (sub)command has by its nature
	args    string   // what the operands are (path, url, host, package...)
	posix   bool     // options end at the first operand (docker run IMAGE CMD...)
	single  bool     // long options take one dash (find -name, dd if=)
	raw     bool     // every word is an operand ([ -d x ], expr)
	hasSubs bool     // has subcommands listed as their own entries
	writes  string   // which operands it writes: a placeholder name (*, 1, last, 2*...)
	opts    []option
	pats    []pattern
	// byName lists, for each option name, where it is spelled in opts,
	// in order: finding an option is a map look-up rather than a scan of
	// every option line (git has dozens), for each option word.
	byName map[string][]optRef
	// chain is the entry and its parents, as knowledge.chain returns it
	// (worked out once at load: it is asked for every option word).
	chain []*entry
	// kb is the knowledge base the entry was loaded into (chain is its).
	kb *knowledge
	// subs are the subcommands by their word ("push" for git): finding
	// one needs no name built ("git push") for every command.
	subs map[string]*entry
}

// optRef is one spelling of an option: opts[opt].names[name].
type optRef struct{ opt, name int }

// indexOptions fills e.byName from e.opts.
func (e *entry) indexOptions() {
	e.byName = map[string][]optRef{}
	for i, o := range e.opts {
		for k, n := range o.names {
			e.byName[n] = append(e.byName[n], optRef{i, k})
		}
	}
}

// option is an option line: the names it is spelled with and what it means.
type option struct {
	names   []string // "-r", "--recursive"
	takes   int      // for the name looked up: 0 no value, 1 one value, 2 every word up to ; or +
	takesBy []int    // takes of each name
	phrase  string   // modifier, may use {v} for the value
	risks   []string
	when    string // glob the value must match for this line to apply
	writes  bool   // the value is a file the program writes
}

// pattern is an operand line: operands matching glob get phrase and risks.
type pattern struct {
	glob   string
	phrase string
	risks  []string
}

// knowledge is the parsed knowledge base.
type knowledge struct {
	entries map[string]*entry
}

var (
	kbOnce sync.Once
	kbData *knowledge
	kbErr  error
)

// loadKnowledge parses the embedded knowledge base once. A broken knowledge
// base is a build defect caught by the tests; at run time it degrades to "every
// program is unknown", which only makes explanations more cautious.
func loadKnowledge() (*knowledge, error) {
	kbOnce.Do(func() {
		kbData, kbErr = parseKnowledge(programsData)
		if kbErr != nil {
			kbData = &knowledge{entries: map[string]*entry{}}
		}
	})
	return kbData, kbErr
}

// parseKnowledge reads the line format of programs.txt.
func parseKnowledge(src string) (*knowledge, error) {
	kb := &knowledge{entries: map[string]*entry{}}
	var cur []*entry // the entries the indented lines below belong to
	for i, raw := range strings.Split(src, "\n") {
		lineNo := i + 1
		if strings.TrimSpace(raw) == "" || strings.HasPrefix(strings.TrimSpace(raw), "#") {
			continue
		}
		fields := strings.Split(raw, "|")
		for j := range fields {
			fields[j] = strings.TrimSpace(fields[j])
		}
		indented := raw[0] == ' ' || raw[0] == '\t'
		if !indented {
			es, err := parseEntry(fields)
			if err != nil {
				return nil, fmt.Errorf("programs.txt line %d: %w", lineNo, err)
			}
			for _, e := range es {
				if _, dup := kb.entries[e.name]; dup {
					return nil, fmt.Errorf("programs.txt line %d: %q is listed twice; merge the two entries", lineNo, e.name)
				}
				kb.entries[e.name] = e
			}
			cur = es
			continue
		}
		if cur == nil {
			return nil, fmt.Errorf("programs.txt line %d: indented line before any program", lineNo)
		}
		if err := parseOptionLine(cur, fields); err != nil {
			return nil, fmt.Errorf("programs.txt line %d: %w", lineNo, err)
		}
	}
	for _, e := range kb.entries {
		e.indexOptions()
		e.chain = kb.findChain(e)
		e.kb = kb
	}
	// Mark the commands that have subcommands. Subcommands are found one
	// word at a time, so every level needs its own entry.
	for name := range kb.entries {
		if i := strings.LastIndexByte(name, ' '); i > 0 {
			if e := kb.entries[name[:i]]; e != nil {
				e.hasSubs = true
				if e.subs == nil {
					e.subs = map[string]*entry{}
				}
				e.subs[name[i+1:]] = kb.entries[name]
			} else {
				return nil, fmt.Errorf("programs.txt: subcommand %q has no entry for %q; add one", name, name[:i])
			}
		}
	}
	return kb, nil
}

func parseRisks(s string) ([]string, error) {
	var out []string
	for _, r := range strings.Fields(strings.ReplaceAll(s, ",", " ")) {
		if riskOrder(r) == len(riskKinds) {
			return nil, fmt.Errorf("unknown risk %q (use one of %s)", r, strings.Join(riskKinds, ", "))
		}
		out = append(out, r)
	}
	return out, nil
}

func parseEntry(f []string) ([]*entry, error) {
	if len(f) < 2 || len(f) > 4 {
		return nil, fmt.Errorf("want `name | phrase [| risks [| attributes]]`, got %d fields", len(f))
	}
	proto := entry{phrase: f[1]}
	if proto.phrase == "" {
		return nil, fmt.Errorf("%q has an empty phrase", f[0])
	}
	if err := checkTemplate(proto.phrase); err != nil {
		return nil, fmt.Errorf("%q: %w", f[0], err)
	}
	if len(f) > 2 {
		rs, err := parseRisks(f[2])
		if err != nil {
			return nil, err
		}
		proto.risks = rs
	}
	if len(f) > 3 {
		for _, a := range strings.Fields(f[3]) {
			switch {
			case a == "posix":
				proto.posix = true
			case a == "single":
				proto.single = true
			case a == "raw":
				proto.raw = true
			case strings.HasPrefix(a, "writes="):
				proto.writes = strings.TrimPrefix(a, "writes=")
				if checkTemplate("{"+proto.writes+"}") != nil || proto.writes == "v" {
					return nil, fmt.Errorf("writes=%s: want one of * 1 2 3 2* last init", proto.writes)
				}
			case strings.HasPrefix(a, "args="):
				proto.args = strings.TrimPrefix(a, "args=")
				if !argKinds[proto.args] {
					return nil, fmt.Errorf("unknown operand kind %q", proto.args)
				}
			default:
				return nil, fmt.Errorf("unknown attribute %q (want posix, single, raw, args=KIND or writes=OPERANDS)", a)
			}
		}
	}
	var out []*entry
	for _, name := range strings.Split(f[0], ",") {
		name = strings.Join(strings.Fields(name), " ")
		if name == "" {
			return nil, fmt.Errorf("empty program name")
		}
		e := proto
		e.name = name
		out = append(out, &e)
	}
	return out, nil
}

func parseOptionLine(cur []*entry, f []string) error {
	if len(f) < 2 || len(f) > 4 {
		return fmt.Errorf("want `  -o,--opt[=] | phrase [| risks [| value-glob]]`, got %d fields", len(f))
	}
	rs := []string(nil)
	writes := false
	if len(f) > 2 {
		// "write" marks an option whose value is a file the program writes.
		r := strings.Fields(strings.ReplaceAll(f[2], ",", " "))
		r = slices.DeleteFunc(r, func(k string) bool { writes = writes || k == "write"; return k == "write" })
		var err error
		if rs, err = parseRisks(strings.Join(r, " ")); err != nil {
			return err
		}
	}
	if err := checkTemplate(f[1]); err != nil {
		return err
	}
	if strings.HasPrefix(f[0], "@") {
		glob := strings.TrimPrefix(f[0], "@")
		if _, err := path.Match(glob, ""); err != nil {
			return fmt.Errorf("bad operand glob %q: %w", glob, err)
		}
		for _, e := range cur {
			e.pats = append(e.pats, pattern{glob: glob, phrase: f[1], risks: rs})
		}
		return nil
	}
	o := option{phrase: f[1], risks: rs, writes: writes}
	if len(f) > 3 {
		o.when = f[3]
		if _, err := path.Match(o.when, ""); err != nil {
			return fmt.Errorf("bad value glob %q: %w", o.when, err)
		}
	}
	for _, n := range strings.Split(f[0], ",") {
		n = strings.TrimSpace(n)
		takes := 0
		switch {
		case strings.HasSuffix(n, "=;"):
			takes, n = 2, strings.TrimSuffix(n, "=;")
		case strings.HasSuffix(n, "="):
			takes, n = 1, strings.TrimSuffix(n, "=")
		}
		if n == "" || (n[0] != '-' && n[0] != '+') {
			return fmt.Errorf("option %q must start with - or + (describe key=value operands such as dd's of= with an @of=* line)", n)
		}
		o.takesBy = append(o.takesBy, takes)
		o.takes = max(o.takes, takes)
		o.names = append(o.names, n)
	}
	// `-n,--lines=`: single-letter options written just before a name
	// that takes a value are its short forms and take one too.
	for k := len(o.names) - 2; k >= 0; k-- {
		n := o.names[k]
		if o.takesBy[k] == 0 && o.takesBy[k+1] > 0 && len(n) == 2 && n[0] == '-' {
			o.takesBy[k] = o.takesBy[k+1]
		}
	}
	if o.writes && o.takes == 0 {
		return fmt.Errorf("option marked write takes no value (add = after its names)")
	}
	if o.takes == 0 && strings.Contains(o.phrase, "{v}") {
		return fmt.Errorf("phrase %q uses {v} but the option takes no value (add = after its names)", o.phrase)
	}
	for _, e := range cur {
		e.opts = append(e.opts, o)
	}
	return nil
}

// checkTemplate rejects placeholders the renderer does not know.
func checkTemplate(t string) error {
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			return nil
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			return fmt.Errorf("unclosed { in %q", t)
		}
		ph, _, _ := strings.Cut(t[i+1:i+j], ":")
		switch ph {
		case "*", "1", "2", "3", "2*", "last", "init", "v":
		default:
			return fmt.Errorf("unknown placeholder {%s} (use {*} {1} {2} {3} {2*} {last} {init} {v})", ph)
		}
		t = t[i+j+1:]
	}
}

// lookup returns the entry for name, or nil.
func (kb *knowledge) lookup(name string) *entry { return kb.entries[name] }

// chain is e followed by the entries of its parent commands: "git remote
// add", "git remote", "git".
func (kb *knowledge) chain(e *entry) []*entry {
	if e.chain != nil && e.kb == kb {
		return e.chain
	}
	return kb.findChain(e)
}

// findChain is chain worked out from the entries' names.
func (kb *knowledge) findChain(e *entry) []*entry {
	out := []*entry{e}
	name := e.name
	for {
		i := strings.LastIndexByte(name, ' ')
		if i < 0 {
			return out
		}
		name = name[:i]
		if p := kb.entries[name]; p != nil {
			out = append(out, p)
		}
	}
}
