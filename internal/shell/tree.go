package shell

import "mvdan.cc/sh/v3/syntax"

// AnalyzeWithTree is Analyze that also returns the bash syntax tree it read
// the line from (nil when Line.ParseError is set). A caller that walks the
// tree itself (to say how commands follow each other) would otherwise parse
// the same line a second time, which on a long line costs as much as the
// analysis. The tree is the caller's: the analysis does not modify it.
// Safe for concurrent use.
//
// Analyze and AnalyzeWithTree share one implementation (analyze), so the
// Line is what Analyze returns, but for one bound: AnalyzeWithTree analyses
// at most MaxCodeStrings code strings (sh -c '…', eval, watch …), counting
// the others in Line.CodeStringsNotRead, so that reading a line for a
// person stays quick; Analyze, which decisions are made from, reads them
// all. The explain package tests that over its corpus.
func AnalyzeWithTree(src string) (*Line, *syntax.File) {
	return analyze(src, MaxCodeStrings)
}
