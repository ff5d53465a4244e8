package explain

import (
	"github.com/gatehouse/gatehouse/internal/shell"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// slot is one place where a simple command runs, found by walking the bash
// syntax tree, with how it is connected to the step before it. The shell
// package says what each command is; the tree says how commands follow each
// other, which the flat command list cannot tell.
type slot struct {
	pos, end int
	conn     string   // "then", "if that succeeds", "its output goes to" ...
	mods     *modList // "in the background", "in a subshell" ...
	feeds    string   // for a substitution: how its output is used
	kind     string   // call, decl, test, arith, other
}

// Connectives between steps, as they appear in Step.Text.
const (
	connThen     = "then"
	connAnd      = "if that succeeds"
	connOr       = "if that fails"
	connPipe     = "its output goes to"
	connSubst    = "first"
	connIfTrue   = "if so"
	connElse     = "otherwise"
	connWhileDo  = "while that succeeds"
	connUntilDo  = "until that succeeds"
	connAlso     = "also"
	connFunction = "when the function is called"
)

type structure struct {
	slots      []slot
	ansiEscape []int // offsets of $'..' strings that use \x, \u or octal escapes
	err        error
}

// readStructure parses src with the same bash grammar as the shell package.
func readStructure(src string) structure {
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(src), "")
	if err != nil {
		return structure{err: err}
	}
	return structureOf(f, src, 0)
}

// structureOf walks an already parsed line (the tree the shell analyser
// read src from, so both readings agree on every offset).
// slotsHint is the expected number of slots (the analyser's command count):
// growing the slice one append at a time was a visible cost on long lines.
func structureOf(f *syntax.File, src string, slotsHint int) structure {
	st := structure{slots: make([]slot, 0, slotsHint)}
	w := &walker{st: &st, src: src}
	w.stmts(f.Stmts, "", nil)
	return st
}

type walker struct {
	st  *structure
	src string
	// note is the last note stmtsFeeding worded, for how and feeds.
	note, noteHow, noteFeeds string
	// ends finds statements' ends without walking deep chains again.
	ends shell.Ends
	// depth counts the statements being walked inside each other.
	depth int
}

// maxWalkDepth is how deep the walk goes: less deep than the analysis
// (shell.MaxNesting), so that every command the analysis reads has a
// slot; the commands below it are steps of the slot where it stops.
const maxWalkDepth = shell.MaxNesting / 2

// modList is the chain of modifiers that enclosing structure puts on a
// command ("in a subshell", "in a loop"), innermost first. Nested
// structures share their outer chain: copying it at every level made a
// line nested thousands deep quadratic.
type modList struct {
	m     string
	outer *modList
	n     int // length of the chain
}

func with(mods *modList, m string) *modList {
	return &modList{m: m, outer: mods, n: mods.len() + 1}
}

func (l *modList) len() int {
	if l == nil {
		return 0
	}
	return l.n
}

// list returns the modifiers outermost first, the order they are said in.
func (l *modList) list() []string {
	if l == nil {
		return nil
	}
	out := make([]string, l.n)
	for i := l.n - 1; l != nil; i, l = i-1, l.outer {
		out[i] = l.m
	}
	return out
}

func (w *walker) stmts(list []*syntax.Stmt, conn string, mods *modList) {
	for i, s := range list {
		c := connThen
		if i == 0 {
			c = conn
		}
		w.stmt(s, c, mods)
	}
}

func (w *walker) stmt(s *syntax.Stmt, conn string, mods *modList) {
	if s == nil {
		return
	}
	if w.depth >= maxWalkDepth {
		w.add(s, conn, mods, "deep")
		return
	}
	w.depth++
	w.stmtAt(s, conn, mods)
	w.depth--
}

// stmtAt is stmt once the depth is counted.
func (w *walker) stmtAt(s *syntax.Stmt, conn string, mods *modList) {
	if s.Background {
		mods = with(mods, "in the background")
	}
	if s.Negated {
		mods = with(mods, "with its success and failure swapped (!)")
	}
	// Substitutions in redirections run before the statement.
	for _, r := range s.Redirs {
		conn = w.substitutions(r.Word, conn, mods, "")
	}
	switch c := s.Cmd.(type) {
	case *syntax.CallExpr:
		feeds := ""
		if len(c.Args) > 0 {
			feeds = litPrefix(c.Args[0])
		}
		for _, a := range c.Assigns {
			conn = w.substitutions(a, conn, mods, feeds)
		}
		for _, a := range c.Args {
			conn = w.substitutions(a, conn, mods, feeds)
		}
		w.add(s, conn, mods, "call")
	case *syntax.DeclClause:
		conn = w.substitutions(c, conn, mods, "")
		w.add(s, conn, mods, "decl")
	case *syntax.TestClause:
		conn = w.substitutions(c, conn, mods, "")
		w.add(s, conn, mods, "test")
	case *syntax.ArithmCmd, *syntax.LetClause:
		conn = w.substitutions(c, conn, mods, "")
		w.add(s, conn, mods, "arith")
	case *syntax.BinaryCmd:
		// `a && b && c` is ((a && b) && c): a chain of thousands of
		// commands is a tree thousands deep on its left. Walk that spine
		// in a loop rather than by recursion, whose stack growth was a
		// large share of the cost on long lines. A left operand is folded
		// into the loop only when it adds nothing of its own (no &, !,
		// or redirections), so the walk is the recursive one.
		spine := []*syntax.BinaryCmd{c}
		left := c.X
		for left != nil && !left.Background && !left.Negated && len(left.Redirs) == 0 {
			bc, ok := left.Cmd.(*syntax.BinaryCmd)
			if !ok {
				break
			}
			spine = append(spine, bc)
			left = bc.X
		}
		w.stmt(left, conn, mods)
		for i := len(spine) - 1; i >= 0; i-- {
			switch b := spine[i]; b.Op {
			case syntax.AndStmt:
				w.stmt(b.Y, connAnd, mods)
			case syntax.OrStmt:
				w.stmt(b.Y, connOr, mods)
			default:
				w.stmt(b.Y, connPipe, mods)
			}
		}
	case *syntax.Subshell:
		w.stmts(c.Stmts, conn, with(mods, "in a subshell"))
	case *syntax.Block:
		w.stmts(c.Stmts, conn, mods)
	case *syntax.IfClause:
		w.ifClause(c, conn, mods)
	case *syntax.WhileClause:
		loop := "in a loop"
		do := connWhileDo
		if c.Until {
			do = connUntilDo
		}
		w.stmts(c.Cond, conn, with(mods, loop))
		w.stmts(c.Do, do, with(mods, loop))
	case *syntax.ForClause:
		m := "in a loop"
		if wi, ok := c.Loop.(*syntax.WordIter); ok && wi.Name != nil {
			m = "for each value of " + code(wi.Name.Value)
			for _, it := range wi.Items {
				conn = w.substitutions(it, conn, mods, "")
			}
			if len(wi.Items) > 0 {
				m += " in " + code(w.text(wi.Items[0].Pos(), wi.Items[len(wi.Items)-1].End()))
			}
		}
		w.stmts(c.Do, conn, with(mods, m))
	case *syntax.CaseClause:
		conn = w.substitutions(c.Word, conn, mods, "")
		for i, it := range c.Items {
			pat := ""
			if len(it.Patterns) > 0 {
				pat = w.text(it.Patterns[0].Pos(), it.Patterns[len(it.Patterns)-1].End())
			}
			cc := conn
			if i > 0 {
				cc = connElse
			}
			w.stmts(it.Stmts, cc, with(mods, "when "+code(w.text(c.Word.Pos(), c.Word.End()))+" matches "+code(pat)))
		}
	case *syntax.FuncDecl:
		name := ""
		if c.Name != nil {
			name = c.Name.Value
		}
		w.stmt(c.Body, conn, with(mods, "inside the function "+code(name)+" (runs only if it is called)"))
	case *syntax.TimeClause:
		w.stmt(c.Stmt, conn, mods)
	case *syntax.CoprocClause:
		w.stmt(c.Stmt, conn, with(mods, "as a coprocess"))
	case nil:
		// Redirections alone: `> file`.
		w.add(s, conn, mods, "call")
	default:
		// Any other construct is still a place where something runs.
		w.add(s, conn, mods, "other")
	}
}

func (w *walker) ifClause(c *syntax.IfClause, conn string, mods *modList) {
	if len(c.Cond) == 0 { // else
		w.stmts(c.Then, conn, mods)
		return
	}
	w.stmts(c.Cond, conn, with(mods, "as a test"))
	w.stmts(c.Then, connIfTrue, mods)
	if c.Else != nil {
		w.ifClause(c.Else, connElse, mods)
	}
}

// substitutions adds the commands inside $( ), ` ` and <( ) found in node
// (not descending into nested statements of other kinds) and returns the
// connective for whatever comes next.
func (w *walker) substitutions(node syntax.Node, conn string, mods *modList, feeds string) string {
	if node == nil {
		return conn
	}
	switch n := node.(type) {
	case *syntax.Word:
		// Most words are plain text or simple substitutions: their parts
		// are read directly, skipping the generic walk, which on a long
		// line costs more than everything else done per word.
		if n == nil {
			return conn
		}
		if readParts && simpleParts(n.Parts) {
			return w.partSubstitutions(n.Parts, conn, mods, feeds)
		}
	case *syntax.Assign:
		// x=$(ls): only the value can hold a substitution.
		if n == nil {
			return conn
		}
		if readParts && n.Index == nil && n.Array == nil {
			if n.Value == nil {
				return conn
			}
			return w.substitutions(n.Value, conn, mods, feeds)
		}
	}
	return w.walkSubstitutions(node, conn, mods, feeds)
}

// readParts lets substitutions read simple words itself (a variable so
// that a test can compare with the generic walk).
var readParts = true

// simpleParts reports whether every part of a word is one that
// partSubstitutions reads: text, quotes and $( ).
func simpleParts(parts []syntax.WordPart) bool {
	for _, p := range parts {
		switch p := p.(type) {
		case *syntax.Lit, *syntax.SglQuoted, *syntax.CmdSubst:
		case *syntax.DblQuoted:
			if !simpleParts(p.Parts) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// partSubstitutions is walkSubstitutions for parts simpleParts accepts,
// visiting them in the same order.
func (w *walker) partSubstitutions(parts []syntax.WordPart, conn string, mods *modList, feeds string) string {
	for _, p := range parts {
		switch p := p.(type) {
		case *syntax.SglQuoted:
			if p.Dollar && hasEscapeCode(p.Value) {
				w.st.ansiEscape = append(w.st.ansiEscape, int(p.Pos().Offset()))
			}
		case *syntax.CmdSubst:
			w.stmtsFeeding(p.Stmts, conn, mods, feeds, "its output is used as an argument")
			conn = connThen
		case *syntax.DblQuoted:
			conn = w.partSubstitutions(p.Parts, conn, mods, feeds)
		}
	}
	return conn
}

// walkSubstitutions is the general case of substitutions, apart so that
// the variables its closure captures are only allocated when it runs.
func (w *walker) walkSubstitutions(node syntax.Node, conn string, mods *modList, feeds string) string {
	syntax.Walk(node, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.CmdSubst:
			w.stmtsFeeding(n.Stmts, conn, mods, feeds, "its output is used as an argument")
			conn = connThen
			return false
		case *syntax.ProcSubst:
			w.stmtsFeeding(n.Stmts, conn, mods, feeds, "it is connected as a file")
			conn = connThen
			return false
		case *syntax.SglQuoted:
			if n.Dollar && hasEscapeCode(n.Value) {
				w.st.ansiEscape = append(w.st.ansiEscape, int(n.Pos().Offset()))
			}
		}
		return true
	})
	return conn
}

func (w *walker) stmtsFeeding(list []*syntax.Stmt, conn string, mods *modList, feeds, how string) {
	start := len(w.st.slots)
	w.stmts(list, conn, mods)
	// The same note for every substitution of a command (x=$(ls) repeated
	// thousands of times): worded once.
	if w.noteHow != how || w.noteFeeds != feeds || w.note == "" {
		w.noteHow, w.noteFeeds, w.note = how, feeds, how
		if feeds != "" {
			w.note += " of " + code(feeds)
		}
	}
	note := w.note
	for i := start; i < len(w.st.slots); i++ {
		if w.st.slots[i].feeds == "" {
			w.st.slots[i].feeds = note
		}
	}
}

// hasEscapeCode reports whether the body of a $'..' string spells bytes by
// number (\x41, \101, \u0041), a way to hide words from a reader.
func hasEscapeCode(body string) bool {
	for i := 0; i+1 < len(body); i++ {
		if body[i] != '\\' {
			continue
		}
		switch c := body[i+1]; {
		case c == 'x' || c == 'u' || c == 'U' || c == 'c' || (c >= '0' && c <= '7'):
			return true
		case c == '\\':
			i++
		}
	}
	return false
}

func (w *walker) add(s *syntax.Stmt, conn string, mods *modList, kind string) {
	w.st.slots = append(w.st.slots, slot{
		pos: int(s.Pos().Offset()), end: int(w.ends.Of(s).Offset()),
		conn: conn, mods: mods, kind: kind,
	})
}

func (w *walker) text(p, e syntax.Pos) string {
	a, b := int(p.Offset()), int(e.Offset())
	if a < 0 || b > len(w.src) || a > b {
		return ""
	}
	return w.src[a:b]
}

// litPrefix is the literal text of a word, for naming the program a
// substitution feeds; "" when the word is not literal.
func litPrefix(wd *syntax.Word) string {
	if wd == nil {
		return ""
	}
	if l := wd.Lit(); l != "" {
		return l
	}
	return ""
}
