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
	"mvdan.cc/sh/v3/syntax"
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
	// kind and range, ordered by position; past the first 1,000 of a kind,
	// they are only counted in RiskDetailsOmitted.
	Risks []Risk `json:"riskDetails"`
	// RiskDetailsOmitted is how many risks Risks leaves out: per kind,
	// only the first 1,000 in order are listed. RiskKinds and the summary
	// still count every risk.
	RiskDetailsOmitted int `json:"riskDetailsOmitted,omitempty"`
	// Description is the agent's own description of the command, kept apart
	// because a prompt injection controls it.
	Description string `json:"description,omitempty"`
	// Unmentioned lists the risk kinds found that the description does not
	// mention (only computed when there is a description).
	Unmentioned []string `json:"unmentionedRisks,omitempty"`
	// Unknown lists the programs and subcommands Gatehouse does not know
	// (the first 100; UnknownOmitted counts the others).
	Unknown        []string `json:"unknownPrograms,omitempty"`
	UnknownOmitted int      `json:"unknownProgramsOmitted,omitempty"`
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

// maxRiskySteps is how many more steps are listed past maxStepList for
// commands that carry a risk: the one bad command buried at the end of a
// long chain must be shown as a sentence, not only as a byte range.
const maxRiskySteps = 20

// maxCommands is how many commands a line may have (as
// shell.EstimateCommands counts them) to be explained. An explanation
// has 10 ms; a 64 KiB line of 30,000 tiny commands (a;a;a;…) takes most
// of that to parse alone. No command an agent runs comes near it; such a
// line is reported as one Gatehouse cannot read (the policy still reads
// all of it to decide).
const maxCommands = 6144

// maxUnknown is how many unknown programs an explanation names: a line
// can call thousands, and a list of them all helps nobody.
const maxUnknown = 100

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
	if n := shell.EstimateCommands(command); n > maxCommands {
		// Parsing alone would take most of the time an explanation has.
		return unreadable(command, opt, fmt.Sprintf("about %s commands in one line, counting the ; & | newlines and parentheses between them: more than the %s it explains one by one",
			count(n), count(maxCommands)))
	}
	// One parse serves both readings: the analyser's commands and the
	// structure walked here (parsing a long line twice used to be most of
	// the explanation's cost).
	line, tree := shell.AnalyzeWithTree(command)
	ex = explainTree(line, tree, opt)
	// The explanation holds only strings and numbers, nothing of the
	// line: its lists can serve the next long line.
	shell.Recycle(line)
	return ex
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
	// quiet is set for commands past maxStepList, whose sentence is not
	// shown: describe then builds only what risks and the working
	// directory need, which keeps long lines linear and cheap.
	quiet bool
	// manualLookups counts the uncached manual lookups of this line.
	manualLookups int
	// cwds are the working directories the walk has been in; a found
	// risk names its own by index.
	cwds []workdir
	// met counts the risks found so far per kind (by riskOrder); once a
	// kind has maxRiskDetails, describe stops wording its reasons.
	met [riskKindCount]int
	// wordAll words every reason, for reading a command again.
	wordAll bool
	// texts are the reasons and paths found risks refer to.
	texts []string
	// extraKinds are risk kinds outside the vocabulary (see kindID).
	extraKinds []string
	// reasons keeps option reasons already worded on this line.
	reasons map[[3]string]string
	// reread holds the commands read again to word a listed risk, with
	// the quiet setting of that reading.
	reread      map[int32]reading
	rereadQuiet map[int32]bool
	// placed caches place's last results (placedNext is the next to go).
	placed     [4]placedPath
	placedNext int
	// lastCode and lastCoded are codeOf's last argument and result.
	lastCode, lastCoded string
	// sc is the pooled working memory (see scratch).
	sc *scratch
	// hitBuf and optBuf are reused by describe and lookupOptions.
	hitBuf []hit
	optBuf []option
	// flagCount counts the option words of hitBuf[:flagCountLen] for
	// repeatedFlag.
	flagCount    map[string]int
	flagCountLen int
	// riskArena holds the risks of the commands read (see describe).
	riskArena []Risk
}

// explainLine explains a line built without its syntax tree (tests build
// lines by hand): the structure is read by parsing the source.
func explainLine(line *shell.Line, opt Options) Explanation {
	return explainTree(line, nil, opt)
}

// explainTree explains line; tree is the syntax tree the analyser read it
// from, or nil to parse line.Source again.
func explainTree(line *shell.Line, tree *syntax.File, opt Options) Explanation {
	if line == nil {
		return unreadable("", opt, "the shell analyser returned nothing")
	}
	src := line.Source
	if line.ParseError != nil {
		return unreadable(src, opt, "not valid bash: "+line.ParseError.Error())
	}
	var st structure
	if tree != nil {
		st = structureOf(tree, src, len(line.Commands))
	} else {
		st = readStructure(src)
	}
	if st.err != nil {
		return unreadable(src, opt, "not valid bash: "+st.err.Error())
	}
	kb, kbErr := loadKnowledge()
	x := &explainer{kb: kb, src: src, opt: opt, home: opt.Home, sc: getScratch()}
	// Nothing returned refers to the scratch memory.
	defer putScratch(x.sc)
	if x.home == "" {
		x.home, _ = os.UserHomeDir()
	}
	x.roots = cleanRoots(opt)

	ex := Explanation{Steps: []Step{}, Risks: []Risk{}, RiskKinds: []string{}, Description: opt.Description}
	// Room for the risks the effects and redirections give (the bulk on
	// a long line), so that the list is not copied as it grows.
	n := 0
	for i := range line.Commands {
		n += riskBound(&line.Commands[i])
	}
	// The knowledge base adds some (often one per command with effects).
	n += n/2 + 8
	if cap(x.sc.fs) < n {
		x.sc.fs = make([]found, 0, n)
	}
	fs := x.sc.fs[:0]
	defer func() { x.sc.fs = fs[:0] }() // keeps what it grew to
	if kbErr != nil {
		fs = x.noteText(fs, "obfuscation", "Gatehouse's knowledge of programs failed to load: "+kbErr.Error(), found{start: 0, end: len(src)})
	}
	order := assign(st.slots, line.Commands)
	cwd, cwdKnown := filepath.Clean(opt.Cwd), opt.Cwd != ""
	if !cwdKnown {
		cwd, cwdKnown = "", true // relative paths count as inside
	}
	x.cwds = append(x.cwds, workdir{cwd, cwdKnown})
	// The programs met, for the summary: the first few named, all counted.
	// One set serves them and the unknown ones (a line of 6,000 unknown
	// programs must not be quadratic, nor build two sets of them).
	var programs programList
	const isProgram, isUnknown = 1, 2
	seen := map[string]uint8{}
	lastProg, lastUnknown := "", ""
	// Past maxStepList, commands are listed only when they carry a risk;
	// the others are counted in a gap step ("…N commands not listed").
	listed, risky := 0, 0
	var gap Step
	gapN := 0
	flushGap := func(final bool) {
		if gapN == 0 {
			return
		}
		if final {
			gap.Text = fmt.Sprintf("…and %s more %s not listed here.", count(gapN), plural(gapN, "command", "commands"))
		} else {
			gap.Text = fmt.Sprintf("…%s %s not listed here.", count(gapN), plural(gapN, "command", "commands"))
		}
		ex.Steps = append(ex.Steps, gap)
		gapN = 0
	}
	for item, it := range order {
		var r reading
		var start, end int
		base := len(fs) // fs[base:] are this command's risks
		full := listed < maxStepList
		wd := int32(len(x.cwds) - 1)
		if it.cmd != nil {
			c := it.cmd
			x.quiet = !full
			r = x.describe(c)
			start, end = c.Pos, c.End
			placed := x.writesOf(c)
			fs = x.effectRisks(fs, c, &placed, int32(item), wd)
			placed.at = 0
			var held riskIndex
			var rep shell.Repeats
			for wi, w := range r.writes {
				// The same file named again and again (rm -rf ~ ~ ~ …) is
				// read at its first places only, as the analysis does.
				if rep.Skip(r.writes, wi) {
					continue
				}
				p := w.Value
				if w.Dynamic {
					p = ""
				}
				if isDevice(p) || p == "-" || placed.has(w.Pos, w.End, p, "") {
					continue
				}
				// A risk already held is not recorded again: rm of
				// thousands of paths has them all from its effects.
				if x.place(p, cwd, cwdKnown).outside && !held.has(fs[base:], x.kindID("writes-outside-workspace"), w.Pos, max(w.End, w.Pos)) {
					fs = x.noteText(fs, "writes-outside-workspace", p, found{how: outsideText, start: w.Pos, end: w.End, item: int32(item), cwd: wd})
				}
			}
			for j, kr := range r.risks {
				if !held.has(fs[base:], x.kindID(kr.Kind), start, end) {
					f := found{start: kr.Start, end: kr.End, item: int32(item), aux: int32(j), how: readingAt, quiet: x.quiet}
					if kr.Reason != "" {
						f.how = worded
						fs = x.noteText(fs, kr.Kind, kr.Reason, f)
					} else {
						fs = x.note(fs, kr.Kind, f)
					}
				}
			}
			if r.unknown != "" && r.unknown != lastUnknown {
				lastUnknown = r.unknown
				if seen[r.unknown]&isUnknown == 0 {
					seen[r.unknown] |= isUnknown
					if len(ex.Unknown) < maxUnknown {
						ex.Unknown = append(ex.Unknown, r.unknown)
					} else {
						ex.UnknownOmitted++
					}
				}
			}
			if c.Name.Value == "eval" && !c.Name.Dynamic {
				ex.Opaque = true
			}
		} else {
			r, start, end = x.unanalysed(*it.slot)
			if it.slot.kind == "other" || it.slot.kind == "call" || it.slot.kind == "deep" {
				fs = x.noteText(fs, "obfuscation", "the shell analyser did not report this part", found{start: start, end: end})
			}
		}
		cmdRisks := fs[base:]
		sortSmall(cmdRisks)
		if !full && len(cmdRisks) > 0 && risky < maxRiskySteps {
			risky++
			full = true
			if it.cmd != nil {
				// Read again with its sentence; the risks are the same.
				x.quiet = false
				r = x.describe(it.cmd)
			}
		}
		if r.cd != nil {
			cwd, cwdKnown = x.move(cwd, cwdKnown, r.cd)
			x.cwds = append(x.cwds, workdir{cwd, cwdKnown})
		}
		// A long line mostly repeats its programs: the one before needs
		// no look-up.
		if r.program != "" && r.program != lastProg {
			lastProg = r.program
			if seen[r.program]&isProgram == 0 {
				seen[r.program] |= isProgram
				programs.add(r.program)
			}
		}
		if !full {
			if gapN == 0 {
				gap = Step{Start: start}
			}
			gapN++
			gap.End = max(gap.End, end)
			continue
		}
		flushGap(false)
		listed++
		ex.Steps = append(ex.Steps, Step{Text: sentence(it, r, len(ex.Steps) == 0), Program: r.program, Start: start, End: end})
	}
	flushGap(true)
	for _, off := range st.ansiEscape {
		end := off + 2 + strings.IndexByte(src[min(off+2, len(src)):], '\'') + 1
		fs = x.noteText(fs, "obfuscation", "a $'…' string spells characters by their codes, hiding what they say", found{start: off, end: min(max(end, off+2), len(src))})
	}
	if n := line.CodeStringsNotRead; n > 0 {
		fs = x.noteText(fs, "obfuscation", fmt.Sprintf("the line runs %s more code strings (sh -c, eval, watch…) than Gatehouse reads; what they run is not explained", count(n)), found{start: 0, end: len(src)})
	}
	if len(order) > maxSteps {
		fs = x.noteText(fs, "obfuscation", fmt.Sprintf("the line chains %d commands, too many to review at a glance", len(order)), found{start: 0, end: len(src)})
	}
	// Every risk counts for the kinds and the summary; only the listed
	// ones are worded.
	all := dedupeFound(fs, x.sc)
	for _, i := range all {
		k := x.kindName(&fs[i])
		ex.RiskKinds = appendOnce(ex.RiskKinds, k)
		if k == "obfuscation" || k == "unparsable" {
			ex.Opaque = true
		}
	}
	sort.SliceStable(ex.RiskKinds, func(i, j int) bool { return riskOrder(ex.RiskKinds[i]) < riskOrder(ex.RiskKinds[j]) })
	shown, omitted := detailed(fs, all)
	ex.Risks = make([]Risk, len(shown))
	for n, i := range shown {
		f := &fs[i]
		ex.Risks[n] = Risk{Kind: x.kindName(f), Reason: x.reasonFor(f, order), Start: f.start, End: f.end}
	}
	ex.RiskDetailsOmitted = omitted
	ex.Summary = x.summary(ex, foundRisks{fs, all}, programs, len(order))
	ex.Unmentioned = unmentioned(opt.Description, ex.RiskKinds)
	return ex
}

// programList is the distinct programs of a line: the first few, which
// the summary names, and how many there are.
type programList struct {
	first []string
	n     int
}

// namedPrograms is how many programs the summary names.
const namedPrograms = 6

func (l *programList) add(p string) {
	if len(l.first) < namedPrograms {
		l.first = append(l.first, p)
	}
	l.n++
}

// ordered is one step to explain: a command, or a slot the analyser left
// without a command.
type ordered struct {
	slot *slot // shared, not copied: a long line has thousands
	cmd  *shell.Command
	more bool // a further command in the same slot (e.g. inside sh -c '...')
}

// assign puts every command in the innermost slot that contains its start,
// and returns the steps in the order the slots run. Commands outside every
// slot are kept (at the end) rather than dropped: nothing the analyser found
// may vanish from the explanation.
func assign(slots []slot, cmds []shell.Command) []ordered {
	if assignOneToOne && oneToOne(slots, cmds) {
		// A chain of simple commands: command i is in slot i, which holds
		// no other slot. The general walk below gives the same, at the
		// cost of several lists as long as the line.
		out := make([]ordered, len(slots))
		for i := range slots {
			out[i] = ordered{slot: &slots[i], cmd: &cmds[i]}
		}
		return out
	}
	idx := make([]int, len(slots))
	for i := range idx {
		idx[i] = i
	}
	// Both lists mostly come in order (the analyser sorts its commands):
	// checked in one pass before sorting.
	slotLess := func(sa, sb *slot) bool {
		if sa.pos != sb.pos {
			return sa.pos < sb.pos
		}
		return sa.end > sb.end
	}
	if !isSorted(len(slots), func(i int) bool { return slotLess(&slots[i], &slots[i-1]) }) {
		sort.SliceStable(idx, func(a, b int) bool { return slotLess(&slots[idx[a]], &slots[idx[b]]) })
	}
	ci := make([]int, len(cmds))
	for i := range ci {
		ci[i] = i
	}
	if !isSorted(len(cmds), func(i int) bool { return cmds[i].Pos < cmds[i-1].Pos }) {
		sort.SliceStable(ci, func(a, b int) bool { return cmds[ci[a]].Pos < cmds[ci[b]].Pos })
	}
	// owner[i] is the slot of the i-th command in position order, -1 for
	// an orphan; the commands of each slot are then laid out in one
	// array (a counting sort) rather than a slice per slot, which on a
	// long line was one allocation per command.
	owner := make([]int, len(ci))
	var orphans []int
	var stack []int
	k := 0
	for n, c := range ci {
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
			owner[n] = -1
			orphans = append(orphans, c)
			continue
		}
		owner[n] = stack[len(stack)-1]
	}
	first := make([]int, len(slots)+1) // commands of slot i: byPos[first[i]:first[i+1]]
	for _, o := range owner {
		if o >= 0 {
			first[o+1]++
		}
	}
	for i := range slots {
		first[i+1] += first[i]
	}
	byPos := make([]int, first[len(slots)])
	fill := append([]int(nil), first[:len(slots)]...)
	for n, o := range owner {
		if o >= 0 {
			byPos[fill[o]] = ci[n]
			fill[o]++
		}
	}
	total := len(orphans)
	for i := range slots {
		total += max(first[i+1]-first[i], 1)
	}
	out := make([]ordered, 0, total)
	for i := range slots {
		s := &slots[i]
		mine := byPos[first[i]:first[i+1]]
		if len(mine) == 0 {
			out = append(out, ordered{slot: s})
			continue
		}
		for j, c := range mine {
			out = append(out, ordered{slot: s, cmd: &cmds[c], more: j > 0})
		}
	}
	for _, c := range orphans {
		out = append(out, ordered{slot: &slot{pos: cmds[c].Pos, end: cmds[c].End, conn: connAlso}, cmd: &cmds[c]})
	}
	return out
}

// assignOneToOne lets assign take the short way when oneToOne holds (a
// variable so that a test can compare the two ways).
var assignOneToOne = true

// oneToOne reports whether the slots follow each other without overlap,
// each holding the start of the command of the same index.
func oneToOne(slots []slot, cmds []shell.Command) bool {
	if len(slots) != len(cmds) {
		return false
	}
	for i := range slots {
		s, p := &slots[i], cmds[i].Pos
		if s.end <= s.pos || p < s.pos || p >= s.end || i > 0 && slots[i-1].end > s.pos {
			return false
		}
	}
	return true
}

// isSorted reports whether no element i of n comes before the one ahead
// of it (before(i) compares i with i-1).
func isSorted(n int, before func(i int) bool) bool {
	for i := 1; i < n; i++ {
		if before(i) {
			return false
		}
	}
	return true
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
	case "deep":
		r.predicate = "runs " + code(text) + ", nested too deeply for Gatehouse to read"
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
	pred = withMods(pred, it.slot.mods.list())
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
