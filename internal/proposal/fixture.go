package proposal

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

// Size of the benchmark fixture: a 10 000-line file and a version of it with
// 50 changed regions, the shape of a large refactor.
const (
	benchLines   = 10000
	benchRegions = 50
)

// benchFixture builds the two texts deterministically: Go-like lines, and
// every 200 lines a region that changes a line, inserts one and
// deletes one.
func benchFixture() (a, b []byte) {
	var before, after bytes.Buffer
	region := benchLines / benchRegions
	for i := 0; i < benchLines; i++ {
		line := fmt.Sprintf("\tresult%d := compute(ctx, input[%d], %q) // step %d\n", i%97, i, "key", i)
		before.WriteString(line)
		switch k := i % region; {
		case k == region/2: // a changed line and an inserted one
			fmt.Fprintf(&after, "\tresult%d := computeWithRetry(ctx, input[%d], %q, 3) // step %d\n", i%97, i, "key", i)
			fmt.Fprintf(&after, "\tif err != nil { return fmt.Errorf(\"step %d: %%w\", err) }\n", i)
		case k == region/2+1: // then a deleted one
		default:
			after.WriteString(line)
		}
	}
	return before.Bytes(), after.Bytes()
}

// WriteBenchFixture writes the benchmark's two files into dir, as a.txt
// (10 000 lines) and b.txt (the same with 50 changed regions), so that a
// harness can time GNU `diff -u a b` on exactly what BenchmarkHunks10k50
// diffs. It returns the two paths.
func WriteBenchFixture(dir string) (a, b string, err error) {
	before, after := benchFixture()
	a, b = filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	if err := os.WriteFile(a, before, 0o644); err != nil {
		return "", "", fmt.Errorf("write bench fixture %s: %w", a, err)
	}
	if err := os.WriteFile(b, after, 0o644); err != nil {
		return "", "", fmt.Errorf("write bench fixture %s: %w", b, err)
	}
	return a, b, nil
}
