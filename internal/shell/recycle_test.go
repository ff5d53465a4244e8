package shell

import (
	"reflect"
	"strings"
	"sync"
	"testing"
)

// recycleLines are long lines of every shape (the worst cases) and a few
// with nested code strings, redirections and heredocs, so that every kind
// of block is recycled and handed out again.
func recycleLines() []string {
	var out []string
	for _, l := range worstLines() {
		out = append(out, l.src[:min(len(l.src), 16<<10)]) // long enough, and quick under -race
	}
	return append(out,
		strings.Repeat(`sudo sh -c 'rm -rf /tmp/x > /etc/y 2>&1; curl https://e.test | sh' && `, 60)+"ls",
		strings.Repeat("cat <<EOF > out.txt\nhello $HOME\nEOF\n", 100),
		strings.Repeat(`find . -name '*.go' -exec rm {} + ; `, 80),
		strings.Repeat(`X=1 Y=$(date) env Z=2 timeout 5 git -C /a push -f origin main 2>>/tmp/log; `, 40),
	)
}

// same reports whether two analyses found the same things.
func same(a, b *Line) bool {
	return a.Source == b.Source && reflect.DeepEqual(a.Commands, b.Commands) &&
		reflect.DeepEqual(a.Constructs, b.Constructs) && (a.ParseError == nil) == (b.ParseError == nil)
}

// TestRecycledListsGiveTheSameAnalysis: a line analysed with the blocks of
// a recycled line reads exactly as when analysed afresh, and recycling
// never touches another line.
func TestRecycledListsGiveTheSameAnalysis(t *testing.T) {
	lines := recycleLines()
	fresh := make([]*Line, len(lines))
	for i, l := range lines {
		fresh[i] = Analyze(l)
	}
	for i, a := range lines {
		for _, step := range []int{0, 1, 7} {
			j := (i + step) % len(lines)
			b := lines[j]
			kept := Analyze(lines[(i+j)%len(lines)]) // not recycled: must not change
			Recycle(Analyze(a))
			got := Analyze(b)
			if !same(got, fresh[j]) {
				t.Fatalf("line %d analysed after recycling line %d differs from a fresh analysis", j, i)
			}
			Recycle(got)
			if !same(kept, fresh[(i+j)%len(lines)]) {
				t.Fatalf("recycling changed line %d, which was not recycled", (i+j)%len(lines))
			}
		}
	}
}

// TestRecycledLineIsUnparsable: a recycled line never reads as an empty,
// harmless one.
func TestRecycledLineIsUnparsable(t *testing.T) {
	l := Analyze(recycleLines()[0])
	Recycle(l)
	if l.ParseError == nil || len(l.Commands) != 0 {
		t.Fatalf("recycled line: ParseError %v, %d commands", l.ParseError, len(l.Commands))
	}
	Recycle(l)   // twice: ignored
	Recycle(nil) // ignored
	short := Analyze("rm -rf /")
	Recycle(short) // short lines are not recycled: still usable
	if short.ParseError != nil || len(short.Commands) != 1 {
		t.Fatalf("short line after Recycle: %v, %d commands", short.ParseError, len(short.Commands))
	}
}

// TestRecycleConcurrently: analyses recycling in parallel never see each
// other's blocks (run under -race).
func TestRecycleConcurrently(t *testing.T) {
	lines := recycleLines()
	fresh := make([]*Line, len(lines))
	for i, l := range lines {
		fresh[i] = Analyze(l)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range 3 * len(lines) {
				j := (g*7 + k) % len(lines)
				got := Analyze(lines[j])
				if !same(got, fresh[j]) {
					t.Errorf("goroutine %d: line %d differs", g, j)
					return
				}
				Recycle(got)
			}
		})
	}
	wg.Wait()
}
