package audit

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gatehouse/gatehouse/internal/audit/audittest"
)

func appendRaw(t testing.TB, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

// sealedLine is the line Append would write for e after (seq, hash),
// without its newline.
func sealedLine(t testing.TB, e Entry, seq uint64, hash string) (string, Entry) {
	t.Helper()
	line, sealed, err := seal(e, seq, hash)
	if err != nil {
		t.Fatal(err)
	}
	return string(line[:len(line)-1]), sealed
}

// lastEntryOf reads the log's last entry.
func lastEntryOf(t testing.TB, path string) Entry {
	t.Helper()
	lines := readLines(t, path)
	e, err := parseLine([]byte(lines[len(lines)-1]))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// repairsOf returns the torn bytes each repair entry of a verified log keeps.
func repairsOf(t testing.TB, path string) []string {
	t.Helper()
	r, err := Check(path)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	lines := readLines(t, path)
	var out []string
	for _, no := range r.Repairs {
		e, err := parseLine([]byte(lines[no-1]))
		if err != nil || e.Kind != RepairKind || e.By != "gatehouse" {
			t.Fatalf("line %d is not a repair entry: %v %s", no, err, lines[no-1])
		}
		b, err := base64.StdEncoding.DecodeString(e.Torn)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// TestAppendRepairsTornTail: a log that ends in what is not a whole entry
// (a write cut short, garbage) goes on by itself: the next Append keeps the
// bytes in a repair entry, the chain continues, Verify accepts it, and an
// edit to the kept bytes or the repair is still caught.
func TestAppendRepairsTornTail(t *testing.T) {
	for _, c := range []struct {
		name, tail, kept string
	}{
		{"mid-line", `{"time":"2026`, `{"time":"2026`},
		{"unreadable line", "garbage\n", "garbage"},
		{"blank line", "\n", ""},
		{"two torn lines", "garbage\n{\"ti", "garbage\n{\"ti"},
		{"a whole entry without its newline", "WHOLE", "WHOLE"},
		{"invalid UTF-8", "{\"summary\":\"\xff\xfe", "{\"summary\":\"\xff\xfe"},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := newLog(t)
			for i := range 2 {
				if err := l.Append(sample(fmt.Sprint(i))); err != nil {
					t.Fatal(err)
				}
			}
			last := lastEntryOf(t, l.Path())
			whole, _ := sealedLine(t, sample("lost"), last.Seq, last.Hash)
			tail := strings.ReplaceAll(c.tail, "WHOLE", whole)
			kept := strings.ReplaceAll(c.kept, "WHOLE", whole)
			appendRaw(t, l.Path(), tail)
			if _, err := Verify(l.Path()); err == nil {
				t.Fatal("Verify accepted the torn log")
			}
			if err := l.Append(sample("after")); err != nil {
				t.Fatalf("Append on a torn log: %v", err)
			}
			if err := l.Append(sample("after2")); err != nil {
				t.Fatal(err)
			}
			r, err := Check(l.Path())
			if err != nil || r.Entries != 5 || len(r.Repairs) != 1 {
				t.Fatalf("Check = %+v, %v; want 5 entries, one repair", r, err)
			}
			if got := repairsOf(t, l.Path()); got[0] != kept {
				t.Errorf("repair kept %q, want %q", got[0], kept)
			}
			if e := lastEntryOf(t, l.Path()); e.ID != "after2" || e.Seq != 5 {
				t.Errorf("last entry %s seq %d", e.ID, e.Seq)
			}
			var out bytes.Buffer
			if err := Print(&out, l.Path(), PrintOptions{}); err != nil ||
				!strings.Contains(out.String(), fmt.Sprintf("kept by the repair on line %d", r.Repairs[0])) ||
				!strings.Contains(out.String(), "repair  gatehouse") {
				t.Errorf("Print of the repaired log: %v\n%s", err, out.String())
			}

			// The kept bytes and the repair are part of the chain.
			b, _ := os.ReadFile(l.Path())
			lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
			rep := lines[r.Repairs[0]-1]
			for name, edited := range map[string]string{
				"torn bytes": strings.Replace(string(b), tail, strings.ReplaceAll(tail, "g", "G")+"x", 1),
				"repair":     strings.Replace(string(b), rep, strings.Replace(rep, "repaired", "Repaired", 1), 1),
				"drop torn":  strings.Replace(string(b), tail, "", 1),
			} {
				if edited == string(b) {
					t.Fatalf("%s: edit changed nothing", name)
				}
				if err := os.WriteFile(l.Path(), []byte(edited), 0o600); err != nil {
					t.Fatal(err)
				}
				if _, err := Verify(l.Path()); err == nil {
					t.Errorf("edit of the %s not detected", name)
				}
			}
		})
	}
}

// TestRepairOfARepair: a repair entry cut short itself (the disk still
// full) is torn too, and the next repair keeps both.
func TestRepairOfARepair(t *testing.T) {
	l := newLog(t)
	l.Append(sample("a"))
	good := lastEntryOf(t, l.Path())
	appendRaw(t, l.Path(), `{"time":"20`)
	r1, _ := sealedLine(t, repairEntry([]byte(`{"time":"20`), ""), good.Seq, good.Hash)
	for name, cut := range map[string]int{"cut mid-way": len(r1) / 2, "cut before its newline": len(r1)} {
		t.Run(name, func(t *testing.T) {
			l := newLog(t)
			l.Append(sample("a"))
			appendRaw(t, l.Path(), `{"time":"20`+"\n"+r1[:cut])
			if err := l.Append(sample("b")); err != nil {
				t.Fatal(err)
			}
			r, err := Check(l.Path())
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			if e := lastEntryOf(t, l.Path()); e.ID != "b" || int(e.Seq) != r.Entries || r.Entries != 3 {
				t.Errorf("last entry %s seq %d of %d", e.ID, e.Seq, r.Entries)
			}
			kept := repairsOf(t, l.Path())
			if len(kept) != 1 || kept[0] != `{"time":"20`+"\n"+r1[:cut] {
				t.Errorf("repairs kept %q, want one with both torn lines", kept)
			}
		})
	}
}

// TestAppendRefusesDamageBeyondRepair: more garbage than a torn write
// leaves is not repaired over.
func TestAppendRefusesDamageBeyondRepair(t *testing.T) {
	l := newLog(t)
	l.Append(sample("a"))
	appendRaw(t, l.Path(), strings.Repeat("garbage line\n", maxTorn/10))
	if err := l.Append(sample("b")); err == nil || !strings.Contains(err.Error(), "audit verify") {
		t.Errorf("Append = %v, want a refusal naming audit verify", err)
	}
}

// TestTruncationIsDetected: entries cut from the end, an emptied or a
// deleted log fail Verify (the chain alone would pass them), and Append
// refuses to write over them.
func TestTruncationIsDetected(t *testing.T) {
	for _, c := range []struct {
		name string
		cut  func(path string) error
		word string
	}{
		{"last line", func(p string) error { return cutLines(p, 1) }, "the last 1 were removed"},
		{"last four lines", func(p string) error { return cutLines(p, 4) }, "the last 4 were removed"},
		{"emptied", func(p string) error { return os.Truncate(p, 0) }, "records 6 entries, the log holds 0"},
		{"deleted", os.Remove, "the log is gone"},
		{"replaced by a new log", func(p string) error {
			os.Remove(p)
			l, err := Open(p)
			if err != nil {
				return err
			}
			line, _ := sealedLine(t, sample("new"), 0, ZeroHash)
			appendRaw(t, l.Path(), line+"\n")
			return nil
		}, "records 6 entries, the log holds 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := newLog(t)
			for i := range 6 {
				if err := l.Append(sample(fmt.Sprint(i))); err != nil {
					t.Fatal(err)
				}
			}
			if n, err := Verify(l.Path()); n != 6 || err != nil {
				t.Fatalf("Verify = %d, %v", n, err)
			}
			if err := c.cut(l.Path()); err != nil {
				t.Fatal(err)
			}
			_, err := Verify(l.Path())
			if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), c.word) || errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Verify: %v; want ErrTruncated mentioning %q", err, c.word)
			}
			err = l.Append(sample("after"))
			if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), ".checkpoint aside") {
				t.Errorf("Append after the cut: %v; want a refusal", err)
			}
			if _, err := Verify(l.Path()); !errors.Is(err, ErrTruncated) {
				t.Errorf("the refused Append hid the cut: %v", err)
			}
		})
	}
}

func cutLines(path string, n int) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	lines := bytes.SplitAfter(b, []byte("\n"))
	lines = lines[:len(lines)-1-n] // SplitAfter leaves an empty last element
	return os.WriteFile(path, bytes.Join(lines, nil), 0o600)
}

// TestNoCheckpoint: a log written before checkpoints existed verifies, with
// no checkpoint reported; the next Append starts one. A damaged checkpoint
// is refused.
func TestNoCheckpoint(t *testing.T) {
	l := newLog(t)
	for i := range 3 {
		l.Append(sample(fmt.Sprint(i)))
	}
	os.Remove(CheckpointPath(l.Path()))
	r, err := Check(l.Path())
	if err != nil || r.Entries != 3 || r.Checkpoint != nil {
		t.Fatalf("Check = %+v, %v", r, err)
	}
	if err := l.Append(sample("3")); err != nil {
		t.Fatal(err)
	}
	last := lastEntryOf(t, l.Path())
	cp, err := ReadCheckpoint(l.Path())
	if err != nil || cp == nil || cp.Seq != 4 || cp.Hash != last.Hash {
		t.Fatalf("checkpoint = %+v, %v; want seq 4, hash of the last entry", cp, err)
	}
	if fi, _ := os.Stat(CheckpointPath(l.Path())); fi.Mode().Perm() != 0o600 {
		t.Errorf("checkpoint mode %v", fi.Mode().Perm())
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(l.Path()), "*.tmp")); len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}
	os.WriteFile(CheckpointPath(l.Path()), []byte(`{"seq":4,"hash":"x`), 0o600)
	if _, err := Verify(l.Path()); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("Verify with a damaged checkpoint: %v", err)
	}
	if err := l.Append(sample("4")); err == nil {
		t.Error("Append went on past a damaged checkpoint")
	}
}

// TestAppendOnFullDisk runs the log out of space on a real file system: the
// Append that does not fit fails (and the caller must not treat the entry
// as recorded), and once there is room again the log goes on by itself,
// repairing what the failed write left, and verifies.
func TestAppendOnFullDisk(t *testing.T) {
	fsys := audittest.Tmpfs(t, "64k")
	l, err := Open(filepath.Join(fsys.Dir, "audit", "log.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := l.Append(sample(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	fsys.Fill()
	// Larger than a page, so that it cannot fit in what is left of the
	// log's last one.
	big := sample("big")
	big.Summary = strings.Repeat("s", 2000)
	big.Reason = strings.Repeat("r", 2000)
	big.Input = []byte(`"` + strings.Repeat("i", 3000) + `"`)
	for i := range 3 {
		err := l.Append(big)
		if !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("Append %d on a full disk = %v, want ENOSPC", i, err)
		}
	}
	b, _ := os.ReadFile(l.Path())
	torn := len(b) > 0 && b[len(b)-1] != '\n'
	if strings.Contains(string(b), `"id":"big"`) && !torn {
		t.Fatal("a failed Append left its entry in the log")
	}
	fsys.Free()
	if err := l.Append(sample("after")); err != nil {
		t.Fatalf("Append once there is room: %v", err)
	}
	r, err := Check(l.Path())
	if err != nil || r.Entries < 4 {
		t.Fatalf("Check = %+v, %v", r, err)
	}
	if torn && len(r.Repairs) != 1 {
		t.Errorf("the torn write was not repaired: %+v", r)
	}
	t.Logf("torn write left: %v, entries %d, repairs %v", torn, r.Entries, r.Repairs)
	if e := lastEntryOf(t, l.Path()); e.ID != "after" {
		t.Errorf("last entry %q", e.ID)
	}
}

// TestAppendOnReadOnlyDisk: a log on a file system remounted read-only
// refuses the Append and goes on once it is writable again.
func TestAppendOnReadOnlyDisk(t *testing.T) {
	fsys := audittest.Tmpfs(t, "256k")
	l, err := Open(filepath.Join(fsys.Dir, "audit", "log.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	l.Append(sample("a"))
	fsys.ReadOnly(true)
	if err := l.Append(sample("b")); !errors.Is(err, syscall.EROFS) {
		t.Errorf("Append on a read-only disk = %v, want EROFS", err)
	}
	fsys.ReadOnly(false)
	if err := l.Append(sample("c")); err != nil {
		t.Fatal(err)
	}
	if n, err := Verify(l.Path()); n != 2 || err != nil {
		t.Errorf("Verify = %d, %v", n, err)
	}
}
