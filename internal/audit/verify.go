package audit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// Verify reads the audit log at path and checks the whole chain. It returns
// the number of good entries; a non-nil error (wrapping a *LineError when a
// line is at fault) names the first bad line and what is wrong with it:
// edited, deleted, inserted, reordered, or truncated mid-line.
//
// Entries removed from the end of the log leave a shorter, valid chain: the
// chain proves what is there was not changed, not that nothing followed.
// Compare the count with what you expect.
func Verify(path string) (n int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("verify %s: %w", path, err)
	}
	defer f.Close()
	n, err = verify(f)
	if err != nil {
		return n, fmt.Errorf("verify %s: %w", path, err)
	}
	return n, nil
}

// verify checks the chain read from r.
func verify(r io.Reader) (int, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	prevSeq, prevHash := uint64(0), ZeroHash
	for lineNo := 1; ; lineNo++ {
		line, err := readLine(br)
		if err == io.EOF {
			return lineNo - 1, nil
		}
		bad := func(format string, args ...any) (int, error) {
			return lineNo - 1, &LineError{Line: lineNo, Problem: fmt.Sprintf(format, args...)}
		}
		if errors.Is(err, errLineTooLong) {
			return bad("longer than %d bytes: edited, or not a gatehouse audit log", maxLine)
		}
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return bad("truncated mid-line (the file ends without a newline)")
			}
			return lineNo - 1, err
		}
		e, perr := parseLine(line)
		if perr != nil {
			return bad("edited or damaged: %v", perr)
		}
		want, herr := hashOf(e)
		if herr != nil {
			return bad("edited or damaged: %v", herr)
		}
		if e.Hash != want {
			return bad("edited: its hash does not match its content")
		}
		switch {
		case e.Seq > prevSeq+1:
			return bad("seq %d where %d was expected: entries deleted or reordered before this line", e.Seq, prevSeq+1)
		case e.Seq < prevSeq+1:
			return bad("seq %d where %d was expected: lines reordered or duplicated", e.Seq, prevSeq+1)
		}
		if e.Prev != prevHash {
			if lineNo == 1 {
				return bad("the first entry does not start a chain: lines deleted from the start")
			}
			return bad("does not chain to line %d (prev is not that line's hash): lines deleted, inserted or reordered", lineNo-1)
		}
		prevSeq, prevHash = e.Seq, e.Hash
	}
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
