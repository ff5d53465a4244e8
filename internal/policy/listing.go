package policy

import (
	"fmt"
	"os"
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
