package explain

import (
	"strings"

	"github.com/gatehouse/gatehouse/internal/shell"
)

// maxRiskDetails is how many risks of one kind are listed one by one, with
// their reason and range. A 64 KiB line can carry tens of thousands (rm of
// 21,000 paths); wording each of them cost more than the rest of the
// explanation, and nobody reads the 1,001st underline. Every risk still
// counts for the risk kinds and the summary; only the detail is left out,
// and the explanation says how many were. (A variable so that tests can
// reach the cap with short lines.)
var maxRiskDetails = 1000

// wording says how a found risk's reason is worded once it is known to be
// listed: the walk records kind and range only, because most risks of a
// long line are never shown one by one.
type wording uint8

const (
	worded        wording = iota // x.texts[aux] is the reason
	effectRisk                   // the risk of effect aux of the command
	outsideEffect                // effect aux of the command writes outside the workspace
	outsideRedir                 // redirection aux of the command writes outside the workspace
	outsideText                  // a write to the path x.texts[aux], outside the workspace
	readingAt                    // risk aux of the command's reading (describe)
)

// found is one risk met while walking a line: its kind and range, and
// what is needed to word its reason if it is listed. It holds no pointer,
// so that tens of thousands of them cost the collector nothing.
type found struct {
	start, end int
	item       int32 // the command's index in the walk's order
	aux        int32 // see wording
	cwd        int32 // index in explainer.cwds of the directory it ran in
	kind       uint8 // index in riskKinds (past it, in explainer.extraKinds)
	how        wording
	quiet      bool // the reading was made without its sentence
}

// workdir is the working directory as the walk tracks it.
type workdir struct {
	dir   string
	known bool
}

// riskKindCount is the number of kinds riskOrder tells apart (the
// vocabulary, and one more for anything else).
const riskKindCount = 10

// kindID is the found.kind of kind.
func (x *explainer) kindID(kind string) uint8 {
	if o := riskOrder(kind); o < len(riskKinds) {
		return uint8(o)
	}
	// Not in the vocabulary (the knowledge base and the effects keep to
	// it): kept under its own name rather than lost.
	for i, k := range x.extraKinds {
		if k == kind {
			return uint8(len(riskKinds) + i)
		}
	}
	if len(riskKinds)+len(x.extraKinds) >= 255 {
		panic("explain: too many risk kinds outside the vocabulary") // Explain reports it as unreadable
	}
	x.extraKinds = append(x.extraKinds, kind)
	return uint8(len(riskKinds) + len(x.extraKinds) - 1)
}

// kindName is the kind of f as a string.
func (x *explainer) kindName(f *found) string {
	if int(f.kind) < len(riskKinds) {
		return riskKinds[f.kind]
	}
	return x.extraKinds[int(f.kind)-len(riskKinds)]
}

// order is riskOrder of a found kind.
func (f *found) order() int { return min(int(f.kind), len(riskKinds)) }

// saturated reports whether the walk has already met maxRiskDetails risks
// of kind: a further one is most likely not listed, so describe records it
// without wording it (and words it later if it is listed after all).
func (x *explainer) saturated(kind string) bool {
	return !x.wordAll && x.met[riskOrder(kind)] >= maxRiskDetails
}

// wordsAny reports whether a risk of one of kinds would be worded now.
func (x *explainer) wordsAny(kinds []string) bool {
	for _, k := range kinds {
		if !x.saturated(k) {
			return true
		}
	}
	return false
}

// note records a found risk of kind and counts it for saturated.
func (x *explainer) note(fs []found, kind string, f found) []found {
	f.kind = x.kindID(kind)
	x.met[f.order()]++
	return append(fs, f)
}

// noteText records a found risk whose reason or path is text.
func (x *explainer) noteText(fs []found, kind, text string, f found) []found {
	f.aux = int32(len(x.texts))
	x.texts = append(x.texts, text)
	return x.note(fs, kind, f)
}

// reasonFor words the reason of f, kept in the details.
func (x *explainer) reasonFor(f *found, order []ordered) string {
	switch f.how {
	case effectRisk:
		c := order[f.item].cmd
		return x.effectReason(c, &c.Effects[f.aux])
	case outsideEffect:
		return x.outsideWhy(f, order[f.item].cmd.Effects[f.aux].Path)
	case outsideRedir:
		t := order[f.item].cmd.Redirs[f.aux].Target
		if t.Dynamic {
			return x.outsideWhy(f, "")
		}
		return x.outsideWhy(f, t.Value)
	case outsideText:
		return x.outsideWhy(f, x.texts[f.aux])
	case readingAt:
		// Read the command again, as the walk did, now wording every
		// risk; reading is deterministic, so risk aux is the same one.
		r, ok := x.reread[f.item]
		if !ok || x.rereadQuiet[f.item] != f.quiet {
			quiet, all := x.quiet, x.wordAll
			x.quiet, x.wordAll = f.quiet, true
			r = x.describe(order[f.item].cmd)
			x.quiet, x.wordAll = quiet, all
			if x.reread == nil {
				x.reread, x.rereadQuiet = map[int32]reading{}, map[int32]bool{}
			}
			x.reread[f.item], x.rereadQuiet[f.item] = r, f.quiet
		}
		if int(f.aux) < len(r.risks) && r.risks[f.aux].Reason != "" {
			return r.risks[f.aux].Reason
		}
		return code(r.program) + " " + x.kindName(f) // not reached: describe is deterministic
	}
	return x.texts[f.aux]
}

// outsideWhy words why the write to p of f lands outside the workspace.
func (x *explainer) outsideWhy(f *found, p string) string {
	wd := x.cwds[f.cwd]
	_, why := x.outside(p, wd.dir, wd.known)
	return why
}

// effectReason words the risk of effect e of c (the kind effectKind gives).
func (x *explainer) effectReason(c *shell.Command, e *shell.Effect) string {
	reason := e.Reason
	if reason == "" {
		reason = code(c.Name.Value) + " " + string(e.Kind)
	}
	if e.Path != "" && !strings.Contains(reason, e.Path) {
		reason += " (" + clip(e.Path, 80) + ")"
	}
	switch e.Kind {
	case shell.EffectEnv:
		return reason + "; this changes how later programs run"
	case shell.EffectDestructive, shell.EffectExec, shell.EffectNetwork, shell.EffectPrivilege,
		shell.EffectPersistence, shell.EffectObfuscation, shell.EffectSecrets:
		return reason
	}
	return "effect " + string(e.Kind) + ": " + reason
}

// effectKind is the risk kind an effect other than a read or write gives.
func effectKind(k shell.EffectKind) string {
	switch k {
	case shell.EffectDestructive:
		return "destructive"
	case shell.EffectEnv:
		return "code-execution"
	case shell.EffectExec, shell.EffectNetwork, shell.EffectPrivilege,
		shell.EffectPersistence, shell.EffectObfuscation, shell.EffectSecrets:
		return string(k)
	}
	// An effect this package does not know yet: say so rather than drop it.
	return "code-execution"
}

// optionReason words the risk of an option of program: the same for the
// same option, so it is kept rather than rebuilt (a line of thousands of
// `git push -f` has thousands of them).
func (x *explainer) optionReason(program, word, phrase string) string {
	k := [3]string{program, word, phrase}
	if s, ok := x.reasons[k]; ok {
		return s
	}
	s := code(program+" "+clip(word, 40)) + " " + phrase
	if x.reasons == nil {
		x.reasons = map[[3]string]string{}
	}
	x.reasons[k] = s
	return s
}

// detailed picks the risks shown one by one from the deduplicated, ordered
// list: per kind, the first maxRiskDetails in that order. It returns their
// indices in idx's order and how many were left out.
func detailed(fs []found, idx []int32) ([]int32, int) {
	var per [256]int
	full := true
	for _, i := range idx {
		per[fs[i].kind]++
		full = full && per[fs[i].kind] <= maxRiskDetails
	}
	if full {
		return idx, 0
	}
	per = [256]int{}
	omitted := 0
	out := make([]int32, 0, len(idx))
	for _, i := range idx {
		k := fs[i].kind
		if per[k] >= maxRiskDetails {
			omitted++
			continue
		}
		per[k]++
		out = append(out, i)
	}
	return out, omitted
}

// foundRisks is every risk of a line, deduplicated and ordered: the
// indices idx into fs.
type foundRisks struct {
	fs  []found
	idx []int32
}
