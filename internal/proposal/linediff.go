package proposal

import (
	"sort"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
	"github.com/aymanbagabas/go-udiff/lcs"
)

// lineDiff diffs two texts by lines (each ending at "\n") and returns
// byte-offset edits of before, sorted and non-overlapping.
//
// go-udiff's line diff bounds its search, and past about 50 changes it
// returns a correct but coarse diff that fuses distant changes into one hunk
// spanning many unchanged lines; a person could then only accept them
// together. So the texts are first cut at anchors, lines that occur exactly
// once in each (patience diff), and go-udiff diffs only the short stretches
// between anchors.
func lineDiff(before, after string) []udiff.Edit {
	a, offsets := splitKeep(before)
	b, _ := splitKeep(after)
	var diffs []lcs.Diff
	patience(a, b, 0, 0, &diffs)
	edits := make([]udiff.Edit, 0, len(diffs))
	for i := 0; i < len(diffs); i++ {
		d := diffs[i]
		// Fuse diffs that touch, so that one region is one hunk.
		for i+1 < len(diffs) && diffs[i+1].Start == d.End && diffs[i+1].ReplStart == d.ReplEnd {
			d.End, d.ReplEnd = diffs[i+1].End, diffs[i+1].ReplEnd
			i++
		}
		edits = append(edits, udiff.Edit{
			Start: offsets[d.Start],
			End:   offsets[d.End],
			New:   strings.Join(b[d.ReplStart:d.ReplEnd], ""),
		})
	}
	return edits
}

// splitKeep splits text into lines that keep their "\n", and returns the
// byte offset where each line starts, plus len(text) at the end.
func splitKeep(text string) ([]string, []int) {
	lines := make([]string, 0, strings.Count(text, "\n")+1)
	offsets := make([]int, 0, cap(lines)+1)
	start := 0
	for start < len(text) {
		offsets = append(offsets, start)
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start + 1
		}
		lines = append(lines, text[start:end])
		start = end
	}
	return lines, append(offsets, len(text))
}

// patience appends to out the diffs between a and b, whose first lines are
// lines ai and bi of the whole texts.
func patience(a, b []string, ai, bi int, out *[]lcs.Diff) {
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b, ai, bi = a[1:], b[1:], ai+1, bi+1
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	switch {
	case len(a) == 0 && len(b) == 0:
		return
	case len(a) == 0 || len(b) == 0:
		*out = append(*out, lcs.Diff{Start: ai, End: ai + len(a), ReplStart: bi, ReplEnd: bi + len(b)})
		return
	}
	anchors := uniqueAnchors(a, b)
	if len(anchors) == 0 {
		for _, d := range lcs.DiffLines(a, b) {
			*out = append(*out, lcs.Diff{Start: ai + d.Start, End: ai + d.End, ReplStart: bi + d.ReplStart, ReplEnd: bi + d.ReplEnd})
		}
		return
	}
	i, j := 0, 0
	for _, an := range anchors {
		patience(a[i:an[0]], b[j:an[1]], ai+i, bi+j, out)
		i, j = an[0]+1, an[1]+1
	}
	patience(a[i:], b[j:], ai+i, bi+j, out)
}

// uniqueAnchors returns pairs (i, j) with a[i] == b[j], each line occurring
// exactly once in a and once in b, forming the longest sequence increasing
// in both i and j.
func uniqueAnchors(a, b []string) [][2]int {
	type seen struct{ countA, countB, i, j int }
	lines := make(map[string]*seen, len(a))
	for i, l := range a {
		s := lines[l]
		if s == nil {
			s = &seen{}
			lines[l] = s
		}
		s.countA++
		s.i = i
	}
	for j, l := range b {
		if s := lines[l]; s != nil {
			s.countB++
			s.j = j
		}
	}
	var pairs [][2]int
	for _, s := range lines {
		if s.countA == 1 && s.countB == 1 {
			pairs = append(pairs, [2]int{s.i, s.j})
		}
	}
	if len(pairs) == 0 {
		return nil
	}
	sort.Slice(pairs, func(x, y int) bool { return pairs[x][0] < pairs[y][0] })
	// Longest increasing subsequence of j by patience sorting.
	tops := []int{}                 // tops[k]: index in pairs of the smallest tail of a run of length k+1
	prev := make([]int, len(pairs)) // back pointers
	for p, pair := range pairs {
		k := sort.Search(len(tops), func(k int) bool { return pairs[tops[k]][1] > pair[1] })
		prev[p] = -1
		if k > 0 {
			prev[p] = tops[k-1]
		}
		if k == len(tops) {
			tops = append(tops, p)
		} else {
			tops[k] = p
		}
	}
	lis := make([][2]int, len(tops))
	for p, k := tops[len(tops)-1], len(tops)-1; p >= 0; p, k = prev[p], k-1 {
		lis[k] = pairs[p]
	}
	return lis
}
