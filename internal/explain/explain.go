// Package explain tells the person approving a shell command what it does,
// in plain English, from Gatehouse's own reading of the parsed command and
// never from the agent's description of it: a summary, one step per simple
// command with how it connects to the one before, and risk flags with the
// byte ranges that cause them.
package explain

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gatehouse/gatehouse/internal/shell"
)

// Explanation is what Gatehouse says about one command line.
type Explanation struct {
	// Summary is one or two sentences to read at a glance.
	Summary string `json:"summary"`
	// Steps has one sentence per simple command, in the order they run,
	// each starting with its connective ("Then", "If that succeeds"...).
	Steps []Step `json:"steps"`
	// RiskKinds is the distinct risk kinds of Risks, most serious first: the
	// `risks` array of strings of contract 3.
	RiskKinds []string `json:"risks"`
	// Risks is every risk with its reason and byte range, deduplicated by
	// kind and range, ordered by position.
	Risks []Risk `json:"riskDetails"`
	// Description is the agent's own description of the command, kept apart
	// because a prompt injection controls it.
	Description string `json:"description,omitempty"`
	// Unmentioned lists the risk kinds found that the description does not
	// mention (only computed when there is a description).
	Unmentioned []string `json:"unmentionedRisks,omitempty"`
	// Unknown lists the programs and subcommands Gatehouse does not know.
	Unknown []string `json:"unknownPrograms,omitempty"`
	// Opaque is set when part of the line cannot be read statically
	// (encoded, computed, eval'd, unparsable or too long to review).
	Opaque bool `json:"opaque,omitempty"`
}

// Step is one simple command.
type Step struct {
	Text    string `json:"text"`
	Program string `json:"program"` // "git push", "rm", "" for a bare assignment
	Start   int    `json:"start"`   // byte offsets in the command
	End     int    `json:"end"`
}

// Risk is one risk flag: a kind from the fixed vocabulary (network,
// destructive, writes-outside-workspace, code-execution, privilege,
// obfuscation, persistence, secrets, unparsable), why, and where.
type Risk struct {
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
	Start  int    `json:"start"` // byte offsets in the command
	End    int    `json:"end"`
}

// Options are the facts about where the command would run.
type Options struct {
	// Description is the agent's text about the command, shown apart.
	Description string
	// Cwd is the directory the command would run in; relative paths are
	// resolved against it.
	Cwd string
	// WorkspaceRoots are the folders writes may go to; when empty, Cwd is
	// the root. With neither, only absolute and ~ paths count as outside.
	WorkspaceRoots []string
	// Home is the home directory used for ~; empty means the current user's.
	Home string
	// NoManPages skips looking up unknown programs in the manual pages (the
	// environment variable GATEHOUSE_NO_MAN=1 does the same).
	NoManPages bool
}

// maxSteps is the number of commands beyond which a line is too long to
// review at a glance: long chains are a known way to bury one bad command.
const maxSteps = 20

// maxStepList caps the steps returned for huge inputs; risks are still
// computed for every command.
const maxStepList = 200

// recoverPanics turns a panic while explaining into an "unreadable"
// explanation; the fuzz test switches it off to find the panic.
var recoverPanics = true

// Explain reads command with the shell analyser and explains it.
func Explain(command string, opt Options) (ex Explanation) {
	if recoverPanics {
		defer func() {
			if r := recover(); r != nil {
				ex = unreadable(command, opt, fmt.Sprintf("internal error: %v", r))
			}
		}()
	}
	return explainLine(shell.Analyze(command), opt)
}

// unreadable is the explanation of a line Gatehouse could not read.
func unreadable(src string, opt Options, why string) Explanation {
	ex := Explanation{
		Summary:     fmt.Sprintf("Gatehouse cannot read this command (%s), so it cannot say what it does; treat it as unknown.", clip(why, 160)),
		Steps:       []Step{},
		Risks:       []Risk{{Kind: "unparsable", Reason: clip(why, 160), Start: 0, End: len(src)}},
		RiskKinds:   []string{"unparsable"},
		Description: opt.Description,
		Opaque:      true,
	}
	ex.Unmentioned = unmentioned(opt.Description, ex.RiskKinds)
	return ex
}

// explainer holds what is needed while explaining one line.
type explainer struct {
	kb    *knowledge
	src   string
	opt   Options
	home  string
	roots []string
	input span // the xargs wrapper of the command being described
}

func explainLine(line *shell.Line, opt Options) Explanation {
	if line == nil {
		return unreadable("", opt, "the shell analyser returned nothing")
	}
	src := line.Source
	if line.ParseError != nil {
		return unreadable(src, opt, "not valid bash: "+line.ParseError.Error())
	}
	st := readStructure(src)
	if st.err != nil {
		return unreadable(src, opt, "not valid bash: "+st.err.Error())
	}
	kb, kbErr := loadKnowledge()
	x := &explainer{kb: kb, src: src, opt: opt, home: opt.Home}
	if x.home == "" {
		x.home, _ = os.UserHomeDir()
	}
	x.roots = cleanRoots(opt)

	ex := Explanation{Steps: []Step{}, Risks: []Risk{}, RiskKinds: []string{}, Description: opt.Description}
	var risks []Risk
	if kbErr != nil {
		risks = append(risks, Risk{Kind: "obfuscation", Reason: "Gatehouse's knowledge of programs failed to load: " + kbErr.Error(), Start: 0, End: len(src)})
	}
	order := assign(st.slots, line.Commands)
	cwd, cwdKnown := filepath.Clean(opt.Cwd), opt.Cwd != ""
	if !cwdKnown {
		cwd, cwdKnown = "", true // relative paths count as inside
	}
	var programs []string
	seenProg := map[string]bool{}
	for _, it := range order {
		var r reading
		var start, end int
		var cmdRisks []Risk
		if it.cmd != nil {
			c := *it.cmd
			r = x.describe(c)
			start, end = c.Pos, c.End
			cmdRisks = x.effectRisks(c, cwd, cwdKnown)
			for _, w := range r.writes {
				p := w.Value
				if w.Dynamic {
					p = ""
				}
				if isDevice(p) || p == "-" {
					continue
				}
				if out, why := x.outside(p, cwd, cwdKnown); out && !hasKindIn(cmdRisks, "writes-outside-workspace", w.Pos, max(w.End, w.Pos)) {
					cmdRisks = append(cmdRisks, Risk{Kind: "writes-outside-workspace", Reason: why, Start: w.Pos, End: w.End})
				}
			}
			for _, kr := range r.risks {
				if !hasKindIn(cmdRisks, kr.Kind, start, end) {
					cmdRisks = append(cmdRisks, kr)
				}
			}
			if r.unknown != "" {
				ex.Unknown = appendOnce(ex.Unknown, r.unknown)
			}
			if c.Name.Value == "eval" && !c.Name.Dynamic {
				ex.Opaque = true
			}
		} else {
			r, start, end = x.unanalysed(it.slot)
			if it.slot.kind == "other" || it.slot.kind == "call" {
				cmdRisks = append(cmdRisks, Risk{Kind: "obfuscation", Reason: "the shell analyser did not report this part", Start: start, End: end})
			}
		}
		risks = append(risks, cmdRisks...)
		if r.cd != nil {
			cwd, cwdKnown = x.move(cwd, cwdKnown, r.cd)
		}
		if r.program != "" && !seenProg[r.program] {
			seenProg[r.program] = true
			programs = append(programs, r.program)
		}
		if len(ex.Steps) < maxStepList {
			ex.Steps = append(ex.Steps, Step{Text: sentence(it, r, len(ex.Steps) == 0), Program: r.program, Start: start, End: end})
		}
	}
	if n := len(order); n > maxStepList {
		ex.Steps = append(ex.Steps, Step{Text: fmt.Sprintf("…and %d more commands not listed here.", n-maxStepList), Start: len(src), End: len(src)})
	}
	for _, off := range st.ansiEscape {
		end := off + 2 + strings.IndexByte(src[min(off+2, len(src)):], '\'') + 1
		risks = append(risks, Risk{Kind: "obfuscation", Reason: "a $'…' string spells characters by their codes, hiding what they say", Start: off, End: min(max(end, off+2), len(src))})
	}
	if len(order) > maxSteps {
		risks = append(risks, Risk{Kind: "obfuscation", Reason: fmt.Sprintf("the line chains %d commands, too many to review at a glance", len(order)), Start: 0, End: len(src)})
	}
	ex.Risks = dedupe(risks)
	for _, rk := range ex.Risks {
		ex.RiskKinds = appendOnce(ex.RiskKinds, rk.Kind)
		if rk.Kind == "obfuscation" || rk.Kind == "unparsable" {
			ex.Opaque = true
		}
	}
	sort.SliceStable(ex.RiskKinds, func(i, j int) bool { return riskOrder(ex.RiskKinds[i]) < riskOrder(ex.RiskKinds[j]) })
	ex.Summary = x.summary(ex, programs)
	ex.Unmentioned = unmentioned(opt.Description, ex.RiskKinds)
	return ex
}

// ordered is one step to explain: a command, or a slot the analyser left
// without a command.
type ordered struct {
	slot slot
	cmd  *shell.Command
	more bool // a further command in the same slot (e.g. inside sh -c '...')
}

// assign puts every command in the innermost slot that contains its start,
// and returns the steps in the order the slots run. Commands outside every
// slot are kept (at the end) rather than dropped: nothing the analyser found
// may vanish from the explanation.
func assign(slots []slot, cmds []shell.Command) []ordered {
	idx := make([]int, len(slots))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		sa, sb := slots[idx[a]], slots[idx[b]]
		if sa.pos != sb.pos {
			return sa.pos < sb.pos
		}
		return sa.end > sb.end
	})
	ci := make([]int, len(cmds))
	for i := range ci {
		ci[i] = i
	}
	sort.SliceStable(ci, func(a, b int) bool { return cmds[ci[a]].Pos < cmds[ci[b]].Pos })
	bySlot := make([][]int, len(slots))
	var orphans []int
	var stack []int
	k := 0
	for _, c := range ci {
		p := cmds[c].Pos
		for k < len(idx) && slots[idx[k]].pos <= p {
			for len(stack) > 0 && slots[stack[len(stack)-1]].end <= slots[idx[k]].pos {
				stack = stack[:len(stack)-1]
			}
			stack = append(stack, idx[k])
			k++
		}
		for len(stack) > 0 && slots[stack[len(stack)-1]].end <= p && slots[stack[len(stack)-1]].end != slots[stack[len(stack)-1]].pos {
			stack = stack[:len(stack)-1]
		}
		if len(stack) == 0 {
			orphans = append(orphans, c)
			continue
		}
		top := stack[len(stack)-1]
		bySlot[top] = append(bySlot[top], c)
	}
	var out []ordered
	for i, s := range slots {
		if len(bySlot[i]) == 0 {
			out = append(out, ordered{slot: s})
			continue
		}
		for j, c := range bySlot[i] {
			out = append(out, ordered{slot: s, cmd: &cmds[c], more: j > 0})
		}
	}
	for _, c := range orphans {
		out = append(out, ordered{slot: slot{pos: cmds[c].Pos, end: cmds[c].End, conn: connAlso}, cmd: &cmds[c]})
	}
	return out
}

// unanalysed explains a slot for which the analyser reported no command.
func (x *explainer) unanalysed(s slot) (reading, int, int) {
	text := ""
	if s.pos >= 0 && s.end <= len(x.src) && s.pos <= s.end {
		text = x.src[s.pos:s.end]
	}
	r := reading{subject: "the shell"}
	switch s.kind {
	case "test":
		r.predicate = "tests whether " + code(text) + " holds"
	case "arith":
		r.predicate = "computes " + code(text)
	case "decl":
		r.predicate = "declares variables: " + code(text)
	default:
		r.predicate = "runs " + code(text) + ", which Gatehouse could not analyse"
	}
	return r, s.pos, s.end
}

// sentence writes one step with its connective.
func sentence(it ordered, r reading, first bool) string {
	conn := it.slot.conn
	if it.more {
		conn = "which runs"
	}
	pred := r.predicate
	pred = withMods(pred, it.slot.mods)
	if it.slot.feeds != "" && !it.more {
		pred += "; " + it.slot.feeds
	}
	var s string
	switch {
	case it.more:
		s = "Inside it, " + r.subject + " " + pred
	case conn == connPipe:
		s = "Its output goes to " + r.subject + ", which " + pred
	case first && (conn == "" || conn == connThen):
		s = r.subject + " " + pred
	default:
		s = conn + ", " + r.subject + " " + pred
	}
	return upperFirst(s) + "."
}

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func hasKindIn(rs []Risk, kind string, start, end int) bool {
	for _, r := range rs {
		if r.Kind == kind && r.Start >= start && r.End <= end {
			return true
		}
	}
	return false
}

// dedupe removes repeated kind+range pairs and orders risks by position,
// then by seriousness.
func dedupe(rs []Risk) []Risk {
	type key struct {
		kind       string
		start, end int
	}
	seen := map[key]bool{}
	out := []Risk{}
	for _, r := range rs {
		k := key{r.Kind, r.Start, r.End}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return riskOrder(out[i].Kind) < riskOrder(out[j].Kind)
	})
	return out
}
