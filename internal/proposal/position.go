package proposal

import (
	"sort"
	"unicode/utf8"
)

// Position is a place in a text as an editor names it: a 0-based line and a
// 0-based Character counted in UTF-16 code units, which is what LSP uses by
// default. Lines end at "\n", "\r\n" or a lone "\r", as in LSP and VS Code.
type Position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// Range is a half-open span [Start, End) of a text.
type Range struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

// ToUTF16 converts a byte offset into content to an editor Position.
// Offsets outside content are clamped. An offset inside a multi-byte UTF-8
// sequence is moved back to the start of that sequence, and an offset inside a
// line terminator ("\r|\n") to the end of the line's text, so that the result
// always names a place an editor can show. Invalid UTF-8 bytes count as one
// UTF-16 unit each, the way editors show them (U+FFFD).
func ToUTF16(content []byte, byteOffset int) Position {
	return newLineIndex(content).position(byteOffset)
}

// ByteOffset converts an editor Position to a byte offset into content. A
// Character past the end of its line is clamped to the end of the line's text
// (before the terminator), a Line past the end to len(content), and a
// Character that falls between the two halves of a surrogate pair to the start
// of that character.
func ByteOffset(content []byte, p Position) int {
	return newLineIndex(content).offset(p)
}

// lineIndex holds the byte offset where each line of a text starts, so that
// many conversions on one (possibly 10 MB) text cost a binary search plus a
// walk along a single line instead of a walk from the top.
type lineIndex struct {
	text   []byte
	starts []int
}

func newLineIndex(text []byte) *lineIndex {
	starts := make([]int, 1, 1+len(text)/32)
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{text: text, starts: starts}
}

// lineEnd is the end of line n's text, before its terminator.
func (x *lineIndex) lineEnd(n int) int {
	if n+1 >= len(x.starts) {
		return len(x.text)
	}
	end := x.starts[n+1] - 1 // the '\n' or lone '\r'
	if x.text[end] == '\n' && end > x.starts[n] && x.text[end-1] == '\r' {
		end--
	}
	return end
}

func (x *lineIndex) position(off int) Position {
	off = max(0, min(off, len(x.text)))
	line := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off }) - 1
	start := x.starts[line]
	end := min(off, x.lineEnd(line))
	char := 0
	for i := start; i < end; {
		r, size := utf8.DecodeRune(x.text[i:])
		if i+size > end {
			break // off is inside this sequence: stay at its start
		}
		char += utf16Len(r)
		i += size
	}
	return Position{Line: line, Character: char}
}

func (x *lineIndex) offset(p Position) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(x.starts) {
		return len(x.text)
	}
	i, end := x.starts[p.Line], x.lineEnd(p.Line)
	for char := 0; i < end; {
		r, size := utf8.DecodeRune(x.text[i:])
		char += utf16Len(r)
		if char > p.Character {
			break
		}
		i += size
	}
	return i
}

func (x *lineIndex) rangeOf(start, end int) Range {
	return Range{Start: x.position(start), End: x.position(end)}
}

// utf16Len is the number of UTF-16 code units of r; invalid input decodes to
// utf8.RuneError, which is one unit.
func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}
