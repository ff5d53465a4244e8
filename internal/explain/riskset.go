package explain

import (
	"cmp"
	"slices"
	"sync"
	"sync/atomic"
)

// The risks of a line are gathered as found records (kind, range, and how
// to word them). A 64 KiB line can carry tens of thousands, so the two
// questions asked of them, "is this risk already held?" while walking a
// command and "which are distinct, in what order?" at the end, are
// answered in time linear in the risks, without a set or a map of them.

// scratch is the working memory of one explanation that holds no
// pointers: the found risks and the index lists over them. A 64 KiB line
// needs megabytes of it; it is pooled, so that explaining long lines one
// after another does not allocate and clear it each time (and, holding no
// pointers, it costs the collector nothing while pooled).
type scratch struct {
	fs                     []found
	order, tmp, at         []int32 // foundOrder and countingSort
	writes, merged, byKind []int32 // writesOf, kindRisks
}

// scratches pools working memory; the last one put back is kept aside in
// lastScratch, which the collector does not empty (explaining a long line
// triggers a collection or two, which empty a sync.Pool).
var (
	scratches   = sync.Pool{New: func() any { return new(scratch) }}
	lastScratch atomic.Pointer[scratch]
)

func getScratch() *scratch {
	if sc := lastScratch.Swap(nil); sc != nil {
		return sc
	}
	return scratches.Get().(*scratch)
}

func putScratch(sc *scratch) {
	if !lastScratch.CompareAndSwap(nil, sc) {
		scratches.Put(sc)
	}
}

// ints returns (*buf)[:n], growing it if needed; the contents are left as
// they were.
func ints(buf *[]int32, n int) []int32 {
	if cap(*buf) < n {
		*buf = make([]int32, n, n+n/4)
	}
	return (*buf)[:n]
}

// riskIndex answers heldIn for the growing risk list of one command. Most
// commands have a handful of risks and are searched directly; one with
// thousands (rm of 20,000 paths) gets, per kind asked about, its ranges
// sorted by start, so that each question does not rescan them all.
type riskIndex struct {
	byKind []kindSpans
}

// kindSpans are the ranges of one kind's risks, indexed only once that
// kind is asked about: a command with thousands of destructive risks is
// asked only about writes outside the workspace, so only those are sorted.
type kindSpans struct {
	kind  uint8
	first int    // the first risk of this kind in the list (or its length)
	seen  int    // risks of the list already looked at for this kind
	spans []span // sorted by pos, then end
}

// scanFirst is how many risks are searched one by one before the index is
// built: most questions are about the whole command, and its first risk of
// the kind answers them.
const scanFirst = 32

// has reports whether fs holds a risk of kind within [start, end]; fs must
// only have grown since the last call.
func (ix *riskIndex) has(fs []found, kind uint8, start, end int) bool {
	if heldIn(fs[:min(len(fs), scanFirst)], kind, start, end) {
		return true
	}
	if len(fs) <= scanFirst && ix.byKind == nil {
		return false
	}
	var k *kindSpans
	for i := range ix.byKind {
		if ix.byKind[i].kind == kind {
			k = &ix.byKind[i]
		}
	}
	if k == nil {
		ix.byKind = append(ix.byKind, kindSpans{kind: kind})
		k = &ix.byKind[len(ix.byKind)-1]
	}
	// The question is most often about the whole command, which its
	// first risk of the kind answers without sorting them all.
	for k.first < len(fs) && fs[k.first].kind != kind {
		k.first++
	}
	if k.first < len(fs) && fs[k.first].start >= start && fs[k.first].end <= end {
		return true
	}
	for n := k.seen; n < len(fs); n++ {
		f := &fs[n]
		if f.kind != kind || k.find(f.start, f.end) {
			// Another kind, or a range inside this one is indexed
			// already: it answers every question this one would (and
			// duplicates, which are common, never cost an insertion).
			continue
		}
		sp := span{f.start, f.end}
		l := k.spans
		i := len(l)
		if i > 0 && spanLess(sp, l[i-1]) { // else in order: append
			i = spanSearch(l, sp)
		}
		l = append(l, span{})
		copy(l[i+1:], l[i:])
		l[i] = sp
		k.spans = l
	}
	k.seen = len(fs)
	return k.find(start, end)
}

// find reports whether a range within [start, end] is indexed.
func (k *kindSpans) find(start, end int) bool {
	l := k.spans
	for i := spanSearch(l, span{start, -1 << 62}); i < len(l) && l[i].pos <= end; i++ {
		if l[i].end <= end {
			return true
		}
	}
	return false
}

// spanSearch is the index of the first span of l not less than sp.
func spanSearch(l []span, sp span) int {
	lo, hi := 0, len(l)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if spanLess(l[m], sp) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

func spanLess(a, b span) bool {
	if a.pos != b.pos {
		return a.pos < b.pos
	}
	return a.end < b.end
}

// heldIn reports whether fs holds a risk of kind within [start, end].
func heldIn(fs []found, kind uint8, start, end int) bool {
	for i := range fs {
		if f := &fs[i]; f.kind == kind && f.start >= start && f.end <= end {
			return true
		}
	}
	return false
}

// radixFrom is the number of risks from which dedupeFound counts instead
// of comparing (a variable so that tests can reach both ways).
var radixFrom = 256

// dedupeFound returns the indices of the risks to keep: the first of each
// kind and range, ordered by position, then by seriousness, then by index.
// Repeats share a position and a kind, so once sorted they meet in the
// same run and only neighbours are compared.
func dedupeFound(fs []found, sc *scratch) []int32 {
	idx := foundOrder(fs, sc)
	out := idx[:0] // written behind the reading position
	for lo := 0; lo < len(idx); {
		f := &fs[idx[lo]]
		hi := lo + 1
		for hi < len(idx) && fs[idx[hi]].start == f.start && fs[idx[hi]].order() == f.order() {
			hi++
		}
		if hi-lo == 1 {
			out = append(out, idx[lo])
			lo = hi
			continue
		}
		// idx[lo:hi] share position and seriousness, in input order. The
		// ones kept so far are searched one by one while they are few,
		// however long the run (the commands of sh -c '…' all have the
		// string's range, and repeat the same few risks thousands of
		// times); past that, a set.
		run := idx[lo:hi]
		kept := len(out)
		var seen map[kindEnd]bool
		for _, i := range run {
			g := &fs[i]
			dup := false
			if seen == nil && len(out)-kept > 16 {
				seen = map[kindEnd]bool{}
				for _, o := range out[kept:] {
					seen[kindEnd{fs[o].kind, fs[o].end}] = true
				}
			}
			if seen != nil {
				ke := kindEnd{g.kind, g.end}
				dup = seen[ke]
				seen[ke] = true
			} else {
				for _, o := range out[kept:] {
					if h := &fs[o]; h.kind == g.kind && h.end == g.end {
						dup = true
						break
					}
				}
			}
			if !dup {
				out = append(out, i)
			}
		}
		lo = hi
	}
	return out
}

// sortSmall puts a command's few risks in the order foundOrder gives
// (position, then seriousness, stably), so that a line whose commands are
// walked in position order needs no sorting at the end: rm flags its
// write outside the workspace before the deletion at the same place.
func sortSmall(fs []found) {
	if len(fs) > 32 {
		return // a long list is left to foundOrder
	}
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && foundLess(&fs[j], &fs[j-1]); j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

func foundLess(a, b *found) bool {
	return a.start < b.start || a.start == b.start && a.order() < b.order()
}

// kindEnd tells apart risks that share a position.
type kindEnd struct {
	kind uint8
	end  int
}

// foundOrder returns the indices of fs ordered by position, then by
// seriousness, then by index. The walk finds most risks in position order,
// so an ordered list is only checked; otherwise a long list is sorted by
// counting, in two stable passes (seriousness, then position), in time
// linear in the risks and the line's length.
func foundOrder(fs []found, sc *scratch) []int32 {
	idx := ints(&sc.order, len(fs))
	descents, split := 0, 0 // places where the order goes back, the first of them
	counting, maxStart := len(fs) >= radixFrom, 0
	for i := range fs {
		idx[i] = int32(i)
		f := &fs[i]
		if i > 0 && foundLess(f, &fs[i-1]) {
			if descents == 0 {
				split = i
			}
			descents++
		}
		if f.start < 0 || f.start > 1<<20 {
			counting = false
		} else {
			maxStart = max(maxStart, f.start)
		}
	}
	switch {
	case descents == 0:
	case descents == 1:
		// Two ordered runs (the risks of the whole line, found last, come
		// after those of its commands): merged, ties to the first run.
		tmp := ints(&sc.tmp, len(fs))
		a, b, n := 0, split, 0
		for a < split && b < len(fs) {
			if foundLess(&fs[b], &fs[a]) {
				tmp[n], b = int32(b), b+1
			} else {
				tmp[n], a = int32(a), a+1
			}
			n++
		}
		for ; a < split; a, n = a+1, n+1 {
			tmp[n] = int32(a)
		}
		for ; b < len(fs); b, n = b+1, n+1 {
			tmp[n] = int32(b)
		}
		copy(idx, tmp)
	case counting:
		tmp := ints(&sc.tmp, len(fs))
		countingSort(tmp, idx, ints(&sc.at, riskKindCount+2), func(i int32) int { return fs[i].order() })
		countingSort(idx, tmp, ints(&sc.at, maxStart+2), func(i int32) int { return fs[i].start })
	default:
		slices.SortFunc(idx, func(a, b int32) int {
			fa, fb := &fs[a], &fs[b]
			if c := cmp.Compare(fa.start, fb.start); c != 0 {
				return c
			}
			if c := cmp.Compare(fa.order(), fb.order()); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
	}
	return idx
}

// countingSort writes src to dst ordered by key, stably; at has one
// more place than there are keys (0..len(at)-2).
func countingSort(dst, src []int32, at []int32, key func(int32) int) {
	clear(at)
	for _, i := range src {
		at[key(i)+1]++
	}
	for k := 1; k < len(at); k++ {
		at[k] += at[k-1]
	}
	for _, i := range src {
		k := key(i)
		dst[at[k]] = i
		at[k]++
	}
}
