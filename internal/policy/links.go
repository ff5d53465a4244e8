package policy

import (
	"fmt"
	"strings"

	"github.com/gatehouse/gatehouse/internal/shell"
)

// A hard link is the same file under a second name: writing through it
// writes the original, and reading it reads the original. So the files a
// command links from count as written by it (a link to .git/config is a
// way to change .git/config), like ln's (linkTargets), and reading a file
// with several names asks when a Read rule denies some file: its other
// name may be the denied one (build/e, made by ln .env build/e earlier).

// copyLinks reports cp options that make links instead of copies: -l
// (--link, also in -al) makes hard links, -s (--symbolic-link) symbolic
// ones, which later commands of the line follow.
func copyLinks(c *shell.Command) bool {
	if c.Name.Value != "cp" {
		return false
	}
	for _, a := range c.Args {
		v := a.Value
		if v == "--" {
			return false
		}
		if v == "--link" || v == "--symbolic-link" || isShortCluster(v) && strings.ContainsAny(v, "ls") {
			return true
		}
	}
	return false
}

// linkSources are the targets of every operand of a command that links
// (cp -l, link), to be checked as writes; nil for other commands.
func (ev *evaluation) linkSources(c *shell.Command) []target {
	if !copyLinks(c) && c.Name.Value != "link" {
		return nil
	}
	var out []target
	opts := true
	for i := 0; i < len(c.Args); i++ {
		a := c.Args[i]
		switch {
		case a.Dynamic:
		case opts && a.Value == "--":
			opts = false
		case opts && (a.Value == "-t" || a.Value == "-S" || a.Value == "--suffix"):
			i++
		case opts && strings.HasPrefix(a.Value, "-"):
		default:
			out = append(out, ev.targets(a.Value)...)
		}
	}
	return out
}

// makesLinks reports a command that creates links (ln, link, cp -l, cp -s).
func makesLinks(c *shell.Command) bool {
	return c.Name.Value == "ln" || c.Name.Value == "link" || copyLinks(c)
}

// hardLinkRead asks for a command reading a file with several names while
// Read deny rules exist.
func (ev *evaluation) hardLinkRead(text string, reads []target) (Decision, bool) {
	for _, t := range reads {
		if t.v.HardLinks > 1 && ev.hasDenyRules("Read") {
			return Decision{Behavior: Ask, Check: CheckHardLink,
				Reason: fmt.Sprintf("`%s` reads %s, which has %d names (hard links): another of them may be a file a Read rule denies.", text, t.shown(), t.v.HardLinks)}, false
		}
	}
	return Decision{}, true
}
