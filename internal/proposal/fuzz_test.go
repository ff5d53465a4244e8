package proposal

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzApply diffs arbitrary texts: accepting every hunk must give the new
// text, accepting none the old one, any subset must not panic, and every
// position must survive the round trip through UTF-16 and back.
func FuzzApply(f *testing.F) {
	seeds := [][2]string{
		{"", ""},
		{"", "a\n"},
		{"a\nb\nc\n", "a\nB\nc\n"},
		{"a\r\nb\r\n", "a\nb\n"},
		{"no newline", "no newline\n"},
		{"😀\n日本語\n", "😀x\n日本\n語\n"},
		{"a\rb\rc", "a\rB\rc"},
		{"\xff\xfe\n", "\xff\n"},
		{"x\n\n\ny\n", "y\n\n\nx\n"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], uint64(0x5555))
	}
	f.Fuzz(func(t *testing.T, before, after string, mask uint64) {
		// Built directly rather than through a Write input: JSON cannot
		// carry invalid UTF-8, and the diff must handle any bytes.
		p := &Proposal{Tool: ToolWrite, Path: "/ws/f", Existed: true}
		p.set([]byte(before), []byte(after))
		checkInvariants(t, p)
		some := make([]bool, len(p.Hunks))
		for i := range some {
			some[i] = mask&(1<<(i%64)) != 0
		}
		_ = p.Apply(some)
		checkRoundTrip(t, []byte(before))
		checkRoundTrip(t, []byte(after))
	})
}

// checkRoundTrip converts every byte offset of text to a position and back.
// Offsets inside a UTF-8 sequence or between "\r" and "\n" are not places an
// editor can name, so they map to the start of their character or line end.
func checkRoundTrip(t *testing.T, text []byte) {
	t.Helper()
	x := newLineIndex(text)
	step := 1 + len(text)/2000 // every offset of small texts, a sample of large ones
	for off := 0; off <= len(text); off += step {
		p := x.position(off)
		back := x.offset(p)
		inRune := off < len(text) && !utf8.RuneStart(text[off]) && validBefore(text, off)
		inCRLF := off > 0 && off < len(text) && text[off-1] == '\r' && text[off] == '\n'
		if !inRune && !inCRLF && back != off {
			t.Fatalf("offset %d -> %v -> %d in %q", off, p, back, text)
		}
		if back > off {
			t.Fatalf("offset %d -> %v -> %d moved forward in %q", off, p, back, text)
		}
	}
}

// validBefore reports whether the continuation byte at off belongs to a valid
// sequence (an invalid lone continuation byte is a character of its own).
func validBefore(text []byte, off int) bool {
	for start := off - 1; start >= 0 && start >= off-3; start-- {
		if utf8.RuneStart(text[start]) {
			_, size := utf8.DecodeRune(text[start:])
			return start+size > off
		}
	}
	return false
}

// FuzzNew feeds arbitrary tool inputs and file contents to New: it must
// never panic, and whatever it accepts must satisfy the invariants.
func FuzzNew(f *testing.F) {
	f.Add("Edit", `{"file_path":"/ws/a","old_string":"b","new_string":"c"}`, "abc\n", true)
	f.Add("Edit", `{"file_path":"/ws/a","old_string":"b","new_string":"","replace_all":true}`, "b\nbb\r\nb", true)
	f.Add("MultiEdit", `{"file_path":"/ws/a","edits":[{"old_string":"a","new_string":"x"},{"old_string":"c","new_string":"y"}]}`, "a\r\nb\r\nc\r\n", true)
	f.Add("Write", `{"file_path":"/ws/a","content":"new\n"}`, "", false)
	f.Add("NotebookEdit", `{"notebook_path":"/ws/n.ipynb","cell_id":"a","new_source":"x","cell_type":"code","edit_mode":"insert"}`,
		`{"cells":[{"cell_type":"code","id":"a","source":[],"outputs":[{"x":[1,2.5e3,true,null]}]}],"nbformat":4,"nbformat_minor":5}`, true)
	f.Add("NotebookEdit", `{"notebook_path":"/ws/n.ipynb","cell_id":"cell-0","new_source":"","edit_mode":"delete"}`, `{"cells":[{}]}`, true)
	f.Add("NotebookEdit", `{"notebook_path":"/ws/n.ipynb","cell_id":"cell-1","new_source":"y"}`, `{"cells":[1]}`, true)
	f.Add("Edit", `{"file_path":"/ws/a","old_string":"","new_string":"x"}`, "  \n", true)
	f.Add("Bash", `{"command":"ls"}`, "", false)
	f.Add("Edit", `not json`, "", true)
	f.Fuzz(func(t *testing.T, tool, input, current string, exists bool) {
		p, err := New(tool, json.RawMessage(input), []byte(current), exists)
		if err != nil {
			return
		}
		checkInvariants(t, p)
		partial := make([]bool, len(p.Hunks))
		// JSON, and so an updated input, cannot carry invalid UTF-8: the
		// tool then fails to match old_string, which writes nothing.
		if len(partial) > 1 && utf8.Valid(p.Original) && utf8.Valid(p.Proposed) {
			partial[0] = true
			tool, in, err := p.UpdatedInput(partial)
			if err == nil {
				_, wrote, err := compute(tool, in, p.Original, p.Existed)
				if err != nil || !bytes.Equal(wrote, p.Apply(partial)) {
					t.Fatalf("updated input writes %q (err %v), want %q", wrote, err, p.Apply(partial))
				}
			}
		}
		if err := p.Rebase(append([]byte("x"), p.Original...)); err == nil {
			checkInvariants(t, p)
		}
	})
}
