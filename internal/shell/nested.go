package shell

import (
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// MaxCodeStrings is how many code strings (sh -c '…', eval, watch …) of
// one line AnalyzeWithTree analyses; the outer commands of the others keep
// their own code-execution effect.
const MaxCodeStrings = 256

// maxDepth bounds the analysis of code strings inside code strings.
const maxDepth = 4

// shells take a code string with -c.
var shells = map[string]bool{
	"bash": true, "sh": true, "zsh": true, "dash": true, "ksh": true, "mksh": true, "ash": true,
	"csh": true, "tcsh": true,
}

// nested analyses the code another command runs when it is written in the
// line: sh -c 'CODE', eval WORDS, su -c 'CODE', find -exec CMD ;. The
// commands found are added as Nested commands, so rules about them (a
// deny on rm) apply and explanations can name them. The outer command
// keeps its code-execution effect: nesting only adds checks.
func (a *analysis) nested(cmd *Command, sc scope) {
	if a.depth >= maxDepth || cmd.Name.Dynamic {
		return
	}
	name, ok := programName(cmd.Name.Value)
	if !ok {
		return
	}
	entry := a.lookup(name)
	spec := entry.wrapper
	// The scope of the code it runs, made only when there is some: most
	// commands run none, and copying their wrappers cost an allocation
	// each (sudo rm … repeated thousands of times).
	inner := func() scope {
		in := sc
		in.ctx.Nested = true
		in.redirs = nil
		in.wrappers = append([]Wrapper(nil), cmd.Wrappers...)
		return in
	}
	switch {
	case entry.shell:
		if len(cmd.Args) == 0 || cmd.Args[0].Value == "-s" {
			// The code comes from a heredoc or here-string in the line.
			for _, r := range cmd.Redirs {
				switch r.Op {
				case "<<", "<<-":
					a.code(r.Body, inner())
				case "<<<":
					a.code(r.Target, inner())
				}
			}
			return
		}
		for i, w := range cmd.Args {
			if w.Dynamic || !strings.HasPrefix(w.Value, "-") || w.Value == "-" || w.Value == "--" {
				return
			}
			if strings.HasPrefix(w.Value, "--") {
				continue
			}
			if strings.Contains(w.Value, "c") && i+1 < len(cmd.Args) {
				a.code(cmd.Args[i+1], inner())
				return
			}
			if strings.ContainsAny(w.Value, "oO") {
				return // -o OPTION takes a value: stop rather than guess
			}
		}
	case name == "eval":
		if len(cmd.Args) == 0 {
			return
		}
		var parts []string
		for _, w := range cmd.Args {
			if w.Dynamic {
				return
			}
			parts = append(parts, w.Value)
		}
		first, last := cmd.Args[0], cmd.Args[len(cmd.Args)-1]
		a.code(Word{Value: strings.Join(parts, " "), Pos: first.Pos, End: last.End}, inner())
	case spec != nil && spec.ShellString:
		var operandBuf [16]int
		var optBuf [4]parsedOpt
		parsed := spec.syntax().parseInto(cmd.Args, operandBuf[:0], optBuf[:0])
		if parsed.ended < 0 || parsed.has(listNames(spec.ExecDirect)...) {
			return
		}
		var parts []string
		rest := cmd.Args[parsed.ended:]
		for _, w := range rest {
			if w.Dynamic {
				return
			}
			parts = append(parts, w.Value)
		}
		a.code(Word{Value: strings.Join(parts, " "), Pos: rest[0].Pos, End: rest[len(rest)-1].End}, inner())
	case name == "su":
		for i, w := range cmd.Args {
			if !w.Dynamic && (w.Value == "-c" || w.Value == "--command") && i+1 < len(cmd.Args) {
				a.code(cmd.Args[i+1], inner())
				return
			}
		}
	case name == "find":
		for i := 0; i < len(cmd.Args); i++ {
			w := cmd.Args[i]
			switch w.Value {
			case "-exec", "-execdir", "-ok", "-okdir":
			default:
				continue
			}
			j := i + 1
			for j < len(cmd.Args) && (cmd.Args[j].Dynamic || cmd.Args[j].Value != ";" && cmd.Args[j].Value != "+") {
				j++
			}
			if j > i+1 {
				// {} becomes each file found: not a literal.
				ws := append([]Word(nil), cmd.Args[i+1:j]...)
				for k := range ws {
					if strings.Contains(ws[k].Value, "{}") {
						ws[k] = Word{Dynamic: true, Pos: ws[k].Pos, End: ws[k].End}
					}
				}
				a.words(ws, inner())
			}
			i = j
		}
	}
}

// code analyses a literal code string run by a shell and adds its
// commands, their ranges set to the word the string comes from.
func (a *analysis) code(w Word, sc scope) {
	if w.Dynamic || strings.ContainsAny(w.Value, "\r\x00") {
		return
	}
	// Each code string costs a parse and an analysis of its own: when the
	// line is read for a person (AnalyzeWithTree), past MaxCodeStrings of
	// them (watch -n 1 ls; … repeated) they are left to the outer
	// command's effect, as past maxDepth, and counted.
	if !a.codes.take() {
		return
	}
	src := w.Value
	if fixed, ok := commentJoins(src, 0); ok {
		// Read as bash reads it (see analyze), so that deny rules reach
		// the command after the comment; the outer command asks anyway.
		if fixed == "" {
			return
		}
		src = fixed
	}
	p := parsers.Get().(*syntax.Parser)
	f, err := p.Parse(strings.NewReader(src), "")
	parsers.Put(p)
	if err != nil || heredocJoins(f, src) != nil {
		return
	}
	// The code string is analysed by a pooled analysis of its own (its
	// source, positions and $'..' marks are the string's) that appends to
	// this line's commands and shares this analysis's arenas: the
	// commands it finds are this line's, and copying thousands of them
	// from a line of their own cost as much as finding them.
	sub := analyses.Get().(*analysis)
	sub.src, sub.depth = w.Value, a.depth+1
	start := len(a.line.Commands)
	// listEstimate counts one command more than the separators: the
	// line's own estimate has counted the string's separators already
	// (they are in its source, quoted), and the command running the
	// string is one of those it counted.
	if n := listEstimate(w.Value) - 1; cap(a.line.Commands)-start < n {
		a.line.Commands = slices.Grow(a.line.Commands, n)
	}
	// The string's constructs are not the line's: they go to a buffer
	// that is dropped (kept in the pool).
	sub.line = &Line{Source: w.Value, Commands: a.line.Commands, Constructs: sub.constructs[:0]}
	sub.wordArena, sub.fxArena, sub.redirArena, sub.fxScratch = a.wordArena, a.fxArena, a.redirArena, a.fxScratch
	sub.wrapperArena = a.wrapperArena
	sub.lists, sub.spare = a.lists, a.spare // blocks it hands out are this line's
	sub.codes = a.codes
	sub.stmts(f.Stmts, sc)
	a.line.Commands = sub.line.Commands
	a.wordArena, a.fxArena, a.redirArena, a.fxScratch = sub.wordArena, sub.fxArena, sub.redirArena, sub.fxScratch
	a.wrapperArena = sub.wrapperArena
	// The scratch buffer is this analysis's now: sub goes back to the
	// pool without it, or two pooled analyses would share one buffer and
	// two lines analysed at once would write each other's effects.
	sub.fxScratch = nil
	for i := start; i < len(a.line.Commands); i++ {
		relocate(&a.line.Commands[i], w.Pos, w.End)
	}
	for _, e := range sub.line.CompoundEffects {
		e.Pos, e.End = w.Pos, w.End
		a.line.CompoundEffects = append(a.line.CompoundEffects, e)
	}
	if cs := sub.line.Constructs; cap(cs) <= 1024 {
		sub.constructs = cs[:0]
	}
	sub.release()
}

// words analyses a command given as words (find -exec CMD ARGS ;).
func (a *analysis) words(words []Word, sc scope) {
	cmd := Command{Context: sc.ctx, Pos: words[0].Pos, End: words[len(words)-1].End}
	cmd.Effects = a.takeScratch(nil)
	a.inheritWrappers(&cmd, sc)
	rest, decided := a.unwrap(&cmd, words)
	if !decided && len(rest) > 0 {
		cmd.Name, cmd.Args = rest[0], rest[1:]
	}
	a.depth++
	a.effects(&cmd)
	a.addBuilt(&cmd)
	a.nested(&cmd, sc)
	a.depth--
}

// relocate gives every range of a command found in a code string the range
// of the string in the line, so that highlights stay within the source.
//
// c was found in the code string and is changed where it stands in the
// line's list: its Args, Assigns, Redirs and Effects belong to it alone
// (copying them made sh -c with thousands of commands cost twice as
// much). Its Wrappers are copied: those it inherits from
// the outer command (sudo sh -c '...') share their Args with that
// command, whose ranges must not move.
func relocate(c *Command, pos, end int) {
	c.Pos, c.End = pos, end
	at := func(w *Word) { w.Pos, w.End = pos, end }
	at(&c.Name)
	for i := range c.Args {
		at(&c.Args[i])
	}
	for i := range c.Assigns {
		at(&c.Assigns[i].Value)
	}
	for i := range c.Redirs {
		c.Redirs[i].Pos, c.Redirs[i].End = pos, end
		at(&c.Redirs[i].Target)
	}
	c.Wrappers = append([]Wrapper(nil), c.Wrappers...)
	for i := range c.Wrappers {
		c.Wrappers[i].Pos, c.Wrappers[i].End = pos, end
		c.Wrappers[i].Args = append([]Word(nil), c.Wrappers[i].Args...)
		for j := range c.Wrappers[i].Args {
			at(&c.Wrappers[i].Args[j])
		}
	}
	for i := range c.Effects {
		c.Effects[i].Pos, c.Effects[i].End = pos, end
	}
}
