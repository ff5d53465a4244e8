package shell

import (
	"fmt"
	"sort"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// AnalyzeWithTree is Analyze that also returns the bash syntax tree it read
// the line from (nil when Line.ParseError is set). A caller that walks the
// tree itself (to say how commands follow each other) would otherwise parse
// the same line a second time, which on a long line costs as much as the
// analysis. The tree is the caller's: the analysis does not modify it and
// no parser memory is shared with later calls. Safe for concurrent use.
//
// It must return exactly what Analyze returns; the explain package tests
// that over its corpus.
func AnalyzeWithTree(src string) (*Line, *syntax.File) {
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
	a := &analysis{src: src, line: line, escaped: map[int]bool{}}
	a.stmts(f.Stmts, scope{})
	sort.SliceStable(line.Commands, func(i, j int) bool { return line.Commands[i].Pos < line.Commands[j].Pos })
	sort.SliceStable(line.Constructs, func(i, j int) bool { return line.Constructs[i].Pos < line.Constructs[j].Pos })
	return line, f
}
