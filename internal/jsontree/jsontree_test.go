package jsontree

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// The wants below are what Node's JSON.stringify(JSON.parse(in), null, indent) prints.
var stringifyCases = []struct{ in, indent, want string }{
	{"{\"b\":1,\"a\":[1,2,{\"c\":null}],\"e\":{},\"f\":[],\"g\":true,\"h\":\"x\"}", "", "{\"b\":1,\"a\":[1,2,{\"c\":null}],\"e\":{},\"f\":[],\"g\":true,\"h\":\"x\"}"},
	{"{\"b\":1,\"a\":[1,2,{\"c\":null}],\"e\":{},\"f\":[],\"g\":true,\"h\":\"x\"}", " ", "{\n \"b\": 1,\n \"a\": [\n  1,\n  2,\n  {\n   \"c\": null\n  }\n ],\n \"e\": {},\n \"f\": [],\n \"g\": true,\n \"h\": \"x\"\n}"},
	{"{\"b\":1,\"a\":[1,2,{\"c\":null}],\"e\":{},\"f\":[],\"g\":true,\"h\":\"x\"}", "  ", "{\n  \"b\": 1,\n  \"a\": [\n    1,\n    2,\n    {\n      \"c\": null\n    }\n  ],\n  \"e\": {},\n  \"f\": [],\n  \"g\": true,\n  \"h\": \"x\"\n}"},
	{"{\"b\":1,\"a\":[1,2,{\"c\":null}],\"e\":{},\"f\":[],\"g\":true,\"h\":\"x\"}", "\t", "{\n\t\"b\": 1,\n\t\"a\": [\n\t\t1,\n\t\t2,\n\t\t{\n\t\t\t\"c\": null\n\t\t}\n\t],\n\t\"e\": {},\n\t\"f\": [],\n\t\"g\": true,\n\t\"h\": \"x\"\n}"},
	{"[]", "", "[]"},
	{"[]", "  ", "[]"},
	{"{}", "  ", "{}"},
	{"\"s\"", "  ", "\"s\""},
	{"[[[]],[{}],{\"a\":{\"b\":[1]}}]", "", "[[[]],[{}],{\"a\":{\"b\":[1]}}]"},
	{"[[[]],[{}],{\"a\":{\"b\":[1]}}]", " ", "[\n [\n  []\n ],\n [\n  {}\n ],\n {\n  \"a\": {\n   \"b\": [\n    1\n   ]\n  }\n }\n]"},
	{"[[[]],[{}],{\"a\":{\"b\":[1]}}]", "  ", "[\n  [\n    []\n  ],\n  [\n    {}\n  ],\n  {\n    \"a\": {\n      \"b\": [\n        1\n      ]\n    }\n  }\n]"},
	{"{\"k\\\"ey\":\"v\\\\al\"}", " ", "{\n \"k\\\"ey\": \"v\\\\al\"\n}"},
	{"{\"a\":[1]}", "abcdefghijklmn", "{\nabcdefghij\"a\": [\nabcdefghijabcdefghij1\nabcdefghij]\n}"},
	// JSON.parse keeps the first position and the last value of a repeated key.
	{"{\"a\":1,\"b\":2,\"a\":3}", " ", "{\n \"a\": 3,\n \"b\": 2\n}"},
}

func TestEncodeMatchesStringify(t *testing.T) {
	for _, tt := range stringifyCases {
		v, err := Parse([]byte(tt.in), Options{MergeDuplicates: true})
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		if got := string(v.Encode(tt.indent)); got != tt.want {
			t.Errorf("Encode(%q) of %s =\n%s\nwant\n%s", tt.indent, tt.in, got, tt.want)
		}
	}
}

// Numbers stay as written; JSON.stringify would print 1, 100 and 0.1.
func TestEncodeKeepsNumbers(t *testing.T) {
	in := `[1.0,1e2,-0,0.10000000000000000001,12345678901234567890]`
	v, err := Parse([]byte(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(v.Encode("")); got != in {
		t.Errorf("got %s, want %s", got, in)
	}
}

func TestQuote(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		// Node's JSON.stringify output for each input.
		{"\x00\x01\x07\b\t\n\x0b\f\r\x0e\x1f", `"\u0000\u0001\u0007\b\t\n\u000b\f\r\u000e\u001f"`},
		{"\x7f\u0080\u00ad", "\"\x7f\u0080\u00ad\""},
		{"\u2028\u2029", "\"\u2028\u2029\""},
		{"<>&'", `"<>&'"`},
		{`"\/`, `"\"\\/"`},
		{"\ufeff\ufffd", "\"\ufeff\ufffd\""},
		{"😀é中", `"😀é中"`},
		// No JavaScript string holds invalid UTF-8; Node reads such bytes
		// from a file as U+FFFD, so that is what is written, one per byte.
		{"a\xffb", "\"a\ufffdb\""},
		{"\xed\xa0\x80", "\"\ufffd\ufffd\ufffd\""},
	} {
		var b bytes.Buffer
		quote(&b, tt.in)
		if got := b.String(); got != tt.want {
			t.Errorf("quote(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestQuoteAgainstEncodingJSON pins the only differences from
// encoding/json with SetEscapeHTML(false), which the settings writer used
// before: it escapes U+2028 and U+2029 and writes invalid bytes as the
// escape \ufffd. JSON.stringify does neither; both forms read back the same.
func TestQuoteAgainstEncodingJSON(t *testing.T) {
	goQuote := func(s string) string {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s)
		return strings.TrimSuffix(buf.String(), "\n")
	}
	var differ []rune
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		var b bytes.Buffer
		quote(&b, s)
		if b.String() != goQuote(s) {
			differ = append(differ, r)
		}
		var back string
		if err := json.Unmarshal(b.Bytes(), &back); err != nil || back != s {
			t.Fatalf("quote(%U) = %s reads back as %q, %v", r, b.String(), back, err)
		}
	}
	if len(differ) != 2 || differ[0] != 0x2028 || differ[1] != 0x2029 {
		t.Errorf("runes quoted unlike encoding/json: %U", differ)
	}
}

func TestDuplicates(t *testing.T) {
	in := []byte(`{"p":{"deny":["a"]},"x":1,"p":{"deny":["b"]}}`)
	kept, err := Parse(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(kept.All("p")); n != 2 {
		t.Errorf("kept: All(p) has %d values, want 2", n)
	}
	if got := kept.Get("p").Get("deny").Elems[0].Text; got != "b" {
		t.Errorf("kept: Get returns %q, want the last, b", got)
	}
	if got := string(kept.Encode("")); got != string(in) {
		t.Errorf("kept: Encode = %s, want the file back", got)
	}
	merged, err := Parse(in, Options{MergeDuplicates: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(merged.Encode("")), `{"p":{"deny":["b"]},"x":1}`; got != want {
		t.Errorf("merged: Encode = %s, want %s", got, want)
	}
}

func TestGetSetAll(t *testing.T) {
	v := &Value{Kind: Object}
	v.Set("a", NewString("1"))
	v.Set("b", NewNull())
	v.Members = append(v.Members, Member{Key: "a", Value: NewString("2")})
	v.Set("a", NewString("3")) // replaces the member Get would return
	if got, want := string(v.Encode("")), `{"a":"1","b":null,"a":"3"}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if v.Get("zz") != nil || (*Value)(nil).Get("a") != nil || NewString("x").Get("a") != nil || NewString("x").All("a") != nil {
		t.Error("Get/All on a missing key, nil or non-object should be nil")
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct {
		in        string
		line, col int
		msg       string
	}{
		{"", 1, 1, "unexpected end of file"},
		{"{\n  \"a\": 1,\n}", 3, 1, "invalid character '}'"},
		{"{\"a\": [1, 2}", 1, 12, "invalid character '}'"},
		{"{}\n{}", 2, 1, "unexpected data after the top-level value"},
		{"{\"a\":", 1, 6, "unexpected end of file"},
		{"{\"é\"\n 1}", 2, 2, "invalid character '1'"},
	} {
		_, err := Parse([]byte(tt.in), Options{})
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("Parse(%q) error = %v, want an *Error", tt.in, err)
			continue
		}
		line, col := LineCol([]byte(tt.in), e.Offset)
		if line != tt.line || col != tt.col || !strings.Contains(e.Msg, tt.msg) {
			t.Errorf("Parse(%q) = %d:%d %q, want %d:%d %q", tt.in, line, col, e.Msg, tt.line, tt.col, tt.msg)
		}
	}
}

// A tree returned with an error still holds what came before the mistake.
func TestParsePartial(t *testing.T) {
	v, err := Parse([]byte(`{"permissions":{"deny":["Bash(rm:*)"],"allow":[`), Options{})
	if err == nil {
		t.Fatal("no error")
	}
	if d := v.Get("permissions").Get("deny"); d == nil || len(d.Elems) != 1 || d.Elems[0].Text != "Bash(rm:*)" {
		t.Fatalf("deny list lost: %+v", d)
	}
	if got := string(v.Encode("")); got != `{"permissions":{"deny":["Bash(rm:*)"],"allow":[]}}` {
		t.Errorf("partial tree encodes as %s", got)
	}
}

func TestDepth(t *testing.T) {
	nest := func(n int) []byte { return []byte(strings.Repeat("[", n) + strings.Repeat("]", n)) }
	for _, tt := range []struct {
		max, n int
		ok     bool
	}{{0, 257, true}, {0, 258, false}, {200, 201, true}, {200, 202, false}, {1, 2, true}, {1, 3, false}} {
		_, err := Parse(nest(tt.n), Options{MaxDepth: tt.max})
		if (err == nil) != tt.ok {
			t.Errorf("MaxDepth %d, %d levels: err = %v", tt.max, tt.n, err)
		}
	}
}

func TestLineCol(t *testing.T) {
	data := []byte("ab\nçd\n\nx")
	for _, tt := range []struct {
		off       int64
		line, col int
	}{{-1, 1, 1}, {0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {5, 2, 2}, {7, 3, 1}, {8, 4, 1}, {99, 4, 2}} {
		if l, c := LineCol(data, tt.off); l != tt.line || c != tt.col {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", tt.off, l, c, tt.line, tt.col)
		}
	}
}

// Files that JSON.stringify wrote come back byte for byte.
func TestRoundTripWrittenFiles(t *testing.T) {
	settings := "{\n  \"permissions\": {\n    \"allow\": [\n      \"Bash(npm run test:*)\"\n    ],\n    \"deny\": []\n  },\n  \"env\": {\n    \"A\": \"\u2028<&>\"\n  }\n}"
	v, err := Parse([]byte(settings), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(v.Encode("  ")); got != settings {
		t.Errorf("settings file changed:\n%s", got)
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "proposal", "notebook_*.txtar"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, orig, ok := strings.Cut(string(data), "-- original --\n")
		if !ok {
			continue
		}
		orig, _, _ = strings.Cut(orig, "\n-- ")
		v, err := Parse([]byte(orig), Options{MergeDuplicates: true})
		if err != nil {
			continue // the invalid-JSON case
		}
		if got := string(v.Encode(" ")); got != strings.TrimSuffix(orig, "\n") {
			t.Errorf("%s: notebook changed:\n%s", f, got)
		}
	}
}

// TestAgainstNode runs Node's JSON.stringify on the table inputs when node
// is installed, so the table itself stays honest.
func TestAgainstNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil || testing.Short() {
		t.Skip("node not installed")
	}
	for _, tt := range stringifyCases {
		out, err := exec.Command(node, "-e", "process.stdout.write(JSON.stringify(JSON.parse(process.argv[1]), null, process.argv[2]))", tt.in, tt.indent).Output()
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != tt.want {
			t.Errorf("node prints %q for %s, the table says %q", out, tt.in, tt.want)
		}
	}
}
