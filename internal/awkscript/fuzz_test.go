package awkscript

import (
	"testing"
)

// FuzzCheck checks that Check never panics and that a program it calls
// safe holds none of the dangerous words outside its string and regexp
// literals.
func FuzzCheck(f *testing.F) {
	for _, r := range readRows(f) {
		f.Add(r.prog)
	}
	f.Fuzz(func(t *testing.T, prog string) {
		e, err := Check(prog)
		if err != nil || !e.Safe() {
			return
		}
		toks, err := lex(prog)
		if err != nil {
			t.Fatalf("%q: Check accepted what lex refuses: %v", prog, err)
		}
		danger := map[string]bool{"system": true, "|": true, "|&": true, "@": true, "ENVIRON": true,
			"ARGV": true, "ARGC": true, "SYMTAB": true, "FUNCTAB": true}
		defined := map[string]bool{}
		for k := 0; k+1 < len(toks); k++ {
			if toks[k].text == "function" || toks[k].text == "func" {
				defined[toks[k+1].text] = true
			}
		}
		for _, tk := range toks {
			if danger[tk.text] {
				t.Fatalf("%q: called safe, but it uses %q", prog, tk.text)
			}
			if tk.kind == tName && tk.call && !builtins[tk.text] && !isKeyword(tk.text) && !defined[tk.text] {
				t.Fatalf("%q: called safe, but it calls %s", prog, tk.text)
			}
			if tk.kind != tString && tk.kind != tRegexp {
				for i := 0; i < len(tk.text); i++ {
					if c := tk.text[i]; (c < 0x20 && c != '\n' && c != '\t') || c >= 0x7f {
						t.Fatalf("%q: called safe with byte %q outside literals", prog, c)
					}
				}
			}
		}
		// A safe program holds no ">" in a print statement at any depth
		// and no getline with a "<" in its statement: checked by
		// reading the statements back.
		for k, tk := range toks {
			if tk.text != "print" && tk.text != "printf" && tk.text != "getline" {
				continue
			}
			for j := k + 1; j < len(toks) && !statementEnds(toks, j); j++ {
				if toks[j].kind == tNewline && endsOperand(toks[j-1]) {
					break
				}
				if tk.text == "getline" && toks[j].text == "<" || tk.text != "getline" && (toks[j].text == ">" || toks[j].text == ">>") {
					if j+1 < len(toks) && (toks[j+1].text == `"/dev/stderr"` || toks[j+1].text == `"/dev/stdout"` || toks[j+1].text == `"-"`) {
						continue // the output streams
					}
					t.Fatalf("%q: called safe, but %s has %s", prog, tk.text, toks[j].text)
				}
			}
		}
	})
}
