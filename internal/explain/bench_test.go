package explain

import "testing"

// BenchmarkExplainTypical explains a typical agent command (goal < 200 µs).
func BenchmarkExplainTypical(b *testing.B) {
	const cmd = `npm test -- --watch=false 2>&1 | tail -n 20 && git add -A && git commit -m "fix: handle empty input"`
	for b.Loop() {
		Explain(cmd, goldenOptions)
	}
}
