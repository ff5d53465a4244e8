package shell
import ("testing";"strings";"mvdan.cc/sh/v3/syntax")
func BenchmarkZZP(b *testing.B) {
	for _, u := range []string{"a;", "a&", "a\n"} {
		s := strings.Repeat(u, (64<<10)/len(u))
		b.Run("parse"+u[1:], func(b *testing.B) { for b.Loop() { syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(s), "") } })
		b.Run("analyze"+u[1:], func(b *testing.B) { for b.Loop() { Recycle(Analyze(s)) } })
	}
}
