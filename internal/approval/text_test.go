package approval

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var reasonCases = []struct{ in, want string }{
	{"", ""},
	{"plain reason", "plain reason"},
	{"  padded\n", "padded"},
	{"two\nlines\tand tab", "two lines and tab"},
	{"crlf\r\nend", "crlf  end"},
	{"bell\a and esc\x1b[31mred\x1b[0m", "bell and esc[31mred[0m"},
	{"nul\x00byte", "nulbyte"},
	{"del\x7fchar", "delchar"},
	{"c1 \u009b csi", "c1  csi"},
	{"trojan \u202eevil\u202c source", "trojan evil source"},
	{"isolate \u2066x\u2069", "isolate x"},
	{"bad utf8 \xff\xfe", "bad utf8 \uFFFD"},
	{"emoji ok 👍 é", "emoji ok 👍 é"},
}

func TestCleanReason(t *testing.T) {
	for _, c := range reasonCases {
		if got := cleanReason(c.in); got != c.want {
			t.Errorf("cleanReason(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCleanReasonLength(t *testing.T) {
	got := cleanReason(strings.Repeat("é", MaxReasonBytes))
	if len(got) > MaxReasonBytes+len("…") || !utf8.ValidString(got) || !strings.HasSuffix(got, "…") {
		t.Errorf("long reason: %d bytes, valid %v, ends %q", len(got), utf8.ValidString(got), got[len(got)-6:])
	}
}

func FuzzCleanReason(f *testing.F) {
	for _, c := range reasonCases {
		f.Add(c.in)
	}
	f.Add(strings.Repeat("x\u202e", 2000))
	f.Fuzz(func(t *testing.T, s string) {
		got := cleanReason(s)
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 out of %q", s)
		}
		if len(got) > MaxReasonBytes+len("…") {
			t.Fatalf("%d bytes out", len(got))
		}
		for _, r := range got {
			if unicode.IsControl(r) || isBidiControl(r) {
				t.Fatalf("control %U survived in %q", r, got)
			}
		}
		if cleanReason(got) != got && !strings.HasSuffix(got, "…") {
			t.Fatalf("not idempotent: %q -> %q", got, cleanReason(got))
		}
	})
}
