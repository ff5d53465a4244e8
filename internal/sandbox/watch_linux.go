package sandbox

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"syscall"
	"time"
)

// A bind mount covers a name in the sandbox's mount namespace, and the
// kernel detaches it when that name is removed or renamed over in another
// namespace: an editor saving .env atomically (write a temp file, rename it
// over .env) while the program runs would make the new .env readable
// inside. The program cannot do this itself (the name is busy in its own
// namespace), so the guard is on the host: when a masked, protected or
// placeholder name stops naming the inode it named when the run started,
// the sandbox is stopped at once and Run reports why, rather than go on
// with a cover that is gone.
//
// The guard polls (an lstat per covered name every guardInterval) instead
// of using inotify: removing an inotify watch waits for an SRCU grace
// period in the kernel, which cost 5 to 80 ms at the end of every run on a
// busy machine, more than the whole sandbox should.

const guardInterval = 10 * time.Millisecond

type inode struct{ dev, ino uint64 }

// guard watches the covered names.
type guard struct {
	names  map[string]inode
	stop   func()
	quit   chan struct{}
	done   chan struct{}
	mu     sync.Mutex
	reason string
}

func identify(path string) (inode, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return inode{}, err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return inode{}, errors.New("no inode number")
	}
	return inode{uint64(st.Dev), uint64(st.Ino)}, nil
}

// watchCovers starts the guard; stop is called once when a covered name
// changes. It returns nil (no guard needed) when nothing is covered.
func watchCovers(p *Plan, stop func()) (*guard, error) {
	g := &guard{names: map[string]inode{}, stop: stop, quit: make(chan struct{}), done: make(chan struct{})}
	add := func(path string) error {
		id, err := identify(path)
		if err != nil {
			return fmt.Errorf("cannot watch the covered path %s: %w", path, err)
		}
		g.names[path] = id
		return nil
	}
	for _, l := range [][]string{p.MaskFiles, p.MaskDirs, p.ReadOnly} {
		for _, n := range l {
			if err := add(n); err != nil {
				return nil, err
			}
		}
	}
	for _, ph := range p.Placeholders {
		if err := add(ph.Path); err != nil {
			return nil, err
		}
	}
	if len(g.names) == 0 {
		return nil, nil
	}
	go g.loop()
	return g, nil
}

func (g *guard) loop() {
	defer close(g.done)
	t := time.NewTicker(guardInterval)
	defer t.Stop()
	for {
		select {
		case <-g.quit:
			return
		case <-t.C:
		}
		for path, want := range g.names {
			got, err := identify(path)
			if err == nil && got == want {
				continue
			}
			what := "replaced"
			if errors.Is(err, fs.ErrNotExist) {
				what = "removed"
			}
			g.mu.Lock()
			g.reason = fmt.Sprintf("%s was %s outside the sandbox while the program ran, which lifts its cover inside; the program was stopped", path, what)
			g.mu.Unlock()
			g.stop()
			return
		}
	}
}

// close ends the guard and returns why the sandbox was stopped ("" if it
// was not).
func (g *guard) close() string {
	if g == nil {
		return ""
	}
	close(g.quit)
	<-g.done
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.reason
}
