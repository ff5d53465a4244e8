package gate

import (
	"strings"
	"testing"

	"github.com/gatehouse/gatehouse/internal/proposal"
)

// The review window keeps the newest accepted edits: at most
// ReviewWindowEdits of them, holding at most ReviewWindowBytes together,
// reverted ones dropped first.
func TestReviewWindow(t *testing.T) {
	for _, tc := range []struct {
		name     string
		sizes    []int // in acceptance order
		reverted []int // indexes
		keep     []int // indexes still kept
	}{
		{"under both limits", []int{10, 10, 10}, nil, []int{0, 1, 2}},
		{"count", make([]int, ReviewWindowEdits+3), nil, seq(3, ReviewWindowEdits+3)},
		{"bytes", []int{ReviewWindowBytes / 2, ReviewWindowBytes / 2, ReviewWindowBytes / 2}, nil, []int{1, 2}},
		{"reverted first", []int{ReviewWindowBytes / 2, ReviewWindowBytes / 2, ReviewWindowBytes / 2}, []int{1}, []int{0, 2}},
		{"one edit over the byte limit stays", []int{2 * ReviewWindowBytes}, nil, []int{0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := &Gate{reviewed: map[string]*reviewedEdit{}}
			ids := make([]string, len(tc.sizes))
			for i, n := range tc.sizes {
				ids[i] = newID()
				r := &reviewedEdit{ID: ids[i], seq: uint64(i + 1), size: n}
				for _, j := range tc.reverted {
					r.Reverted = r.Reverted || j == i
				}
				g.reviewed[ids[i]] = r
				g.trimReviewed()
			}
			if len(g.reviewed) != len(tc.keep) {
				t.Errorf("kept %d edits, want %d", len(g.reviewed), len(tc.keep))
			}
			for _, i := range tc.keep {
				if g.reviewed[ids[i]] == nil {
					t.Errorf("edit %d was dropped", i)
				}
			}
		})
	}
}

func seq(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

func TestProposalSizeCountsBothVersions(t *testing.T) {
	orig := strings.Repeat("a\n", 1000)
	p, err := proposal.New("Write", []byte(`{"file_path":"/w/f","content":"b\n"}`), []byte(orig), true)
	if err != nil {
		t.Fatal(err)
	}
	if n := proposalSize(p); n < len(orig)+2 {
		t.Errorf("proposalSize = %d, want at least the original (%d) and the new content", n, len(orig))
	}
}
