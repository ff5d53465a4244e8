package approval

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/sourcegraph/conc/panics"

	"github.com/gatehouse/gatehouse/internal/action"
)

// ErrClosed is returned by Wait and Decide once the broker has been closed.
var ErrClosed = errors.New("approval broker closed: the server is stopping")

// DefaultHistory is how many finished requests History keeps when
// Options.HistorySize is zero.
const DefaultHistory = 1000

// Options configures a Broker. Every field is optional.
type Options struct {
	// Always persists a rule the person approved with scope "always" (for
	// example settings.AddRule). Nil means "always" is refused.
	Always func(rule string) error
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// NewID returns a fresh request ID; nil means 16 hex characters from
	// crypto/rand. IDs must be unguessable: whoever knows one can decide it.
	NewID func() string
	// HistorySize bounds History; zero means DefaultHistory.
	HistorySize int
	// Log receives recovered subscriber panics; nil means slog.Default().
	Log *slog.Logger
}

// Broker holds the pending requests and hands each one the decision made for
// it. It is safe for concurrent use. One mutex guards all state; nothing
// slow (subscribers, Options.Always) runs under it.
type Broker struct {
	opt Options

	mu       sync.Mutex
	closed   bool
	seq      uint64 // orders Pending when Created ties
	pending  map[string]*waiter
	sessions map[string][]string // session -> rules approved for it
	history  []Entry             // ring, oldest at histStart once full
	histNext int
	histFull bool
	subs     map[uint64]func()
	subSeq   uint64
}

// waiter is one blocked Wait call.
type waiter struct {
	req Request
	seq uint64
	// result has room for exactly one decision, so whoever delivers it never
	// blocks and a request can never be answered twice.
	result chan Decision
	// deciding is set while Decide runs Options.Always outside the lock, so a
	// second Decide on the same request is refused instead of racing it.
	deciding bool
}

// New returns an empty broker.
func New(opt Options) *Broker {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.NewID == nil {
		opt.NewID = randomID
	}
	if opt.HistorySize <= 0 {
		opt.HistorySize = DefaultHistory
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	return &Broker{
		opt:      opt,
		pending:  map[string]*waiter{},
		sessions: map[string][]string{},
		history:  make([]Entry, opt.HistorySize),
		subs:     map[uint64]func(){},
	}
}

// randomID returns 64 random bits as 16 hex characters.
func randomID() string {
	var b [8]byte
	// crypto/rand.Read never returns an error (Go 1.24+); it crashes the
	// program rather than hand out predictable IDs.
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Wait adds r to the pending set and blocks until a person decides it, ctx
// ends, or the broker closes. An empty r.ID is assigned; a zero r.Created is
// set to now; an unknown Kind becomes "other".
//
// When ctx ends first, Wait returns Decision{Behavior: "ask", By: "timeout"}
// with ctx.Err(), removes the request and records it as timed out. When the
// broker closes, it returns Decision{Behavior: "ask", By: "shutdown"} with
// ErrClosed. In both cases the decision is never allow; callers that answer an
// agent must still treat a non-nil error as "not decided".
func (b *Broker) Wait(ctx context.Context, r Request) (Decision, error) {
	w, err := b.add(r)
	if err != nil {
		return Decision{Behavior: Ask, By: ByShutdown, Reason: err.Error()}, err
	}
	b.notify()

	select {
	case d := <-w.result:
		if d.By == ByShutdown {
			return d, ErrClosed
		}
		return d, nil
	case <-ctx.Done():
	}

	b.mu.Lock()
	if cur, ok := b.pending[w.req.ID]; !ok || cur != w {
		// Decided (or closed) at the same moment ctx ended: the decision is
		// already in the history, so report it rather than contradict it.
		b.mu.Unlock()
		d := <-w.result
		if d.By == ByShutdown {
			return d, ErrClosed
		}
		return d, nil
	}
	delete(b.pending, w.req.ID)
	d := Decision{Behavior: Ask, Scope: ScopeOnce, By: ByTimeout, Reason: "no decision before the agent stopped waiting"}
	b.remember(w.req, d)
	b.mu.Unlock()
	b.notify()
	return d, ctx.Err()
}

// add registers a new waiter for r.
func (b *Broker) add(r Request) (*waiter, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, ErrClosed
	}
	if r.ID == "" {
		for {
			r.ID = b.opt.NewID()
			if _, taken := b.pending[r.ID]; !taken {
				break
			}
		}
	} else if _, taken := b.pending[r.ID]; taken {
		return nil, fmt.Errorf("request %q is already pending: give each request its own ID or leave it empty", r.ID)
	}
	if r.Created.IsZero() {
		r.Created = b.opt.Now()
	}
	if !action.Valid(r.Kind) {
		r.Kind = action.Other
	}
	b.seq++
	w := &waiter{req: r, seq: b.seq, result: make(chan Decision, 1)}
	b.pending[r.ID] = w
	return w, nil
}

// Decide answers the pending request id.
//
// Behavior must be allow, deny or ask; By defaults to "person" and Scope to
// "once"; the reason is cleaned (control characters stripped, length
// bounded). Scope "session" and "always" apply to allow only: they need a
// rule (d.Rule, else the request's SuggestedRule). "session" remembers the
// rule for the request's session (see SessionRules). "always" first calls
// Options.Always(rule) and, if that fails, returns the error and leaves the
// request pending. A deny or ask with a wider scope answers this request
// only: widening a refusal is the job of a deny rule in settings.
//
// Unknown, finished or concurrently-being-decided ids are errors naming the
// id, so a double click can never answer a request twice.
func (b *Broker) Decide(id string, d Decision) error {
	switch d.Behavior {
	case Allow, Deny, Ask:
	default:
		return fmt.Errorf("decide %q: behavior %q is not allow, deny or ask", id, d.Behavior)
	}
	switch d.Scope {
	case "":
		d.Scope = ScopeOnce
	case ScopeOnce, ScopeSession, ScopeAlways:
	default:
		return fmt.Errorf("decide %q: scope %q is not once, session or always", id, d.Scope)
	}
	if d.Behavior != Allow {
		d.Scope = ScopeOnce
	}
	if d.By == "" {
		d.By = ByPerson
	}
	d.Reason = cleanReason(d.Reason)
	if len(d.UpdatedInput) > 0 && !json.Valid(d.UpdatedInput) {
		return fmt.Errorf("decide %q: updatedInput is not valid JSON", id)
	}
	if hasControl(d.Rule) {
		return fmt.Errorf("decide %q: rule %q contains control characters", id, d.Rule)
	}

	b.mu.Lock()
	w, err := b.claim(id)
	if err != nil {
		b.mu.Unlock()
		return err
	}
	if d.Scope != ScopeOnce {
		if d.Rule == "" {
			d.Rule = w.req.SuggestedRule
		}
		if d.Rule == "" || hasControl(d.Rule) {
			w.deciding = false
			b.mu.Unlock()
			return fmt.Errorf("decide %q: scope %s needs a rule and the request suggests none: decide once or give a rule", id, d.Scope)
		}
		if d.Scope == ScopeSession && w.req.Session == "" {
			w.deciding = false
			b.mu.Unlock()
			return fmt.Errorf("decide %q: the request has no session to remember the rule for: decide once or always", id)
		}
	}
	if d.Scope == ScopeAlways {
		if b.opt.Always == nil {
			w.deciding = false
			b.mu.Unlock()
			return fmt.Errorf("decide %q: rules cannot be saved here: decide once or for the session", id)
		}
		// Persisting may touch the disk: do it outside the lock, with the
		// request claimed so nobody else decides it meanwhile.
		b.mu.Unlock()
		saveErr := b.opt.Always(d.Rule)
		b.mu.Lock()
		if cur, ok := b.pending[id]; !ok || cur != w {
			b.mu.Unlock()
			if saveErr != nil {
				return fmt.Errorf("decide %q: save rule %q: %w", id, d.Rule, saveErr)
			}
			return fmt.Errorf("decide %q: the request ended (timed out or the server stopped) while the rule was being saved; rule %q was saved", id, d.Rule)
		}
		if saveErr != nil {
			w.deciding = false
			b.mu.Unlock()
			return fmt.Errorf("decide %q: save rule %q: %w (the request is still pending)", id, d.Rule, saveErr)
		}
	}

	delete(b.pending, id)
	if d.Scope == ScopeSession {
		if rules := b.sessions[w.req.Session]; !slices.Contains(rules, d.Rule) {
			b.sessions[w.req.Session] = append(rules, d.Rule)
		}
	}
	b.remember(w.req, d)
	w.result <- d
	b.mu.Unlock()
	b.notify()
	return nil
}

// claim marks the pending request id as being decided. b.mu must be held.
func (b *Broker) claim(id string) (*waiter, error) {
	if b.closed {
		return nil, fmt.Errorf("decide %q: %w", id, ErrClosed)
	}
	w, ok := b.pending[id]
	if !ok {
		return nil, fmt.Errorf("decide %q: no such pending request (already decided, timed out, or never existed)", id)
	}
	if w.deciding {
		return nil, fmt.Errorf("decide %q: another decision for this request is being saved", id)
	}
	w.deciding = true
	return w, nil
}

// hasControl reports whether s holds characters that have no place in a rule.
func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || isBidiControl(r) || r == '\uFFFD' {
			return true
		}
	}
	return false
}

// Record adds a request that was decided without waiting (by a rule, or
// allowed by the accept-edits mode and still reviewable) to the history, so
// that "recently accepted" lists show it. It never touches the pending set.
// Subscribers are notified.
func (b *Broker) Record(r Request, d Decision) Request {
	b.mu.Lock()
	if r.ID == "" {
		r.ID = b.opt.NewID()
	}
	if r.Created.IsZero() {
		r.Created = b.opt.Now()
	}
	if !action.Valid(r.Kind) {
		r.Kind = action.Other
	}
	d.Reason = cleanReason(d.Reason)
	b.remember(r, d)
	b.mu.Unlock()
	b.notify()
	return r
}

// remember appends to the history ring. b.mu must be held.
func (b *Broker) remember(r Request, d Decision) {
	b.history[b.histNext] = Entry{Request: r, Decision: d, Decided: b.opt.Now()}
	b.histNext++
	if b.histNext == len(b.history) {
		b.histNext = 0
		b.histFull = true
	}
}

// History returns up to n of the most recently finished requests, oldest
// first; n <= 0 means all that are kept.
func (b *Broker) History(n int) []Entry {
	b.mu.Lock()
	defer b.mu.Unlock()
	var all []Entry
	if b.histFull {
		all = append(all, b.history[b.histNext:]...)
	}
	all = append(all, b.history[:b.histNext]...)
	if n > 0 && n < len(all) {
		all = all[len(all)-n:]
	}
	return all
}

// Pending returns the pending requests, oldest first.
func (b *Broker) Pending() []Request {
	b.mu.Lock()
	ws := make([]*waiter, 0, len(b.pending))
	for _, w := range b.pending {
		ws = append(ws, w)
	}
	b.mu.Unlock()
	slices.SortFunc(ws, func(x, y *waiter) int {
		if c := x.req.Created.Compare(y.req.Created); c != 0 {
			return c
		}
		return cmp.Compare(x.seq, y.seq)
	})
	out := make([]Request, len(ws))
	for i, w := range ws {
		out[i] = w.req
	}
	return out
}

// Get returns the pending request id.
func (b *Broker) Get(id string) (Request, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	w, ok := b.pending[id]
	if !ok {
		return Request{}, false
	}
	return w.req, true
}

// SessionRules returns the rules a person approved "for the session" in the
// agent session, in the order they were approved.
func (b *Broker) SessionRules(session string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.sessions[session])
}

// Subscribe registers fn to be called after every change to the pending set
// (a request added, decided, timed out, closed) and after Record. fn runs on
// the goroutine that made the change, never under the broker's lock, so it
// may call the broker; it should return quickly. A panic in fn is recovered
// and logged. The returned cancel is idempotent.
func (b *Broker) Subscribe(fn func()) (cancel func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.subSeq++
	key := b.subSeq
	b.subs[key] = fn
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.subs, key)
	}
}

// notify calls every subscriber, recovering their panics. b.mu must not be held.
func (b *Broker) notify() {
	b.mu.Lock()
	fns := make([]func(), 0, len(b.subs))
	for _, fn := range b.subs {
		fns = append(fns, fn)
	}
	b.mu.Unlock()
	for _, fn := range fns {
		if p := panics.Try(fn); p != nil {
			b.opt.Log.Error("approval: subscriber panicked", "panic", p.String())
		}
	}
}

// Close ends every pending request with Decision{Behavior: "ask", By:
// "shutdown"} (their Wait returns ErrClosed) and refuses new ones. It is
// idempotent.
func (b *Broker) Close() {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	b.closed = true
	d := Decision{Behavior: Ask, Scope: ScopeOnce, By: ByShutdown, Reason: "the approval server stopped before anyone decided"}
	for id, w := range b.pending {
		delete(b.pending, id)
		b.remember(w.req, d)
		w.result <- d
	}
	b.mu.Unlock()
	b.notify()
}
