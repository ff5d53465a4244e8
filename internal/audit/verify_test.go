package audit

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// validLines returns a few sealed lines to seed the fuzzers with.
func validLines(t testing.TB) [][]byte {
	var out [][]byte
	prevSeq, prevHash := uint64(0), ZeroHash
	for _, e := range []Entry{
		sample("a"),
		{Time: t0, Workspace: "/w", Summary: "<html> & \u2028 é \x01", Decision: "deny", Input: json.RawMessage(`{"a":[1,2.50,"\u00e9"]}`)},
		{Time: t0, Workspace: "/w", Decision: "ask", Input: json.RawMessage(`"` + strings.Repeat("x", MaxInput+10) + `"`)},
	} {
		line, _, err := seal(e, prevSeq, prevHash)
		if err != nil {
			t.Fatal(err)
		}
		line = line[:len(line)-1]
		pe, err := parseLine(line)
		if err != nil {
			t.Fatalf("sealed line does not parse: %v\n%s", err, line)
		}
		prevSeq, prevHash = pe.Seq, pe.Hash
		out = append(out, line)
	}
	return out
}

// FuzzParseLine: whatever parseLine accepts is exactly the canonical
// encoding of what it returns, so the hash covers every byte of the line.
func FuzzParseLine(f *testing.F) {
	for _, l := range validLines(f) {
		f.Add(l)
		f.Add(bytes.Replace(l, []byte(`"seq":`), []byte(`"Seq":`), 1))
		f.Add(append(append([]byte{}, l...), l...))
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"time":"2026-11-27T14:03:11Z","seq":1,"workspace":"","decision":"","prev":""}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, line []byte) {
		e, err := parseLine(line)
		if err != nil {
			return
		}
		canon, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("accepted a line that does not re-encode: %v", err)
		}
		if !bytes.Equal(canon, line) {
			t.Fatalf("accepted non-canonical line\n in: %s\nout: %s", line, canon)
		}
		if _, err := hashOf(e); err != nil {
			t.Fatalf("accepted a line that cannot be hashed: %v", err)
		}
	})
}

// FuzzVerify: Verify never panics and never counts more entries than the
// input has lines; a sealed chain always verifies.
func FuzzVerify(f *testing.F) {
	lines := validLines(f)
	whole := append(bytes.Join(lines, []byte("\n")), '\n')
	f.Add(whole)
	f.Add(whole[:len(whole)-5])
	f.Add([]byte("\n\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := verify(bytes.NewReader(data))
		if n > bytes.Count(data, []byte("\n")) {
			t.Fatalf("counted %d entries in %d lines", n, bytes.Count(data, []byte("\n")))
		}
		if err == nil && len(data) > 0 && data[len(data)-1] != '\n' {
			t.Fatal("accepted a log that ends mid-line")
		}
	})
}

// FuzzSeal: any entry Append is given seals to a line that verifies.
func FuzzSeal(f *testing.F) {
	f.Add("npm test", `{"command":"npm test"}`, "allow", "person", "\xff\x00<>&\u2028")
	f.Add("", "not json", "", "", "")
	f.Fuzz(func(t *testing.T, summary, input, decision, by, reason string) {
		e := Entry{Time: t0, Summary: summary, Input: json.RawMessage(input), Decision: decision, By: by, Reason: reason}
		first, _, err := seal(e, 0, ZeroHash)
		if err != nil {
			t.Fatal(err)
		}
		pe, err := parseLine(first[:len(first)-1])
		if err != nil {
			t.Fatalf("sealed line rejected: %v\n%s", err, first)
		}
		second, _, err := seal(e, pe.Seq, pe.Hash)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := verify(bytes.NewReader(append(first, second...))); n != 2 || err != nil {
			t.Fatalf("Verify = %d, %v\n%s%s", n, err, first, second)
		}
	})
}

// FuzzRepair: whatever a cut-short write or other damage leaves at the end
// of a log (short of a line that reads as an entry), the next Append
// repairs it, keeping its bytes, and the log verifies.
func FuzzRepair(f *testing.F) {
	lines := validLines(f)
	f.Add(lines[1][:20])
	f.Add([]byte("garbage\n"))
	f.Add([]byte("\n\n\xff"))
	f.Add(append(append([]byte{}, lines[0]...), '\n'))
	f.Fuzz(func(t *testing.T, garbage []byte) {
		if len(garbage) == 0 || len(garbage) > maxTorn {
			return
		}
		for _, line := range bytes.SplitAfter(garbage, []byte("\n")) {
			if len(line) > 0 && line[len(line)-1] == '\n' {
				if _, err := parseLine(line[:len(line)-1]); err == nil {
					return // a whole entry, not damage
				}
			}
		}
		l := newLog(t)
		if err := l.Append(sample("a")); err != nil {
			t.Fatal(err)
		}
		appendRaw(t, l.Path(), string(garbage))
		if err := l.Append(sample("b")); err != nil {
			t.Fatalf("Append after %q: %v", garbage, err)
		}
		r, err := Check(l.Path())
		if err != nil || r.Entries != 3 || len(r.Repairs) != 1 {
			t.Fatalf("Check after %q = %+v, %v", garbage, r, err)
		}
		kept := repairsOf(t, l.Path())[0]
		if want := strings.TrimSuffix(string(garbage), "\n"); kept != want && !(garbage[len(garbage)-1] != '\n' && kept == string(garbage)) {
			t.Fatalf("kept %q of %q", kept, garbage)
		}
	})
}
