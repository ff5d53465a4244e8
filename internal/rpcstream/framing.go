package rpcstream

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"sync"
)

// smallFrame is the size up to which a frame buffer is kept for the next
// frame; a larger one is released once the connection reads past it, so an
// idle connection never holds the largest message it ever received.
const smallFrame = 64 << 10

// MaxLSPFrame is the largest LSP message the server reads into memory: far
// above any file Gatehouse reviews (64 MiB) or VS Code syncs to extensions
// (50 MB). A larger one (an editor opening a huge log file) is skipped
// unread, and the session goes on.
const MaxLSPFrame = 256 << 20

// errSkipped reports a message too large to read, skipped whole.
type errSkipped struct{ length int }

func (e errSkipped) Error() string {
	return fmt.Sprintf("skipped a %d-byte message: larger than the %d MiB Gatehouse reads", e.length, MaxLSPFrame>>20)
}

// NewLSP returns the stream of an LSP connection on rwc (Content-Length
// framing). Problems are logged to log.
func NewLSP(rwc io.ReadWriteCloser, log *slog.Logger) *Stream {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Stream{
		r:      &headerReader{in: bufio.NewReader(rwc)},
		w:      &lockedWriter{w: rwc, header: true},
		closer: rwc,
		log:    log,
		what:   "LSP",
	}
}

// headerReader reads LSP frames: header lines, a blank line, then exactly
// Content-Length bytes of body.
type headerReader struct {
	in  *bufio.Reader
	buf []byte
}

func (h *headerReader) readFrame() ([]byte, int64, error) {
	length, consumed, err := h.readHeader()
	if err != nil {
		return nil, 0, err
	}
	if length > MaxLSPFrame {
		if _, err := io.CopyN(io.Discard, h.in, int64(length)); err != nil {
			return nil, 0, fmt.Errorf("skip a %d-byte message: %w", length, err)
		}
		return nil, int64(consumed + length), errSkipped{length}
	}
	if cap(h.buf) < length || cap(h.buf) > smallFrame {
		// Drop a large buffer before allocating the next one, so two
		// large frames never coexist here.
		h.buf = nil
		h.buf = make([]byte, length, max(length, 4<<10))
	}
	body := h.buf[:length]
	if _, err := io.ReadFull(h.in, body); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, 0, fmt.Errorf("read a %d-byte message body: %w", length, err)
	}
	return body, int64(consumed + length), nil
}

func (h *headerReader) readHeader() (length, consumed int, err error) {
	length = -1
	for {
		line, err := h.in.ReadSlice('\n')
		consumed += len(line)
		if err != nil {
			if err == io.EOF && consumed == 0 {
				return 0, 0, io.EOF
			}
			if err == bufio.ErrBufferFull {
				return 0, 0, fmt.Errorf("bad LSP header: a header line longer than %d bytes", h.in.Size())
			}
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return 0, 0, fmt.Errorf("read the LSP header: %w", err)
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return 0, 0, fmt.Errorf("bad LSP header: %s is not \"Name: value\" (each message needs a Content-Length header, a blank line, then the JSON body)", strconv.Quote(string(line)))
		}
		if !bytes.EqualFold(bytes.TrimSpace(name), []byte("Content-Length")) {
			continue
		}
		n, perr := strconv.Atoi(string(bytes.TrimSpace(value)))
		if perr != nil || n <= 0 {
			return 0, 0, fmt.Errorf("bad LSP header: Content-Length %s must be a positive number", strconv.Quote(string(bytes.TrimSpace(value))))
		}
		length = n
	}
	if length < 0 {
		return 0, 0, errors.New("bad LSP header: no Content-Length")
	}
	return length, consumed, nil
}

// Budget is the memory that the partial lines of every agent connection may
// hold together. A connection whose next line does not fit is closed with an
// error; the others are unaffected.
type Budget struct {
	mu    sync.Mutex
	limit int64
	used  int64
}

// NewBudget returns a budget of limit bytes.
func NewBudget(limit int64) *Budget { return &Budget{limit: limit} }

func (b *Budget) reserve(n int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.used+int64(n) > b.limit {
		return false
	}
	b.used += int64(n)
	return true
}

// force takes n bytes even past the limit.
func (b *Budget) force(n int) {
	b.mu.Lock()
	b.used += int64(n)
	b.mu.Unlock()
}

func (b *Budget) release(n int) {
	b.mu.Lock()
	b.used -= int64(n)
	b.mu.Unlock()
}

// InUse is the number of bytes held now.
func (b *Budget) InUse() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}

// ErrFrameTooLarge ends a connection whose peer sent a line longer than the
// stream's limit.
var ErrFrameTooLarge = errors.New("message too large")

// ErrBudget ends a connection whose line does not fit in the shared budget.
var ErrBudget = errors.New("too much memory held by unfinished messages of all agent connections")

// NewLines returns the stream of a newline-delimited connection on rwc: no
// line may exceed maxLine bytes, and the buffers of all such streams drawing
// on budget hold at most its limit together (nil: no shared limit).
func NewLines(rwc io.ReadWriteCloser, maxLine int, budget *Budget, log *slog.Logger) *Stream {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	lr := &lineReader{in: rwc, max: maxLine, budget: budget}
	return &Stream{
		r: lr,
		w: &lockedWriter{w: rwc},
		closer: closerFunc(func() error {
			err := rwc.Close()
			lr.release()
			return err
		}),
		log:  log,
		what: "agent",
	}
}

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

// lineReader reads newline-delimited frames. Short lines are cut out of one
// small buffer. A line that outgrows it is collected in fixed-size parts,
// never copied while it grows (a doubling buffer leaves its old copies as
// garbage, which about doubled the memory of an unfinished line), and joined
// once when its newline arrives. Every byte held is reserved from the budget
// first.
type lineReader struct {
	in     io.Reader
	max    int
	budget *Budget

	mu       sync.Mutex // guards reserved and closed against release
	reserved int
	closed   bool

	buf        []byte // lineChunk bytes once the first read needs it
	start, end int    // unread bytes are buf[start:end]
	parts      [][]byte
	partsLen   int
	frame      []byte // the last joined long line, released on the next read
	err        error
}

const (
	lineChunk = 32 << 10
	partSize  = 256 << 10
)

// release gives every reservation back when the connection closes, whatever
// the reader is doing (it may be blocked in Read, still using its buffers).
func (l *lineReader) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.budget != nil {
		l.budget.release(l.reserved)
	}
	l.reserved = 0
	l.closed = true
}

// reserve takes n bytes from the budget (n < 0 gives them back).
func (l *lineReader) reserve(n int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n > 0 && l.closed {
		return false
	}
	if l.budget != nil {
		if n > 0 && !l.budget.reserve(n) {
			return false
		}
		if n < 0 {
			l.budget.release(min(-n, l.reserved))
		}
	}
	l.reserved = max(l.reserved+n, 0)
	return true
}

func (l *lineReader) readFrame() ([]byte, int64, error) {
	if l.err != nil {
		return nil, 0, l.err
	}
	if l.frame != nil {
		l.reserve(-cap(l.frame))
		l.frame = nil
	}
	if l.buf == nil {
		if !l.reserve(lineChunk) {
			return nil, 0, l.fail(ErrBudget)
		}
		l.buf = make([]byte, lineChunk)
	}
	for {
		if l.parts == nil {
			if i := bytes.IndexByte(l.buf[l.start:l.end], '\n'); i >= 0 {
				frame := l.buf[l.start : l.start+i]
				l.start += i + 1
				return frame, int64(i + 1), nil
			}
			if l.start > 0 {
				l.end = copy(l.buf, l.buf[l.start:l.end])
				l.start = 0
			}
			if l.end == len(l.buf) {
				// A long line: from here on it grows in parts.
				if err := l.addPart(); err != nil {
					return nil, 0, l.fail(err)
				}
				part := l.parts[0]
				l.parts[0] = part[:copy(part[:cap(part)], l.buf)]
				l.partsLen = l.end
				l.start, l.end = 0, 0
				continue
			}
			n, err := l.in.Read(l.buf[l.end:])
			l.end += n
			if err != nil && n == 0 {
				return nil, 0, l.fail(l.endErr(err, l.end > l.start))
			}
			continue
		}
		// Read into the last part, one chunk at a time so that what
		// follows the newline fits back into buf.
		last := l.parts[len(l.parts)-1]
		if len(last) == cap(last) {
			if err := l.addPart(); err != nil {
				return nil, 0, l.fail(err)
			}
			last = l.parts[len(l.parts)-1]
		}
		room := last[len(last):min(cap(last), len(last)+lineChunk)]
		n, err := l.in.Read(room)
		if err != nil && n == 0 {
			return nil, 0, l.fail(l.endErr(err, true))
		}
		got := room[:n]
		if i := bytes.IndexByte(got, '\n'); i >= 0 {
			l.parts[len(l.parts)-1] = last[:len(last)+i]
			l.partsLen += i
			l.end = copy(l.buf, got[i+1:])
			l.start = 0
			l.join()
			return l.frame, int64(len(l.frame) + 1), nil
		}
		l.parts[len(l.parts)-1] = last[:len(last)+n]
		l.partsLen += n
		if l.partsLen > l.max {
			return nil, 0, l.fail(fmt.Errorf("%w: a line longer than %d bytes", ErrFrameTooLarge, l.max))
		}
	}
}

// addPart starts a new part of a long line, within the line limit and the
// budget.
func (l *lineReader) addPart() error {
	if l.partsLen > l.max {
		return fmt.Errorf("%w: a line longer than %d bytes", ErrFrameTooLarge, l.max)
	}
	if !l.reserve(partSize) {
		return ErrBudget
	}
	l.parts = append(l.parts, make([]byte, 0, partSize))
	return nil
}

// join makes the parts one frame. The budget bounds unfinished lines; a
// finished one is handled and released at once, so its joined copy is
// counted while it lives but never refused.
func (l *lineReader) join() {
	l.mu.Lock()
	if l.budget != nil && !l.closed {
		l.budget.force(l.partsLen)
		l.reserved += l.partsLen
	}
	l.mu.Unlock()
	frame := make([]byte, 0, l.partsLen)
	for _, p := range l.parts {
		frame = append(frame, p...)
	}
	l.reserve(-partSize * len(l.parts))
	l.parts, l.partsLen = nil, 0
	l.frame = frame
}

func (l *lineReader) endErr(err error, partial bool) error {
	if err == io.EOF && partial {
		return io.ErrUnexpectedEOF
	}
	return err
}

func (l *lineReader) fail(err error) error {
	l.err = err
	l.buf, l.parts, l.frame = nil, nil, nil
	l.release()
	return err
}
