package proposal

import (
	"bytes"
	"testing"
)

func TestToUTF16(t *testing.T) {
	tests := []struct {
		name    string
		content string
		offset  int
		want    Position
	}{
		{"empty", "", 0, Position{0, 0}},
		{"empty past end", "", 5, Position{0, 0}},
		{"negative", "abc", -3, Position{0, 0}},
		{"ascii", "abc\ndef", 5, Position{1, 1}},
		{"before emoji", "a😀b\n", 1, Position{0, 1}},
		{"after emoji is two units", "a😀b\n", 5, Position{0, 3}},
		{"inside emoji snaps back", "a😀b\n", 3, Position{0, 1}},
		{"after emoji line", "a😀b\n", 7, Position{1, 0}},
		{"CJK is one unit each", "日本語\r\nx", 6, Position{0, 2}},
		{"inside CRLF is end of text", "日本語\r\nx", 10, Position{0, 3}},
		{"after CRLF", "日本語\r\nx", 11, Position{1, 0}},
		{"lone CR ends a line", "a\rb", 2, Position{1, 0}},
		{"no final newline end", "ab\ncd", 5, Position{1, 2}},
		{"final newline end", "ab\n", 3, Position{1, 0}},
		{"invalid UTF-8 byte is one unit", "\xffa", 1, Position{0, 1}},
		{"ZWJ family counts every code point", "👨‍👩‍👧x", len("👨‍👩‍👧"), Position{0, 8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ToUTF16([]byte(tt.content), tt.offset); got != tt.want {
				t.Errorf("ToUTF16(%q, %d) = %v, want %v", tt.content, tt.offset, got, tt.want)
			}
		})
	}
}

func TestByteOffset(t *testing.T) {
	tests := []struct {
		name    string
		content string
		pos     Position
		want    int
	}{
		{"start", "abc", Position{0, 0}, 0},
		{"after emoji", "a😀b", Position{0, 3}, 5},
		{"between surrogates snaps to character start", "a😀b", Position{0, 2}, 1},
		{"past line end clamps before LF", "ab\ncd", Position{0, 9}, 2},
		{"past line end clamps before CRLF", "ab\r\ncd", Position{0, 9}, 2},
		{"second CRLF line", "ab\r\ncd", Position{1, 1}, 5},
		{"line past end", "ab\ncd", Position{7, 0}, 5},
		{"negative line", "ab", Position{-1, 3}, 0},
		{"CJK", "日本語", Position{0, 2}, 6},
		{"lone CR", "a\rb", Position{1, 1}, 3},
		{"empty last line", "ab\n", Position{1, 0}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ByteOffset([]byte(tt.content), tt.pos); got != tt.want {
				t.Errorf("ByteOffset(%q, %v) = %d, want %d", tt.content, tt.pos, got, tt.want)
			}
		})
	}
}

// TestPositionsLargeFile converts positions in a 10 MB file, the size where a
// conversion that walks from the top of the file each time becomes visible.
func TestPositionsLargeFile(t *testing.T) {
	line := []byte("😀 日本語 text with café, 1234567890 and some more ASCII\r\n")
	content := bytes.Repeat(line, 10<<20/len(line))
	x := newLineIndex(content)
	for n := 0; n < 1000; n++ {
		off := (n * 7919 * len(line)) % len(content)
		off -= off % len(line) // a line start
		off += len("😀 ")       // after the emoji and a space
		p := x.position(off)
		if p.Character != 3 || p.Line != off/len(line) {
			t.Fatalf("position(%d) = %v, want line %d character 3", off, p, off/len(line))
		}
		if back := x.offset(p); back != off {
			t.Fatalf("offset(%v) = %d, want %d", p, back, off)
		}
	}
}
