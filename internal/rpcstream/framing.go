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

// MaxLSPFrame bounds the Content-Length an editor may declare: far above any
// file Gatehouse reviews (64 MiB), small enough that a corrupt header cannot
// make the server allocate without limit.
const MaxLSPFrame = 1 << 30

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
		if perr != nil || n <= 0 || n > MaxLSPFrame {
			return 0, 0, fmt.Errorf("bad LSP header: Content-Length %s must be a number from 1 to %d", strconv.Quote(string(bytes.TrimSpace(value))), MaxLSPFrame)
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

// lineReader reads newline-delimited frames into one buffer whose capacity
// is reserved from the budget as it grows, and returned when it shrinks.
type lineReader struct {
	in     io.Reader
	max    int
	budget *Budget

	mu         sync.Mutex // guards buf's reservation against Close
	buf        []byte
	start, end int // unread bytes are buf[start:end]
	scanned    int // buf[start:scanned] holds no newline
	reserved   int
	closed     bool
	err        error
}

// release gives the buffer's reservation back when the connection closes,
// whatever the reader is doing (it may be blocked in Read, still using buf).
func (l *lineReader) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.budget != nil {
		l.budget.release(l.reserved)
	}
	l.reserved = 0
	l.closed = true
}

const lineChunk = 32 << 10

func (l *lineReader) readFrame() ([]byte, int64, error) {
	if l.err != nil {
		return nil, 0, l.err
	}
	l.shrink()
	for {
		if i := bytes.IndexByte(l.buf[l.scanned:l.end], '\n'); i >= 0 {
			nl := l.scanned + i
			frame := l.buf[l.start:nl]
			l.start, l.scanned = nl+1, nl+1
			return frame, int64(len(frame) + 1), nil
		}
		l.scanned = l.end
		if l.end-l.start > l.max {
			return nil, 0, l.fail(fmt.Errorf("%w: a line longer than %d bytes", ErrFrameTooLarge, l.max))
		}
		if err := l.room(); err != nil {
			return nil, 0, l.fail(err)
		}
		n, err := l.in.Read(l.buf[l.end:cap(l.buf)])
		l.end += n
		if err != nil && n == 0 {
			if err == io.EOF && l.end > l.start {
				err = io.ErrUnexpectedEOF
			}
			return nil, 0, l.fail(err)
		}
	}
}

func (l *lineReader) fail(err error) error {
	l.err = err
	l.setBuf(nil)
	return err
}

// room makes space after l.end: first by moving the unread bytes to the
// front, else by growing the buffer within the line limit and the budget.
func (l *lineReader) room() error {
	if l.end < cap(l.buf) && cap(l.buf)-l.end >= lineChunk/4 {
		return nil
	}
	unread := l.end - l.start
	if l.start > 0 && cap(l.buf)-unread >= lineChunk/4 {
		copy(l.buf[:cap(l.buf)], l.buf[l.start:l.end])
		l.scanned -= l.start
		l.start, l.end = 0, unread
		return nil
	}
	// Double, but never beyond what one line may need: a line of max
	// bytes plus its newline and one read's overshoot.
	size := max(2*cap(l.buf), lineChunk)
	size = min(size, l.max+1+lineChunk)
	if size <= cap(l.buf) {
		size = cap(l.buf) + lineChunk
	}
	next := make([]byte, size)
	copy(next, l.buf[l.start:l.end])
	if !l.setBuf(next) {
		return ErrBudget
	}
	l.scanned -= l.start
	l.start, l.end = 0, unread
	return nil
}

// shrink returns a grown buffer once the frame it held has been handled,
// keeping the unread bytes.
func (l *lineReader) shrink() {
	unread := l.end - l.start
	if cap(l.buf) <= lineChunk || unread > lineChunk/2 {
		return
	}
	next := make([]byte, lineChunk)
	copy(next, l.buf[l.start:l.end])
	if !l.setBuf(next) {
		// Shrinking always fits: it gives back more than it takes.
		return
	}
	l.scanned -= l.start
	l.start, l.end = 0, unread
}

// setBuf swaps in next, moving the reservation from the old buffer to it;
// false when next does not fit in the budget (the old buffer stays).
func (l *lineReader) setBuf(next []byte) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed && next != nil {
		return false
	}
	if l.budget != nil {
		if grow := cap(next) - l.reserved; grow > 0 {
			if !l.budget.reserve(grow) {
				return false
			}
		} else if grow < 0 {
			l.budget.release(-grow)
		}
	}
	l.reserved = cap(next)
	l.buf = next
	if next == nil {
		l.start, l.end, l.scanned = 0, 0, 0
	}
	return true
}
