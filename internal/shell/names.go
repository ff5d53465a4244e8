package shell

import "sync"

// nameEntry is what the data tables hold for one program name: a command
// is looked up by name in several tables (wrappers, programs, shells,
// variable setters), and hashing the name once per table was a large part
// of a short command's analysis.
type nameEntry struct {
	wrapper *wrapperSpec
	program *program
	shell   bool // takes a code string with -c
	setter  bool // assigns the variables it is given (read, printf -v)
}

// nameTable joins the tables by name, built on first use: a hook process
// that analyses one short line should not pay for it at start-up.
var nameTable = sync.OnceValue(func() map[string]*nameEntry {
	m := map[string]*nameEntry{}
	get := func(name string) *nameEntry {
		e := m[name]
		if e == nil {
			e = &nameEntry{}
			m[name] = e
		}
		return e
	}
	for name, w := range wrapperTable() {
		get(name).wrapper = w
	}
	for name, p := range programs() {
		get(name).program = p
	}
	for name, ok := range shells {
		get(name).shell = ok
	}
	for name, ok := range variableSetters {
		get(name).setter = ok
	}
	return m
})

// noEntry is the entry of a name that no table holds.
var noEntry = &nameEntry{}

// lookup returns the tables' entry for name, remembering the last one:
// the tables are asked about one command's name several times in a row.
func (a *analysis) lookup(name string) *nameEntry {
	if a.lastEntry != nil && name == a.lastName {
		return a.lastEntry
	}
	e := nameTable()[name]
	if e == nil {
		e = noEntry
	}
	a.lastName, a.lastEntry = name, e
	return e
}
