package main

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// unquoteJSON must read every JSON string as encoding/json does.
func FuzzUnquoteJSON(f *testing.F) {
	for _, s := range []string{`""`, `"plain"`, `"a\"b\\c\/d"`, `"\b\f\n\r\t"`, `"\u00e9\u4e2d"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ude00x"`, `"\ud83dx"`, `"\u12"`, `"\x"`, `"bad\"`, `"é中😀"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var want string
		wantErr := json.Unmarshal(raw, &want)
		if wantErr == nil && (len(raw) == 0 || raw[0] != '"') {
			return // null, numbers...: not a string literal
		}
		got, err := unquoteJSON(raw)
		if wantErr != nil {
			// encoding/json also refuses control characters and
			// invalid UTF-8 that this decoder passes through; the
			// document's bytes are kept as sent then.
			return
		}
		if err != nil {
			t.Fatalf("unquoteJSON(%q): %v; encoding/json reads %q", raw, err, want)
		}
		if utf8.Valid(got) && string(got) != want {
			t.Fatalf("unquoteJSON(%q) = %q, encoding/json reads %q", raw, got, want)
		}
	})
}
