package explain

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// riskPhrases say each risk kind in words, for the summary.
var riskPhrases = map[string]string{
	"unparsable":               "cannot be read",
	"obfuscation":              "hides part of what it does",
	"privilege":                "uses elevated privileges",
	"destructive":              "deletes or overwrites data",
	"writes-outside-workspace": "writes outside the workspace",
	"code-execution":           "runs code that is not shown here",
	"network":                  "reaches the network",
	"secrets":                  "reads credentials",
	"persistence":              "makes changes that outlive the command (startup, schedules, hooks)",
}

// summary writes the one or two sentences read at a glance: what runs, then
// what is risky and which program causes it.
// total is the number of commands, of which long lines list only some;
// all is every risk, of which ex.Risks lists only some past
// maxRiskDetails of a kind.
func (x *explainer) summary(ex Explanation, all foundRisks, programs programList, total int) string {
	var first string
	steps := ex.Steps
	switch {
	case len(steps) == 0:
		first = "Does nothing: the command is empty or only comments."
	case len(steps) <= 3 && totalLen(steps) <= 400:
		var parts []string
		for i, s := range steps {
			t := strings.TrimSuffix(s.Text, ".")
			if i > 0 {
				t = lowerFirst(t)
			}
			parts = append(parts, t)
		}
		first = strings.Join(parts, "; ") + "."
	default:
		var names []string
		for _, p := range programs.first {
			names = append(names, code(p))
		}
		if more := programs.n - len(programs.first); more > 0 {
			names = append(names, fmt.Sprintf("%d more", more))
		}
		switch {
		case total > maxStepList && ex.RiskDetailsOmitted > 0:
			first = fmt.Sprintf("Runs %s commands (%s): too many to explain one by one, so the steps below show the first %d and those with a risk (every kind of risk is still listed, at its first %s places).", count(total), joinAnd(names), maxStepList, count(maxRiskDetails))
		case total > maxStepList:
			// Say plainly that most of the line is not explained.
			first = fmt.Sprintf("Runs %s commands (%s): too many to explain one by one, so the steps below show the first %d and those with a risk (every risk is still listed).", count(total), joinAnd(names), maxStepList)
		default:
			first = fmt.Sprintf("Runs %d commands (%s), explained step by step below.", total, joinAnd(names))
		}
	}
	if len(ex.RiskKinds) == 0 {
		return first
	}
	var parts []string
	byKind := kindRisks(all, x.sc)
	for _, k := range ex.RiskKinds {
		who := x.culprits(ex, all, x.kindID(k), byKind)
		p := riskPhrases[k]
		if who != "" {
			p += " (" + who + ")"
		}
		parts = append(parts, p)
	}
	if n := ex.RiskDetailsOmitted; n > 0 {
		// Say so rather than let the listed risks pass for all of them.
		return first + " It " + joinAnd(parts) + "; " + count(n) + " more " +
			plural(n, "place carries the same risks and is", "places carry the same risks and are") +
			" not underlined one by one."
	}
	return first + " It " + joinAnd(parts) + "."
}

// count writes n with thousands separators (6,551).
func count(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// kindRisks lists, per risk kind, where its risks are in the ordered list
// (positions in foundRisks.idx, so by start): the summary names the
// programs behind each kind without looking at every risk for each step.
func kindRisks(all foundRisks, sc *scratch) [][]int32 {
	var n [256]int32
	top := -1
	for _, i := range all.idx {
		k := all.fs[i].kind
		n[k]++
		top = max(top, int(k))
	}
	out := make([][]int32, top+1)
	backing := ints(&sc.byKind, len(all.idx))
	for k := range out {
		out[k], backing = backing[:0:n[k]], backing[n[k]:]
	}
	for p, i := range all.idx {
		k := all.fs[i].kind
		out[k] = append(out[k], int32(p))
	}
	return out
}

// culprits names the programs whose steps hold risks of kind, among all
// the risks (listed or not), in the order of their first such risk: three
// at most, then "others".
func (x *explainer) culprits(ex Explanation, all foundRisks, kind uint8, byKind [][]int32) string {
	if int(kind) >= len(byKind) {
		return ""
	}
	pos := byKind[kind]
	at := func(p int32) *found { return &all.fs[all.idx[p]] }
	type holder struct {
		first int32 // position of the step's first risk of kind
		step  int
	}
	var holders []holder
	for si, s := range ex.Steps {
		if s.Program == "" {
			continue
		}
		i := sort.Search(len(pos), func(i int) bool { return at(pos[i]).start >= s.Start })
		for ; i < len(pos) && at(pos[i]).start <= s.End; i++ {
			if at(pos[i]).end <= s.End {
				holders = append(holders, holder{pos[i], si})
				break
			}
		}
	}
	sort.Slice(holders, func(a, b int) bool {
		if holders[a].first != holders[b].first {
			return holders[a].first < holders[b].first
		}
		return holders[a].step < holders[b].step
	})
	var names []string
	for _, h := range holders {
		names = appendOnce(names, code(ex.Steps[h.step].Program))
		if len(names) > 3 {
			names = append(names[:3], "others")
			break
		}
	}
	return joinAnd(names)
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func totalLen(steps []Step) int {
	n := 0
	for _, s := range steps {
		n += len(s.Text)
	}
	return n
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]-'A'+'a') + s[1:]
}

// Text renders an explanation for a terminal: summary, steps, risks, and
// the agent's description kept apart.
func Text(ex Explanation) string {
	var b strings.Builder
	b.WriteString(ex.Summary + "\n")
	if len(ex.Steps) > 1 {
		b.WriteString("\nSteps:\n")
		for i, s := range ex.Steps {
			fmt.Fprintf(&b, "  %d. %s\n", i+1, s.Text)
		}
	}
	if len(ex.Risks) > 0 {
		b.WriteString("\nRisks:\n")
		for _, r := range ex.Risks {
			fmt.Fprintf(&b, "  - %s: %s\n", r.Kind, r.Reason)
		}
		if n := ex.RiskDetailsOmitted; n > 0 {
			fmt.Fprintf(&b, "  …and %s more of the same kinds, not listed one by one\n", count(n))
		}
	}
	if len(ex.Unknown) > 0 {
		more := ""
		if ex.UnknownOmitted > 0 {
			more = fmt.Sprintf(" and %s more", count(ex.UnknownOmitted))
		}
		fmt.Fprintf(&b, "\nUnknown to Gatehouse: %s%s\n", strings.Join(ex.Unknown, ", "), more)
	}
	if ex.Description != "" {
		fmt.Fprintf(&b, "\nThe agent says: %s\n", escape(ex.Description))
		if len(ex.Unmentioned) > 0 {
			fmt.Fprintf(&b, "The agent does not mention: %s\n", strings.Join(ex.Unmentioned, ", "))
		}
	}
	return b.String()
}
