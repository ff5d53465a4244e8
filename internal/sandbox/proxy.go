package sandbox

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Proxy is the HTTP proxy that sandboxed programs reach the network
// through. It runs outside the sandbox and decides every connection by the
// host it dials itself:
//
//   - a plain request (GET http://host/...) goes to the request's own
//     host, every request of a kept-alive connection checked anew;
//   - a CONNECT tunnel goes to the CONNECT host, and the first bytes the
//     client sends must be a TLS ClientHello whose server name, if any, is
//     that host. A tunnel that carries plain text (a second CONNECT, an
//     absolute-form request) is how a CONNECT relayed through an allowed
//     host that is itself a proxy reaches every other host: refused.
//   - a name that resolves to a loopback, link-local or unspecified
//     address is refused unless the name itself is that address or
//     "localhost": an allowed wildcard domain must not lead to the host's
//     own services or a cloud metadata endpoint. The address checked is the
//     address dialed (no second lookup to rebind).
type Proxy struct {
	Allow func(host string) bool
	// Dial connects to an address already checked; nil is a net.Dialer.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// Resolve looks a host up; nil is net.DefaultResolver.
	Resolve func(ctx context.Context, host string) ([]net.IPAddr, error)
	Log     io.Writer // one line per refused connection; nil = silent

	logMu sync.Mutex
}

// Serve accepts connections until ln is closed.
func (p *Proxy) Serve(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go p.serveConn(c)
	}
}

func (p *Proxy) serveConn(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		if req.Method == http.MethodConnect {
			p.tunnel(c, br, req)
			return
		}
		if !p.forward(c, req) {
			return
		}
	}
}

func (p *Proxy) refuse(c net.Conn, code int, host, why string) {
	msg := fmt.Sprintf("gatehouse sandbox: connection to %q refused: %s\n", host, why)
	if p.Log != nil {
		p.logMu.Lock()
		io.WriteString(p.Log, msg)
		p.logMu.Unlock()
	}
	fmt.Fprintf(c, "HTTP/1.1 %d %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
		code, http.StatusText(code), len(msg), msg)
}

const notAllowed = "the host is not allowed; add a WebFetch(domain:HOST) allow rule or sandbox.network.allowedDomains"

// dial checks host and connects to one of its checked addresses.
func (p *Proxy) dial(ctx context.Context, host, port string) (net.Conn, error) {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if p.Allow == nil || !p.Allow(h) {
		return nil, errors.New(notAllowed)
	}
	var ips []net.IPAddr
	if ip := net.ParseIP(h); ip != nil {
		ips = []net.IPAddr{{IP: ip}}
	} else {
		resolve := p.Resolve
		if resolve == nil {
			resolve = net.DefaultResolver.LookupIPAddr
		}
		var err error
		if ips, err = resolve(ctx, h); err != nil {
			return nil, fmt.Errorf("cannot resolve the host: %v", err)
		}
		if h != "localhost" {
			kept := ips[:0]
			for _, ip := range ips {
				if !(ip.IP.IsLoopback() || ip.IP.IsLinkLocalUnicast() || ip.IP.IsUnspecified() || ip.IP.IsLinkLocalMulticast()) {
					kept = append(kept, ip)
				}
			}
			if len(kept) == 0 {
				return nil, errors.New("the host resolves only to loopback or link-local addresses")
			}
			ips = kept
		}
	}
	dial := p.Dial
	if dial == nil {
		d := &net.Dialer{Timeout: 30 * time.Second}
		dial = d.DialContext
	}
	var last error
	for _, ip := range ips {
		conn, err := dial(ctx, "tcp", net.JoinHostPort(ip.IP.String(), port))
		if err == nil {
			return conn, nil
		}
		last = err
	}
	return nil, last
}

func splitHostPort(hostport, defPort string) (string, string, error) {
	if !strings.Contains(hostport, ":") || strings.HasSuffix(hostport, "]") {
		return strings.Trim(hostport, "[]"), defPort, nil
	}
	h, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return "", "", err
	}
	if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
		return "", "", fmt.Errorf("bad port %q", port)
	}
	return h, port, nil
}

// forward relays one plain HTTP request; it reports whether the client
// connection may carry another.
func (p *Proxy) forward(c net.Conn, req *http.Request) bool {
	if req.URL == nil || req.URL.Host == "" || !strings.EqualFold(req.URL.Scheme, "http") {
		p.refuse(c, http.StatusBadRequest, req.Host, "only absolute http:// requests and CONNECT go through this proxy")
		return false
	}
	host, port, err := splitHostPort(req.URL.Host, "80")
	if err != nil {
		p.refuse(c, http.StatusBadRequest, req.URL.Host, err.Error())
		return false
	}
	up, err := p.dial(req.Context(), host, port)
	if err != nil {
		p.refuse(c, http.StatusForbidden, host, err.Error())
		return false
	}
	defer up.Close()
	// The Host header goes out as the host that was checked.
	req.Host = req.URL.Host
	req.Header.Del("Proxy-Connection")
	req.Header.Del("Proxy-Authorization")
	req.RequestURI = ""
	if err := req.Write(up); err != nil {
		return false
	}
	resp, err := http.ReadResponse(bufio.NewReader(up), req)
	if err != nil {
		p.refuse(c, http.StatusBadGateway, host, err.Error())
		return false
	}
	defer resp.Body.Close()
	keep := !req.Close && !resp.Close
	if !keep {
		resp.Close = true
	}
	if err := resp.Write(c); err != nil {
		return false
	}
	return keep
}

// tunnel serves a CONNECT after checking the host and, once the client
// speaks, that it speaks TLS to that same host.
func (p *Proxy) tunnel(c net.Conn, br *bufio.Reader, req *http.Request) {
	host, port, err := splitHostPort(req.RequestURI, "443")
	if err != nil || host == "" {
		p.refuse(c, http.StatusBadRequest, req.RequestURI, "CONNECT needs host:port")
		return
	}
	up, err := p.dial(req.Context(), host, port)
	if err != nil {
		p.refuse(c, http.StatusForbidden, host, err.Error())
		return
	}
	defer up.Close()
	if _, err := io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		return
	}
	hello, sni, err := readClientHello(br)
	if err != nil {
		p.logf("gatehouse sandbox: tunnel to %q closed: %v\n", host, err)
		return
	}
	if sni != "" && !strings.EqualFold(strings.TrimSuffix(sni, "."), strings.TrimSuffix(host, ".")) {
		p.logf("gatehouse sandbox: tunnel to %q closed: the TLS server name is %q\n", host, sni)
		return
	}
	if _, err := up.Write(hello); err != nil {
		return
	}
	pipe(&bufConn{Conn: c, r: br}, up)
}

func (p *Proxy) logf(format string, args ...any) {
	if p.Log != nil {
		p.logMu.Lock()
		fmt.Fprintf(p.Log, format, args...)
		p.logMu.Unlock()
	}
}

// bufConn reads what the bufio.Reader already holds before the socket.
type bufConn struct {
	net.Conn
	r *bufio.Reader
}

func (b *bufConn) Read(p []byte) (int, error) { return b.r.Read(p) }

func (b *bufConn) CloseWrite() error {
	if cw, ok := b.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return b.Conn.Close()
}

var errHelloSeen = errors.New("client hello read")

// readClientHello reads the client's first TLS handshake message through
// crypto/tls (no hand-written parser) and returns the bytes read, to
// replay upstream, and the server name.
func readClientHello(br *bufio.Reader) ([]byte, string, error) {
	first, err := br.Peek(1)
	if err != nil {
		return nil, "", err
	}
	if first[0] != 0x16 { // TLS handshake record
		return nil, "", errors.New("the tunnel does not carry TLS (a request relayed through the tunnel could reach another host)")
	}
	rec := &recordingConn{r: br}
	var sni string
	var gotHello bool
	srv := tls.Server(rec, &tls.Config{GetConfigForClient: func(h *tls.ClientHelloInfo) (*tls.Config, error) {
		sni, gotHello = h.ServerName, true
		return nil, errHelloSeen
	}})
	srv.Handshake()
	if !gotHello {
		return nil, "", errors.New("the tunnel does not start with a TLS ClientHello")
	}
	return rec.buf.Bytes(), sni, nil
}

// recordingConn feeds crypto/tls from the client and keeps every byte;
// writes (the TLS alert after the abort) go nowhere.
type recordingConn struct {
	net.Conn
	r   io.Reader
	buf bytes.Buffer
}

func (r *recordingConn) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.buf.Write(p[:n])
	return n, err
}
func (r *recordingConn) Write(p []byte) (int, error)        { return len(p), nil }
func (r *recordingConn) Close() error                       { return nil }
func (r *recordingConn) LocalAddr() net.Addr                { return &net.UnixAddr{} }
func (r *recordingConn) RemoteAddr() net.Addr               { return &net.UnixAddr{} }
func (r *recordingConn) SetDeadline(t time.Time) error      { return nil }
func (r *recordingConn) SetReadDeadline(t time.Time) error  { return nil }
func (r *recordingConn) SetWriteDeadline(t time.Time) error { return nil }

// pipe copies both ways until both directions are done.
func pipe(a, b net.Conn) {
	done := make(chan struct{}, 2)
	cp := func(dst, src net.Conn) {
		io.Copy(dst, src)
		if cw, ok := dst.(interface{ CloseWrite() error }); ok {
			cw.CloseWrite()
		} else {
			dst.Close()
		}
		done <- struct{}{}
	}
	go cp(a, b)
	go cp(b, a)
	<-done
	<-done
}
