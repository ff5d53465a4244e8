package rpcstream

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		body   string
		code   jsonrpc2.Code // 0: passes to jsonrpc2
		id     string        // echoed id, "" for null
		answer bool
	}{
		{`{"jsonrpc":"2.0","id":1,"method":"m"}`, 0, "", false},
		{`{"jsonrpc":"2.0","method":"n","params":{"a":1}}`, 0, "", false},
		{`{"jsonrpc":"2.0","id":"x","result":null}`, 0, "", false},
		{`[{"jsonrpc":"2.0","id":1,"method":"m"},{"bad":1}]`, 0, "", false},
		{`[]`, 0, "", false}, // jsonrpc2 answers an empty batch itself
		{`{"jsonrpc":"2.0","id":1,"method":`, jsonrpc2.ParseError, "", true},
		{`[{"jsonrpc":"2.0",`, jsonrpc2.ParseError, "", true},
		{"\x00\xff", jsonrpc2.ParseError, "", true},
		{`{"jsonrpc":"1.0","id":7,"method":"m"}`, jsonrpc2.InvalidRequest, "7", true},
		{`{"id":"s","method":"m"}`, jsonrpc2.InvalidRequest, `"s"`, true},
		{`{"jsonrpc":"2.0","id":3}`, jsonrpc2.InvalidRequest, "3", true},
		{`{"jsonrpc":"2.0","id":4,"method":7}`, jsonrpc2.InvalidRequest, "4", true},
		{`{"jsonrpc":"2.0","id":{"a":1},"method":"m"}`, jsonrpc2.InvalidRequest, "", true},
		{`{"jsonrpc":"2.0","id":true,"method":"m"}`, jsonrpc2.InvalidRequest, "", true},
		{`"text"`, jsonrpc2.InvalidRequest, "", true},
		{`null`, jsonrpc2.InvalidRequest, "", true},
		{`{"jsonrpc":"2.0","id":5,"method":"m","result":1}`, jsonrpc2.InvalidRequest, "5", true},
		{`{"jsonrpc":"1.0","id":6,"result":1}`, jsonrpc2.InvalidRequest, "6", false}, // a response: dropped
	} {
		m := Check([]byte(tc.body))
		if tc.code == 0 {
			if m != nil {
				t.Errorf("Check(%s) = %+v, want it passed to jsonrpc2", tc.body, m)
			}
			continue
		}
		if m == nil {
			t.Errorf("Check(%s) passed, want code %d", tc.body, tc.code)
			continue
		}
		if m.Code != tc.code || string(m.ID) != tc.id || m.Answer != tc.answer || m.Problem == "" {
			t.Errorf("Check(%s) = %+v (id %s), want code %d id %q answer %v", tc.body, m, m.ID, tc.code, tc.id, tc.answer)
		}
		var resp struct {
			JSONRPC string          `json:"jsonrpc"`
			ID      json.RawMessage `json:"id"`
			Error   struct{ Code jsonrpc2.Code }
		}
		if err := json.Unmarshal(m.Response(), &resp); err != nil || resp.JSONRPC != "2.0" || resp.Error.Code != tc.code {
			t.Errorf("Check(%s).Response() = %s", tc.body, m.Response())
		}
	}
}

// Whatever Check lets through, jsonrpc2 decodes (else it would end the
// connection); whatever it answers is a valid JSON-RPC error response.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{`{"jsonrpc":"2.0","id":1,"method":"m"}`, `[{"jsonrpc":"2.0","id":1,"method":"m"}]`, `{"jsonrpc":"1.0"}`, `{`, `[]`, `{"jsonrpc":"2.0","id":1,"result":{}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		m := Check(body)
		if m == nil {
			if bytes.HasPrefix(bytes.TrimLeft(body, " \t\r\n"), []byte("[")) {
				if _, err := jsonrpc2.ParseRequests(body); err != nil && !errors.Is(err, jsonrpc2.ErrInvalidRequest) {
					t.Fatalf("batch %q passed but jsonrpc2 cannot parse it: %v", body, err)
				}
				return
			}
			if _, err := jsonrpc2.DecodeMessage(body); err != nil {
				t.Fatalf("%q passed but jsonrpc2 cannot decode it: %v", body, err)
			}
			return
		}
		if !json.Valid(m.Response()) {
			t.Fatalf("answer to %q is not JSON: %s", body, m.Response())
		}
	})
}

// chunkReader returns at most n bytes per Read, as a socket may.
type chunkReader struct {
	r io.Reader
	n int
}

func (c chunkReader) Read(p []byte) (int, error) { return c.r.Read(p[:min(len(p), c.n)]) }

func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", 700<<10)
	in := "a\n" + long + "\n" + "b\nc"
	l := &lineReader{in: chunkReader{strings.NewReader(in), 5000}, max: 1 << 20, budget: NewBudget(4 << 20)}
	for _, want := range []string{"a", long, "b"} {
		got, _, err := l.readFrame()
		if err != nil || string(got) != want {
			t.Fatalf("readFrame = %.20q (%d bytes) %v, want %.20q (%d bytes)", got, len(got), err, want, len(want))
		}
	}
	if _, _, err := l.readFrame(); err != io.ErrUnexpectedEOF {
		t.Errorf("an unfinished last line: err = %v, want io.ErrUnexpectedEOF", err)
	}
	if n := l.budget.InUse(); n != 0 {
		t.Errorf("%d bytes still reserved after the end", n)
	}

	tooLong := &lineReader{in: strings.NewReader(strings.Repeat("y", 2<<20)), max: 1 << 20}
	if _, _, err := tooLong.readFrame(); !errors.Is(err, ErrFrameTooLarge) {
		t.Errorf("a line over the limit: err = %v, want ErrFrameTooLarge", err)
	}

	small := NewBudget(300 << 10)
	over := &lineReader{in: strings.NewReader(long + "\n"), max: 1 << 20, budget: small}
	if _, _, err := over.readFrame(); !errors.Is(err, ErrBudget) {
		t.Errorf("a line over the budget: err = %v, want ErrBudget", err)
	}
	if small.InUse() != 0 {
		t.Errorf("the refused line keeps %d bytes reserved", small.InUse())
	}
}

type rwc struct {
	io.Reader
	io.Writer
}

func (rwc) Close() error { return nil }

func TestLSPStreamAnswersAndGoesOn(t *testing.T) {
	frame := func(b string) string { return "Content-Length: " + strconv.Itoa(len(b)) + "\r\n\r\n" + b }
	in := frame(`{"jsonrpc":"2.0","id":1,"method":`) + frame(`{"jsonrpc":"2.0","id":2,"method":"m"}`) + "Content-Length: x\r\n\r\n"
	var out bytes.Buffer
	s := NewLSP(rwc{strings.NewReader(in), &out}, nil)
	got, _, err := s.ReadFrame(context.Background())
	if err != nil || !strings.Contains(string(got), `"id":2`) {
		t.Fatalf("ReadFrame = %s %v, want the second message", got, err)
	}
	if !strings.Contains(out.String(), `"code":-32700`) || !strings.HasPrefix(out.String(), "Content-Length: ") {
		t.Errorf("the first was answered %q, want a framed -32700", out.String())
	}
	if _, _, err := s.ReadFrame(context.Background()); err == nil || !strings.Contains(err.Error(), "Content-Length") {
		t.Errorf("a bad header: err = %v, want one naming Content-Length", err)
	}
}

func TestLSPStreamSkipsTooLargeMessages(t *testing.T) {
	big := MaxLSPFrame + 10
	in := io.MultiReader(
		strings.NewReader("Content-Length: "+strconv.Itoa(big)+"\r\n\r\n"),
		io.LimitReader(zeros{}, int64(big)),
		strings.NewReader("Content-Length: 37\r\n\r\n"+`{"jsonrpc":"2.0","id":2,"method":"m"}`),
	)
	s := NewLSP(rwc{in, io.Discard}, nil)
	got, _, err := s.ReadFrame(context.Background())
	if err != nil || !strings.Contains(string(got), `"id":2`) {
		t.Fatalf("after a message over the limit, ReadFrame = %q %v, want the next message", got, err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestCancelParams(t *testing.T) {
	for _, tc := range []struct {
		in     string
		id     jsonrpc2.ID
		reason string
		ok     bool
	}{
		{`{"id":7}`, jsonrpc2.NewNumberID(7), "", true},
		{`{"id":"a","reason":"timeout"}`, jsonrpc2.NewStringID("a"), "timeout", true},
		{`{"id":1.5}`, jsonrpc2.ID{}, "", false},
		{`{}`, jsonrpc2.ID{}, "", false},
		{`[`, jsonrpc2.ID{}, "", false},
	} {
		id, reason, ok := CancelParams([]byte(tc.in))
		if ok != tc.ok || (ok && (id != tc.id || reason != tc.reason)) {
			t.Errorf("CancelParams(%s) = %v %q %v, want %v %q %v", tc.in, id, reason, ok, tc.id, tc.reason, tc.ok)
		}
	}
}
