package policy

import (
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/gatehouse/gatehouse/internal/shell"
)

// A recursive listing prints the names inside every directory below the
// ones it is given: ls -R ~ prints the names of the keys in ~/.ssh, which
// a Read(~/.ssh/**) rule denies reading. Names are not contents, so a
// listing of a directory that merely holds a denied file (.env) is
// allowed; one reaching into a denied directory asks.

// recursiveListing returns the directories a command lists recursively,
// or nil.
func recursiveListing(c *shell.Command) []string {
	var dirs []string
	recursive := false
	switch c.Name.Value {
	case "tree", "find", "du", "fd", "fdfind":
		recursive = true
	case "ls":
	default:
		return nil
	}
	for i, a := range c.Args {
		v := a.Value
		if a.Dynamic {
			continue
		}
		if c.Name.Value == "find" {
			if strings.HasPrefix(v, "-") || v == "(" || v == "!" {
				break
			}
			dirs = append(dirs, v)
			continue
		}
		switch {
		case v == "--recursive" || c.Name.Value == "ls" && isShortCluster(v) && strings.ContainsRune(v, 'R'):
			recursive = true
		case strings.HasPrefix(v, "-"):
		case i > 0 && (c.Name.Value == "tree" || c.Name.Value == "fd" || c.Name.Value == "fdfind") && strings.HasPrefix(c.Args[i-1].Value, "-") && !strings.HasPrefix(c.Args[i-1].Value, "--"):
			// Possibly an option's value (tree -L 2, fd -e go): also
			// checked, as a directory it names would be listed.
			dirs = append(dirs, v)
		default:
			dirs = append(dirs, v)
		}
	}
	if !recursive {
		return nil
	}
	if len(dirs) == 0 {
		dirs = []string{"."}
	}
	return dirs
}

// listingCheck asks for a recursive listing that reaches into a directory
// a Read deny rule covers.
func (ev *evaluation) listingCheck(c *shell.Command, text string) (Decision, bool) {
	for _, d := range recursiveListing(c) {
		for _, t := range ev.targets(d) {
			if r := ev.deniedDirUnder(t); r != nil {
				return Decision{Behavior: Ask, Check: CheckRule, Rule: r,
					Reason: fmt.Sprintf("`%s` lists %s recursively, which holds a directory the %s covers: the listing prints the names inside it.", text, t.shown(), r.Describe())}, false
			}
		}
	}
	return Decision{}, true
}

// deniedDirUnder finds a Read deny rule whose literal part is a directory
// that exists below t (or is t) and that covers what is inside it.
func (ev *evaluation) deniedDirUnder(t target) *Rule {
	if t.v.Err != nil || t.v.Resolved == "" {
		return nil
	}
	if fi, err := os.Stat(t.v.Resolved); err != nil || !fi.IsDir() {
		return nil
	}
	dir := t.resolvedComps
	var found *Rule
	ev.rulesFor(Deny, "Read", func(r *Rule) bool {
		if r.path == nil || r.path.anchor == anchorAnyDepth {
			return true
		}
		for _, base := range ev.p.anchorBases(r) {
			lit := append([]string(nil), base...)
			n := 0
			for _, c := range r.path.comps {
				if strings.ContainsAny(c, "*?[") {
					break
				}
				lit = append(lit, c)
				n++
			}
			if n == 0 || n == len(r.path.comps) {
				// Names in the base directory (./.env.*), or a literal
				// file or directory: the listing shows only names the
				// rule's own directory listing shows.
				continue
			}
			if _, ok := below(lit, dir, ev.p.foldCase); !ok {
				continue
			}
			if fi, err := os.Stat("/" + strings.Join(lit, "/")); err == nil && fi.IsDir() {
				found = r
				return false
			}
		}
		return true
	})
	return found
}

// grepIncludes returns, for grep -r with --include globs, the deny rules
// its recursion cannot read: rules naming one literal file whose base
// name no --include glob matches (grep -r --include='*.go' TODO . never
// opens .env). nil when there is no such filter: -R and
// --dereference-recursive follow symbolic links, whose names are not the
// names of the files they read, and rules with globs may name any file.
func grepIncludes(c *shell.Command) func(*Rule) bool {
	if c.Name.Value != "grep" && c.Name.Value != "egrep" && c.Name.Value != "fgrep" {
		return nil
	}
	var globs []string
	recursive := false
args:
	for i, a := range c.Args {
		v := a.Value
		if a.Dynamic {
			return nil
		}
		switch {
		case v == "--":
			break args // patterns and files follow
		case v == "-R" || v == "--dereference-recursive" || isShortCluster(v) && strings.ContainsRune(v, 'R'):
			return nil
		case v == "-r" || v == "--recursive" || isShortCluster(v) && strings.ContainsRune(v, 'r'):
			recursive = true
		case strings.HasPrefix(v, "--include="):
			globs = append(globs, strings.TrimPrefix(v, "--include="))
		case v == "--include" && i+1 < len(c.Args):
			globs = append(globs, c.Args[i+1].Value)
		}
	}
	if !recursive || len(globs) == 0 {
		return nil
	}
	return func(r *Rule) bool {
		if r.path == nil || len(r.path.comps) == 0 {
			return false
		}
		for _, comp := range r.path.comps {
			if strings.ContainsAny(comp, "*?[") {
				return false
			}
		}
		name := r.path.comps[len(r.path.comps)-1]
		for _, g := range globs {
			if ok, err := path.Match(g, name); ok || err != nil {
				return false
			}
		}
		return true
	}
}
