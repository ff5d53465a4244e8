package explain

import (
	"sort"
	"testing"

	"github.com/gatehouse/gatehouse/internal/shell"
)

// arityExceptions are options this file reads a value for that the
// analysis reads as a flag followed by an operand: the same words, named
// differently (sh -c CODE: the code is the shell's first operand).
var arityExceptions = map[string]bool{
	"bash -c": true, "sh -c": true, "dash -c": true, "zsh -c": true, "ksh -c": true, "mksh -c": true,
	"ash -c": true, "csh -c": true, "tcsh -c": true,
	// find -fprintf FILE FORMAT: two words, read by the analysis's find
	// rules and by this file as a file and a format.
	"find -fprintf": true,
}

// TestArityAgrees checks that for every program both knowledge bases
// know, every option both know takes a value in both or in neither: an
// explanation and a decision never read a command's words differently.
func TestArityAgrees(t *testing.T) {
	kb, err := loadKnowledge()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for n := range kb.entries {
		names = append(names, n)
	}
	sort.Strings(names)
	checked := 0
	for _, name := range names {
		e := kb.entries[name]
		if e.name != name || !shell.KnownProgram(name) {
			continue // an alias, or a program the analysis has no entry for
		}
		for _, o := range e.opts {
			for k, n := range o.names {
				a := shell.ProgramOption(name, n)
				if a == shell.OptionUnknown {
					continue
				}
				checked++
				takes := o.takesBy[k]
				if takes == 2 || a == shell.OptionAttached {
					// find -exec ... ; is read by its own rule in both; an
					// attached value (--stat=10) is read the same whether
					// this file names it or not.
					continue
				}
				value := a == shell.OptionValue || a == shell.OptionPair
				if (takes == 1) != value && !arityExceptions[name+" "+n] {
					t.Errorf("%s %s: explain reads %s, the analysis reads %v", name, n, map[bool]string{true: "a value", false: "no value"}[takes == 1], a)
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d options checked in both knowledge bases", checked)
	}
}
