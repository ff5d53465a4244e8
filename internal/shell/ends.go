package shell

import "mvdan.cc/sh/v3/syntax"

// Ends gives the end of syntax nodes in time linear in the tree. A
// statement, time, coproc, binary command or function asks its last child
// for its end, so a chain of them nested thousands deep (time a | time b |
// …, which nests each pipeline in the one before) made every End walk the
// whole chain below it: quadratic in the line, a second for 64 KiB. Ends
// remembers the ends it had to look deep for. The zero value is ready;
// it is not safe for concurrent use.
type Ends struct {
	deep map[*syntax.Stmt]syntax.Pos
}

// endMemoFrom is how deep an end must be looked for before it is kept:
// ordinary lines never fill the map.
const endMemoFrom = 8

// Of is n.End().
func (e *Ends) Of(n syntax.Node) syntax.Pos {
	p, _ := e.end(n)
	return p
}

// end is n.End() (the same rules as the syntax package) and how many
// nodes deep it looked.
func (e *Ends) end(n syntax.Node) (syntax.Pos, int) {
	switch x := n.(type) {
	case *syntax.Stmt:
		if x.Semicolon.IsValid() || x.Cmd == nil {
			return x.End(), 1
		}
		if p, ok := e.deep[x]; ok {
			return p, 1
		}
		end, depth := e.end(x.Cmd)
		if len(x.Redirs) > 0 {
			if r := x.Redirs[len(x.Redirs)-1].End(); r.After(end) {
				end = r
			}
		}
		if depth >= endMemoFrom {
			if e.deep == nil {
				e.deep = map[*syntax.Stmt]syntax.Pos{}
			}
			e.deep[x] = end
		}
		return end, depth + 1
	case *syntax.BinaryCmd:
		p, d := e.end(x.Y)
		return p, d + 1
	case *syntax.TimeClause:
		if x.Stmt == nil {
			return x.End(), 1
		}
		p, d := e.end(x.Stmt)
		return p, d + 1
	case *syntax.CoprocClause:
		p, d := e.end(x.Stmt)
		return p, d + 1
	case *syntax.FuncDecl:
		if x.Body == nil {
			return x.End(), 1
		}
		p, d := e.end(x.Body)
		return p, d + 1
	}
	return n.End(), 1
}

// offEnd is the offset of n's end in the line.
func (a *analysis) offEnd(n syntax.Node) int {
	return a.off(a.ends.Of(n))
}
