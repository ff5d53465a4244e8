package approval

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sourcegraph/conc"

	"github.com/gatehouse/gatehouse/internal/action"
)

// waitPending polls until n requests are pending.
func waitPending(t *testing.T, b *Broker, n int) []Request {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		p := b.Pending()
		if len(p) == n {
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("pending: got %d requests, want %d", len(p), n)
		}
		time.Sleep(time.Millisecond)
	}
}

type result struct {
	d   Decision
	err error
}

// start runs Wait in a goroutine and returns where its result arrives.
func start(ctx context.Context, b *Broker, r Request) <-chan result {
	ch := make(chan result, 1)
	go func() {
		d, err := b.Wait(ctx, r)
		ch <- result{d, err}
	}()
	return ch
}

func TestDecideOnce(t *testing.T) {
	b := New(Options{})
	done := start(t.Context(), b, Request{Kind: action.Command, Tool: "Bash", Command: "npm test", Session: "s1"})
	p := waitPending(t, b, 1)
	if !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(p[0].ID) {
		t.Errorf("ID %q: want 16 hex characters", p[0].ID)
	}
	if p[0].Created.IsZero() {
		t.Error("Created not set")
	}
	if got, ok := b.Get(p[0].ID); !ok || got.Command != "npm test" {
		t.Errorf("Get = %+v, %v", got, ok)
	}
	if err := b.Decide(p[0].ID, Decision{Behavior: Allow, Reason: "looks fine"}); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil || r.d.Behavior != Allow || r.d.By != ByPerson || r.d.Scope != ScopeOnce {
		t.Errorf("Wait = %+v, %v; want allow once by person", r.d, r.err)
	}
	if len(b.Pending()) != 0 {
		t.Error("request still pending after decision")
	}
	if _, ok := b.Get(p[0].ID); ok {
		t.Error("Get finds a decided request")
	}
	h := b.History(0)
	if len(h) != 1 || h[0].Request.ID != p[0].ID || h[0].Decision.Behavior != Allow {
		t.Errorf("History = %+v", h)
	}
	err := b.Decide(p[0].ID, Decision{Behavior: Deny})
	if err == nil || !strings.Contains(err.Error(), p[0].ID) {
		t.Errorf("second Decide: err = %v, want an error naming %s", err, p[0].ID)
	}
	if err := b.Decide("nope", Decision{Behavior: Allow}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("Decide unknown: err = %v", err)
	}
}

func TestDecideRejectsBadDecisions(t *testing.T) {
	b := New(Options{})
	done := start(t.Context(), b, Request{ID: "r1", Session: "s"})
	waitPending(t, b, 1)
	for _, d := range []Decision{
		{Behavior: ""},
		{Behavior: "ALLOW"},
		{Behavior: "yes"},
		{Behavior: Allow, Scope: "forever"},
		{Behavior: Allow, Scope: ScopeSession}, // no rule anywhere
		{Behavior: Allow, Scope: ScopeAlways},  // no rule, no store
		{Behavior: Allow, Scope: ScopeSession, Rule: "Bash(ls)\nBash(*)"},
		{Behavior: Allow, Scope: ScopeSession, Rule: "Bash(ls\u202e)"},
		{Behavior: Allow, UpdatedInput: []byte(`{"command":`)},
	} {
		if err := b.Decide("r1", d); err == nil {
			t.Errorf("Decide(%+v) succeeded, want an error", d)
		}
	}
	if len(b.Pending()) != 1 {
		t.Fatal("a refused decision removed the request")
	}
	if err := b.Decide("r1", Decision{Behavior: Deny}); err != nil {
		t.Fatal(err)
	}
	if r := <-done; r.d.Behavior != Deny {
		t.Errorf("got %+v", r.d)
	}
}

func TestDuplicateIDRefused(t *testing.T) {
	b := New(Options{})
	first := start(t.Context(), b, Request{ID: "same"})
	waitPending(t, b, 1)
	d, err := b.Wait(t.Context(), Request{ID: "same"})
	if err == nil || d.Behavior == Allow {
		t.Errorf("second Wait with the same ID: %+v, %v", d, err)
	}
	b.Decide("same", Decision{Behavior: Deny})
	<-first
}

func TestUnknownKindBecomesOther(t *testing.T) {
	b := New(Options{})
	start(t.Context(), b, Request{Kind: "fancy-new-ui"})
	if p := waitPending(t, b, 1); p[0].Kind != action.Other {
		t.Errorf("kind = %q, want other", p[0].Kind)
	}
	b.Close()
}

func TestTimeout(t *testing.T) {
	b := New(Options{})
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	d, err := b.Wait(ctx, Request{ID: "slow", Tool: "Bash"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want deadline exceeded", err)
	}
	if d.Behavior == Allow || d.By != ByTimeout {
		t.Errorf("decision = %+v, want not allow, by timeout", d)
	}
	if len(b.Pending()) != 0 {
		t.Error("timed-out request still pending")
	}
	h := b.History(0)
	if len(h) != 1 || h[0].Decision.By != ByTimeout {
		t.Errorf("History = %+v, want one timed-out entry", h)
	}
	if err := b.Decide("slow", Decision{Behavior: Allow}); err == nil {
		t.Error("deciding a timed-out request succeeded")
	}
}

func TestClose(t *testing.T) {
	b := New(Options{})
	var waits []<-chan result
	for i := range 5 {
		waits = append(waits, start(t.Context(), b, Request{Session: fmt.Sprint(i)}))
	}
	waitPending(t, b, 5)
	b.Close()
	b.Close() // idempotent
	for _, w := range waits {
		r := <-w
		if !errors.Is(r.err, ErrClosed) || r.d.Behavior != Ask || r.d.By != ByShutdown {
			t.Errorf("after Close: %+v, %v", r.d, r.err)
		}
	}
	d, err := b.Wait(t.Context(), Request{})
	if !errors.Is(err, ErrClosed) || d.Behavior == Allow {
		t.Errorf("Wait after Close: %+v, %v", d, err)
	}
	if err := b.Decide("x", Decision{Behavior: Allow}); !errors.Is(err, ErrClosed) {
		t.Errorf("Decide after Close: %v", err)
	}
}

func TestSessionScope(t *testing.T) {
	b := New(Options{})
	w1 := start(t.Context(), b, Request{ID: "a", Session: "s1", SuggestedRule: "Bash(npm run test:*)"})
	w2 := start(t.Context(), b, Request{ID: "b", Session: "s1", SuggestedRule: "Bash(npm run lint)"})
	w3 := start(t.Context(), b, Request{ID: "c", SuggestedRule: "Bash(ls)"}) // no session
	waitPending(t, b, 3)

	if err := b.Decide("a", Decision{Behavior: Allow, Scope: ScopeSession}); err != nil {
		t.Fatal(err)
	}
	if err := b.Decide("b", Decision{Behavior: Allow, Scope: ScopeSession, Rule: "Bash(npm run lint:*)"}); err != nil {
		t.Fatal(err)
	}
	if err := b.Decide("c", Decision{Behavior: Allow, Scope: ScopeSession}); err == nil {
		t.Error("session scope without a session succeeded")
	}
	<-w1
	<-w2
	got := b.SessionRules("s1")
	want := []string{"Bash(npm run test:*)", "Bash(npm run lint:*)"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("SessionRules = %q, want %q", got, want)
	}
	if r := b.SessionRules("other"); len(r) != 0 {
		t.Errorf("other session has rules %q", r)
	}
	got[0] = "mutated"
	if b.SessionRules("s1")[0] == "mutated" {
		t.Error("SessionRules returns the broker's own slice")
	}
	b.Decide("c", Decision{Behavior: Deny})
	<-w3
}

func TestDenyNeverWidens(t *testing.T) {
	called := false
	b := New(Options{Always: func(string) error { called = true; return nil }})
	w := start(t.Context(), b, Request{ID: "a", Session: "s", SuggestedRule: "Bash(rm:*)"})
	waitPending(t, b, 1)
	if err := b.Decide("a", Decision{Behavior: Deny, Scope: ScopeAlways}); err != nil {
		t.Fatal(err)
	}
	r := <-w
	if called || r.d.Scope != ScopeOnce || r.d.Behavior != Deny {
		t.Errorf("deny always: Always called %v, decision %+v", called, r.d)
	}
	if rules := b.SessionRules("s"); len(rules) != 0 {
		t.Errorf("a deny added session rules %q", rules)
	}
}

func TestAlwaysScope(t *testing.T) {
	var saved []string
	fail := true
	var b *Broker
	b = New(Options{Always: func(rule string) error {
		// Persisting happens first, while the request is still pending.
		if _, ok := b.Get("a"); !ok {
			t.Error("Always called after the request left the pending set")
		}
		if fail {
			return errors.New("settings file is read-only")
		}
		saved = append(saved, rule)
		return nil
	}})
	w := start(t.Context(), b, Request{ID: "a", Session: "s", SuggestedRule: "Bash(make test)"})
	waitPending(t, b, 1)

	err := b.Decide("a", Decision{Behavior: Allow, Scope: ScopeAlways})
	if err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("failing Always: err = %v", err)
	}
	if len(b.Pending()) != 1 {
		t.Fatal("request not pending after a failed save")
	}
	fail = false
	if err := b.Decide("a", Decision{Behavior: Allow, Scope: ScopeAlways}); err != nil {
		t.Fatal(err)
	}
	r := <-w
	if r.d.Behavior != Allow || r.d.Scope != ScopeAlways || r.d.Rule != "Bash(make test)" {
		t.Errorf("decision = %+v", r.d)
	}
	if fmt.Sprint(saved) != "[Bash(make test)]" {
		t.Errorf("saved = %q", saved)
	}
}

func TestAlwaysWithoutStore(t *testing.T) {
	b := New(Options{})
	start(t.Context(), b, Request{ID: "a", SuggestedRule: "Bash(ls)"})
	waitPending(t, b, 1)
	if err := b.Decide("a", Decision{Behavior: Allow, Scope: ScopeAlways}); err == nil {
		t.Error("always without a store succeeded")
	}
	b.Close()
}

// TestAlwaysBlocksSecondDecision: while a rule is being saved, a second
// decision for the same request (a double click, a second window) is refused.
func TestAlwaysBlocksSecondDecision(t *testing.T) {
	saving := make(chan struct{})
	release := make(chan struct{})
	b := New(Options{Always: func(string) error { close(saving); <-release; return nil }})
	w := start(t.Context(), b, Request{ID: "a", SuggestedRule: "Bash(ls)"})
	waitPending(t, b, 1)
	errc := make(chan error, 1)
	go func() { errc <- b.Decide("a", Decision{Behavior: Allow, Scope: ScopeAlways}) }()
	<-saving
	if err := b.Decide("a", Decision{Behavior: Deny}); err == nil {
		t.Error("second decision during save succeeded")
	}
	close(release)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if r := <-w; r.d.Behavior != Allow {
		t.Errorf("got %+v", r.d)
	}
}

// TestAlwaysSaveOutlivesRequest: the agent stops waiting while the rule is
// being saved; the decision fails loudly instead of vanishing.
func TestAlwaysSaveOutlivesRequest(t *testing.T) {
	saving := make(chan struct{})
	release := make(chan struct{})
	b := New(Options{Always: func(string) error { close(saving); <-release; return nil }})
	ctx, cancel := context.WithCancel(t.Context())
	w := start(ctx, b, Request{ID: "a", SuggestedRule: "Bash(ls)"})
	waitPending(t, b, 1)
	errc := make(chan error, 1)
	go func() { errc <- b.Decide("a", Decision{Behavior: Allow, Scope: ScopeAlways}) }()
	<-saving
	cancel()
	r := <-w
	if r.d.Behavior == Allow || !errors.Is(r.err, context.Canceled) {
		t.Errorf("cancelled waiter got %+v, %v", r.d, r.err)
	}
	close(release)
	if err := <-errc; err == nil || !strings.Contains(err.Error(), "ended") {
		t.Errorf("Decide after the request ended: %v", err)
	}
}

func TestPendingOldestFirst(t *testing.T) {
	base := time.Date(2026, 11, 27, 14, 0, 0, 0, time.UTC)
	b := New(Options{})
	// Created out of order, two with the same time (arrival order breaks ties).
	for i, min := range []int{5, 1, 3, 3} {
		start(t.Context(), b, Request{ID: fmt.Sprint("r", i), Created: base.Add(time.Duration(min) * time.Minute)})
		waitPending(t, b, i+1)
	}
	var ids []string
	for _, r := range b.Pending() {
		ids = append(ids, r.ID)
	}
	if got := strings.Join(ids, " "); got != "r1 r2 r3 r0" {
		t.Errorf("Pending order = %s, want r1 r2 r3 r0", got)
	}
	b.Close()
}

func TestHistoryBounded(t *testing.T) {
	b := New(Options{HistorySize: 3})
	for i := range 5 {
		b.Record(Request{ID: fmt.Sprint(i)}, Decision{Behavior: Allow, By: ByMode})
	}
	var ids []string
	for _, e := range b.History(0) {
		ids = append(ids, e.Request.ID)
	}
	if got := strings.Join(ids, " "); got != "2 3 4" {
		t.Errorf("History(0) = %s, want 2 3 4", got)
	}
	if h := b.History(2); len(h) != 2 || h[0].Request.ID != "3" {
		t.Errorf("History(2) = %+v", h)
	}
	if r := b.Record(Request{}, Decision{Behavior: Allow}); r.ID == "" || r.Created.IsZero() {
		t.Errorf("Record did not fill ID/Created: %+v", r)
	}
}

func TestSubscribe(t *testing.T) {
	b := New(Options{})
	var calls atomic.Int32
	cancel := b.Subscribe(func() { calls.Add(1) })
	b.Subscribe(func() { panic("a broken subscriber must not take the server down") })
	// A subscriber may call back into the broker: it is never run under the lock.
	b.Subscribe(func() { _ = b.Pending() })

	w := start(t.Context(), b, Request{ID: "a"})
	waitPending(t, b, 1)
	if err := b.Decide("a", Decision{Behavior: Deny}); err != nil {
		t.Fatal(err)
	}
	<-w
	if n := calls.Load(); n != 2 {
		t.Errorf("subscriber called %d times for add+decide, want 2", n)
	}
	cancel()
	cancel()
	b.Record(Request{}, Decision{Behavior: Allow})
	if n := calls.Load(); n != 2 {
		t.Errorf("cancelled subscriber still called (%d)", n)
	}
}

// TestManyWaiters: 500 requests from 20 sessions, decided concurrently by
// several deciders, some racing the same request and some timing out. None is
// lost, none is decided twice, and no goroutine is left behind.
func TestManyWaiters(t *testing.T) {
	before := runtime.NumGoroutine()
	const sessions, perSession, deciders = 20, 25, 8
	const total = sessions * perSession

	b := New(Options{HistorySize: 2 * total})
	var changes atomic.Int64
	b.Subscribe(func() { changes.Add(1) })

	var waiters conc.WaitGroup
	results := make([]result, total)
	for s := range sessions {
		for i := range perSession {
			n := s*perSession + i
			waiters.Go(func() {
				ctx := t.Context()
				if n%50 == 0 { // every 50th gives up quickly
					c, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
					defer cancel()
					ctx = c
				}
				d, err := b.Wait(ctx, Request{
					Kind: action.Command, Tool: "Bash", Session: fmt.Sprint("s", s),
					Command: fmt.Sprint("echo ", n), SuggestedRule: fmt.Sprint("Bash(echo ", s, ")"),
				})
				results[n] = result{d, err}
			})
		}
	}

	// Deciders race each other over the same pending list; each request may
	// be attempted by several of them, only one may win.
	var wins, attempts atomic.Int64
	var deciding conc.WaitGroup
	stop := make(chan struct{})
	for k := range deciders {
		deciding.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				for _, r := range b.Pending() {
					d := Decision{Behavior: Allow}
					switch {
					case k%2 == 1:
						d.Behavior = Deny
					case k%4 == 2:
						d.Scope = ScopeSession
					}
					attempts.Add(1)
					if b.Decide(r.ID, d) == nil {
						wins.Add(1)
					}
				}
				runtime.Gosched()
			}
		})
	}
	waiters.Wait()
	close(stop)
	deciding.Wait()

	decided, timedOut := 0, 0
	for n, r := range results {
		switch {
		case r.err == nil && (r.d.Behavior == Allow || r.d.Behavior == Deny) && r.d.By == ByPerson:
			decided++
		case errors.Is(r.err, context.DeadlineExceeded) && r.d.By == ByTimeout && r.d.Behavior != Allow:
			timedOut++
		default:
			t.Errorf("request %d ended with %+v, %v", n, r.d, r.err)
		}
	}
	if int64(decided) != wins.Load() {
		t.Errorf("%d waiters got a person's decision but %d Decide calls succeeded (of %d attempts)", decided, wins.Load(), attempts.Load())
	}
	if decided+timedOut != total {
		t.Errorf("decided %d + timed out %d != %d", decided, timedOut, total)
	}
	if h := b.History(0); len(h) != total {
		t.Errorf("history has %d entries, want %d", len(h), total)
	} else {
		seen := map[string]bool{}
		for _, e := range h {
			if seen[e.Request.ID] {
				t.Errorf("request %s finished twice", e.Request.ID)
			}
			seen[e.Request.ID] = true
		}
	}
	if p := b.Pending(); len(p) != 0 {
		t.Errorf("%d requests left pending", len(p))
	}
	// Every add and every finish notified subscribers.
	if got := changes.Load(); got != 2*total {
		t.Errorf("subscriber saw %d changes, want %d", got, 2*total)
	}
	for s := range sessions {
		if r := b.SessionRules(fmt.Sprint("s", s)); len(r) > 1 {
			t.Errorf("session s%d remembered %q: duplicates", s, r)
		}
	}

	var now int
	for range 200 {
		if now = runtime.NumGoroutine(); now <= before {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if now > before {
		t.Errorf("goroutines: %d before, %d after", before, now)
	}
}

// TestConcurrentClose: Close racing waiters and deciders leaves nobody
// blocked and nobody allowed by anything but a successful Decide.
func TestConcurrentClose(t *testing.T) {
	b := New(Options{})
	var wg sync.WaitGroup
	var allowed, decideOK atomic.Int64
	for range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := b.Wait(t.Context(), Request{})
			if d.Behavior == Allow {
				if err != nil {
					t.Errorf("allow with error %v", err)
				}
				allowed.Add(1)
			}
		}()
	}
	go func() {
		for range 50 {
			for _, r := range b.Pending() {
				if b.Decide(r.ID, Decision{Behavior: Allow}) == nil {
					decideOK.Add(1)
				}
			}
		}
		b.Close()
	}()
	wg.Wait()
	if allowed.Load() != decideOK.Load() {
		t.Errorf("%d waiters allowed, %d decisions made", allowed.Load(), decideOK.Load())
	}
}

// BenchmarkWaitDecide measures one request's round trip: added, seen in
// Pending, decided, and its waiter released.
func BenchmarkWaitDecide(b *testing.B) {
	br := New(Options{})
	ids := make(chan string, 1)
	br.Subscribe(func() {
		for _, r := range br.Pending() {
			select {
			case ids <- r.ID:
			default:
			}
		}
	})
	go func() {
		for id := range ids {
			br.Decide(id, Decision{Behavior: Allow})
		}
	}()
	defer close(ids)
	for b.Loop() {
		if d, err := br.Wait(context.Background(), Request{Kind: action.Command, Tool: "Bash", Command: "npm test"}); err != nil || d.Behavior != Allow {
			b.Fatal(d, err)
		}
	}
}

// BenchmarkPending measures listing 500 pending requests, which the editor
// does after every change.
func BenchmarkPending(b *testing.B) {
	br := New(Options{})
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := range 500 {
		wg.Add(1)
		go func() { defer wg.Done(); br.Wait(ctx, Request{Session: fmt.Sprint(i % 20)}) }()
	}
	for len(br.Pending()) < 500 {
		time.Sleep(time.Millisecond)
	}
	for b.Loop() {
		if len(br.Pending()) != 500 {
			b.Fatal("lost a request")
		}
	}
	cancel()
	wg.Wait()
}
