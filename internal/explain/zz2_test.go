package explain
import ("testing";"strings";"os";"github.com/gatehouse/gatehouse/internal/shell")
func BenchmarkZZ2(b *testing.B) {
	u := os.Getenv("ZZS")
	s := strings.Repeat(u, (64<<10)/len(u))
	b.Run("explain", func(b *testing.B) { for b.Loop() { Explain(s, goldenOptions) } })
	b.Run("analyze", func(b *testing.B) { for b.Loop() { shell.Recycle(shell.Analyze(s)) } })
}
