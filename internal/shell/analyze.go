package shell

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"mvdan.cc/sh/v3/syntax"
)

// parsers pools bash parsers: a syntax.Parser is not safe for concurrent
// use, and building one per call costs more than the parse of a short line.
var parsers = sync.Pool{New: func() any {
	return syntax.NewParser(syntax.Variant(syntax.LangBash))
}}

// errCarriageReturn and errNUL report bytes that bash and the parser treat
// differently: bash keeps a carriage return inside a word ("ls\r" is not
// "ls") while the parser takes it for a blank, and bash drops NUL bytes
// in places the parser may not. A disagreement between the parser and bash
// is how approval systems get bypassed, so such lines are unparsable.
var (
	errCarriageReturn = errors.New("the command contains a carriage return (\\r), which bash reads differently from this parser; remove it")
	errNUL            = errors.New("the command contains a NUL byte; remove it")
	errRecycled       = errors.New("internal error: this analysis was recycled")
)

// Analyze parses src as bash and returns every simple command with its
// effects. It never returns nil; on a syntax error Line.ParseError is set.
// Safe for concurrent use.
func Analyze(src string) *Line {
	line, _ := analyze(src, 0)
	return line
}

// analyze is Analyze and AnalyzeWithTree: one implementation, so that the
// two can never read a line differently.
func analyze(src string, codeLimit int) (*Line, *syntax.File) {
	return analyzeWith(src, codeLimit, nil)
}

// analyzeWith is analyze, expanding patterns with g when it is not nil
// (AnalyzeGlobs).
func analyzeWith(src string, codeLimit int, g *globber) (*Line, *syntax.File) {
	line := &Line{Source: src}
	switch {
	case strings.ContainsRune(src, '\r'):
		line.ParseError = errCarriageReturn
		return line, nil
	case strings.ContainsRune(src, 0):
		line.ParseError = errNUL
		return line, nil
	}
	p := parsers.Get().(*syntax.Parser)
	f, err := p.Parse(strings.NewReader(src), "")
	parsers.Put(p)
	if err != nil {
		line.ParseError = fmt.Errorf("parse bash: %w", err)
		return line, nil
	}
	if err := heredocJoins(f, src); err != nil {
		line.ParseError = err
		return line, nil
	}
	joined := false
	if fixed, ok := commentJoins(src, 0); ok {
		if fixed == "" {
			line.ParseError = errCommentJoin
			return line, nil
		}
		// Read the line as bash does (the comment ends at its newline):
		// its commands are analysed, so deny rules still apply, and the
		// line asks (obfuscation) whatever they are.
		p := parsers.Get().(*syntax.Parser)
		f, err = p.Parse(strings.NewReader(fixed), "")
		parsers.Put(p)
		if err != nil {
			line.ParseError = errCommentJoin
			return line, nil
		}
		// The lines the comment hid may hold a heredoc of their own.
		if err := heredocJoins(f, fixed); err != nil {
			line.ParseError = err
			return line, nil
		}
		joined = true
	}
	a := analyses.Get().(*analysis)
	a.src, a.line = src, line
	if g != nil {
		g.file, g.line = f, line
		a.glob = g
	}
	a.codeCount = codeBudget{limit: codeLimit}
	a.codes = &a.codeCount
	if len(src) >= recycleFrom {
		a.lists = &lists{}
		a.spare = takeSpare()
	}
	// Room for the commands and constructs the line's operators suggest,
	// so that most lines need one allocation for each list.
	a.reserve(src)
	if joined {
		line.CompoundEffects = append(line.CompoundEffects, Effect{Kind: EffectObfuscation, Pos: 0, End: len(src), Reason: errCommentJoin.Error()})
	}
	a.stmts(f.Stmts, scope{})
	// Commands inside substitutions are found before the command whose
	// word holds them: the commands are put in source order, ties in the
	// order found (a stable sort).
	sortCommands(line.Commands)
	if !constructsSorted(line.Constructs) {
		slices.SortStableFunc(line.Constructs, func(x, y Construct) int { return cmp.Compare(x.Pos, y.Pos) })
	}
	// Empty lists stay nil, as when built by append from nil.
	if len(line.Commands) == 0 {
		line.Commands = nil
	}
	if len(line.Constructs) == 0 {
		line.Constructs = nil
	}
	if a.lists != nil {
		a.lists.commands = line.Commands
		if a.spare != nil {
			// Blocks not needed this time go with this line's.
			a.lists.words = append(a.lists.words, a.spare.words...)
			a.lists.effects = append(a.lists.effects, a.spare.effects...)
			a.lists.redirs = append(a.lists.redirs, a.spare.redirs...)
		}
		line.lists = a.lists
	}
	line.CodeStringsNotRead = a.codeCount.skipped
	line.OverLimit = overLimit(line, DefaultLimits)
	a.release()
	return line, f
}

// overLimit names the first of lim that line exceeds, or "".
func overLimit(line *Line, lim Limits) string {
	if len(line.Source) > lim.Bytes {
		return fmt.Sprintf("more than %d bytes", lim.Bytes)
	}
	if len(line.Commands) > lim.Commands {
		return fmt.Sprintf("more than %d commands", lim.Commands)
	}
	words := 0
	for i := range line.Commands {
		c := &line.Commands[i]
		words += 1 + len(c.Args)
		if c.Context.TooDeep {
			return fmt.Sprintf("statements nested more than %d deep", lim.Depth)
		}
	}
	if words > lim.Words {
		return fmt.Sprintf("more than %d words", lim.Words)
	}
	return ""
}

// errHeredocJoin reports a heredoc whose body bash and the parser end in
// different places.
var errHeredocJoin = errors.New("a heredoc body has a line ending in a backslash: bash joins it with the next line before looking for the closing delimiter (EO\\ then F ends <<EOF in bash), and this parser does not, so they disagree on where the commands after it start; quote the delimiter (<<'EOF') or remove the backslash")

// heredocJoins finds the heredocs whose body, as the parser read it,
// holds a backslash-newline while the delimiter is unquoted. In such a
// body bash removes each backslash-newline before comparing a line with
// the delimiter, so `EO\` followed by `F` closes <<EOF for bash: the lines
// the parser kept as text are commands to bash. Rather than model where
// bash would end, such lines are unparsable (ask). With a quoted
// delimiter bash keeps the backslashes, as the parser does.
func heredocJoins(f *syntax.File, src string) error {
	if !strings.Contains(src, "<<") || !strings.Contains(src, "\\\n") {
		return nil // the common case: no walk
	}
	var err error
	syntax.Walk(f, func(n syntax.Node) bool {
		r, ok := n.(*syntax.Redirect)
		if !ok || err != nil {
			return err == nil
		}
		if (r.Op != syntax.Hdoc && r.Op != syntax.DashHdoc) || r.Hdoc == nil || quotedDelimiter(r.Word) {
			return true
		}
		pos, end := int(r.Hdoc.Pos().Offset()), int(r.Hdoc.End().Offset())
		// The body runs to the delimiter line; look one line past the
		// parser's end too, where a joined closing line would start.
		if nl := strings.IndexByte(src[min(end, len(src)):], '\n'); nl >= 0 {
			end += nl + 1
		} else {
			end = len(src)
		}
		if pos < end && end <= len(src) && strings.Contains(src[pos:end], "\\\n") {
			err = errHeredocJoin
		}
		return true
	})
	return err
}

// errCommentJoin is why a line with a comment ending in a backslash asks.
var errCommentJoin = errors.New("a comment ends in a backslash: bash ends the comment at the newline and runs the next line, which a parser that joins the lines would hide in the command before the comment; remove the backslash")

// commentJoins finds the comments holding a backslash-newline and returns
// src with each such backslash made a blank. bash ends a comment at the
// newline whatever precedes it (`echo hi # \` then `rm -rf x` runs rm),
// while the parser joins the next line to the command before the comment
// (echo hi rm -rf x), so the command bash runs would never be seen. The
// blank keeps every offset. The parser drops comments, so the rare line
// that could hold one is parsed again with them kept.
//
// A found comment that cannot be repaired returns "" and true.
func commentJoins(src string, depth int) (string, bool) {
	if !strings.Contains(src, "#") || !strings.Contains(src, "\\\n") {
		return "", false
	}
	p := syntax.NewParser(syntax.Variant(syntax.LangBash), syntax.KeepComments(true))
	f, err := p.Parse(strings.NewReader(src), "")
	if err != nil {
		return "", false // the first parse succeeded: not expected; that parse stands
	}
	var fixed []byte
	found, changed := false, false
	syntax.Walk(f, func(n syntax.Node) bool {
		c, ok := n.(*syntax.Comment)
		if !ok || !strings.Contains(c.Text, "\\\n") {
			return true
		}
		found = true
		if fixed == nil {
			fixed = []byte(src)
		}
		start := int(c.Hash.Offset()) + 1
		for i := strings.Index(c.Text, "\\\n"); i >= 0; {
			if at := start + i; at < len(fixed) && fixed[at] == '\\' {
				fixed[at] = ' '
				changed = true
			}
			next := strings.Index(c.Text[i+2:], "\\\n")
			if next < 0 {
				break
			}
			i += 2 + next
		}
		return true
	})
	switch {
	case !found:
		return "", false
	case !changed || depth >= 8:
		return "", true
	}
	// A comment the repair did not end (more joins inside) is found again.
	if again, ok := commentJoins(string(fixed), depth+1); ok {
		return again, true
	}
	return string(fixed), true
}

// quotedDelimiter reports a heredoc delimiter with any quoting ('EOF',
// "EOF", \EOF, E"O"F): bash then takes the body as it is.
func quotedDelimiter(w *syntax.Word) bool {
	if w == nil {
		return false
	}
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.SglQuoted, *syntax.DblQuoted:
			return true
		case *syntax.Lit:
			if strings.Contains(p.Value, "\\") {
				return true
			}
		}
	}
	return false
}

// codeBudget counts the code strings of a line: read, and left unread
// past the limit (0: no limit).
type codeBudget struct {
	read, skipped, limit int
}

// take reports whether one more code string is read, counting it.
func (b *codeBudget) take() bool {
	if b.limit > 0 && b.read >= b.limit {
		b.skipped++
		return false
	}
	b.read++
	return true
}

// recycleFrom is the length of line from which its lists are recycled:
// a short line's lists cost less to allocate than to pool.
const recycleFrom = 2048

// lists are the blocks a long line's lists were handed out from. Recycle
// gives them to later analyses, so that a 64 KiB line does not allocate
// (and clear, and collect) megabytes of commands, words and effects each
// time it is explained.
type lists struct {
	commands []Command
	words    [][]Word
	effects  [][]Effect
	redirs   [][]Redir
}

// spareLists holds the lists of recycled lines. The last one recycled
// is kept aside in lastSpare, which the collector does not empty: a
// sync.Pool is emptied by every collection, and explaining a long line
// triggers one or two, so the pool alone was mostly empty when the next
// long line came.
var (
	spareLists sync.Pool
	lastSpare  atomic.Pointer[lists]
)

// takeSpare returns recycled lists, or nil.
func takeSpare() *lists {
	if l := lastSpare.Swap(nil); l != nil {
		return l
	}
	l, _ := spareLists.Get().(*lists)
	return l
}

// Recycle hands the lists of line back for later lines. The caller must
// be done with line and with every slice and pointer it got from it (its
// strings stay valid: they are never reused). Lines analysed by Analyze
// and AnalyzeWithTree only; others are ignored.
func Recycle(line *Line) {
	if line == nil || line.lists == nil {
		return
	}
	l := line.lists
	// A recycled line reads as unparsable, never as an empty (harmless)
	// one, should anything still look at it.
	*line = Line{Source: line.Source, ParseError: errRecycled}
	l.commands = l.commands[:0]
	if !lastSpare.CompareAndSwap(nil, l) {
		spareLists.Put(l)
	}
}

// block returns the first spare block with room for n, removing it from
// the spares, or nil.
func block[T any](spare *[][]T, n int) []T {
	for i, b := range *spare {
		if cap(b) >= n {
			last := len(*spare) - 1
			(*spare)[i] = (*spare)[last]
			(*spare)[last] = nil
			*spare = (*spare)[:last]
			return b[:0]
		}
	}
	return nil
}

// newBlock returns an empty block of at least n elements, a recycled one
// if there is one, recorded for Recycle; on a short line (no lists) a plain
// one. pick chooses the kind of block in a lists.
func newBlock[T any](a *analysis, pick func(*lists) *[][]T, n int) []T {
	if a.lists == nil {
		return make([]T, 0, n)
	}
	var b []T
	if a.spare != nil {
		b = block(pick(a.spare), n)
	}
	if b == nil {
		b = make([]T, 0, n)
	}
	rec := pick(a.lists)
	*rec = append(*rec, b)
	return b
}

func (a *analysis) newWords(n int) []Word {
	return newBlock(a, func(l *lists) *[][]Word { return &l.words }, n)
}

func (a *analysis) newEffects(n int) []Effect {
	return newBlock(a, func(l *lists) *[][]Effect { return &l.effects }, n)
}

func (a *analysis) newRedirs(n int) []Redir {
	return newBlock(a, func(l *lists) *[][]Redir { return &l.redirs }, n)
}

// newCommands returns an empty list with room for n commands, a recycled
// one if there is one.
func (a *analysis) newCommands(n int) []Command {
	if a.spare != nil && cap(a.spare.commands) >= n {
		cs := a.spare.commands[:0]
		a.spare.commands = nil
		return cs
	}
	return make([]Command, 0, n)
}

// release puts the analysis back in the pool unless one odd line grew its
// map: clearing a big map would cost every later call. What it handed out
// (the arenas) belongs to the Line and is dropped.
func (a *analysis) release() {
	if len(a.escaped) > 64 {
		return
	}
	clear(a.escaped)
	a.src, a.line, a.depth, a.nesting = "", nil, 0, 0
	a.codes = nil
	a.stmtFx = nil
	a.glob, a.bound = nil, nil
	a.lists, a.spare = nil, nil
	a.ends = Ends{} // rarely filled, for deep nesting: dropped rather than cleared
	a.lastName, a.lastEntry = "", nil
	a.wordArena, a.fxArena, a.redirArena, a.wrapperArena = nil, nil, nil, nil
	analyses.Put(a)
}

// sortCommands sorts commands by Pos, stably. Most lines are in order
// already, which one pass tells. Otherwise the order is found on indexes
// and each Command (a few hundred bytes) moved once, where sorting the
// Commands themselves moved them again and again: x=$(ls) repeated
// thousands of times puts the last command found first.
func sortCommands(cs []Command) {
	sorted := true
	for i := 1; i < len(cs); i++ {
		if cs[i].Pos < cs[i-1].Pos {
			sorted = false
			break
		}
	}
	if sorted {
		return
	}
	var orderBuf [32]int // a short line's order: on the stack
	order := orderBuf[:0]
	if len(cs) > len(orderBuf) {
		order = make([]int, 0, len(cs))
	}
	for i := range cs {
		order = append(order, i)
	}
	slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(cs[x].Pos, cs[y].Pos) })
	// Position i takes the command at order[i]: follow each cycle of the
	// permutation, marking a position done by order[j] = j.
	for i := range cs {
		if order[i] == i {
			continue
		}
		tmp := cs[i]
		j := i
		for {
			k := order[j]
			order[j] = j
			if k == i {
				cs[j] = tmp
				break
			}
			cs[j] = cs[k]
			j = k
		}
	}
}

// constructsSorted reports constructs already in order of Pos.
func constructsSorted(cs []Construct) bool {
	for i := 1; i < len(cs); i++ {
		if cs[i].Pos < cs[i-1].Pos {
			return false
		}
	}
	return true
}

// analyses pools the state of Analyze calls (its map).
var analyses = sync.Pool{New: func() any { return &analysis{escaped: map[int]bool{}} }}

// reserve sizes the line's lists and the word arena for src.
func (a *analysis) reserve(src string) {
	if n := listEstimate(src); n > 1 {
		a.line.Commands, a.line.Constructs = a.newCommands(n), make([]Construct, 0, n)
	}
	// About one word per blank: one allocation for most lines' words. The
	// blanks around && || | separate commands, not words: one of the two
	// stands for the next command's name.
	a.wordArena = a.newWords(min(8+wordEstimate(src), 1024))
}

// listEstimate guesses how many commands (and constructs) a line has from
// the bytes that separate or open them: && || | ; & newline ( `. It only
// sizes buffers; a wrong guess costs a copy, never a result.
func listEstimate(src string) int {
	// A long chain is sized at once: growing a list of thousands of
	// Commands (a few hundred bytes each) copied it again and again. The
	// bound keeps a line of quoted separators from reserving megabytes.
	return min(EstimateCommands(src), maxListEstimate)
}

// EstimateCommands is about how many commands src holds, from the bytes
// that separate or open them: && || | ; & newline ( `. It reads no
// syntax, so quoted ones count too: an upper estimate for a line of
// commands, cheap enough to take before parsing.
func EstimateCommands(src string) int {
	// && is one separator, a lone & (in the background) another.
	amps := strings.Count(src, "&") - strings.Count(src, "&&")
	return 1 + amps + strings.Count(src, "|") + strings.Count(src, ";") +
		strings.Count(src, "\n") + strings.Count(src, "(") + strings.Count(src, "`")/2
}

// maxListEstimate bounds listEstimate: at most a few MB reserved in vain
// by a 64 KiB line whose separators are all quoted.
const maxListEstimate = 1 << 14

// wordEstimate guesses how many words a line has from its blanks. It only
// sizes the word arena; a low guess costs one more allocation.
func wordEstimate(src string) int {
	return strings.Count(src, " ") - strings.Count(src, " && ") - strings.Count(src, " || ") - strings.Count(src, " | ")
}

// Words returns the literal name and arguments ("" for a dynamic word).
func (c Command) Words() []string {
	return c.AppendWords(make([]string, 0, 1+len(c.Args)))
}

// AppendWords appends what Words returns to dst, so that a caller deciding
// many commands can reuse one buffer.
func (c *Command) AppendWords(dst []string) []string {
	dst = append(dst, c.Name.Value)
	for i := range c.Args {
		dst = append(dst, c.Args[i].Value)
	}
	return dst
}

// IsDynamic reports whether the name, any argument or any redirection
// target is not a literal. A command without a name (a bare assignment or
// redirection) is not dynamic by its name.
func (c Command) IsDynamic() bool {
	if c.Name.Dynamic {
		return true
	}
	for _, w := range c.Args {
		if w.Dynamic {
			return true
		}
	}
	for _, r := range c.Redirs {
		if r.Target.Dynamic {
			return true
		}
	}
	return false
}

// Text returns the source text of the command in src (the Line.Source).
func (c Command) Text(src string) string {
	return span(src, c.Pos, c.End)
}

// Text returns the source text of the word in src.
func (w Word) Text(src string) string {
	return span(src, w.Pos, w.End)
}

// Has reports whether the command has an effect of kind k.
func (c Command) Has(k EffectKind) bool {
	for _, e := range c.Effects {
		if e.Kind == k {
			return true
		}
	}
	return false
}

// Effects returns every effect of every command in the line.
func (l *Line) Effects() []Effect {
	var out []Effect
	for _, c := range l.Commands {
		out = append(out, c.Effects...)
	}
	return append(out, l.CompoundEffects...)
}

func span(src string, pos, end int) string {
	if pos < 0 || end > len(src) || pos > end {
		return ""
	}
	return src[pos:end]
}

// analysis holds the state of one Analyze call.
type analysis struct {
	src  string
	line *Line
	// depth counts code strings analysed inside code strings (sh -c
	// "sh -c '...'"); past maxDepth they are left to the outer effect.
	depth int
	// escaped holds the start of words built with $'..' escapes, which
	// hide a command name from a reader ($'\x72\x6d' is rm).
	escaped map[int]bool
	// wordArena hands out the words of each command from a few larger
	// allocations. It is fresh for every call: the words end up in the
	// Line, so they are reused only once the Line is recycled.
	wordArena []Word
	// fxArena and redirArena do the same for the commands' effects and
	// redirections: each command's list is a slice of them with its
	// capacity ending at its length, so a caller's append copies.
	fxArena    []Effect
	redirArena []Redir
	// wrapperArena does the same for the commands' wrappers.
	wrapperArena []Wrapper
	// fxScratch is where the command being finished builds its effects;
	// addCommand copies them into fxArena, exactly sized. It is nil while
	// a command holds it, so that a command analysed meanwhile can never
	// write into it. It outlives the call (pooled): it is working data,
	// never part of a Line.
	fxScratch []Effect
	// constructs collects the constructs of a code string (sh -c '...'),
	// which are not the line's: working data, pooled.
	constructs []Construct
	// lists records the blocks handed out for a long line (Recycle), and
	// spare holds a recycled line's blocks to hand out first.
	lists, spare *lists
	// ends remembers the ends of deeply nested statements (offEnd).
	ends Ends
	// nesting counts the statements being analysed inside each other.
	nesting int
	// codes counts the line's code strings (shared with the analyses of
	// its code strings); codeCount is the line's counter.
	codes     *codeBudget
	codeCount codeBudget
	// glob expands static patterns (AnalyzeGlobs; nil for Analyze), and
	// bound holds the values of the for loop variables being analysed
	// once per value.
	glob  *globber
	bound map[string]string
	// stmtFx holds what bash evaluates in the redirections of the
	// statement whose simple command is being built (takeStmtFx).
	stmtFx []Effect
	// lastName and lastEntry remember the last name looked up in the
	// data tables (lookup).
	lastName  string
	lastEntry *nameEntry
}

// takeScratch hands the effect scratch buffer to a command being finished,
// after the effects it already has.
func (a *analysis) takeScratch(have []Effect) []Effect {
	fx := append(a.fxScratch[:0], have...)
	a.fxScratch = nil
	return fx
}

// effectSlice returns a slice of exactly n effects from the arena.
func (a *analysis) effectSlice(n int) []Effect {
	if cap(a.fxArena)-len(a.fxArena) < n {
		a.fxArena = a.newEffects(max(n, min(2*cap(a.fxArena), 4096), 16))
	}
	start := len(a.fxArena)
	a.fxArena = a.fxArena[:start+n]
	return a.fxArena[start : start+n : start+n]
}

// wrapperSlice returns an empty slice with room for exactly n wrappers
// from the arena (an append past it copies).
func (a *analysis) wrapperSlice(n int) []Wrapper {
	if cap(a.wrapperArena)-len(a.wrapperArena) < n {
		a.wrapperArena = make([]Wrapper, 0, max(n, min(2*cap(a.wrapperArena), 1024), 8))
	}
	start := len(a.wrapperArena)
	a.wrapperArena = a.wrapperArena[:start+n]
	return a.wrapperArena[start : start : start+n]
}

// redirSlice returns an empty slice with room for exactly n redirections
// from the arena.
func (a *analysis) redirSlice(n int) []Redir {
	if cap(a.redirArena)-len(a.redirArena) < n {
		a.redirArena = a.newRedirs(max(n, min(2*cap(a.redirArena), 1024), 4))
	}
	start := len(a.redirArena)
	a.redirArena = a.redirArena[:start+n]
	return a.redirArena[start : start : start+n]
}

// addBuilt adds a command whose effects were built in the scratch buffer
// (takeScratch) and takes the buffer back.
func (a *analysis) addBuilt(cmd *Command) {
	fx := cmd.Effects
	a.addCommand(*cmd)
	if len(fx) <= maxScratch && cap(fx) <= 4*maxScratch && a.fxScratch == nil {
		a.fxScratch = fx[:0]
	}
}

// maxScratch bounds the effect buffer kept between commands and calls:
// a command with thousands of effects keeps its own buffer instead.
const maxScratch = 256

// wordSlice returns an empty slice with room for n words. Its capacity is
// exactly n, so an append past it copies instead of overwriting the
// next slice handed out.
func (a *analysis) wordSlice(n int) []Word {
	if a.wordArena == nil || cap(a.wordArena)-len(a.wordArena) < n {
		// Chunks double up to 2048 words (128 KiB): past that, doubling
		// only leaves more of the last chunk unused.
		a.wordArena = a.newWords(max(n, min(2*cap(a.wordArena), 2048), 16))
	}
	start := len(a.wordArena)
	a.wordArena = a.wordArena[:start+n]
	return a.wordArena[start : start : start+n]
}

// scope is what enclosing structure imposes on the commands inside it.
type scope struct {
	ctx      Context
	redirs   []*syntax.Redirect // redirections of enclosing compound commands
	wrappers []Wrapper          // the time keyword around a pipeline
}

func (a *analysis) off(p syntax.Pos) int {
	o := int(p.Offset())
	if o > len(a.src) {
		o = len(a.src)
	}
	return o
}

// addCommand appends a command to the line. A Command is a few hundred
// bytes and a long line has thousands: append grows a large slice by only
// a quarter each time, which copied the list about five times over, so
// the list doubles instead.
//
// The command's effects move to the effect arena: a list of a few
// effects built by append cost an allocation or two per command.
func (a *analysis) addCommand(c Command) {
	switch n := len(c.Effects); {
	case n == 0:
		c.Effects = nil
	case n > maxScratch:
		// Thousands of effects (rm with thousands of operands): the list
		// was sized for them; it becomes the command's own.
		c.Effects = c.Effects[:n:n]
	default:
		fx := a.effectSlice(n)
		copy(fx, c.Effects)
		c.Effects = fx
	}
	cs := a.line.Commands
	if len(cs) == cap(cs) {
		cs = slices.Grow(cs, max(len(cs), 8))
	}
	a.line.Commands = append(cs, c)
}

func (a *analysis) construct(k ConstructKind, n syntax.Node) {
	a.line.Constructs = append(a.line.Constructs, Construct{Kind: k, Pos: a.off(n.Pos()), End: a.offEnd(n)})
}

func (a *analysis) stmts(list []*syntax.Stmt, sc scope) {
	if len(list) > 1 {
		a.line.Constructs = append(a.line.Constructs, Construct{
			Kind: ConstructSequence, Pos: a.off(list[0].Pos()), End: a.offEnd(list[len(list)-1]),
		})
	}
	for _, s := range list {
		a.stmt(s, sc)
	}
}

func (a *analysis) stmt(s *syntax.Stmt, sc scope) {
	if s == nil {
		return
	}
	if a.nesting >= MaxNesting {
		a.tooDeep(s, sc)
		return
	}
	a.nesting++
	a.stmtAt(s, sc)
	a.nesting--
}

// tooDeep adds the command that stands for statement s, nested past
// MaxNesting and not analysed.
func (a *analysis) tooDeep(s *syntax.Stmt, sc scope) {
	pos, end := a.off(s.Pos()), a.offEnd(s)
	ctx := sc.ctx
	ctx.TooDeep = true
	a.addCommand(Command{Name: Word{Dynamic: true, Pos: pos, End: end}, Context: ctx, Pos: pos, End: end,
		Effects: []Effect{{Kind: EffectObfuscation, Pos: pos, End: end,
			Reason: fmt.Sprintf("nested more than %d levels deep; Gatehouse does not analyse deeper", MaxNesting)}}})
}

// stmtAt is stmt once the nesting is counted.
func (a *analysis) stmtAt(s *syntax.Stmt, sc scope) {
	if s.Background || s.Coprocess || s.Disown {
		sc.ctx.Background = true
		a.construct(ConstructBackground, s)
	}
	var redirFx []Effect
	for _, r := range s.Redirs {
		redirFx = append(redirFx, a.scanRedir(r, sc)...)
		if r.Op == syntax.Hdoc || r.Op == syntax.DashHdoc {
			sc.ctx.Heredoc = true
		}
	}
	switch c := s.Cmd.(type) {
	case nil:
		// Only redirections: "> file" truncates or creates the file.
		a.stmtFx = redirFx
		a.simple(s, nil, nil, sc)
	case *syntax.CallExpr:
		a.stmtFx = redirFx
		a.simple(s, c.Assigns, c.Args, sc)
	case *syntax.DeclClause:
		a.stmtFx = redirFx
		a.decl(s, c, sc)
	default:
		// The redirections of a compound command ({ …; } > f) belong to
		// no one simple command: what bash evaluates in them is the line's.
		a.lineEffects(redirFx)
		inner := sc
		inner.redirs = append(append([]*syntax.Redirect(nil), sc.redirs...), s.Redirs...)
		a.compound(s, c, inner)
	}
}

// lineEffects records effects of words that belong to no simple command
// (Line.CompoundEffects).
func (a *analysis) lineEffects(fx []Effect) {
	a.line.CompoundEffects = append(a.line.CompoundEffects, fx...)
}

// takeStmtFx hands the effects of the statement's own redirections to
// the simple command being built, before any of its words is scanned
// (scanning a substitution analyses other statements).
func (a *analysis) takeStmtFx() []Effect {
	fx := a.stmtFx
	a.stmtFx = nil
	return fx
}

// compound walks every command kind except simple commands and declarations.
func (a *analysis) compound(s *syntax.Stmt, cmd syntax.Command, sc scope) {
	switch c := cmd.(type) {
	case *syntax.BinaryCmd:
		switch c.Op {
		case syntax.Pipe, syntax.PipeAll:
			a.construct(ConstructPipe, c)
			parts := flattenPipe(c)
			for i, p := range parts {
				inner := sc
				inner.ctx.Pipeline = true
				inner.ctx.PipedInto = i > 0 || sc.ctx.PipedInto
				a.stmt(p, inner)
			}
		case syntax.AndStmt, syntax.OrStmt:
			// a && b && c is ((a && b) && c): walk the left spine in a
			// loop rather than one recursion per operator, which on a
			// chain of thousands grew the stack by copying it. The order
			// of constructs and commands is the recursion's.
			var spineBuf [32]*syntax.BinaryCmd // most chains: on the stack
			spine := append(spineBuf[:0], c)
			x := c.X
			for plainStmt(x) {
				b, ok := x.Cmd.(*syntax.BinaryCmd)
				if !ok || b.Op != syntax.AndStmt && b.Op != syntax.OrStmt {
					break
				}
				spine = append(spine, b)
				x = b.X
			}
			for _, b := range spine {
				if b.Op == syntax.AndStmt {
					a.construct(ConstructAnd, b)
				} else {
					a.construct(ConstructOr, b)
				}
			}
			a.stmt(x, sc)
			inner := sc
			inner.ctx.Conditional = true
			for i := len(spine) - 1; i >= 0; i-- {
				a.stmt(spine[i].Y, inner)
			}
		default:
			a.stmt(c.X, sc)
			a.stmt(c.Y, sc)
		}
	case *syntax.Subshell:
		a.construct(ConstructSubshell, c)
		inner := sc
		inner.ctx.Subshell = true
		a.stmts(c.Stmts, inner)
	case *syntax.Block:
		a.stmts(c.Stmts, sc)
	case *syntax.IfClause:
		a.construct(ConstructIf, c)
		inner := sc
		inner.ctx.Conditional = true
		for clause := c; clause != nil; clause = clause.Else {
			a.stmts(clause.Cond, inner)
			a.stmts(clause.Then, inner)
		}
	case *syntax.WhileClause:
		a.construct(ConstructLoop, c)
		inner := sc
		inner.ctx.Loop = true
		a.stmts(c.Cond, inner)
		a.stmts(c.Do, inner)
	case *syntax.ForClause:
		a.construct(ConstructLoop, c)
		inner := sc
		inner.ctx.Loop = true
		switch l := c.Loop.(type) {
		case *syntax.WordIter:
			for _, w := range l.Items {
				a.lineEffects(a.scan(w, inner))
			}
		case *syntax.CStyleLoop:
			a.arithmetic(s, c, []syntax.ArithmExpr{l.Init, l.Cond, l.Post}, inner)
		}
		if name, values, ok := a.loopValues(c); ok {
			// The body once per value, as bash runs it.
			saved := a.bound
			for _, v := range values {
				a.bound = map[string]string{name: v}
				for k, sv := range saved {
					if k != name {
						a.bound[k] = sv
					}
				}
				a.stmts(c.Do, inner)
			}
			a.bound = saved
			break
		}
		a.stmts(c.Do, inner)
	case *syntax.CaseClause:
		a.construct(ConstructIf, c)
		a.lineEffects(a.scan(c.Word, sc))
		inner := sc
		inner.ctx.Conditional = true
		for _, item := range c.Items {
			for _, p := range item.Patterns {
				a.lineEffects(a.scan(p, inner))
			}
			a.stmts(item.Stmts, inner)
		}
	case *syntax.FuncDecl:
		a.construct(ConstructFunction, c)
		inner := sc
		inner.ctx.Function = true
		a.stmt(c.Body, inner)
	case *syntax.ArithmCmd:
		a.arithmetic(s, c, []syntax.ArithmExpr{c.X}, sc)
	case *syntax.LetClause:
		a.arithmetic(s, c, c.Exprs, sc)
	case *syntax.TestClause:
		a.test(s, c, sc)
	case *syntax.TimeClause:
		inner := sc
		// A time inside a timed pipeline (time a | time b | …, which
		// nests) adds nothing: the commands are timed already. Adding one
		// per level gave each command every outer one, quadratic in the
		// line (3,000 of them took a second).
		if !slices.ContainsFunc(sc.wrappers, func(w Wrapper) bool { return w.Name == "time" }) {
			w := Wrapper{Name: "time", Pos: a.off(c.Time), End: a.off(c.Time) + len("time")}
			inner.wrappers = append(append([]Wrapper(nil), sc.wrappers...), w)
		}
		if c.Stmt != nil {
			a.stmt(c.Stmt, inner)
		}
	case *syntax.CoprocClause:
		a.construct(ConstructCoproc, c)
		inner := sc
		inner.ctx.Background = true
		a.stmt(c.Stmt, inner)
	default:
		// A command kind this package does not know: never let it pass
		// silently. It becomes a dynamic command, which callers ask about.
		a.addCommand(Command{
			Name:    Word{Dynamic: true, Pos: a.off(c.Pos()), End: a.offEnd(c)},
			Context: sc.ctx,
			Pos:     a.off(c.Pos()), End: a.offEnd(c),
			Effects: []Effect{{Kind: EffectExec, Reason: "shell construct not understood", Pos: a.off(c.Pos()), End: a.offEnd(c)}},
		})
	}
}

// plainStmt reports a statement that stmt passes to compound unchanged:
// no redirections, not in the background, not negated.
func plainStmt(s *syntax.Stmt) bool {
	return s != nil && len(s.Redirs) == 0 && !s.Background && !s.Coprocess && !s.Disown && !s.Negated
}

// flattenPipe lists the statements of a pipeline a | b | c in order. It
// walks the tree with a stack of its own: a pipeline of thousands of
// commands is a tree that deep, and recursing grew the goroutine stack
// by copying it.
func flattenPipe(c *syntax.BinaryCmd) []*syntax.Stmt {
	var out []*syntax.Stmt
	var todoBuf [16]*syntax.Stmt          // most pipelines: on the stack
	todo := append(todoBuf[:0], c.Y, c.X) // the next to visit last
	for len(todo) > 0 {
		s := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if b, ok := s.Cmd.(*syntax.BinaryCmd); ok && (b.Op == syntax.Pipe || b.Op == syntax.PipeAll) &&
			len(s.Redirs) == 0 && !s.Background && !s.Negated {
			todo = append(todo, b.Y, b.X)
			continue
		}
		out = append(out, s)
	}
	return out
}

// scan walks a node for the command and process substitutions and the
// arithmetic inside it; the commands they contain are analysed in a
// Substitution context. It returns the effects of arithmetic expansions
// on variables, which belong to the command whose word holds them.
func (a *analysis) scan(n syntax.Node, sc scope) []Effect {
	if n == nil {
		return nil
	}
	switch n := n.(type) {
	case *syntax.Word:
		if plainWord(n) {
			return nil // the common case: nothing inside to walk
		}
		if shallowWord(n) {
			a.scanShallow(n.Parts, sc)
			return nil
		}
	case *syntax.Assign:
		// x=$(ls): the name is a literal, nothing inside it to walk.
		if n.Index == nil && n.Array == nil {
			if n.Value == nil {
				return nil
			}
			return a.scan(n.Value, sc)
		}
	}
	var effects []Effect
	syntax.Walk(n, func(n syntax.Node) bool {
		switch c := n.(type) {
		case *syntax.CmdSubst:
			a.construct(ConstructCmdSubst, c)
			a.stmts(c.Stmts, substScope(sc))
			return false
		case *syntax.ProcSubst:
			a.construct(ConstructProcSubst, c)
			a.stmts(c.Stmts, substScope(sc))
			return false
		case *syntax.ArithmExp:
			a.construct(ConstructArithmetic, c)
			if arithUsesVariables(c.X) {
				effects = append(effects, Effect{Kind: EffectExec, Pos: a.off(c.Pos()), End: a.offEnd(c),
					Reason: "arithmetic on a variable can run commands hidden in an array subscript"})
			}
		case *syntax.ParamExp:
			if reason := paramEvaluates(c); reason != "" {
				effects = append(effects, Effect{Kind: EffectExec, Pos: a.off(c.Pos()), End: a.offEnd(c), Reason: reason})
			}
		case *syntax.Assign:
			if c.Index != nil && !literalIndex(c.Index) {
				effects = append(effects, Effect{Kind: EffectExec, Pos: a.off(c.Pos()), End: a.offEnd(c),
					Reason: "the array subscript of the assignment is evaluated as arithmetic, which can run commands"})
			}
		case *syntax.ArrayElem:
			if c.Index != nil && !literalIndex(c.Index) {
				effects = append(effects, Effect{Kind: EffectExec, Pos: a.off(c.Pos()), End: a.offEnd(c),
					Reason: "the array subscript of the element is evaluated as arithmetic, which can run commands"})
			}
		}
		return true
	})
	return effects
}

// paramEvaluates says why bash evaluates part of a parameter expansion as
// code or as arithmetic (which runs the command substitutions hidden in an
// array subscript: x='a[$(id)]'; ${!x} or ${s:x} runs id), or "" for the
// forms that only read a value. Only the forms known to be inert pass;
// any other operator counts as evaluating.
func paramEvaluates(p *syntax.ParamExp) string {
	switch {
	case p.NestedParam != nil || p.Flags != nil || len(p.Modifiers) > 0 || p.Width || p.IsSet:
		return "the parameter expansion uses a form bash does not have"
	case p.Excl && p.Names == 0 && !wholeArray(p.Index):
		return "${!name} looks up the variable named by another one's value, and bash evaluates a subscript in that name as arithmetic, which can run commands"
	case p.Index != nil && !literalIndex(p.Index) && !wholeArray(p.Index):
		return "the array subscript is evaluated as arithmetic, which can run commands hidden in a variable"
	case p.Slice != nil && (!literalArith(p.Slice.Offset) || !literalArith(p.Slice.Length)):
		return "the substring offset or length is evaluated as arithmetic, which can run commands hidden in a variable"
	case p.Exp != nil && p.Exp.Op == syntax.OtherParamOps:
		if !inertTransform(p.Exp.Word) {
			return "${name@P} and unknown @ operators expand the value as a prompt, running the command substitutions in it"
		}
	}
	return ""
}

// inertTransform reports the ${name@op} operators that only quote or
// convert a value: @Q @E @A @K @k @a @U @u @L. @P expands prompt escapes and
// command substitutions.
func inertTransform(w *syntax.Word) bool {
	if w == nil || len(w.Parts) != 1 {
		return false
	}
	lit, ok := w.Parts[0].(*syntax.Lit)
	if !ok || len(lit.Value) != 1 {
		return false
	}
	return strings.Contains("QEAKkaUuL", lit.Value)
}

// wholeArray reports the subscripts @ and *, which name every element.
func wholeArray(x syntax.ArithmExpr) bool {
	w, ok := x.(*syntax.Word)
	if !ok || len(w.Parts) != 1 {
		return false
	}
	lit, ok := w.Parts[0].(*syntax.Lit)
	return ok && (lit.Value == "@" || lit.Value == "*")
}

// literalIndex reports a subscript that is a decimal number, possibly
// negative: the only subscript bash evaluates without looking anything up.
func literalIndex(x syntax.ArithmExpr) bool {
	return x != nil && literalArith(x)
}

// literalArith reports an absent arithmetic expression or a decimal
// number with an optional sign.
func literalArith(x syntax.ArithmExpr) bool {
	switch x := x.(type) {
	case nil:
		return true
	case *syntax.UnaryArithm:
		return (x.Op == syntax.Minus || x.Op == syntax.Plus) && !x.Post && literalIndex(x.X)
	case *syntax.Word:
		if len(x.Parts) != 1 {
			return false
		}
		lit, ok := x.Parts[0].(*syntax.Lit)
		return ok && isDigits(lit.Value) && lit.Value != ""
	}
	return false
}

// shallowWord reports a word whose parts scanShallow can walk as
// syntax.Walk would: literals, quotes, plain parameters ($x, ${x}) and
// command or process substitutions, possibly inside double quotes. Walk
// needs a closure on the heap for every word it visits.
func shallowWord(w *syntax.Word) bool {
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.DblQuoted:
			for _, q := range p.Parts {
				if !shallowPart(q) {
					return false
				}
			}
		default:
			if !shallowPart(p) {
				return false
			}
		}
	}
	return true
}

func shallowPart(p syntax.WordPart) bool {
	switch p := p.(type) {
	case *syntax.Lit, *syntax.SglQuoted, *syntax.CmdSubst, *syntax.ProcSubst:
		return true
	case *syntax.ParamExp:
		return p.NestedParam == nil && p.Index == nil && p.Slice == nil && p.Repl == nil && p.Exp == nil && !p.Excl
	}
	return false
}

// scanShallow is scan's walk over the parts of a shallowWord, in the
// order syntax.Walk visits them. Such parts hold no arithmetic, so they
// have no effects of their own.
func (a *analysis) scanShallow(parts []syntax.WordPart, sc scope) {
	for _, p := range parts {
		switch c := p.(type) {
		case *syntax.DblQuoted:
			a.scanShallow(c.Parts, sc)
		case *syntax.CmdSubst:
			a.construct(ConstructCmdSubst, c)
			a.stmts(c.Stmts, substScope(sc))
		case *syntax.ProcSubst:
			a.construct(ConstructProcSubst, c)
			a.stmts(c.Stmts, substScope(sc))
		}
	}
}

// plainWord reports a word made only of literal and single-quoted parts.
func plainWord(w *syntax.Word) bool {
	for _, p := range w.Parts {
		switch p.(type) {
		case *syntax.Lit, *syntax.SglQuoted:
		default:
			return false
		}
	}
	return true
}

func substScope(sc scope) scope {
	return scope{ctx: Context{
		Substitution: true,
		Subshell:     sc.ctx.Subshell,
		Function:     sc.ctx.Function,
		Loop:         sc.ctx.Loop,
		Conditional:  sc.ctx.Conditional,
	}}
}

// scanRedir scans a redirection's word and heredoc body (an unquoted
// heredoc expands like a double-quoted word) and returns what bash
// evaluates in them.
func (a *analysis) scanRedir(r *syntax.Redirect, sc scope) []Effect {
	var fx []Effect
	if r.N != nil && strings.HasPrefix(r.N.Value, "{") && strings.HasSuffix(r.N.Value, "}") {
		// {name}>file assigns the new descriptor's number to name: a
		// subscript in it is evaluated ({a[i]}> runs what i hides), and a
		// loader variable (IFS, PATH) gets a number.
		name := r.N.Value[1 : len(r.N.Value)-1]
		pos, end := a.off(r.N.Pos()), a.off(r.N.End())
		if strings.Contains(name, "[") {
			fx = append(fx, Effect{Kind: EffectExec, Pos: pos, End: end, Reason: subscriptReason})
		} else if reason, ok := LoaderVariable(name); ok {
			fx = append(fx, Effect{Kind: EffectEnv, Path: name, Pos: pos, End: end, Reason: "the redirection sets " + name + " to a file descriptor number, and " + name + " " + reason})
		}
	}
	if r.Word != nil {
		fx = append(fx, a.scan(r.Word, sc)...)
	}
	if r.Hdoc != nil {
		a.line.Constructs = append(a.line.Constructs, Construct{Kind: ConstructHeredoc, Pos: a.off(r.Pos()), End: a.off(r.End())})
		fx = append(fx, a.scan(r.Hdoc, sc)...)
	}
	return fx
}

// simple analyses a simple command: assignments, words and redirections.
func (a *analysis) simple(s *syntax.Stmt, assigns []*syntax.Assign, args []*syntax.Word, sc scope) {
	cmd := Command{Context: sc.ctx, Pos: a.off(s.Pos()), End: a.off(s.Pos()), Effects: a.takeStmtFx()}
	if len(assigns) > 0 {
		// Sized once: thousands of assignments grew the list by copying.
		cmd.Assigns = make([]Assign, 0, len(assigns))
	}
	for _, as := range assigns {
		cmd.Effects = append(cmd.Effects, a.scan(as, sc)...)
		cmd.Assigns = append(cmd.Assigns, a.assign(as))
		cmd.End = max(cmd.End, a.off(as.End()))
	}
	words := a.wordSlice(len(args))
	for i, w := range args {
		cmd.Effects = append(cmd.Effects, a.scan(w, sc)...)
		if i == 0 {
			words = append(words, a.literal(w)) // a command name is never expanded
		} else {
			words = a.globWords(words, w, a.literal(w))
		}
		cmd.End = max(cmd.End, a.off(w.End()))
	}
	a.finish(&cmd, words, s, sc)
}

// decl analyses declare/export/local/readonly/typeset/nameref: every
// argument is an assignment or an option, and all of them change the
// shell's variables.
func (a *analysis) decl(s *syntax.Stmt, d *syntax.DeclClause, sc scope) {
	cmd := Command{Context: sc.ctx, Pos: a.off(d.Pos()), End: a.offEnd(d), Effects: a.takeStmtFx()}
	words := []Word{{Value: d.Variant.Value, Pos: a.off(d.Variant.Pos()), End: a.off(d.Variant.End())}}
	for _, as := range d.Args {
		cmd.Effects = append(cmd.Effects, a.scan(as, sc)...)
		if as.Naked && as.Name == nil {
			if as.Value != nil {
				words = append(words, a.literal(as.Value))
			}
			continue
		}
		asg := a.assign(as)
		cmd.Assigns = append(cmd.Assigns, asg)
		w := Word{Value: asg.Name, Pos: a.off(as.Pos()), End: a.off(as.End())}
		if !as.Naked {
			w.Value += "=" + asg.Value.Value
			w.Dynamic = asg.Value.Dynamic
		}
		if as.Index != nil {
			w.Dynamic = true
		}
		words = append(words, w)
	}
	a.finish(&cmd, words, s, sc)
}

func (a *analysis) assign(as *syntax.Assign) Assign {
	out := Assign{}
	if as.Name != nil {
		out.Name = as.Name.Value
	}
	switch {
	case as.Array != nil:
		out.Value = Word{Dynamic: true, Pos: a.off(as.Array.Pos()), End: a.off(as.Array.End())}
	case as.Value != nil:
		out.Value = a.literal(as.Value)
		// In an assignment bash also expands "~" after ":" (PATH=a:~/bin).
		if !out.Value.Dynamic && strings.Contains(out.Value.Value, ":~") {
			out.Value.Dynamic = true
		}
	default:
		out.Value = Word{Pos: a.off(as.End()), End: a.off(as.End())}
	}
	if as.Index != nil || as.Append {
		out.Value.Dynamic = true
	}
	return out
}

// arithmetic records (( )), let and for (( )). Arithmetic evaluation of a
// variable whose value is an array subscript runs the command substitution
// inside it (x='a[$(id)]'; (( x ))), so any variable reference is an
// execution risk.
func (a *analysis) arithmetic(s *syntax.Stmt, n syntax.Node, exprs []syntax.ArithmExpr, sc scope) {
	a.construct(ConstructArithmetic, n)
	name := "(("
	if _, ok := n.(*syntax.LetClause); ok {
		name = "let"
	}
	cmd := Command{
		Name:    Word{Value: name, Pos: a.off(n.Pos()), End: a.off(n.Pos()) + len(name)},
		Context: sc.ctx,
		Pos:     a.off(n.Pos()), End: a.offEnd(n),
	}
	for _, x := range exprs {
		if x == nil {
			continue
		}
		cmd.Effects = append(cmd.Effects, a.scan(x, sc)...)
		if arithUsesVariables(x) {
			cmd.Effects = append(cmd.Effects, Effect{
				Kind: EffectExec, Pos: a.off(x.Pos()), End: a.offEnd(x),
				Reason: "arithmetic on a variable can run commands hidden in an array subscript",
			})
		}
	}
	a.finishBuilt(&cmd, s, sc)
}

// test records [[ ]] as a command named "[[" whose arguments are the
// words of the test, so dynamic operands and substitutions are visible.
func (a *analysis) test(s *syntax.Stmt, t *syntax.TestClause, sc scope) {
	a.construct(ConstructIf, t)
	cmd := Command{
		Name:    Word{Value: "[[", Pos: a.off(t.Left), End: a.off(t.Left) + 2},
		Context: sc.ctx,
		Pos:     a.off(t.Pos()), End: a.offEnd(t),
	}
	var walk func(x syntax.TestExpr)
	walk = func(x syntax.TestExpr) {
		switch x := x.(type) {
		case *syntax.Word:
			cmd.Effects = append(cmd.Effects, a.scan(x, sc)...)
			cmd.Args = append(cmd.Args, a.literal(x))
		case *syntax.UnaryTest:
			cmd.Args = append(cmd.Args, a.opWord(x.OpPos, x.Op.String()))
			if w, ok := x.X.(*syntax.Word); ok && (x.Op == syntax.TsVarSet || x.Op == syntax.TsRefVar) {
				// [[ -v 'a[$(id)]' ]]: the subscript of the name is
				// evaluated, even quoted.
				if v := a.literal(w); v.Dynamic || strings.Contains(v.Value, "[") {
					cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: v.Pos, End: v.End, Reason: subscriptReason})
				}
			}
			walk(x.X)
		case *syntax.ParenTest:
			walk(x.X)
		case *syntax.BinaryTest:
			walk(x.X)
			cmd.Args = append(cmd.Args, a.opWord(x.OpPos, x.Op.String()))
			walk(x.Y)
			switch x.Op {
			case syntax.TsEql, syntax.TsNeq, syntax.TsLeq, syntax.TsGeq, syntax.TsLss, syntax.TsGtr:
				// -eq and friends evaluate both sides as arithmetic.
				if testOperandIsVariable(x.X) || testOperandIsVariable(x.Y) {
					cmd.Effects = append(cmd.Effects, Effect{
						Kind: EffectExec, Pos: a.off(x.Pos()), End: a.offEnd(x),
						Reason: "[[ -eq ]] on a variable can run commands hidden in an array subscript",
					})
				}
			}
		}
	}
	walk(t.X)
	a.finishBuilt(&cmd, s, sc)
}

// opWord is an operator of [[ ]] as an argument word.
func (a *analysis) opWord(pos syntax.Pos, op string) Word {
	p := a.off(pos)
	return Word{Value: op, Pos: p, End: min(p+len(op), len(a.src))}
}

func testOperandIsVariable(x syntax.TestExpr) bool {
	w, ok := x.(*syntax.Word)
	if !ok {
		return true
	}
	for _, p := range w.Parts {
		lit, ok := p.(*syntax.Lit)
		if !ok {
			return true
		}
		for _, r := range lit.Value {
			if r != '-' && (r < '0' || r > '9') {
				return true // a bare name is a variable in arithmetic
			}
		}
	}
	return false
}

func arithUsesVariables(x syntax.ArithmExpr) bool {
	found := false
	syntax.Walk(x, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.ParamExp, *syntax.CmdSubst:
			found = true
		case *syntax.Word:
			// A bare word in arithmetic is a number or a variable name.
			for _, p := range n.Parts {
				lit, ok := p.(*syntax.Lit)
				if !ok || !isNumber(lit.Value) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F' || r == 'x' || r == 'X' || r == '#') {
			return false
		}
	}
	return s[0] >= '0' && s[0] <= '9'
}

// finish completes a simple command: redirections, wrappers, effects.
func (a *analysis) finish(cmd *Command, words []Word, s *syntax.Stmt, sc scope) {
	// Nothing from here to addBuilt analyses another command.
	cmd.Effects = a.takeScratch(cmd.Effects)
	a.addRedirs(cmd, s, sc)
	a.inheritWrappers(cmd, sc)
	rest, decided := a.unwrap(cmd, words)
	if !decided && len(rest) > 0 {
		cmd.Name, cmd.Args = rest[0], rest[1:]
	}
	a.effects(cmd)
	a.subscriptNames(cmd)
	a.setOptions(cmd)
	a.builtinEffects(cmd)
	a.loaderAssignments(cmd)
	a.addBuilt(cmd)
	a.nested(cmd, sc)
}

// finishBuilt completes a command this package built from a shell keyword
// (( )), let, [[ ]].
func (a *analysis) finishBuilt(cmd *Command, s *syntax.Stmt, sc scope) {
	cmd.Effects = a.takeScratch(cmd.Effects)
	a.addRedirs(cmd, s, sc)
	a.inheritWrappers(cmd, sc)
	a.assignEffects(cmd)
	a.redirEffects(cmd)
	a.addBuilt(cmd)
}

// inheritWrappers records the wrappers the command runs under from outside
// its own words (time (...), sudo find -exec CMD), with their effects: a
// command run by a sudo'd find runs as root too.
func (a *analysis) inheritWrappers(cmd *Command, sc scope) {
	for _, w := range sc.wrappers {
		cmd.Wrappers = append(cmd.Wrappers, w)
		if spec := a.lookup(w.Name).wrapper; spec != nil {
			for _, fx := range spec.Effects {
				cmd.Effects = append(cmd.Effects, Effect{Kind: fx.Kind, Reason: fx.Reason, Pos: w.Pos, End: w.End})
			}
		}
	}
}

func (a *analysis) addRedirs(cmd *Command, s *syntax.Stmt, sc scope) {
	if n := len(s.Redirs) + len(sc.redirs); n > 0 && cmd.Redirs == nil {
		cmd.Redirs = a.redirSlice(n)
	}
	for _, r := range s.Redirs {
		rd := a.redir(r)
		cmd.Redirs = append(cmd.Redirs, rd)
		cmd.Pos = min(cmd.Pos, rd.Pos)
		cmd.End = max(cmd.End, rd.End)
	}
	for _, r := range sc.redirs {
		cmd.Redirs = append(cmd.Redirs, a.redir(r))
		if r.Op == syntax.Hdoc || r.Op == syntax.DashHdoc {
			cmd.Context.Heredoc = true
		}
	}
}

// redir converts a redirection. Its range covers the operator and target,
// not a heredoc body (a Construct covers the body).
func (a *analysis) redir(r *syntax.Redirect) Redir {
	out := Redir{Op: r.Op.String(), Pos: a.off(r.Pos()), End: a.off(r.OpPos) + len(r.Op.String())}
	if r.N != nil {
		out.FD = r.N.Value
	}
	if r.Word != nil {
		out.Target = a.literal(r.Word)
		out.End = out.Target.End
	}
	if r.Hdoc != nil {
		out.Body = a.heredocBody(r)
	}
	t := out.Target
	fdTarget := !t.Dynamic && (t.Value == "-" || isDigits(strings.TrimSuffix(t.Value, "-")))
	switch r.Op {
	case syntax.RdrOut, syntax.AppOut, syntax.RdrClob, syntax.AppClob,
		syntax.RdrAll, syntax.AppAll, syntax.RdrAllClob, syntax.AppAllClob:
		out.Writes = true
	case syntax.RdrInOut:
		out.Writes, out.Reads = true, true
	case syntax.RdrIn:
		out.Reads = true
	case syntax.DplOut:
		// ">&file" (no digits) is "&>file" in bash: a file write.
		out.Writes = !fdTarget
	case syntax.DplIn:
		out.Reads = !fdTarget
	}
	return out
}

// heredocBody resolves a heredoc's text. With a quoted delimiter (<<'EOF')
// bash takes the body as is; otherwise it expands $, ` and \ in it.
func (a *analysis) heredocBody(r *syntax.Redirect) Word {
	out := Word{Pos: a.off(r.Hdoc.Pos()), End: a.off(r.Hdoc.End())}
	quoted := false
	if r.Word != nil {
		for _, p := range r.Word.Parts {
			switch p := p.(type) {
			case *syntax.SglQuoted, *syntax.DblQuoted:
				quoted = true
			case *syntax.Lit:
				quoted = quoted || strings.Contains(p.Value, "\\")
			}
		}
	}
	var sb strings.Builder
	for _, p := range r.Hdoc.Parts {
		lit, ok := p.(*syntax.Lit)
		if !ok {
			out.Dynamic = true
			return out
		}
		if quoted {
			sb.WriteString(lit.Value)
		} else {
			sb.WriteString(unescapeHeredoc(lit.Value))
		}
	}
	out.Value = sb.String()
	return out
}
