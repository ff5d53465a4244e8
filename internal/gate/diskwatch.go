package gate

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/sourcegraph/conc"
)

// diskWatch notices when a file with a pending edit changes on disk (the
// person saved it, a formatter ran, another tool wrote it), so the edit is
// recomputed or answered stale instead of being applied over newer text.
// Files open in the editor are followed through the buffer instead.
type diskWatch struct {
	w    *fsnotify.Watcher
	wg   conc.WaitGroup
	mu   sync.Mutex
	dirs map[string]int // watched directory -> pending edits in it
	// timers debounce each path: a save is often a truncate then a write,
	// and reading between the two would see an empty file and call the
	// edit stale.
	timers map[string]*time.Timer
}

// settle is how long a file must be quiet before it is read again.
const settle = 75 * time.Millisecond

func (g *Gate) startDiskWatch() {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		g.log.Warn("edits are not watched on disk; buffer changes still are", "err", err)
		return
	}
	dw := &diskWatch{w: w, dirs: map[string]int{}, timers: map[string]*time.Timer{}}
	g.disk = dw
	dw.wg.Go(func() {
		for {
			select {
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				path := filepath.Clean(ev.Name)
				dw.mu.Lock()
				if t := dw.timers[path]; t != nil {
					t.Reset(settle)
				} else {
					dw.timers[path] = time.AfterFunc(settle, func() {
						dw.mu.Lock()
						delete(dw.timers, path)
						dw.mu.Unlock()
						g.diskEvent(path)
					})
				}
				dw.mu.Unlock()
			case _, ok := <-w.Errors:
				if !ok {
					return
				}
			}
		}
	})
}

func (g *Gate) diskEvent(path string) {
	if g.opt.Documents != nil {
		if _, open := g.opt.Documents.Content(path); open {
			return
		}
	}
	g.mu.Lock()
	pending := false
	for _, r := range g.edits {
		pending = pending || r.prop.Path == path
	}
	g.mu.Unlock()
	if !pending {
		return
	}
	content, err := os.ReadFile(path)
	exists := err == nil
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return
	}
	g.FileChanged(path, content, exists)
}

// watchDir starts (or counts another reason for) watching a directory.
func (dw *diskWatch) watchDir(dir string) {
	if dw == nil {
		return
	}
	dw.mu.Lock()
	defer dw.mu.Unlock()
	if dw.dirs[dir] == 0 {
		if err := dw.w.Add(dir); err != nil {
			return
		}
	}
	dw.dirs[dir]++
}

func (dw *diskWatch) unwatchDir(dir string) {
	if dw == nil {
		return
	}
	dw.mu.Lock()
	defer dw.mu.Unlock()
	if dw.dirs[dir] == 0 {
		return
	}
	dw.dirs[dir]--
	if dw.dirs[dir] == 0 {
		delete(dw.dirs, dir)
		dw.w.Remove(dir)
	}
}

func (dw *diskWatch) close() {
	if dw == nil {
		return
	}
	dw.w.Close()
	dw.wg.Wait()
	dw.mu.Lock()
	for _, t := range dw.timers {
		t.Stop()
	}
	dw.mu.Unlock()
}
