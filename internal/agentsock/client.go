package agentsock

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"

	"go.lsp.dev/jsonrpc2"
)

// Client is an agent's connection to a server.
type Client struct {
	raw net.Conn
	rpc jsonrpc2.Conn
}

// Dial connects to the socket at path. A missing socket, or one nobody
// listens on, is ErrNoServer so that the hook decides locally.
func Dial(ctx context.Context, path string) (*Client, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) || isRefused(err) {
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

func isRefused(err error) bool {
	var se *os.SyscallError
	if errors.As(err, &se) {
		return se.Syscall == "connect"
	}
	return false
}
