package shell

import (
	"os"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// GlobOptions are how AnalyzeGlobs expands pathname patterns.
type GlobOptions struct {
	// Dir is the directory bash would expand relative patterns in: the
	// line's working directory, which must not change within the line.
	Dir string
	// Reverse lists every expansion's matches in reverse order. A caller
	// compares the two analyses to learn whether the order of the matches
	// changes what a command does (cp *.txt writes the last one); bash's
	// order depends on the locale's collation, which is not known here.
	Reverse bool
}

// maxGlobMatches bounds the matches of one pattern, and maxLoopValues the
// values of a for loop whose body is analysed once per value: past them
// the word stays dynamic.
//
// maxGlobPatterns bounds the distinct patterns of a line that are
// expanded, and maxWildComponents the names with a wildcard in one
// pattern (*/*/*/* from / reads most of the file system): past them the
// words stay dynamic.
const (
	maxGlobMatches    = 256
	maxLoopValues     = 64
	maxGlobPatterns   = 32
	maxWildComponents = 2
	// maxLoopBodies bounds the analyses of loop bodies in a line, nested
	// loops included (each value of an outer loop analyses the inner loop
	// again): past it a loop's variable stays dynamic.
	maxLoopBodies = 256
)

// wildComponents counts the names of a pattern holding an unescaped
// wildcard or bracket.
func wildComponents(pattern string) int {
	n := 0
	for _, c := range strings.Split(pattern, "/") {
		if unquotedGlob(c) {
			n++
		}
	}
	return n
}

// AnalyzeGlobs is Analyze with pathname expansion done as bash would do it
// in o.Dir, against the files there now: an argument that is a static
// pattern (src/*.go, not "$x"/*.go) becomes one literal word per match, so
// that every match is checked like a file named in the line. A pattern
// stays dynamic when it matches nothing (bash passes it as it is, or
// nothing under nullglob), when more than maxGlobMatches match, or when
// the shell options bash might run under would change the matches
// (dotglob, nocaseglob, globstar): the agent's shell options are not
// known here. Redirection targets and command names are never expanded.
//
// A for loop over literal words and such patterns (for f in src/*.go) has
// its body analysed once per value, with $f and "$f" read as the value,
// unless anything in the line could assign the variable.
//
// The caller must make sure the line cannot change its working directory
// or the shell options (cd, pushd, popd, shopt, set, GLOBIGNORE=...).
func AnalyzeGlobs(src string, o GlobOptions) *Line {
	line, _ := analyzeWith(src, 0, &globber{opts: o, cache: map[string][]string{}})
	return line
}

// globber expands the static patterns of one analysis.
type globber struct {
	opts  GlobOptions
	cache map[string][]string
	// file is the line's tree, to check that no one assigns a loop
	// variable, and line the Line, whose Globs it lists.
	file *syntax.File
	line *Line
	// named holds every identifier the line spells other than as a plain
	// $name read (built on first use): a loop variable in it may be
	// assigned.
	named map[string]bool
	// bodies counts the loop bodies analysed (maxLoopBodies).
	bodies int
}

// expand returns the matches of a static pattern word in the order bash
// would list them in the C locale (reversed when asked), or false.
func (g *globber) expand(w *syntax.Word, pattern string) ([]string, bool) {
	if m, ok := g.cache[pattern]; ok {
		return m, m != nil
	}
	if len(g.cache) >= maxGlobPatterns || wildComponents(pattern) > maxWildComponents {
		return nil, false // reading directories is bounded, not the line
	}
	var out []string
	base := &expand.Config{Env: expand.ListEnviron("PWD=" + g.opts.Dir), ReadDir2: os.ReadDir, NullGlob: true}
	if m, err := expand.Fields(base, w); err == nil && len(m) > 0 && len(m) <= maxGlobMatches {
		out = m
		for _, alt := range []expand.Config{
			{Env: base.Env, ReadDir2: os.ReadDir, NullGlob: true, DotGlob: true},
			{Env: base.Env, ReadDir2: os.ReadDir, NullGlob: true, NoCaseGlob: true},
			{Env: base.Env, ReadDir2: os.ReadDir, NullGlob: true, GlobStar: true},
		} {
			if m2, err := expand.Fields(&alt, w); err != nil || !slices.Equal(m, m2) {
				out = nil
				break
			}
		}
	}
	if out != nil && !dotsAsWritten(pattern, out) {
		out = nil
	}
	if out != nil {
		g.line.Globs = append(g.line.Globs, pattern)
	}
	if out != nil {
		slices.Sort(out) // byte order, as in the C locale
		if g.opts.Reverse {
			slices.Reverse(out)
		}
	}
	g.cache[pattern] = out
	return out, out != nil
}

// dotsAsWritten reports matches whose names start with a dot only where
// the pattern's own name does: bash never lets a wildcard or bracket
// match a leading dot (without dotglob), and the expander lets [!a]
// match one. A disagreement means the expansion is not bash's.
func dotsAsWritten(pattern string, matches []string) bool {
	pp := strings.Split(pattern, "/")
	for _, m := range matches {
		mp := strings.Split(strings.TrimSuffix(m, "/"), "/")
		if len(mp) > len(pp) {
			return false
		}
		for i, c := range mp {
			if strings.HasPrefix(c, ".") && !strings.HasPrefix(pp[i], ".") && !strings.HasPrefix(pp[i], "\\.") {
				return false
			}
		}
	}
	return true
}

// globWords appends the words of an argument: its matches when it is a
// static pattern that expands, else the word itself.
func (a *analysis) globWords(dst []Word, w *syntax.Word, lw Word) []Word {
	if a.glob == nil || lw.Pattern == "" {
		return append(dst, lw)
	}
	matches, ok := a.glob.expand(w, lw.Pattern)
	if !ok {
		return append(dst, lw)
	}
	for _, m := range matches {
		dst = append(dst, Word{Value: m, Pos: lw.Pos, End: lw.End})
	}
	return dst
}

// loopValues returns the values a for loop's variable takes, when every
// word is literal or a pattern that expands, and nothing else in the line
// names the variable.
func (a *analysis) loopValues(c *syntax.ForClause) (string, []string, bool) {
	it, ok := c.Loop.(*syntax.WordIter)
	if a.glob == nil || !ok || it.Name == nil || c.Select || !validName(it.Name.Value) {
		return "", nil, false
	}
	var values []string
	for _, w := range it.Items {
		lw := a.literal(w)
		switch {
		case !lw.Dynamic && !lw.Tilde:
			values = append(values, lw.Value)
		case lw.Pattern != "":
			m, ok := a.glob.expand(w, lw.Pattern)
			if !ok {
				return "", nil, false
			}
			values = append(values, m...)
		default:
			return "", nil, false
		}
	}
	if len(values) == 0 || len(values) > maxLoopValues || a.glob.bodies+len(values) > maxLoopBodies ||
		a.mayAssign(it.Name.Value, it.Name) {
		return "", nil, false
	}
	a.glob.bodies += len(values)
	return it.Name.Value, values, true
}

// mayAssign reports whether anything in the line other than the loop
// itself could set name: an assignment, or the name as a word anywhere
// (read f, unset f, declare -n r=f, printf -v f, a nested for f, f=1 in
// arithmetic). Reading it ($f) does not count. The line is walked once;
// then each name is a lookup.
func (a *analysis) mayAssign(name string, loopName *syntax.Lit) bool {
	g := a.glob
	if g.file == nil {
		return true
	}
	if g.named == nil {
		g.named = map[string]bool{}
		reads := map[*syntax.Lit]bool{}
		loops := map[*syntax.Lit]int{}
		syntax.Walk(g.file, func(n syntax.Node) bool {
			switch n := n.(type) {
			case *syntax.ParamExp:
				if n.Param != nil && plainParam(n) {
					reads[n.Param] = true
				}
			case *syntax.ForClause:
				if it, ok := n.Loop.(*syntax.WordIter); ok && it.Name != nil {
					loops[it.Name]++
				}
			}
			return true
		})
		// A loop's own name counts only when another loop (or anything
		// else) spells it too.
		loopNames := map[string]int{}
		for l, n := range loops {
			loopNames[l.Value] += n
		}
		for n, c := range loopNames {
			if c > 1 {
				g.named[n] = true
			}
		}
		syntax.Walk(g.file, func(n syntax.Node) bool {
			switch n := n.(type) {
			case *syntax.Lit:
				if !reads[n] && loops[n] == 0 {
					addNames(g.named, n.Value)
				}
			case *syntax.SglQuoted:
				addNames(g.named, n.Value)
			}
			return true
		})
	}
	return g.named[name]
}

// addNames adds every identifier in s to set.
func addNames(set map[string]bool, s string) {
	start := -1
	for i := 0; i <= len(s); i++ {
		if i < len(s) && isNameByte(s[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			set[s[start:i]] = true
			start = -1
		}
	}
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// boundValue is the value of a loop variable bound by loopValues, read
// unquoted (split and globbed by bash: only a value with no blank and no
// pattern character reads as itself) or in double quotes.
func (a *analysis) boundValue(p *syntax.ParamExp, quoted bool) (string, bool) {
	if a.bound == nil || !plainParam(p) {
		return "", false
	}
	v, ok := a.bound[p.Param.Value]
	if !ok {
		return "", false
	}
	if !quoted && (v == "" || strings.ContainsAny(v, " \t\n*?[]\\")) {
		return "", false
	}
	return v, true
}
