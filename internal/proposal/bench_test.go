package proposal

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestBenchFixture checks the benchmark diffs what it claims to: 10 000
// lines, 50 hunks, and that the fixture files match it byte for byte.
func TestBenchFixture(t *testing.T) {
	a, b := benchFixture()
	if n := bytes.Count(a, []byte("\n")); n != benchLines {
		t.Errorf("fixture has %d lines, want %d", n, benchLines)
	}
	if hunks := computeHunks(a, b); len(hunks) != benchRegions {
		t.Errorf("fixture diffs into %d hunks, want %d", len(hunks), benchRegions)
	}
	dir := t.TempDir()
	pa, pb, err := WriteBenchFixture(dir)
	if err != nil {
		t.Fatal(err)
	}
	gotA, _ := os.ReadFile(pa)
	gotB, _ := os.ReadFile(pb)
	if !bytes.Equal(gotA, a) || !bytes.Equal(gotB, b) || filepath.Dir(pa) != dir {
		t.Errorf("WriteBenchFixture wrote other content than the benchmark diffs")
	}
	if _, _, err := WriteBenchFixture(filepath.Join(dir, "missing", "dir")); err == nil {
		t.Errorf("WriteBenchFixture into a missing directory succeeded")
	}
}

// BenchmarkHunks10k50 diffs a 10 000-line file with 50 changed regions into
// hunks with positions and word diffs (goal: under 20 ms).
func BenchmarkHunks10k50(b *testing.B) {
	before, after := benchFixture()
	b.SetBytes(int64(len(before)))
	for b.Loop() {
		if len(computeHunks(before, after)) != benchRegions {
			b.Fatal("wrong hunk count")
		}
	}
}

// BenchmarkApply10k50 accepts every other hunk of the same fixture.
func BenchmarkApply10k50(b *testing.B) {
	before, after := benchFixture()
	p := &Proposal{Tool: ToolWrite, Existed: true}
	p.set(before, after)
	accepted := make([]bool, len(p.Hunks))
	for i := range accepted {
		accepted[i] = i%2 == 0
	}
	for b.Loop() {
		p.Apply(accepted)
	}
}

// largeFile is about 10 MB of mixed-script lines.
func largeFile() []byte {
	line := []byte("\tfmt.Println(\"😀 日本語 café\", value) // a line of a large generated file\n")
	return bytes.Repeat(line, 10<<20/len(line))
}

// TestEditLargeFile proposes an Edit near the end of a 10 MB file: the
// result must be exact, one hunk on the changed line. How long it takes is
// BenchmarkEdit10MB's business (make bench), not a test's: a loaded
// machine would fail a timing for nothing.
func TestEditLargeFile(t *testing.T) {
	content := largeFile()
	marker := "\tfmt.Println(\"the one line to change\")\n"
	content = append(content[:len(content)-200], append([]byte(marker), content[len(content)-200:]...)...)
	input, _ := json.Marshal(map[string]any{
		"file_path":  "/ws/big.go",
		"old_string": "the one line to change",
		"new_string": "the one line changed 🎉",
	})
	p, err := New(ToolEdit, input, content, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Hunks) != 1 {
		t.Fatalf("got %d hunks, want 1", len(p.Hunks))
	}
	h := p.Hunks[0]
	wantLine := bytes.Count(content[:bytes.Index(content, []byte(marker))], []byte("\n"))
	if h.Range.Start != (Position{Line: wantLine}) || h.Range.End != (Position{Line: wantLine + 1}) {
		t.Errorf("hunk range %v, want line %d", h.Range, wantLine)
	}
	checkInvariants(t, p)
}

// BenchmarkEdit10MB proposes a one-line Edit on a 10 MB file.
func BenchmarkEdit10MB(b *testing.B) {
	content := largeFile()
	content = append(content, "\tlast(value) // a line of its own\n"...)
	input, _ := json.Marshal(map[string]any{
		"file_path": "/ws/big.go", "old_string": "last(value)", "new_string": "last(v)",
	})
	b.SetBytes(int64(len(content)))
	for b.Loop() {
		if _, err := New(ToolEdit, input, content, true); err != nil {
			b.Fatal(err)
		}
	}
}
