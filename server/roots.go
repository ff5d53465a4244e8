package main

import (
	"context"
	"log/slog"
	"sync"

	"github.com/gatehouse/gatehouse/internal/agentsock"
	"github.com/gatehouse/gatehouse/internal/settings"
)

// rootServices keeps what each workspace folder needs besides the gate: the
// discovery record that lets a hook find this server from the folder, and
// the watcher that reloads the policy when the folder's settings change.
// Folders come and go with workspace/didChangeWorkspaceFolders.
type rootServices struct {
	ctx      context.Context
	log      *slog.Logger
	dir      string // discovery directory; "" when unavailable
	socket   string
	home     string
	onChange func()

	mu     sync.Mutex
	byRoot map[string]func() // root -> stop serving it
}

// set makes the served folders exactly roots.
func (r *rootServices) set(roots []string) {
	want := map[string]bool{}
	for _, root := range roots {
		want[root] = true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byRoot == nil {
		r.byRoot = map[string]func(){}
	}
	for root, stop := range r.byRoot {
		if !want[root] {
			stop()
			delete(r.byRoot, root)
		}
	}
	for _, root := range roots {
		if _, ok := r.byRoot[root]; !ok {
			r.byRoot[root] = r.start(root)
		}
	}
}

func (r *rootServices) start(root string) (stop func()) {
	var stops []func()
	if r.dir != "" {
		remove, err := agentsock.WriteRecords(r.dir, r.socket, []string{root})
		stops = append(stops, remove)
		if err != nil {
			r.log.Warn("discovery record not written; hooks in this folder need GATEHOUSE_SOCKET", "root", root, "err", err)
		}
	}
	loc := settings.DefaultLocations(root)
	loc.Home = r.home
	if w, err := settings.Watch(r.ctx, loc, r.onChange); err != nil {
		r.log.Warn("settings not watched; changes apply after a restart", "root", root, "err", err)
	} else {
		stops = append(stops, func() { w.Close() })
	}
	return func() {
		for _, s := range stops {
			s()
		}
	}
}

// close stops serving every folder.
func (r *rootServices) close() { r.set(nil) }
