package audit

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// LineError is a problem with one line of an audit log.
type LineError struct {
	Line    int    // 1-based
	Problem string // what is wrong and what it suggests happened
}

// Error reads "line N: problem".
func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Problem) }

// parseLine decodes one line (without its newline) strictly: unknown or
// duplicated fields, invalid UTF-8, or any formatting other than exactly
// what Append writes are errors, so that an edit cannot hide in a form the
// hash does not cover.
func parseLine(line []byte) (Entry, error) {
	var e Entry
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return Entry{}, fmt.Errorf("not a valid entry: %w", err)
	}
	if dec.More() {
		return Entry{}, errors.New("not a valid entry: more than one JSON value on the line")
	}
	canon, err := json.Marshal(e)
	if err != nil {
		return Entry{}, fmt.Errorf("not a valid entry: %w", err)
	}
	if !bytes.Equal(canon, line) {
		return Entry{}, errors.New("not in the form gatehouse writes (reformatted, reordered or duplicated fields, or invalid characters)")
	}
	return e, nil
}

// Report is what Check found in a log.
type Report struct {
	Entries    int         // entries in the chain, repair entries included
	Repairs    []int       // the lines of the repair entries
	Checkpoint *Checkpoint // nil: there is none beside the log (written before checkpoints existed)
}

// Verify reads the audit log at path, checks the whole chain and that the
// log still holds what its checkpoint records. It returns the number of
// good entries; a non-nil error (wrapping a *LineError when a line is at
// fault, ErrTruncated when entries are missing from the end) says what is
// wrong: edited, deleted, inserted, reordered, truncated mid-line, cut
// short, emptied or deleted.
func Verify(path string) (n int, err error) {
	r, err := Check(path)
	return r.Entries, err
}

// Check is Verify with the details: the repairs and the checkpoint.
//
// A log without a checkpoint (written by an older Gatehouse) verifies as
// far as its chain goes: entries removed from its end leave a shorter,
// valid chain. A deleted log with no checkpoint is fs.ErrNotExist, as if
// nothing had been recorded yet.
func Check(path string) (Report, error) {
	// The checkpoint first: it is written after the log, so an Append
	// between the two reads leaves the log ahead of it, never behind.
	cp, err := ReadCheckpoint(path)
	if err != nil {
		return Report{}, fmt.Errorf("verify %s: %w", path, err)
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) && cp != nil {
		return Report{Checkpoint: cp}, fmt.Errorf("verify %s: %w: the log is gone, but its checkpoint %s records %d entries (it was deleted or moved)",
			path, ErrTruncated, CheckpointPath(path), cp.Seq)
	}
	if err != nil {
		return Report{}, fmt.Errorf("verify %s: %w", path, err)
	}
	defer f.Close()
	r, err := check(f, cp)
	if err != nil {
		return r, fmt.Errorf("verify %s: %w", path, err)
	}
	return r, nil
}

// verify checks the chain read from r, with no checkpoint.
func verify(r io.Reader) (int, error) {
	rep, err := check(r, nil)
	return rep.Entries, err
}

// chainState is the chain after an entry: its seq and hash.
type chainState struct {
	seq  uint64
	hash string
}

// seenLine is a line Check read, kept while a repair entry may still cover
// it: its bytes and, when the place before it is a point of the chain, the
// chain there.
type seenLine struct {
	no     int
	raw    []byte
	before chainState
	atLink bool
}

// check checks the chain read from r, and that it holds what cp records.
//
// Lines that are not entries are torn (or damaged) unless a repair entry
// follows them that holds exactly their bytes and chains to the entry
// before them. The repair may also cover the last entry before it when
// that entry had been written without its newline (see readTail): the
// repair's torn bytes say how far back it reaches.
func check(r io.Reader, cp *Checkpoint) (Report, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var rep Report
	rep.Checkpoint = cp
	st := chainState{0, ZeroHash}
	cpHash := "" // the hash of the chain's entry at the checkpoint's seq
	var seen []seenLine
	seenBytes := 0
	// The first line not in the chain that no repair has covered yet.
	var torn *LineError
	tornBytes := 0 // the bytes of the lines from torn on
	lineNo := 0
	for {
		line, err := readLine(br)
		if err == io.EOF {
			break
		}
		lineNo++
		bad := func(format string, args ...any) (Report, error) {
			if torn != nil {
				return rep, torn
			}
			rep.Entries = int(st.seq)
			return rep, &LineError{Line: lineNo, Problem: fmt.Sprintf(format, args...)}
		}
		if errors.Is(err, errLineTooLong) {
			return bad("longer than %d bytes: edited, or not a gatehouse audit log", maxLine)
		}
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return bad("truncated mid-line (the file ends without a newline)")
			}
			rep.Entries = int(st.seq)
			return rep, err
		}
		e, perr := parseLine(line)
		if perr == nil && e.Kind == RepairKind {
			if at, ok := repairs(e, seen); ok {
				st = chainState{e.Seq, e.Hash}
				if cp != nil && e.Seq == cp.Seq {
					cpHash = e.Hash
				}
				torn, tornBytes = nil, 0
				// What the repair covered stays, but no later repair may
				// start inside it: only before it, or at this entry.
				for i := at + 1; i < len(seen); i++ {
					seen[i].atLink = false
				}
				seen = append(seen, seenLine{no: lineNo, raw: line})
				seenBytes += len(line) + 1
				// A repair it covered is no longer in the chain.
				for len(rep.Repairs) > 0 && rep.Repairs[len(rep.Repairs)-1] >= seen[at].no {
					rep.Repairs = rep.Repairs[:len(rep.Repairs)-1]
				}
				rep.Repairs = append(rep.Repairs, lineNo)
				continue
			}
			if torn == nil {
				perr = errors.New("a repair entry that does not hold the lines before it, or does not chain to the entry before them")
			}
		}
		switch {
		case torn != nil:
			// Inside torn lines every line is torn until a repair.
		case perr != nil:
			torn = &LineError{Line: lineNo, Problem: fmt.Sprintf("edited or damaged: %v", perr)}
			rep.Entries = int(st.seq)
		default:
			if err := links(e, st, lineNo); err != nil {
				rep.Entries = int(st.seq)
				return rep, err
			}
		}
		if torn != nil {
			seen = append(seen, seenLine{no: lineNo, raw: line, before: st, atLink: lineNo == torn.Line})
			seenBytes += len(line) + 1
			if tornBytes += len(line) + 1; tornBytes > maxTorn+1 {
				return rep, torn // more than a repair entry holds
			}
			continue
		}
		seen = append(seen, seenLine{no: lineNo, raw: line, before: st, atLink: true})
		seenBytes += len(line) + 1
		st = chainState{e.Seq, e.Hash}
		if cp != nil && e.Seq == cp.Seq {
			cpHash = e.Hash
		}
		// Keep only what a repair could still reach back to.
		for len(seen) > 0 && seenBytes > maxTorn+1 {
			seenBytes -= len(seen[0].raw) + 1
			seen = seen[1:]
		}
	}
	if torn != nil {
		return rep, torn
	}
	rep.Entries = int(st.seq)
	switch {
	case cp == nil:
	case st.seq < cp.Seq:
		return rep, fmt.Errorf("%w: its checkpoint records %d entries, the log holds %d (the last %d were removed, or the file was emptied or replaced)",
			ErrTruncated, cp.Seq, st.seq, cp.Seq-st.seq)
	case cpHash != cp.Hash:
		return rep, fmt.Errorf("%w: entry %d is not the one its checkpoint records: the log was rewritten from there on, or replaced",
			ErrTruncated, cp.Seq)
	}
	return rep, nil
}

// links checks that e is sealed and follows st in the chain.
func links(e Entry, st chainState, lineNo int) error {
	bad := func(format string, args ...any) error {
		return &LineError{Line: lineNo, Problem: fmt.Sprintf(format, args...)}
	}
	want, err := hashOf(e)
	if err != nil {
		return bad("edited or damaged: %v", err)
	}
	if e.Hash != want {
		return bad("edited: its hash does not match its content")
	}
	switch {
	case e.Seq > st.seq+1:
		return bad("seq %d where %d was expected: entries deleted or reordered before this line", e.Seq, st.seq+1)
	case e.Seq < st.seq+1:
		return bad("seq %d where %d was expected: lines reordered or duplicated", e.Seq, st.seq+1)
	}
	if e.Prev != st.hash {
		if lineNo == 1 {
			return bad("the first entry does not start a chain: lines deleted from the start")
		}
		return bad("does not chain to line %d (prev is not that line's hash): lines deleted, inserted or reordered", lineNo-1)
	}
	return nil
}

// repairs reports whether the repair entry e holds exactly the last lines
// of seen and chains to the entry before them, and if so where in seen
// those lines start.
func repairs(e Entry, seen []seenLine) (int, bool) {
	torn, err := base64.StdEncoding.Strict().DecodeString(e.Torn)
	if err != nil || len(torn) > maxTorn {
		return 0, false
	}
	if want, err := hashOf(e); err != nil || want != e.Hash {
		return 0, false
	}
	// The torn bytes are the covered lines joined by newlines: walk back
	// until they add up to its length.
	n := -1
	for i := len(seen) - 1; i >= 0; i-- {
		n += len(seen[i].raw) + 1
		if n < len(torn) {
			continue
		}
		if n > len(torn) || !seen[i].atLink {
			return 0, false
		}
		var joined []byte
		for k, s := range seen[i:] {
			if k > 0 {
				joined = append(joined, '\n')
			}
			joined = append(joined, s.raw...)
		}
		b := seen[i].before
		if !bytes.Equal(joined, torn) || e.Seq != b.seq+1 || e.Prev != b.hash {
			return 0, false
		}
		return i, true
	}
	return 0, false
}

var errLineTooLong = errors.New("line too long")

// readLine returns the next line without its newline: io.EOF at a clean
// end, io.ErrUnexpectedEOF for a last line without a newline.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		frag, err := br.ReadSlice('\n')
		line = append(line, frag...)
		if len(line) > maxLine+1 {
			return nil, errLineTooLong
		}
		switch {
		case err == nil:
			return line[:len(line)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && len(line) == 0:
			return nil, io.EOF
		case err == io.EOF:
			return line, io.ErrUnexpectedEOF
		default:
			return nil, err
		}
	}
}
