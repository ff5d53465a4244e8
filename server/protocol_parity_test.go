package main

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/explain"
	"github.com/gatehouse/gatehouse/internal/gate"
)

// The extension's lspExt.ts declares by hand what methods.go and
// protocol_commands.go define: every name, every command's argument and
// result type, and the fields of each shape. This test reads both sides and
// fails on any difference, so that a field added on one side only, a renamed
// command or a changed result type cannot ship.

const lspExtPath = "../extension/src/lspExt.ts"

// tsNames maps Go types whose TypeScript name differs.
var tsNames = map[reflect.Type]string{
	reflect.TypeFor[pendingView]():         "Pending",
	reflect.TypeFor[stateView]():           "State",
	reflect.TypeFor[reviewableView]():      "Reviewable",
	reflect.TypeFor[json.RawMessage]():     "AuditEntry",
	reflect.TypeFor[explain.Explanation](): "Explanation",
	reflect.TypeFor[lineRange]():           "LineRange",
}

// opaque types are declared in TypeScript by what the extension reads of
// them, not field for field (an audit entry, the explanation of contract 3).
var opaque = map[string]bool{"AuditEntry": true, "Explanation": true}

func tsName(t reflect.Type) string {
	if n, ok := tsNames[t]; ok {
		return n
	}
	if t.Kind() == reflect.Slice {
		return tsName(t.Elem()) + "[]"
	}
	if t == reflect.TypeFor[gate.PermissionRow]() {
		return "PermissionRule"
	}
	return t.Name()
}

func readLspExt(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(lspExtPath)
	if err != nil {
		t.Fatalf("read %s: %v", lspExtPath, err)
	}
	return string(b)
}

// goConstants returns the string constants of methods.go by name.
func goConstants(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "methods.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		for i, name := range vs.Names {
			if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				out[name.Name], _ = strconv.Unquote(lit.Value)
			}
		}
		return false
	})
	return out
}

func TestLspExtNamesMatchMethodsGo(t *testing.T) {
	ts := readLspExt(t)
	body := regexp.MustCompile(`(?s)export const cmd = \{(.*?)\} as const;`).FindStringSubmatch(ts)
	if body == nil {
		t.Fatalf("%s has no `export const cmd = {...} as const`", lspExtPath)
	}
	tsCmd := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^\t(\w+): '([^']+)',`).FindAllStringSubmatch(body[1], -1) {
		tsCmd[m[1]] = m[2]
	}
	goCmd := map[string]string{}
	for name, value := range goConstants(t) {
		if key, ok := strings.CutPrefix(name, "cmd"); ok {
			goCmd[strings.ToLower(key[:1])+key[1:]] = value
			continue
		}
		re := regexp.MustCompile(`export const ` + name + ` = '([^']+)'`)
		if m := re.FindStringSubmatch(ts); m == nil || m[1] != value {
			t.Errorf("methods.go %s = %q, but lspExt.ts has %v", name, value, m)
		}
	}
	if !reflect.DeepEqual(tsCmd, goCmd) {
		t.Errorf("commands differ:\n methods.go: %v\n lspExt.ts:  %v", goCmd, tsCmd)
	}
	// Every command the server serves is named, and the other way round.
	served := serverCommands()
	for _, v := range goCmd {
		if !slices.Contains(served, v) {
			t.Errorf("%s is named in methods.go but not served", v)
		}
	}
	if len(served) != len(goCmd) {
		t.Errorf("the server serves %d commands, methods.go names %d", len(served), len(goCmd))
	}
}

func TestLspExtCommandTypesMatchGo(t *testing.T) {
	ts := readLspExt(t)
	body := regexp.MustCompile(`(?s)export interface CommandTypes \{(.*?)\n\}`).FindStringSubmatch(ts)
	if body == nil {
		t.Fatalf("%s has no CommandTypes interface", lspExtPath)
	}
	tsTypes := map[string][2]string{}
	for _, m := range regexp.MustCompile(`'([^']+)': \[([\w\[\]]+), ([\w\[\]]+)\];`).FindAllStringSubmatch(body[1], -1) {
		tsTypes[m[1]] = [2]string{m[2], m[3]}
	}
	seen := map[reflect.Type]bool{}
	for _, c := range commands {
		want := [2]string{tsName(c.Args), tsName(c.Result)}
		if got, ok := tsTypes[c.Name]; !ok || got != want {
			t.Errorf("%s: Go takes %s and returns %s; lspExt.ts CommandTypes says %v", c.Name, want[0], want[1], got)
		}
		delete(tsTypes, c.Name)
		checkFields(t, ts, c.Args, seen)
		checkFields(t, ts, c.Result, seen)
	}
	for name := range tsTypes {
		t.Errorf("lspExt.ts CommandTypes has %s, which the server does not serve", name)
	}
}

// checkFields compares the JSON fields of Go type t (and of the struct types
// its fields use) with the fields of the TypeScript interface of the same
// name.
func checkFields(t *testing.T, ts string, typ reflect.Type, seen map[reflect.Type]bool) {
	t.Helper()
	for typ.Kind() == reflect.Slice || typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	name := tsName(typ)
	if typ.Kind() != reflect.Struct || seen[typ] || opaque[name] || typ.Name() == "" || !ours(typ) {
		return
	}
	seen[typ] = true
	goFields := map[string]reflect.Type{}
	jsonFields(typ, goFields)
	if name == "NoArgs" {
		if len(goFields) != 0 {
			t.Errorf("NoArgs has fields")
		}
		return
	}
	body := regexp.MustCompile(`(?s)export interface ` + name + ` \{\n(.*?)\n\}`).FindStringSubmatch(ts)
	if body == nil {
		t.Errorf("lspExt.ts declares no interface %s (Go %s)", name, typ)
		return
	}
	tsFields := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\t(\w+)\??:`).FindAllStringSubmatch(body[1], -1) {
		tsFields[m[1]] = true
	}
	for f, ft := range goFields {
		if !tsFields[f] {
			t.Errorf("%s: Go %s has field %q, lspExt.ts does not", name, typ, f)
		}
		checkFields(t, ts, ft, seen)
	}
	for f := range tsFields {
		if _, ok := goFields[f]; !ok {
			t.Errorf("%s: lspExt.ts has field %q, Go %s does not", name, f, typ)
		}
	}
}

// ours reports whether typ is one of Gatehouse's protocol types (not
// time.Time and the like, which TypeScript sees as strings).
func ours(typ reflect.Type) bool {
	p := typ.PkgPath()
	return p == "main" || strings.HasPrefix(p, "github.com/gatehouse/gatehouse/")
}

// jsonFields collects the JSON names of a struct's fields, embedded structs
// flattened as encoding/json does.
func jsonFields(typ reflect.Type, out map[string]reflect.Type) {
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			jsonFields(f.Type, out)
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
}

// Arguments are strict: an unknown field is an error, not silently dropped.
func TestDecodeArgsRejectsUnknownFields(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		into any
		ok   bool
	}{
		{`{"id":"a","decision":"allow","scope":"once"}`, &DecideArgs{}, true},
		{`{"id":"a","decision":"allow","scpoe":"session"}`, &DecideArgs{}, false},
		{`null`, &NoArgs{}, true},
		{``, &NoArgs{}, true},
		{`{}`, &NoArgs{}, true},
		{`{"x":1}`, &NoArgs{}, false},
		{`{"mode":"plan"} {"mode":"default"}`, &SetModeArgs{}, false},
		{`["plan"]`, &SetModeArgs{}, false},
	} {
		err := decodeArgs(json.RawMessage(tc.raw), tc.into)
		if (err == nil) != tc.ok {
			t.Errorf("decodeArgs(%s) = %v, want ok=%v", tc.raw, err, tc.ok)
		}
	}
}
