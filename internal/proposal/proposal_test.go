package proposal

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestTargetPath(t *testing.T) {
	tests := []struct {
		tool, input, want string
		wantErr           bool
	}{
		{"Edit", `{"file_path":"/ws/a.go","old_string":"a","new_string":"b"}`, "/ws/a.go", false},
		{"MultiEdit", `{"file_path":"/ws/a.go","edits":[]}`, "/ws/a.go", false},
		{"Write", `{"file_path":"rel/b.txt","content":""}`, "rel/b.txt", false},
		{"NotebookEdit", `{"notebook_path":"/ws/n.ipynb","file_path":"/etc/x"}`, "/ws/n.ipynb", false},
		{"NotebookEdit", `{"file_path":"/ws/n.ipynb"}`, "", true},
		{"Bash", `{"command":"rm -rf /"}`, "", true},
		{"Edit", `{"old_string":"a"}`, "", true},
		{"Edit", `not json`, "", true},
		{"Edit", `null`, "", true},
		// encoding/json would let the second key win; Claude Code reads the first.
		{"Edit", `{"file_path":"/etc/passwd","FILE_PATH":"/ws/ok"}`, "", true},
		{"Write", `{"file_path":"/ws/ok","File_Path":"/ws/ok"}`, "", true},
		{"MultiEdit", `{"file_path":"/ws/a","edits":[{"old_string":"a","Old_String":"b","new_string":"c"}]}`, "", true},
		// An exact duplicate key: the last wins in both JavaScript and Go.
		{"Edit", `{"file_path":"/etc/passwd","file_path":"/ws/ok"}`, "/ws/ok", false},
	}
	for _, tt := range tests {
		got, err := TargetPath(tt.tool, json.RawMessage(tt.input))
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("TargetPath(%s, %s) = %q, %v; want %q, error %v", tt.tool, tt.input, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestNewErrorsAreNotRejections(t *testing.T) {
	// A malformed input is an error for the caller (deny), but not a
	// message from the agent's tool.
	_, err := New("Edit", json.RawMessage(`{"file_path": 3}`), nil, false)
	if err == nil {
		t.Fatal("malformed input accepted")
	}
	if _, ok := IsRejection(err); ok {
		t.Errorf("malformed input reported as the tool's own rejection: %v", err)
	}
	_, err = New("Edit", json.RawMessage(`{"file_path":"/ws/a","old_string":"x","new_string":"y"}`), []byte("abc"), true)
	if reason, ok := IsRejection(err); !ok || reason != ReasonNotFound {
		t.Errorf("got %v, want rejection %q", err, ReasonNotFound)
	}
}

func mustNew(t *testing.T, tool, input, current string, exists bool) *Proposal {
	t.Helper()
	p, err := New(tool, json.RawMessage(input), []byte(current), exists)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return p
}

const threeHunks = "a\nb\nc\nd\ne\nf\ng\nh\n"

func TestApplyShortAcceptedRejectsTheRest(t *testing.T) {
	p := mustNew(t, "Write", `{"file_path":"/ws/x","content":"A\nb\nc\nD\ne\nf\nG\nh\n"}`, threeHunks, true)
	if len(p.Hunks) != 3 {
		t.Fatalf("got %d hunks, want 3", len(p.Hunks))
	}
	if got := string(p.Apply([]bool{true})); got != "A\nb\nc\nd\ne\nf\ng\nh\n" {
		t.Errorf("Apply([true]) = %q", got)
	}
	if p.AllAccepted([]bool{true, true}) || !p.AllAccepted([]bool{true, true, true, false}) {
		t.Errorf("AllAccepted is wrong about short or long answers")
	}
}

func TestUpdatedInput(t *testing.T) {
	input := `{"file_path":"/ws/x","content":"A\nb\nc\nD\ne\nf\nG\nh\n"}`
	p := mustNew(t, "Write", input, threeHunks, true)

	tool, in, err := p.UpdatedInput([]bool{true, true, true})
	if err != nil || tool != "Write" || string(in) != input {
		t.Errorf("all accepted: got %s %s %v, want the original input", tool, in, err)
	}
	if _, _, err := p.UpdatedInput([]bool{false, false, false}); !errors.Is(err, ErrNoneAccepted) {
		t.Errorf("none accepted: err = %v, want ErrNoneAccepted", err)
	}
	tool, in, err = p.UpdatedInput([]bool{false, true, false})
	if err != nil || tool != "Write" {
		t.Fatalf("partial: %s %v", tool, err)
	}
	var w struct {
		FilePath string `json:"file_path"`
		Content  string `json:"content"`
	}
	if err := json.Unmarshal(in, &w); err != nil || w.FilePath != "/ws/x" || w.Content != "a\nb\nc\nD\ne\nf\ng\nh\n" {
		t.Errorf("partial Write input = %s", in)
	}

	multi := mustNew(t, "MultiEdit", `{"file_path":"/ws/x","edits":[{"old_string":"a\n","new_string":"A\n"},{"old_string":"g\n","new_string":"G\n"}]}`, threeHunks, true)
	tool, in, err = multi.UpdatedInput([]bool{true, false})
	if err != nil || tool != "MultiEdit" {
		t.Fatalf("MultiEdit partial: %s %v", tool, err)
	}
	_, wrote, err := compute(tool, in, multi.Original, true)
	if err != nil || string(wrote) != "A\nb\nc\nd\ne\nf\ng\nh\n" {
		t.Errorf("MultiEdit partial input writes %q, %v", wrote, err)
	}

	// Replacing a code cell's source also clears its execution count, a
	// few lines above: two hunks.
	nb := "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"execution_count\": 7,\n   \"id\": \"a\",\n" +
		"   \"metadata\": {},\n   \"outputs\": [],\n   \"source\": \"x = 1\"\n  }\n ]\n}"
	book := mustNew(t, "NotebookEdit", `{"notebook_path":"/ws/n.ipynb","cell_id":"a","new_source":"x = 2"}`, nb, true)
	partial := make([]bool, len(book.Hunks))
	if len(partial) < 2 {
		t.Fatalf("notebook edit has %d hunks, want several", len(partial))
	}
	partial[0] = true
	if _, _, err := book.UpdatedInput(partial); !errors.Is(err, ErrNotSplittable) {
		t.Errorf("partial NotebookEdit: err = %v, want ErrNotSplittable", err)
	}
}

func TestRebase(t *testing.T) {
	edit := `{"file_path":"/ws/x","old_string":"d\n","new_string":"D\n"}`
	p := mustNew(t, "Edit", edit, threeHunks, true)
	if err := p.Rebase([]byte(threeHunks)); err != nil {
		t.Errorf("Rebase onto the same content: %v", err)
	}
	if err := p.Rebase([]byte("new first line\n" + threeHunks)); err != nil {
		t.Fatalf("Rebase onto content that still matches: %v", err)
	}
	if p.Hunks[0].OrigStart != 4 || string(p.Proposed) != "new first line\na\nb\nc\nD\ne\nf\ng\nh\n" {
		t.Errorf("rebased proposal: hunk at line %d, proposed %q", p.Hunks[0].OrigStart, p.Proposed)
	}
	before := string(p.Proposed)
	err := p.Rebase([]byte("a\nb\nc\nd\nd\n"))
	if !errors.Is(err, ErrStale) || !strings.Contains(err.Error(), "Found 2 matches") {
		t.Errorf("Rebase onto ambiguous content: %v, want ErrStale with the reason", err)
	}
	if string(p.Proposed) != before {
		t.Errorf("a stale Rebase changed the proposal")
	}
	if err := p.RebaseFile(nil, false); !errors.Is(err, ErrStale) {
		t.Errorf("Rebase onto a deleted file: %v, want ErrStale", err)
	}

	w := mustNew(t, "Write", `{"file_path":"/ws/new","content":"x\n"}`, "", false)
	if err := w.Rebase(nil); err != nil {
		t.Errorf("Write of a new file, still missing: %v", err)
	}
	if err := w.Rebase([]byte("someone else's\n")); !errors.Is(err, ErrStale) {
		t.Errorf("Write of a new file that appeared meanwhile: %v, want ErrStale", err)
	}
}

func TestLensesAndSummary(t *testing.T) {
	p := mustNew(t, "Write", `{"file_path":"/ws/x","content":"A\nb\nc\nD\ne\nf\nG\nh\n"}`, threeHunks, true)
	p.Label = "x"
	if got, want := p.Summary(), "Write x: 3 hunks, +3 -3"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	lenses := p.Lenses(true)
	if len(lenses) != 4+3*3 {
		t.Errorf("got %d lenses, want 13", len(lenses))
	}
	for _, l := range lenses {
		if !strings.HasPrefix(l.Title, "Accept") && !strings.HasPrefix(l.Title, "Reject") && l.Title != "Show diff" {
			t.Errorf("lens title %q breaks the Accept/Reject contract", l.Title)
		}
		if (l.Action <= ShowDiff) != (l.Hunk >= 0) {
			t.Errorf("lens %q: hunk %d does not fit action %d", l.Title, l.Hunk, l.Action)
		}
	}
	if lenses[0].Title != "Accept all in file (3)" {
		t.Errorf("first lens %q", lenses[0].Title)
	}
	one := mustNew(t, "Edit", `{"file_path":"/ws/src/main.go","old_string":"","new_string":"package main\n"}`, "", false)
	if got, want := one.Summary(), "Edit /ws/src/main.go (new file): 1 hunk, +1 -0"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	if got := len(one.Lenses(false)); got != 5 {
		t.Errorf("one hunk without global lenses: %d lenses, want 5", got)
	}
}

func TestWordDiffSurrogates(t *testing.T) {
	p := mustNew(t, "Edit", `{"file_path":"/ws/m.md","old_string":"🚀 go","new_string":"🚀 went"}`, "x\n🚀 go fast\n", true)
	var changes []Segment
	for _, s := range p.Hunks[0].WordDiff {
		if s.Kind != Equal {
			changes = append(changes, s)
		}
	}
	want := []Segment{
		{Kind: Delete, Text: "go", Range: Range{Position{1, 3}, Position{1, 5}}, NewRange: Range{Position{1, 3}, Position{1, 3}}},
		{Kind: Insert, Text: "went", Range: Range{Position{1, 5}, Position{1, 5}}, NewRange: Range{Position{1, 3}, Position{1, 7}}},
	}
	if len(changes) != len(want) {
		t.Fatalf("changes = %+v", changes)
	}
	for i := range want {
		if changes[i] != want[i] {
			t.Errorf("segment %d = %+v, want %+v", i, changes[i], want[i])
		}
	}
}
