package settings

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/sourcegraph/conc"
)

// Debounce is how long Watch waits after the last change before calling
// onChange: editors write a file in several steps (truncate, write, rename).
const Debounce = 50 * time.Millisecond

// Watcher reports changes to the settings files of a Locations.
type Watcher struct {
	fsw    *fsnotify.Watcher
	cancel context.CancelFunc
	wg     conc.WaitGroup

	files   map[string]bool // settings files we care about
	dropIns map[string]bool // managed-settings.d directories: any *.json inside
	dirs    []string        // the directories holding files and drop-ins

	mu      sync.Mutex
	watched map[string]bool
}

// Watch starts watching every settings source of loc, including files and
// directories that do not exist yet: for those it watches the nearest
// existing parent and starts watching the real directory once it appears
// (for example when .claude/ is created later). onChange is called, from
// one goroutine, Debounce after a burst of changes. Watching stops when ctx
// is done or Close is called.
func Watch(ctx context.Context, loc Locations, onChange func()) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch settings: %w", err)
	}
	w := &Watcher{fsw: fsw, files: map[string]bool{}, dropIns: map[string]bool{}, watched: map[string]bool{}}
	for _, dir := range loc.ManagedDirs {
		w.files[filepath.Clean(filepath.Join(dir, ManagedFile))] = true
		d := filepath.Clean(filepath.Join(dir, ManagedDropIns))
		w.dropIns[d] = true
		w.dirs = append(w.dirs, filepath.Clean(dir), d)
	}
	if loc.ProjectDir != "" {
		w.files[filepath.Clean(filepath.Join(loc.ProjectDir, ClaudeDir, LocalFile))] = true
		w.files[filepath.Clean(filepath.Join(loc.ProjectDir, ClaudeDir, ProjectFile))] = true
		w.dirs = append(w.dirs, filepath.Clean(filepath.Join(loc.ProjectDir, ClaudeDir)))
	}
	if loc.Home != "" {
		w.files[filepath.Clean(filepath.Join(loc.Home, ClaudeDir, UserFile))] = true
		w.dirs = append(w.dirs, filepath.Clean(filepath.Join(loc.Home, ClaudeDir)))
	}
	if err := w.sync(); err != nil {
		fsw.Close()
		return nil, err
	}
	ctx, w.cancel = context.WithCancel(ctx)
	w.wg.Go(func() { w.loop(ctx, onChange) })
	return w, nil
}

// Close stops watching and waits for the watcher's goroutine to end.
func (w *Watcher) Close() error {
	w.cancel()
	w.wg.Wait()
	return nil
}

// sync adds a watch on each wanted directory, or on its nearest existing
// ancestor while it does not exist, and on that directory's parent so that
// its removal or replacement is seen.
func (w *Watcher) sync() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, d := range w.dirs {
		// A directory created before its parent's watch was in place sends
		// no event (mkdir -p a/b/.claude while a is being watched): after
		// adding watches, look again, until the nearest existing directory
		// stays the same.
		last := ""
		for {
			dir := nearestDir(d)
			if dir == "" || dir == last {
				break
			}
			last = dir
			for _, x := range []string{dir, filepath.Dir(dir)} {
				if w.watched[x] {
					continue
				}
				if beforeWatch != nil {
					beforeWatch(x)
				}
				if err := w.fsw.Add(x); err != nil {
					if os.IsNotExist(err) || os.IsPermission(err) {
						continue // raced with a removal, or not ours to watch
					}
					return fmt.Errorf("watch settings: watch %s: %w", x, err)
				}
				w.watched[x] = true
			}
		}
	}
	return nil
}

// beforeWatch, when set (by tests), runs before each directory is watched:
// it can create directories at the worst moment.
var beforeWatch func(dir string)

// nearestDir is dir, or its nearest ancestor that is an existing
// directory ("" if none is).
func nearestDir(dir string) string {
	for {
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// relevant reports whether a change at path can change the loaded settings:
// a settings file, a drop-in, or a directory on the way to one.
func (w *Watcher) relevant(path string) bool {
	path = filepath.Clean(path)
	if w.files[path] {
		return true
	}
	if w.dropIns[filepath.Dir(path)] && filepath.Ext(path) == ".json" {
		return true
	}
	for _, d := range w.dirs {
		if d == path || strings.HasPrefix(d, path+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func (w *Watcher) loop(ctx context.Context, onChange func()) {
	defer w.fsw.Close()
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if !w.relevant(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
				// The kernel drops the watch of a removed directory.
				w.mu.Lock()
				delete(w.watched, filepath.Clean(ev.Name))
				w.mu.Unlock()
			}
			_ = w.sync() // new directories on the way to a source
			timer.Reset(Debounce)
		case _, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			// An overflow or error may have hidden a change: reload to be safe.
			_ = w.sync()
			timer.Reset(Debounce)
		case <-timer.C:
			onChange()
		}
	}
}
