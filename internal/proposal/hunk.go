package proposal

import (
	"unicode"
	"unicode/utf8"

	"github.com/aymanbagabas/go-udiff/lcs"
)

// Hunk is one region of consecutive changed lines, the unit a person accepts
// or rejects. Line numbers are 0-based like editor positions.
type Hunk struct {
	Index     int // position in Proposal.Hunks
	OrigStart int // first line of the region in Original
	OrigLines int // lines removed from Original (0 for a pure insertion)
	NewStart  int // first line of the region in Proposed
	NewLines  int // lines added in Proposed (0 for a pure deletion)
	// Range is where the hunk sits in the ORIGINAL text, in UTF-16 positions:
	// the removed lines, or an empty range where lines are inserted. This is
	// where the editor shows the hunk's code lens and diagnostic.
	Range Range
	// NewRange is the same region in the proposed text.
	NewRange Range
	Removed  []string // removed lines, without line terminators
	Added    []string // added lines, without line terminators
	// WordDiff details the change inside a hunk that both removes and adds
	// lines, token by token, for inline display. It is nil for pure
	// insertions and deletions and for very large hunks.
	WordDiff []Segment

	start, end       int // byte span replaced in Original
	newStart, newEnd int // byte span of the replacement in Proposed
}

// SegmentKind says what a word-diff segment does.
type SegmentKind int

// Segment kinds.
const (
	Equal  SegmentKind = iota // text kept
	Delete                    // text removed from the original
	Insert                    // text added by the proposal
)

// String names the kind for logs and tests: "equal", "delete", "insert".
func (k SegmentKind) String() string {
	switch k {
	case Equal:
		return "equal"
	case Delete:
		return "delete"
	case Insert:
		return "insert"
	}
	return "unknown"
}

// Segment is a run of tokens that a hunk keeps, deletes or inserts.
type Segment struct {
	Kind SegmentKind
	Text string
	// Range is in the original text: the kept or deleted text, or for an
	// insertion the empty range where Text goes (where an editor shows it
	// as inline "ghost" text).
	Range Range
	// NewRange is in the proposed text: the kept or inserted text, or for a
	// deletion the empty range where the text was.
	NewRange Range
}

// maxWordDiffTokens bounds the quadratic-worst-case token diff; beyond it a
// hunk is shown as whole lines, which is still exact.
const maxWordDiffTokens = 4000

// computeHunks diffs original and proposed by lines. Every region of
// consecutive changed lines becomes one hunk, without merging nearby regions,
// so that a person can accept them one by one.
func computeHunks(original, proposed []byte) []Hunk {
	edits := lineDiff(string(original), string(proposed))
	if len(edits) == 0 {
		return nil
	}
	ox, nx := newLineIndex(original), newLineIndex(proposed)
	hunks := make([]Hunk, 0, len(edits))
	delta := 0
	for _, e := range edits {
		newStart := e.Start + delta
		newEnd := newStart + len(e.New)
		delta += len(e.New) - (e.End - e.Start)
		h := Hunk{
			Index:    len(hunks),
			Range:    ox.rangeOf(e.Start, e.End),
			NewRange: nx.rangeOf(newStart, newEnd),
			Removed:  splitLines(original[e.Start:e.End]),
			Added:    splitLines(proposed[newStart:newEnd]),
			start:    e.Start, end: e.End, newStart: newStart, newEnd: newEnd,
		}
		h.OrigStart, h.OrigLines = h.Range.Start.Line, len(h.Removed)
		h.NewStart, h.NewLines = h.NewRange.Start.Line, len(h.Added)
		if h.OrigLines > 0 && h.NewLines > 0 {
			h.WordDiff = wordDiff(original, proposed, ox, nx, &h)
		}
		hunks = append(hunks, h)
	}
	return hunks
}

// splitLines splits text into lines without their terminators ("\n",
// "\r\n" or a lone "\r"); a final terminator does not start another line.
func splitLines(text []byte) []string {
	var lines []string
	start := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			lines = append(lines, string(text[start:i]))
			start = i + 1
		case '\r':
			lines = append(lines, string(text[start:i]))
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			start = i + 1
		}
	}
	if start < len(text) {
		lines = append(lines, string(text[start:]))
	}
	return lines
}

// wordDiff diffs the hunk's removed and added text token by token.
func wordDiff(original, proposed []byte, ox, nx *lineIndex, h *Hunk) []Segment {
	a := tokenize(original[h.start:h.end])
	b := tokenize(proposed[h.newStart:h.newEnd])
	if len(a)+len(b) > maxWordDiffTokens {
		return nil
	}
	var segs []Segment
	// i, j index tokens; ao, bo are the byte offsets of tokens i and j.
	i, j, ao, bo := 0, 0, h.start, h.newStart
	emit := func(kind SegmentKind, aEnd, bEnd int) {
		if aEnd == ao && bEnd == bo {
			return
		}
		text := original[ao:aEnd]
		if kind == Insert {
			text = proposed[bo:bEnd]
		}
		segs = append(segs, Segment{
			Kind:     kind,
			Text:     string(text),
			Range:    ox.rangeOf(ao, aEnd),
			NewRange: nx.rangeOf(bo, bEnd),
		})
		ao, bo = aEnd, bEnd
	}
	advance := func(toks []string, from, n int) int {
		size := 0
		for _, t := range toks[from : from+n] {
			size += len(t)
		}
		return size
	}
	for _, d := range lcs.DiffLines(a, b) {
		eq := d.Start - i // tokens kept before this change
		emit(Equal, ao+advance(a, i, eq), bo+advance(b, j, eq))
		i, j = d.Start, d.ReplStart
		emit(Delete, ao+advance(a, i, d.End-d.Start), bo)
		emit(Insert, ao, bo+advance(b, j, d.ReplEnd-d.ReplStart))
		i, j = d.End, d.ReplEnd
	}
	emit(Equal, h.end, h.newEnd)
	return segs
}

// tokenize splits text into words (letters, digits, '_'), runs of blanks,
// line terminators and single other characters, so that a word diff never
// splits an identifier.
func tokenize(text []byte) []string {
	var toks []string
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		j := i + size
		switch {
		case r == '\r' && j < len(text) && text[j] == '\n':
			j++
		case r == '\n' || r == '\r':
		case r == ' ' || r == '\t':
			for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
				j++
			}
		case isWordRune(r):
			for j < len(text) {
				r2, s2 := utf8.DecodeRune(text[j:])
				if !isWordRune(r2) {
					break
				}
				j += s2
			}
		}
		toks = append(toks, string(text[i:j]))
		i = j
	}
	return toks
}

// isWordRune reports whether r continues a word. Ideographic scripts have no
// spaces between words, so each of their characters is a token of its own.
func isWordRune(r rune) bool {
	if r == '_' {
		return true
	}
	if r == utf8.RuneError || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
