package settings

import (
	"github.com/gatehouse/gatehouse/internal/jsontree"
)

// Flag is one boolean of the "sandbox" object, with the file that set it.
// The zero Flag is unset.
type Flag struct {
	Set    bool
	Value  bool
	Source Source
}

// Entry is one string of a "sandbox" list, with the file it came from.
type Entry struct {
	Value  string
	Source Source
}

// Sandbox is Claude Code's "sandbox" settings object, read as it is
// written: booleans from the highest-precedence file that sets them, lists
// merged across files. A malformed file contributes nothing here, and the
// caller decides which workspace-file values to honour before trust.
type Sandbox struct {
	Enabled                  Flag
	AutoAllowBashIfSandboxed Flag
	AllowUnsandboxedCommands Flag
	FailIfUnavailable        Flag
	ExcludedCommands         []Entry

	// network
	AllowedDomains      []Entry
	AllowUnixSockets    []Entry
	AllowAllUnixSockets Flag
	AllowLocalBinding   Flag
	// AllowManagedDomainsOnly, when managed settings set it, leaves only
	// the managed files' allowedDomains and WebFetch allow rules in force.
	AllowManagedDomainsOnly Flag

	// filesystem
	AllowWrite []Entry
	DenyWrite  []Entry
	DenyRead   []Entry
}

// flags and lists name where each value lives in the "sandbox" object.
func (sb *Sandbox) flags() map[string]*Flag {
	return map[string]*Flag{
		"enabled":                         &sb.Enabled,
		"autoAllowBashIfSandboxed":        &sb.AutoAllowBashIfSandboxed,
		"allowUnsandboxedCommands":        &sb.AllowUnsandboxedCommands,
		"failIfUnavailable":               &sb.FailIfUnavailable,
		"network.allowAllUnixSockets":     &sb.AllowAllUnixSockets,
		"network.allowLocalBinding":       &sb.AllowLocalBinding,
		"network.allowManagedDomainsOnly": &sb.AllowManagedDomainsOnly,
	}
}

func (sb *Sandbox) lists() map[string]*[]Entry {
	return map[string]*[]Entry{
		"excludedCommands":         &sb.ExcludedCommands,
		"network.allowedDomains":   &sb.AllowedDomains,
		"network.allowUnixSockets": &sb.AllowUnixSockets,
		"filesystem.allowWrite":    &sb.AllowWrite,
		"filesystem.denyWrite":     &sb.DenyWrite,
		"filesystem.denyRead":      &sb.DenyRead,
	}
}

// parseSandbox reads and type-checks one file's "sandbox" object. A
// mistyped value breaks the whole file (which then allows nothing) instead
// of half-applying.
func parseSandbox(src Source, root *jsontree.Value) (Sandbox, *offsetError) {
	var staged Sandbox
	obj := root.Get("sandbox")
	if obj == nil {
		return staged, nil
	}
	if obj.Kind != jsontree.Object {
		return staged, &offsetError{Offset: obj.Offset, Msg: `"sandbox" must be an object, not ` + kindName(obj)}
	}
	for _, sub := range []string{"network", "filesystem"} {
		if v := obj.Get(sub); v != nil && v.Kind != jsontree.Object {
			return staged, &offsetError{Offset: v.Offset, Msg: `"sandbox.` + sub + `" must be an object, not ` + kindName(v)}
		}
	}
	get := func(key string) *jsontree.Value {
		v := obj
		for i := 0; i < len(key); i++ {
			if key[i] == '.' {
				v = v.Get(key[:i])
				key = key[i+1:]
				break
			}
		}
		return v.Get(key)
	}
	sf, sl := staged.flags(), staged.lists()
	for key, f := range sf {
		v := get(key)
		if v == nil {
			continue
		}
		if v.Kind != jsontree.Bool {
			return staged, &offsetError{Offset: v.Offset, Msg: `"sandbox.` + key + `" must be a boolean, not ` + kindName(v)}
		}
		*f = Flag{Set: true, Value: v.Text == "true", Source: src}
	}
	for key, l := range sl {
		vals, err := stringList(get(key))
		if err != nil {
			return staged, err
		}
		for _, x := range vals {
			*l = append(*l, Entry{Value: x, Source: src})
		}
	}
	return staged, nil
}

// merge adds a lower-precedence file's values: sources come highest
// precedence first, so a flag already set wins and lists append.
func (sb *Sandbox) merge(from *Sandbox) {
	sf, sl := from.flags(), from.lists()
	mf, ml := sb.flags(), sb.lists()
	for key, f := range sf {
		if f.Set && !mf[key].Set {
			*mf[key] = *f
		}
	}
	for key, l := range sl {
		*ml[key] = append(*ml[key], *l...)
	}
}
