package agentsock

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"syscall"

	"go.lsp.dev/jsonrpc2"
)

// Client is an agent's connection to a server.
type Client struct {
	raw net.Conn
	rpc jsonrpc2.Conn
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
	c, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		if noServer(path, err) {
			return nil, fmt.Errorf("%w (%s: %v)", ErrNoServer, path, err)
		}
		return nil, fmt.Errorf("connect to Gatehouse at %s: %w", path, err)
	}
	rpc := jsonrpc2.NewConn(jsonrpc2.NewNDJSONStream(c))
	rpc.Go(context.Background(), jsonrpc2.MethodNotFoundHandler)
	return &Client{raw: c, rpc: rpc}, nil
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

// Call sends any method and decodes the result.
func (c *Client) Call(ctx context.Context, method string, params, result any) error {
	_, err := c.rpc.Call(ctx, method, params, result)
	return err
}

// Close ends the connection at once: calls still waiting fail. (jsonrpc2's
// own Close would wait for them to drain, which for a hook waiting on a person
// may be minutes.)
func (c *Client) Close() error {
	c.raw.Close()
	c.rpc.Close()
	return nil
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
