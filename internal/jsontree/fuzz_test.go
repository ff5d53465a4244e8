package jsontree

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzParseEncode checks that Parse never panics, errors point inside the
// data, and a parsed tree encodes to valid JSON that parses back to the same
// encoding, with duplicates kept or merged.
func FuzzParseEncode(f *testing.F) {
	for _, tt := range stringifyCases {
		f.Add([]byte(tt.in), uint8(2), false)
	}
	f.Add([]byte(`{"a":1,"a":{"a":[1,"\u2028\ud800"]}}`), uint8(1), true)
	f.Add([]byte("{\"a\":\"\xff\"}"), uint8(0), false)
	f.Add([]byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`), uint8(3), true)
	f.Add([]byte(`{"a": [1, 2,]}`), uint8(2), false)
	f.Fuzz(func(t *testing.T, data []byte, indentLen uint8, merge bool) {
		opt := Options{MaxDepth: 20, MergeDuplicates: merge}
		indent := string(bytes.Repeat([]byte{' '}, int(indentLen%12)))
		v, err := Parse(data, opt)
		if v == nil {
			t.Fatal("nil tree")
		}
		if err != nil {
			e, ok := err.(*Error)
			if !ok || e.Offset < 0 || e.Offset > int64(len(data)) {
				t.Fatalf("error %v at a bad offset", err)
			}
			v.Encode(indent) // a partial tree still encodes
			return
		}
		out := v.Encode(indent)
		if !json.Valid(out) {
			t.Fatalf("invalid JSON out: %q", out)
		}
		again, err := Parse(out, opt)
		if err != nil {
			t.Fatalf("re-encoded value does not parse: %v\n%s", err, out)
		}
		if out2 := again.Encode(indent); !bytes.Equal(out, out2) {
			t.Fatalf("encoding not stable:\n%s\n%s", out, out2)
		}
	})
}
