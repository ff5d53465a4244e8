package explain
import ("testing";"strings";"os")
func BenchmarkZZ2(b *testing.B) {
	s := os.Getenv("ZZS")
	n := (64<<10)/len(s) + 1
	s = (os.Getenv("ZZP") + strings.Repeat(s, n))[:64<<10]
	for b.Loop() { Explain(s, goldenOptions) }
}
