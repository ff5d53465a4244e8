package policy

import (
	"encoding/json"
	"strings"
	"testing"
)

var quickStringSeeds = []string{
	`{"command":"ls"}`, ` {"command" : "ls -la" , "description":"list","timeout":120000,"run_in_background":false} `,
	`{"Command":"a","command":"b"}`, `{"command":"a","COMMAND":"b"}`, `{"command":"a","command":null}`,
	`{"command":null,"command":"x"}`, `{"command":1}`, `{"command":true}`, `{"command":{}}`, `{"command":[]}`,
	`{"x":{"command":"a"}}`, `{"x":[1]}`, `{}`, `{ }`, `null`, `[]`, `""`, `{"command":"a"}x`, `{"command":"a",}`,
	`{"command":"a\u0026b \n\t\"q\" \\ \/ \b\f\r"}`, `{"command":"\ud83d\ude00"}`, `{"command":"\ud800"}`,
	`{"command":"é ü \u00e9"}`, "{\"command\":\"\xff\"}", "{\"command\":\"a\x01\"}", `{"command":"a\x"}`,
	`{"command":"\u12"}`, `{"command":"\u12G4"}`, `{"comm\u0061nd":"a"}`, `{"commandſ":"a"}`, `{"ſ":"a","command":"b"}`,
	`{"n":-0.5e+10,"command":"a"}`, `{"n":01,"command":"a"}`, `{"n":-,"command":"a"}`, `{"n":1.,"command":"a"}`,
	`{"n":1e,"command":"a"}`, `{"t":tru,"command":"a"}`, `{"t":nul}`, `{"command":"a"`, `{"command"`, `{"command":`,
	`{"command" "a"}`, `{"command":"a" "b":1}`, "{\"command\":\"a\"}\n", `{"a":"b","c":"d"}`, `{"command":""}`,
	`{"command":"\u0000"}`, `{"command":"\uFFFF"}`, "{\"comm\x7fand\":\"a\"}", `{"command":"rm -rf /","command":"ls"}`,
}

// quickString must agree with encoding/json whenever it answers.
func TestQuickStringIsEncodingJSON(t *testing.T) {
	answered := 0
	for _, s := range quickStringSeeds {
		if checkQuickString(t, []byte(s)) {
			answered++
		}
	}
	// The common shapes must take the fast path, or it is dead code.
	for _, s := range []string{`{"command":"ls"}`, `{"command":"a\u0026b","description":"x","timeout":5}`} {
		if _, ok := quickString([]byte(s), "command"); !ok {
			t.Errorf("quickString(%s) declined", s)
		}
	}
	if answered < 10 {
		t.Errorf("quickString answered only %d seeds", answered)
	}
}

func checkQuickString(t *testing.T, data []byte) bool {
	t.Helper()
	got, ok := quickString(data, "command")
	if !ok {
		return false
	}
	var in struct {
		Command *string `json:"command"`
	}
	if err := json.Unmarshal(data, &in); err != nil {
		t.Fatalf("quickString(%q) answered %v, encoding/json fails: %v", data, deref(got), err)
	}
	if (got == nil) != (in.Command == nil) || got != nil && *got != *in.Command {
		t.Fatalf("quickString(%q) = %v, encoding/json gives %v", data, deref(got), deref(in.Command))
	}
	return true
}

func deref(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

func FuzzQuickString(f *testing.F) {
	for _, s := range quickStringSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkQuickString(t, data)
	})
}

// FuzzQuickStringCommand builds inputs as encoders write them, so that
// the fuzzer reaches every escape inside valid objects.
func FuzzQuickStringCommand(f *testing.F) {
	f.Add("ls -la && echo \"a\"\n", "x", 1.5, true)
	f.Add("é\u2028\x00\\", "\xed\xa0\xbd", -3.0, false)
	f.Fuzz(func(t *testing.T, cmd, other string, n float64, first bool) {
		c, _ := json.Marshal(cmd)
		o, _ := json.Marshal(other)
		num, err := json.Marshal(n)
		if err != nil {
			num = []byte("0")
		}
		data := `{"description":` + string(o) + `,"command":` + string(c) + `,"timeout":` + string(num) + `}`
		if first {
			data = `{"COMMAND":` + string(o) + `,"command":` + string(c) + `}`
		}
		checkQuickString(t, []byte(data))
		// JavaScript's JSON.stringify leaves < > & and U+2028 unescaped.
		checkQuickString(t, []byte(`{"command":`+jsStringify(cmd)+`}`))
	})
}

// jsStringify writes s as a JSON string the way JSON.stringify does
// (no HTML escapes).
func jsStringify(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}
