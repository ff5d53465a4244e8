package agentproto

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// Client is an agent's connection to a server. It speaks the socket's
// JSON-RPC 2.0 (one object per line) with encoding/json alone, so that the
// hook does not link a JSON-RPC framework for the one call it makes. Calls
// may run concurrently; answers are matched by id.
type Client struct {
	conn net.Conn

	writeMu sync.Mutex

	mu      sync.Mutex
	nextID  int64
	waiting map[int64]chan response
	err     error // set once the connection is gone
}

// Error is an error answer from the server.
type Error struct {
	Code    int64           `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data,omitempty"`
}

func (e *Error) Error() string { return fmt.Sprintf("%s (JSON-RPC error %d)", e.Message, e.Code) }

type request struct {
	JSONRPC string `json:"jsonrpc"`
	ID      int64  `json:"id"`
	Method  string `json:"method"`
	Params  any    `json:"params,omitempty"`
}

type response struct {
	ID     json.RawMessage `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *Error          `json:"error"`
	err    error           // the connection failed before an answer came
}

// Dial connects to the socket at path. Only a socket that is not there, or
// one whose discovery record names a process that has exited (a server that
// crashed without cleaning up), is ErrNoServer, so that the hook decides
// locally. Every other failure (a full accept backlog, EAGAIN, a permission
// error, a refusal from a socket whose server may still be alive) is an
// error: a running server would have decided, and it may be stricter than
// the offline policy (it knows whether the editor trusts the folder), so the
// caller must ask instead.
func Dial(ctx context.Context, path string) (*Client, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		if noServer(path, err) {
			return nil, fmt.Errorf("%w (%s: %v)", ErrNoServer, path, err)
		}
		return nil, fmt.Errorf("connect to Gatehouse at %s: %w", path, err)
	}
	c := &Client{conn: conn, waiting: map[int64]chan response{}}
	go c.read()
	return c, nil
}

// DialProject finds the server of projectDir (socketEnv first, as the
// extension exports GATEHOUSE_SOCKET to its terminals) and connects.
func DialProject(ctx context.Context, socketEnv, projectDir string) (*Client, error) {
	path := socketEnv
	if path == "" {
		dir, err := Dir()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrNoServer, err)
		}
		if path, err = Discover(dir, projectDir); err != nil {
			return nil, err
		}
	}
	return Dial(ctx, path)
}

// Hook asks the server to decide one hook payload and waits for the answer.
// An error other than ctx's means the server failed or went away mid-wait:
// the caller must not treat that as an allow.
func (c *Client) Hook(ctx context.Context, p HookParams) (HookResult, error) {
	var res HookResult
	err := c.Call(ctx, MethodHook, p, &res)
	return res, err
}

// Call sends any method and decodes the result into result (nil: ignored).
func (c *Client) Call(ctx context.Context, method string, params, result any) error {
	ch := make(chan response, 1)
	c.mu.Lock()
	if c.err != nil {
		err := c.err
		c.mu.Unlock()
		return err
	}
	c.nextID++
	id := c.nextID
	c.waiting[id] = ch
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.waiting, id)
		c.mu.Unlock()
	}()

	line, err := json.Marshal(request{JSONRPC: "2.0", ID: id, Method: method, Params: params})
	if err != nil {
		return fmt.Errorf("encode %s: %w", method, err)
	}
	c.writeMu.Lock()
	_, err = c.conn.Write(append(line, '\n'))
	c.writeMu.Unlock()
	if err != nil {
		return fmt.Errorf("send %s: %w", method, err)
	}
	select {
	case <-ctx.Done():
		c.cancel(id, ctx.Err())
		return ctx.Err()
	case r := <-ch:
		switch {
		case r.err != nil:
			return r.err
		case r.Error != nil:
			return r.Error
		case result == nil:
			return nil
		}
		if err := json.Unmarshal(r.Result, result); err != nil {
			return fmt.Errorf("decode the answer to %s: %w", method, err)
		}
		return nil
	}
}

// cancel tells the server why the caller stopped waiting for call id, so
// that its audit log records what the agent was told (a timeout, or an
// interruption by a signal) instead of a bare disconnect. Best effort: the
// connection may already be gone.
func (c *Client) cancel(id int64, why error) {
	reason := StopInterrupted
	if errors.Is(why, context.DeadlineExceeded) {
		reason = StopTimeout
	}
	line, err := json.Marshal(map[string]any{
		"jsonrpc": "2.0",
		"method":  "$/cancelRequest",
		"params":  map[string]any{"id": id, "reason": reason},
	})
	if err != nil {
		return
	}
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	_ = c.conn.SetWriteDeadline(time.Now().Add(cancelWriteWait))
	_, _ = c.conn.Write(append(line, '\n'))
	_ = c.conn.SetWriteDeadline(time.Time{})
}

// cancelWriteWait bounds the write of a cancellation: a server that
// stopped reading must not hold the hook past its deadline.
const cancelWriteWait = 100 * time.Millisecond

// Why a caller stopped waiting, as $/cancelRequest says it.
const (
	StopTimeout     = "timeout"
	StopInterrupted = "interrupted"
)

// read delivers each answer to its caller until the connection ends, then
// fails every call still waiting.
func (c *Client) read() {
	r := bufio.NewReaderSize(c.conn, 64<<10)
	var err error
	for {
		var line []byte
		line, err = readLine(r)
		if err != nil {
			break
		}
		var resp response
		if json.Unmarshal(line, &resp) != nil {
			continue // not an answer (a notification or noise): nobody waits for it
		}
		var id int64
		if json.Unmarshal(resp.ID, &id) != nil {
			continue
		}
		c.mu.Lock()
		ch := c.waiting[id]
		c.mu.Unlock()
		if ch != nil {
			ch <- resp
		}
	}
	c.mu.Lock()
	c.err = fmt.Errorf("the Gatehouse server closed the connection: %w", err)
	for _, ch := range c.waiting {
		ch <- response{err: c.err}
	}
	c.waiting = map[int64]chan response{}
	c.mu.Unlock()
}

// readLine reads one line of at most MaxFrame bytes.
func readLine(r *bufio.Reader) ([]byte, error) {
	var buf bytes.Buffer
	for {
		chunk, err := r.ReadSlice('\n')
		buf.Write(chunk)
		if buf.Len() > MaxFrame {
			return nil, fmt.Errorf("an answer larger than %d MiB", MaxFrame>>20)
		}
		switch {
		case err == nil:
			return buf.Bytes(), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		default:
			return nil, err
		}
	}
}

// Close ends the connection at once: calls still waiting fail (the server
// sees the agent give up).
func (c *Client) Close() error {
	return c.conn.Close()
}

// noServer tells whether a failed connect means that no server is running:
// the socket file is missing, or nobody listens on it and the discovery
// record that names it says its server's process is gone.
func noServer(path string, err error) bool {
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ENOENT) {
		return true
	}
	if !errors.Is(err, syscall.ECONNREFUSED) {
		// EAGAIN is a backlog full of waiting agents: the server is alive.
		return false
	}
	dir, derr := Dir()
	if derr != nil {
		return false
	}
	pid, ok := recordedPID(dir, path)
	return ok && !processAlive(pid)
}

// recordedPID is the process id that a discovery record in dir gives for
// socket, if any record names it.
func recordedPID(dir, socket string) (int, bool) {
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return 0, false
	}
	for _, name := range names {
		rec, err := readRecord(name)
		if err == nil && rec.Socket == socket && rec.PID > 0 {
			return rec.PID, true
		}
	}
	return 0, false
}
