package audit

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"github.com/gatehouse/gatehouse/internal/verdict"
	"io"
	"os"
)

// RepairKind is the Kind of a repair entry: one Append wrote when the log
// ended in bytes that are not a whole entry (a write cut short by a full
// disk, a crash, a read-only remount). The bytes are kept in its Torn field
// (base64) and it chains to the last whole entry before them, so the log
// goes on by itself once it can be written again, and nothing that was in
// it is lost. Verify accepts the torn lines only when the repair entry
// right after them holds exactly their bytes.
const RepairKind = "repair"

// maxTorn bounds the bytes one repair entry keeps. A write cut short leaves
// less than one line; more than this is not a torn write but damage, and
// Append refuses it (its base64 must also fit in one line, see maxLine).
const maxTorn = 256 << 10

// repairEntry is the entry that keeps torn, the bytes after the last whole
// entry of the log (its final newline left out).
func repairEntry(torn []byte, workspace string) Entry {
	return Entry{
		Workspace: workspace,
		Kind:      RepairKind,
		By:        verdict.ByGatehouse,
		Summary:   fmt.Sprintf("repaired the log: kept %d bytes that were not a whole entry", len(torn)),
		Reason: "the log ended in bytes that are not a whole entry (a write cut short by a full or read-only disk, or a crash); " +
			"they are kept in torn (base64) and the chain goes on from the entry before them",
		Torn: base64.StdEncoding.EncodeToString(torn),
	}
}

// tail is the end of a log as Append finds it.
type tail struct {
	seq  uint64 // the last whole entry's (0 and ZeroHash: none)
	hash string
	size int64 // the file's size
	// torn is what follows that entry when it is not a whole entry (nil
	// when the log ends cleanly); endsInNewline tells whether the file's
	// last byte is a newline (which torn leaves out).
	torn          []byte
	endsInNewline bool
}

// readTail finds the last whole entry of the log: the last line that ends
// in a newline and reads as an entry. Everything after it is torn. (A last
// line without its newline is torn even when it reads as an entry: Append
// returned an error for it, and its caller acted on that.)
func readTail(f *os.File) (tail, error) {
	fi, err := f.Stat()
	if err != nil {
		return tail{}, err
	}
	t := tail{seq: 0, hash: ZeroHash, size: fi.Size()}
	if t.size == 0 {
		return t, nil
	}
	// The usual case: read backwards in chunks until the newline before
	// the last line, which ends cleanly and reads as an entry.
	const chunk = 16 << 10
	var buf []byte
	start := t.size
	for {
		n := min(int64(chunk), start)
		start -= n
		b := make([]byte, n)
		if _, err := f.ReadAt(b, start); err != nil && err != io.EOF {
			return tail{}, fmt.Errorf("read the end of the log: %w", err)
		}
		buf = append(b, buf...)
		if buf[len(buf)-1] != '\n' {
			break // torn
		}
		if i := bytes.LastIndexByte(buf[:len(buf)-1], '\n'); i >= 0 || start == 0 {
			if e, err := parseLine(buf[i+1 : len(buf)-1]); err == nil {
				t.seq, t.hash = e.Seq, e.Hash
				return t, nil
			}
			break // torn
		}
		if len(buf) > maxLine {
			break // a line this long is not an entry: torn
		}
	}
	return findTorn(f, t)
}

// findTorn reads up to maxTorn bytes (plus one line) back from the end of
// the log for its last whole entry, and returns t with it and the torn
// bytes after it.
func findTorn(f *os.File, t tail) (tail, error) {
	window := min(t.size, int64(maxTorn+maxLine+2))
	start := t.size - window
	buf := make([]byte, window)
	if _, err := f.ReadAt(buf, start); err != nil && err != io.EOF {
		return tail{}, fmt.Errorf("read the end of the log: %w", err)
	}
	t.endsInNewline = buf[len(buf)-1] == '\n'
	// i is where the torn bytes begin; buf[i-1] is the newline that ends
	// the line before them.
	i := len(buf)
	if !t.endsInNewline {
		i = bytes.LastIndexByte(buf, '\n') + 1
	}
	for i > 0 {
		if len(buf)-i > maxTorn {
			break
		}
		j := bytes.LastIndexByte(buf[:i-1], '\n')
		if j < 0 && start > 0 {
			break // the line's start is beyond the window: far too long
		}
		if e, err := parseLine(buf[j+1 : i-1]); err == nil {
			t.seq, t.hash = e.Seq, e.Hash
			return withTorn(t, buf[i:]), nil
		}
		i = j + 1
	}
	if i == 0 && start == 0 && len(buf) <= maxTorn {
		return withTorn(t, buf), nil // no whole entry at all
	}
	return tail{}, errors.New("the log ends in more than a cut-short write that is not entries (damage or tampering): " +
		"run 'gatehouse audit verify', then move the log and its .checkpoint aside to start a new one")
}

func withTorn(t tail, region []byte) tail {
	if len(region) == 0 {
		return t
	}
	torn := region
	if t.endsInNewline {
		torn = region[:len(region)-1]
	}
	t.torn = append([]byte{}, torn...)
	return t
}
