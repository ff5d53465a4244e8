package sandbox

import (
	"fmt"
	"path/filepath"
	"sync"

	"github.com/fsnotify/fsnotify"
)

// A bind mount covers a name in the sandbox's mount namespace, and the
// kernel detaches it when that name is removed or renamed over in another
// namespace: an editor saving .env atomically (write a temp file, rename it
// over .env) while the program runs would make the new .env readable
// inside. The program cannot do this itself (the name is busy in its own
// namespace), so the watch is on the host: when a masked or protected name
// is replaced, removed or created, the sandbox is stopped at once and Run
// reports why, rather than go on with a cover that is gone.

// guard watches the directories holding the masked and protected names.
type guard struct {
	w      *fsnotify.Watcher
	mu     sync.Mutex
	reason string
	done   chan struct{}
}

// watchCovers starts the watch; stop is called once when a covered name
// changes. It returns nil (no watch needed) when there is nothing covered.
func watchCovers(p *Plan, stop func()) (*guard, error) {
	names := map[string]bool{}
	for _, l := range [][]string{p.MaskFiles, p.MaskDirs, p.ReadOnly} {
		for _, n := range l {
			names[n] = true
		}
	}
	for _, ph := range p.Placeholders {
		names[ph.Path] = true
	}
	if len(names) == 0 {
		return nil, nil
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch the covered paths: %w", err)
	}
	dirs := map[string]bool{}
	for n := range names {
		dirs[filepath.Dir(n)] = true
	}
	for d := range dirs {
		if err := w.Add(d); err != nil {
			w.Close()
			return nil, fmt.Errorf("watch %s (where covered paths are): %w", d, err)
		}
	}
	g := &guard{w: w, done: make(chan struct{})}
	go func() {
		defer close(g.done)
		for {
			select {
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if names[filepath.Clean(ev.Name)] && ev.Op&(fsnotify.Create|fsnotify.Remove|fsnotify.Rename) != 0 {
					g.mu.Lock()
					first := g.reason == ""
					if first {
						g.reason = fmt.Sprintf("%s was replaced or removed outside the sandbox while the program ran, which lifts its cover inside; the program was stopped", ev.Name)
					}
					g.mu.Unlock()
					if first {
						stop()
					}
				}
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				// A lost event (queue overflow) could be the one that
				// mattered: stop rather than guess.
				g.mu.Lock()
				first := g.reason == ""
				if first {
					g.reason = fmt.Sprintf("the watch on the covered paths failed (%v); the program was stopped", err)
				}
				g.mu.Unlock()
				if first {
					stop()
				}
			}
		}
	}()
	return g, nil
}

// close ends the watch and returns why the sandbox was stopped ("" if it
// was not).
func (g *guard) close() string {
	if g == nil {
		return ""
	}
	g.w.Close()
	<-g.done
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.reason
}
