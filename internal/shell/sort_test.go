package shell

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortCommands checks the index sort against a stable sort of the
// Commands themselves, ties included.
func TestSortCommands(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 60 {
		for range 20 {
			cs := make([]Command, n)
			for i := range cs {
				cs[i] = Command{Pos: r.IntN(max(n/3, 1)), End: i}
			}
			want := slices.Clone(cs)
			slices.SortStableFunc(want, func(x, y Command) int { return cmp.Compare(x.Pos, y.Pos) })
			sortCommands(cs)
			for i := range cs {
				if cs[i].Pos != want[i].Pos || cs[i].End != want[i].End {
					t.Fatalf("n=%d: at %d got %d/%d, want %d/%d", n, i, cs[i].Pos, cs[i].End, want[i].Pos, want[i].End)
				}
			}
		}
	}
}
