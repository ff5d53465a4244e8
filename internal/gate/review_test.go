package gate

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The person's own version of an edit reaches the agent as the tool's input,
// with a reason that says they changed it.
func TestAcceptModified(t *testing.T) {
	for _, tc := range []struct {
		name    string
		file    string // relative to the workspace; "OUT" is a file outside it
		version string
		want    string // "allow" with updatedInput, or the error's words
	}{
		{"edited version", "a.txt", "one\nTWO, said the person\nthree\n", "allow"},
		{"protected path: still only by a person, and allowed as theirs", ".claude/notes.txt", "one\nmine\nthree\n", "allow"},
		{"outside the workspace", "OUT", "one\nmine\nthree\n", "outside the workspace"},
		{"unchanged file", "a.txt", "one\ntwo\nthree\n", "the file as it is now"},
		{"not text", "a.txt", "one\n\xff\xfe\n", "not valid UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, root := newTestGate(t)
			file := filepath.Join(root, tc.file)
			if tc.file == "OUT" {
				file = filepath.Join(t.TempDir(), "out.txt")
			}
			os.MkdirAll(filepath.Dir(file), 0o755)
			os.WriteFile(file, []byte("one\ntwo\nthree\n"), 0o644)
			res := hookAsync(g, root, editPayload(t, root, file, "two", "TWO"))
			id := waitPending(t, g)
			err := g.AcceptModified(id, []byte(tc.version))
			if tc.want != "allow" {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("AcceptModified = %v, want an error about %q", err, tc.want)
				}
				if len(g.Pending()) != 1 {
					t.Fatal("a refused version answered the request")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			r := <-res
			if r.Decision != "allow" || !strings.Contains(r.Reason, "the person modified your proposed edit to "+filepath.Base(file)) {
				t.Fatalf("got %+v, want allow saying the person modified it", r)
			}
			var in struct {
				FilePath  string `json:"file_path"`
				OldString string `json:"old_string"`
				NewString string `json:"new_string"`
			}
			if err := json.Unmarshal(r.UpdatedInput, &in); err != nil {
				t.Fatalf("updatedInput %s: %v", r.UpdatedInput, err)
			}
			if in.FilePath != file || in.OldString != "one\ntwo\nthree\n" || in.NewString != tc.version {
				t.Fatalf("updatedInput = %+v: the tool would not leave the file holding the person's version", in)
			}
			if len(g.Reviewable()) != 0 {
				t.Fatal("an edit a person accepted is listed as accepted automatically")
			}
		})
	}
}

// The agent's own proposal sent back unchanged is a plain accept.
func TestAcceptModifiedUnchangedIsAccept(t *testing.T) {
	g, root := newTestGate(t)
	file := filepath.Join(root, "a.txt")
	os.WriteFile(file, []byte("one\ntwo\n"), 0o644)
	res := hookAsync(g, root, editPayload(t, root, file, "two", "TWO"))
	id := waitPending(t, g)
	if err := g.AcceptModified(id, []byte("one\nTWO\n")); err != nil {
		t.Fatal(err)
	}
	if r := <-res; r.Decision != "allow" || len(r.UpdatedInput) != 0 {
		t.Fatalf("got %+v, want the agent's own input allowed", r)
	}
}

// A partial accept tells the agent which hunks it got and which not; the
// editor sees the verdicts while the edit waits.
func TestPartialAcceptNamesBothSides(t *testing.T) {
	g, root := newTestGate(t)
	file := filepath.Join(root, "a.txt")
	os.WriteFile(file, []byte("a\nb\nc\nd\ne\n"), 0o644)
	p, _ := json.Marshal(map[string]any{
		"session_id": "s1", "transcript_path": "/tmp/t.jsonl", "cwd": root, "permission_mode": "default",
		"hook_event_name": "PreToolUse", "tool_name": "Write", "tool_input": map[string]any{"file_path": file, "content": "A\nb\nc\nd\nE\n"},
	})
	res := hookAsync(g, root, p)
	id := waitPending(t, g)
	if err := g.SetHunk(id, 0, true); err != nil {
		t.Fatal(err)
	}
	states, err := g.HunkStates(id)
	if err != nil || len(states) != 2 || states[0].State != "accepted" || states[1].State != "undecided" {
		t.Fatalf("HunkStates = %+v, %v", states, err)
	}
	if err := g.SetHunk(id, 1, false); err != nil {
		t.Fatal(err)
	}
	r := <-res
	if r.Decision != "allow" || !strings.Contains(r.Reason, "accepted hunk 1 at line 1; rejected hunk 2 at line 5") {
		t.Fatalf("got %+v, want the reason to name the accepted and the rejected hunk", r)
	}
}

// Switching to a mode that denies what waits reports each request it
// answered, with what its agent was told.
func TestSettledReportsModeSwitchAndTimeout(t *testing.T) {
	g, root := newTestGate(t)
	res := hookAsync(g, root, bashPayload(t, root, "npm publish"))
	id := waitPending(t, g)
	if err := g.SetMode("dontAsk"); err != nil {
		t.Fatal(err)
	}
	r := <-res
	got := g.Settled([]string{id, "unknown"})
	if len(got) != 1 || got[0].ID != id || got[0].Decision != "deny" || got[0].By != "rule" || got[0].Reason != r.Reason {
		t.Fatalf("Settled = %+v, want the deny the agent got (%q)", got, r.Reason)
	}

	// An agent that stops waiting: the editor learns it expired and that the agent was told to ask.
	g.SetMode("default")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	done := make(chan struct{})
	go func() {
		g.Hook(ctx, hookParams{Payload: bashPayload(t, root, "npm publish"), ProjectDir: root})
		close(done)
	}()
	id = waitPending(t, g)
	<-done
	got = g.Settled([]string{id})
	if len(got) != 1 || got[0].By != "timeout" || got[0].Decision != "ask" || !strings.Contains(got[0].Reason, "nobody decided in the editor in time") {
		t.Fatalf("Settled = %+v, want the expiry and the ask the agent got", got)
	}
}
