package explain
import ("testing";"strings";"time";"fmt";"github.com/gatehouse/gatehouse/internal/shell")
func TestZZ1(t *testing.T) {
	for _, s := range []string{strings.Repeat("cd src && ls; ", 4700), "git push " + strings.Repeat("-f ", 21000), "git clean " + strings.Repeat("-fdx ", 13000), strings.Repeat("watch -n 1 ls; ", 4300), "rm -rf " + strings.Repeat("~ ", 32000), "chmod -R 755 " + strings.Repeat(". ", 32000)} {
		s = s[:min(len(s), 64<<10)]
		best, besta := time.Hour, time.Hour
		for range 5 {
			st := time.Now(); shell.Recycle(shell.Analyze(s)); besta = min(besta, time.Since(st))
			st = time.Now(); Explain(s, goldenOptions); best = min(best, time.Since(st))
		}
		fmt.Printf("%8v %8v %.30q\n", besta.Round(10*time.Microsecond), best.Round(10*time.Microsecond), s)
	}
}
