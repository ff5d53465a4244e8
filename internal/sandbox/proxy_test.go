package sandbox

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// testProxy serves a Proxy on a loopback port. Names resolve through
// hosts; every address dialed is recorded.
func testProxy(t *testing.T, allowed []string, hosts map[string]string) (addr string, dialed chan string) {
	t.Helper()
	dialed = make(chan string, 16)
	p := &Proxy{
		Allow: func(h string) bool {
			for _, a := range allowed {
				if h == a {
					return true
				}
			}
			return false
		},
		Resolve: func(ctx context.Context, host string) ([]net.IPAddr, error) {
			ip, ok := hosts[host]
			if !ok {
				return nil, fmt.Errorf("no such host %s", host)
			}
			return []net.IPAddr{{IP: net.ParseIP(ip)}}, nil
		},
		Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dialed <- addr
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go p.Serve(ln)
	return ln.Addr().String(), dialed
}

// upstream is a TLS and a plain server on loopback; "localhost" and
// "allowed.test" (through a test resolver entry that the loopback rule
// exempts only for localhost) name them.
func TestProxyPlainHTTP(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello %s", r.Host)
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	addr, _ := testProxy(t, []string{"localhost"}, map[string]string{"localhost": "127.0.0.1", "evil.test": "127.0.0.1"})
	client := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(&url.URL{Scheme: "http", Host: addr})}}

	resp, err := client.Get("http://localhost:" + port + "/x")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "hello localhost:"+port {
		t.Errorf("allowed host: %d %q", resp.StatusCode, body)
	}
	for _, u := range []string{"http://evil.test:" + port + "/", "http://127.0.0.1:" + port + "/"} {
		resp, err := client.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", u, resp.StatusCode)
		}
	}
}

// A request whose Host header names an allowed host but whose URL names
// another goes to the URL's host, which is the one checked.
func TestProxyChecksDialedHostNotHeader(t *testing.T) {
	addr, dialed := testProxy(t, []string{"allowed.test"}, map[string]string{"allowed.test": "192.0.2.1", "evil.test": "192.0.2.2"})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET http://evil.test/ HTTP/1.1\r\nHost: allowed.test\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("status %d, want 403", resp.StatusCode)
	}
	select {
	case a := <-dialed:
		t.Errorf("dialed %s", a)
	default:
	}
}

// Wildcard rules must not lead to the machine's own services: a name that
// resolves to loopback is refused unless it is localhost itself.
func TestProxyRefusesLoopbackBehindNames(t *testing.T) {
	addr, dialed := testProxy(t, []string{"rebind.test"}, map[string]string{"rebind.test": "127.0.0.1"})
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "CONNECT rebind.test:443 HTTP/1.1\r\nHost: rebind.test:443\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("status %d, want 403", resp.StatusCode)
	}
	select {
	case a := <-dialed:
		t.Errorf("dialed %s", a)
	default:
	}
}

func connect(t *testing.T, proxy, target string) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", proxy)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(c, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n", target, target)
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("CONNECT %s: %d", target, resp.StatusCode)
	}
	return c, br
}

func TestProxyConnectTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "secure")
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	addr, _ := testProxy(t, []string{"localhost"}, map[string]string{"localhost": "127.0.0.1"})

	// The server name is the CONNECT host: the tunnel works.
	c, _ := connect(t, addr, "localhost:"+port)
	tc := tls.Client(c, &tls.Config{ServerName: "localhost", InsecureSkipVerify: true})
	fmt.Fprintf(tc, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(tc), nil)
	if err != nil {
		t.Fatalf("TLS through the tunnel: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	if string(body) != "secure" {
		t.Errorf("body %q", body)
	}
	tc.Close()

	// Another server name inside an allowed tunnel (domain fronting): closed.
	c, _ = connect(t, addr, "localhost:"+port)
	tc = tls.Client(c, &tls.Config{ServerName: "evil.test", InsecureSkipVerify: true})
	if err := tc.Handshake(); err == nil {
		t.Error("a TLS handshake for evil.test went through a tunnel to localhost")
	}
	tc.Close()
}

// The published bypass: CONNECT to an allowed host that is itself a
// proxy, then a second CONNECT (or an absolute-form request) inside the
// tunnel to anywhere. The tunnel must carry TLS, so the plain text closes it.
func TestProxyConnectRelayedThroughAllowedHost(t *testing.T) {
	// An open proxy on the allowed host, which would relay anything.
	relayed := make(chan string, 4)
	open := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		relayed <- r.Method + " " + r.RequestURI
		w.WriteHeader(200)
	}))
	defer open.Close()
	_, port, _ := net.SplitHostPort(open.Listener.Addr().String())
	addr, _ := testProxy(t, []string{"localhost"}, map[string]string{"localhost": "127.0.0.1"})
	for _, inner := range []string{
		"CONNECT evil.test:443 HTTP/1.1\r\nHost: evil.test:443\r\n\r\n",
		"GET http://evil.test/ HTTP/1.1\r\nHost: evil.test\r\n\r\n",
	} {
		c, br := connect(t, addr, "localhost:"+port)
		io.WriteString(c, inner)
		if resp, err := http.ReadResponse(br, nil); err == nil {
			t.Errorf("the tunnel relayed %q: status %d", strings.Fields(inner)[0], resp.StatusCode)
		}
		c.Close()
	}
	select {
	case r := <-relayed:
		t.Errorf("the allowed host received %q through the tunnel", r)
	default:
	}
}
