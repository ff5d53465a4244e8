package install

import (
	"fmt"
	"strconv"

	"github.com/gatehouse/gatehouse/internal/jsontree"
)

// Two config shapes cover the JSON agents:
//
//	nested (Claude Code, Codex, Gemini CLI):
//	  {"hooks":{EVENT:[{"matcher":"*","hooks":[{"type":"command","command":…,"timeout":…}]}]}}
//	flat (VS Code Copilot, Cursor):
//	  {"hooks":{EVENT:[{"type":"command","command":…,"timeout":…}]}}

func object() *jsontree.Value { return &jsontree.Value{Kind: jsontree.Object} }

func number(n int) *jsontree.Value {
	return &jsontree.Value{Kind: jsontree.Number, Text: strconv.Itoa(n)}
}

func boolean(b bool) *jsontree.Value {
	return &jsontree.Value{Kind: jsontree.Bool, Text: strconv.FormatBool(b)}
}

// child returns the object or array member key of v, creating it.
func child(v *jsontree.Value, key string, kind jsontree.Kind) (*jsontree.Value, error) {
	c := v.Get(key)
	if c == nil {
		c = &jsontree.Value{Kind: kind}
		v.Set(key, c)
		return c, nil
	}
	if c.Kind != kind {
		want := "an object"
		if kind == jsontree.Array {
			want = "an array"
		}
		return nil, fmt.Errorf("%q must be %s", key, want)
	}
	return c, nil
}

// hookEntry is one {"type":"command","command":…} object, extra keys after.
func hookEntry(command string, extra map[string]any) *jsontree.Value {
	e := object()
	e.Set("type", jsontree.NewString("command"))
	e.Set("command", jsontree.NewString(command))
	for _, k := range []string{"timeout", "failClosed", "name"} {
		switch v := extra[k].(type) {
		case int:
			e.Set(k, number(v))
		case bool:
			e.Set(k, boolean(v))
		case string:
			e.Set(k, jsontree.NewString(v))
		}
	}
	return e
}

func commandOf(e *jsontree.Value) string {
	if c := e.Get("command"); c != nil && c.Kind == jsontree.String {
		return c.Text
	}
	return ""
}

// setCommand updates an entry's command; it reports a change.
func setCommand(e *jsontree.Value, command string) bool {
	if commandOf(e) == command {
		return false
	}
	e.Set("command", jsontree.NewString(command))
	return true
}

func nestedAdd(event, matcher string, timeout int) func(*jsontree.Value, string) (bool, error) {
	return func(tree *jsontree.Value, command string) (bool, error) {
		hooks, err := child(tree, "hooks", jsontree.Object)
		if err != nil {
			return false, err
		}
		groups, err := child(hooks, event, jsontree.Array)
		if err != nil {
			return false, err
		}
		// Exactly one entry of ours, alone in a "*" group, with this
		// command: nothing to do. Anything else (an old path, a copy
		// sharing a narrower matcher with another tool's hooks, a second
		// copy that would ask twice) is removed and written afresh.
		if ours := nestedFind(event)(tree); len(ours) == 1 && ours[0] == event+": "+command {
			for _, g := range groups.Elems {
				hs := elems(g.Get("hooks"))
				if len(hs) == 1 && commandOf(hs[0]) == command {
					if m := g.Get("matcher"); m != nil && m.Kind == jsontree.String && m.Text == matcher {
						return false, nil
					}
				}
			}
		}
		nestedRemove(event)(tree)
		g := object()
		g.Set("matcher", jsontree.NewString(matcher))
		list := &jsontree.Value{Kind: jsontree.Array}
		extra := map[string]any{"timeout": timeout}
		if event == "BeforeTool" {
			extra["name"] = "gatehouse"
		}
		list.Elems = append(list.Elems, hookEntry(command, extra))
		g.Set("hooks", list)
		groups.Elems = append(groups.Elems, g)
		return true, nil
	}
}

func nestedRemove(event string) func(*jsontree.Value) bool {
	return func(tree *jsontree.Value) bool {
		groups := tree.Get("hooks").Get(event)
		if groups == nil || groups.Kind != jsontree.Array {
			return false
		}
		changed := false
		kept := groups.Elems[:0]
		for _, g := range groups.Elems {
			hs := g.Get("hooks")
			if hs != nil && hs.Kind == jsontree.Array {
				n := len(hs.Elems)
				hs.Elems = dropOurs(hs.Elems)
				if len(hs.Elems) != n {
					changed = true
					if len(hs.Elems) == 0 {
						continue // the group held only our hook
					}
				}
			}
			kept = append(kept, g)
		}
		groups.Elems = kept
		return changed
	}
}

func nestedFind(event string) func(*jsontree.Value) []string {
	return func(tree *jsontree.Value) []string {
		var out []string
		for _, g := range elems(tree.Get("hooks").Get(event)) {
			for _, h := range elems(g.Get("hooks")) {
				if c := commandOf(h); isOurs(c) {
					out = append(out, event+": "+c)
				}
			}
		}
		return out
	}
}

func flatAdd(events []string, extra map[string]any) func(*jsontree.Value, string) (bool, error) {
	return func(tree *jsontree.Value, command string) (bool, error) {
		hooks, err := child(tree, "hooks", jsontree.Object)
		if err != nil {
			return false, err
		}
		changed := false
		for _, event := range events {
			list, err := child(hooks, event, jsontree.Array)
			if err != nil {
				return false, err
			}
			n := 0
			same := false
			for _, h := range list.Elems {
				if c := commandOf(h); isOurs(c) {
					n++
					same = c == command
				}
			}
			if n == 1 && same {
				continue
			}
			list.Elems = append(dropOurs(list.Elems), hookEntry(command, extra))
			changed = true
		}
		return changed, nil
	}
}

func flatRemove(events ...string) func(*jsontree.Value) bool {
	return func(tree *jsontree.Value) bool {
		changed := false
		for _, event := range events {
			list := tree.Get("hooks").Get(event)
			if list == nil || list.Kind != jsontree.Array {
				continue
			}
			n := len(list.Elems)
			list.Elems = dropOurs(list.Elems)
			changed = changed || len(list.Elems) != n
		}
		return changed
	}
}

func flatFind(events ...string) func(*jsontree.Value) []string {
	return func(tree *jsontree.Value) []string {
		var out []string
		for _, event := range events {
			for _, h := range elems(tree.Get("hooks").Get(event)) {
				if c := commandOf(h); isOurs(c) {
					out = append(out, event+": "+c)
				}
			}
		}
		return out
	}
}

// cursorAdd registers the before-events with failClosed: without it a
// crash, a timeout or invalid output lets the action through.
func cursorAdd(tree *jsontree.Value, command string) (bool, error) {
	changed := false
	if tree.Get("version") == nil {
		tree.Set("version", number(1))
		changed = true
	}
	ch, err := flatAdd(cursorEvents, map[string]any{"timeout": 600, "failClosed": true})(tree, command)
	return changed || ch, err
}

func dropOurs(list []*jsontree.Value) []*jsontree.Value {
	kept := list[:0]
	for _, h := range list {
		if !isOurs(commandOf(h)) {
			kept = append(kept, h)
		}
	}
	return kept
}

// elems returns v's elements when v is an array, else none.
func elems(v *jsontree.Value) []*jsontree.Value {
	if v == nil || v.Kind != jsontree.Array {
		return nil
	}
	return v.Elems
}
