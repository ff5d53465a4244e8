package shell
import ("testing";"strings";"os")
func BenchmarkZZ(b *testing.B) {
	s := os.Getenv("ZZS")
	pre := os.Getenv("ZZP")
	n := (64<<10)/len(s) + 1
	s = (pre + strings.Repeat(s, n))[:64<<10]
	for b.Loop() { Recycle(Analyze(s)) }
}
