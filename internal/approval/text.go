package approval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxReasonBytes bounds a decision's reason. A deny reason is read by the
// agent's model and shown in the editor; a page of it is noise at best and a
// prompt-injection channel at worst.
const MaxReasonBytes = 1000

// cleanReason makes a person's (or a caller's) free text safe to pass to the
// agent and to show in a terminal: invalid UTF-8 becomes U+FFFD, line breaks
// and tabs become spaces, other control and bidi-override characters (which
// can hide or reorder text, "Trojan Source") are dropped, and the result is
// cut to MaxReasonBytes on a rune boundary.
func cleanReason(s string) string {
	var b strings.Builder
	b.Grow(min(len(s), MaxReasonBytes+4))
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			r = ' '
		case unicode.IsControl(r) || isBidiControl(r):
			continue
		}
		if b.Len()+utf8.RuneLen(r) > MaxReasonBytes {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// isBidiControl reports the Unicode format characters that change the
// display order of text (U+061C, U+200E-F, U+202A-E, U+2066-9).
func isBidiControl(r rune) bool {
	switch {
	case r == 0x061C, r == 0x200E, r == 0x200F:
		return true
	case r >= 0x202A && r <= 0x202E:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}
