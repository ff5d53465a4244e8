// Package rpcstream frames the JSON-RPC 2.0 messages of the server's two
// connections (LSP headers on stdio, one JSON value per line on the agent
// socket) for go.lsp.dev/jsonrpc2, and answers what a peer sends wrong the way
// JSON-RPC 2.0 prescribes instead of dropping the connection.
//
// jsonrpc2 ends a connection on the first frame it cannot decode: one stray
// byte from an editor plugin would stop the language server, and one bad
// request would drop an agent's connection. Here a frame that is not JSON is
// answered -32700 (Parse error, id null), a JSON value that is not a valid
// request -32600 (Invalid Request, with its id when it has a usable one), and
// the next frame is read. Only broken framing (a bad Content-Length header, an
// over-long line, the memory budget exhausted) ends the connection, and the
// error says why.
//
// The readers also bound memory: a frame's buffer is released once the
// connection has read past it, and the agent socket's partial lines draw on
// one Budget shared by every connection.
package rpcstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"sync"

	"go.lsp.dev/jsonrpc2"
)

// frameReader reads one frame body at a time; the body is valid until the
// next call.
type frameReader interface {
	readFrame() ([]byte, int64, error)
}

// frameWriter writes one already-encoded body as a frame.
type frameWriter interface {
	writeFrame(body []byte) (int64, error)
}

// Stream is a jsonrpc2.Stream that checks every frame before the connection
// sees it. It implements jsonrpc2's raw-frame extension (ReadFrame and
// WriteFrame), which the connection prefers over Read.
type Stream struct {
	r      frameReader
	w      frameWriter
	closer io.Closer
	log    *slog.Logger
	what   string // "LSP" or "agent", for log lines
}

var _ jsonrpc2.Stream = (*Stream)(nil)

// Read implements jsonrpc2.Stream for callers that do not use frames.
func (s *Stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	body, n, err := s.ReadFrame(ctx)
	if err != nil {
		return nil, 0, err
	}
	msg, err := jsonrpc2.DecodeMessage(body)
	return msg, n, err
}

// ReadFrame returns the next frame that jsonrpc2 can decode. Frames it could
// not are answered here (requests) or dropped (responses), and logged.
func (s *Stream) ReadFrame(ctx context.Context) ([]byte, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		body, n, err := s.r.readFrame()
		var skipped errSkipped
		if errors.As(err, &skipped) {
			// Likely a notification (didOpen of a huge file): nothing
			// to answer, and nothing lost but that message.
			s.log.Warn(s.what + " connection: " + skipped.Error())
			continue
		}
		if err != nil {
			if errors.Is(err, ErrFrameTooLarge) || errors.Is(err, ErrBudget) {
				// Tell the peer why before closing: its calls would
				// otherwise fail with a bare connection reset.
				s.w.writeFrame(notice(err.Error() + "; closing the connection"))
			}
			if err != io.EOF && !errors.Is(err, net.ErrClosed) && !errors.Is(err, io.ErrClosedPipe) {
				s.log.Error(s.what+" connection: cannot read the next message; closing the connection", "err", err)
			}
			return nil, 0, err
		}
		bad := Check(body)
		if bad == nil {
			return body, n, nil
		}
		if !bad.Answer {
			s.log.Warn(s.what+" connection: dropped a malformed response", "problem", bad.Problem, "start", start(body))
			continue
		}
		s.log.Warn(s.what+" connection: answered a malformed message with an error", "code", int64(bad.Code), "problem", bad.Problem, "start", start(body))
		if _, err := s.w.writeFrame(bad.Response()); err != nil {
			return nil, 0, fmt.Errorf("answer a malformed message: %w", err)
		}
	}
}

// WriteFrame implements jsonrpc2's raw-frame extension (batch responses).
func (s *Stream) WriteFrame(ctx context.Context, data []byte) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return s.w.writeFrame(data)
}

// Write implements jsonrpc2.Stream. The body is encoded into a buffer of its
// own that is garbage once written: a stream-wide buffer would keep the
// largest message ever sent (a 50 MiB proposed file) for the connection's
// life.
func (s *Stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return s.w.writeFrame(jsonrpc2.AppendMessage(nil, msg))
}

// Close implements jsonrpc2.Stream.
func (s *Stream) Close() error { return s.closer.Close() }

// notice is an error response with a null id from the implementation-defined
// server-error range: it answers no request in particular.
func notice(msg string) []byte {
	b, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": nil, "error": map[string]any{"code": -32000, "message": msg}})
	return b
}

// start is the beginning of a frame, quoted, for a log line.
func start(body []byte) string {
	const max = 80
	if len(body) > max {
		return string(body[:max]) + "…"
	}
	return string(body)
}

// Malformed is what is wrong with a frame that jsonrpc2 cannot decode.
type Malformed struct {
	Code    jsonrpc2.Code   // ParseError or InvalidRequest
	Problem string          // what was wrong, for the log and the error's message
	ID      json.RawMessage // the request's id when usable, else nil (null)
	Answer  bool            // false for a response: responses are never answered
}

// Response is the error response that answers the frame.
func (m *Malformed) Response() []byte {
	id := json.RawMessage("null")
	if m.ID != nil {
		id = m.ID
	}
	msg := "Parse error"
	if m.Code == jsonrpc2.InvalidRequest {
		msg = "Invalid Request"
	}
	b, _ := json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   any             `json:"error"`
	}{"2.0", id, map[string]any{"code": m.Code, "message": msg + ": " + m.Problem}})
	return b
}

// present records that a member exists without copying its value.
type present bool

func (p *present) UnmarshalJSON([]byte) error { *p = true; return nil }

// Check reports what is wrong with a frame, or nil when jsonrpc2 can decode
// it (a request, a response, or a batch whose members jsonrpc2 answers one by
// one).
func Check(body []byte) *Malformed {
	i := 0
	for i < len(body) && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n') {
		i++
	}
	if i < len(body) && body[i] == '[' {
		// jsonrpc2 answers each bad member of a batch, but ends the
		// connection on a batch that is not JSON.
		if err := json.Unmarshal(body, new([]json.RawMessage)); err != nil {
			return parseProblem(err)
		}
		return nil
	}
	if _, err := jsonrpc2.DecodeMessage(body); err == nil {
		return nil
	}
	// The slow path, for frames that are wrong anyway: encoding/json says
	// what is wrong. The members are only noted, never copied.
	var probe struct {
		JSONRPC json.RawMessage `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Method  json.RawMessage `json:"method"`
		Result  present         `json:"result"`
		Error   present         `json:"error"`
		Params  present         `json:"params"`
	}
	if err := json.Unmarshal(body, &probe); err != nil {
		if m := parseProblem(err); m != nil {
			return m
		}
		return &Malformed{Code: jsonrpc2.InvalidRequest, Problem: "the message is not a JSON object", Answer: true}
	}
	m := &Malformed{Code: jsonrpc2.InvalidRequest, Answer: true}
	if usableID(probe.ID) {
		m.ID = append(json.RawMessage(nil), probe.ID...)
	}
	switch {
	case probe.Method == nil && bool(probe.Result || probe.Error):
		m.Answer = false
		m.Problem = "the response is not valid JSON-RPC 2.0"
	case string(probe.JSONRPC) != `"2.0"`:
		m.Problem = `"jsonrpc" must be "2.0"`
		if probe.JSONRPC == nil {
			m.Problem = `no "jsonrpc": "2.0" member`
		}
	case probe.Method == nil:
		m.Problem = `no "method" member`
	case len(probe.Method) == 0 || probe.Method[0] != '"':
		m.Problem = `"method" must be a string`
	case probe.ID != nil && !usableID(probe.ID) && string(probe.ID) != "null":
		m.Problem = `"id" must be a string, a number or null`
	case bool(probe.Result || probe.Error):
		m.Problem = `a request has no "result" or "error" member`
	default:
		m.Problem = "not a valid request"
	}
	return m
}

func parseProblem(err error) *Malformed {
	if se, ok := err.(*json.SyntaxError); ok {
		return &Malformed{Code: jsonrpc2.ParseError, Problem: fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, se), Answer: true}
	}
	if err == io.ErrUnexpectedEOF {
		return &Malformed{Code: jsonrpc2.ParseError, Problem: "invalid JSON: unexpected end", Answer: true}
	}
	return nil
}

// usableID reports whether raw is an id a response may echo: a string or a
// number (JSON-RPC 2.0 §4).
func usableID(raw json.RawMessage) bool {
	if len(raw) == 0 {
		return false
	}
	switch c := raw[0]; {
	case c == '"':
		return true
	case c == '-' || (c >= '0' && c <= '9'):
		return true
	}
	return false
}

// lockedWriter serialises frames on one connection.
type lockedWriter struct {
	mu     sync.Mutex
	w      io.Writer
	header bool // LSP Content-Length framing, else newline-delimited
}

func (lw *lockedWriter) writeFrame(body []byte) (int64, error) {
	var prefix []byte
	suffix := []byte{'\n'}
	if lw.header {
		prefix = append([]byte("Content-Length: "), strconv.Itoa(len(body))...)
		prefix = append(prefix, "\r\n\r\n"...)
		suffix = nil
	}
	lw.mu.Lock()
	defer lw.mu.Unlock()
	if len(body) <= smallFrame {
		// One write for the usual small message; a large one is written
		// in place rather than copied next to its header.
		buf := make([]byte, 0, len(prefix)+len(body)+len(suffix))
		n, err := lw.w.Write(append(append(append(buf, prefix...), body...), suffix...))
		return int64(n), err
	}
	var total int64
	for _, part := range [][]byte{prefix, body, suffix} {
		if len(part) == 0 {
			continue
		}
		n, err := lw.w.Write(part)
		total += int64(n)
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// CancelParams reads the params of a $/cancelRequest notification: the id
// of the call to cancel (a number or a string, as JSON-RPC ids are) and the
// optional reason a Gatehouse client gives. ok is false for params that
// name no usable id; the notification asks for no answer, so the caller
// ignores those.
func CancelParams(params []byte) (id jsonrpc2.ID, reason string, ok bool) {
	var p struct {
		ID     json.RawMessage `json:"id"`
		Reason string          `json:"reason"`
	}
	if json.Unmarshal(params, &p) != nil {
		return id, "", false
	}
	var n int64
	var str string
	switch {
	case json.Unmarshal(p.ID, &n) == nil:
		return jsonrpc2.NewNumberID(n), p.Reason, true
	case json.Unmarshal(p.ID, &str) == nil:
		return jsonrpc2.NewStringID(str), p.Reason, true
	}
	return id, "", false
}
