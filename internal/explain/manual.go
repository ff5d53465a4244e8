package explain

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// manualTimeout bounds the manual lookup of one unknown program.
const manualTimeout = 300 * time.Millisecond

// maxManualLookups bounds the lookups not yet cached that one explanation
// may start: a line can name hundreds of unknown programs, and each lookup
// runs whatis for up to manualTimeout.
const maxManualLookups = 3

var manualCache sync.Map // program name -> one-line description ("" if none)

// safeName reports whether a program name may be handed to whatis: never an
// option, never a path (^[A-Za-z0-9_][A-Za-z0-9._+-]{0,63}$). A loop, not a
// regexp: compiling one at start-up would cost every hook process.
func safeName(name string) bool {
	if len(name) == 0 || len(name) > 64 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
		case i > 0 && (c == '.' || c == '+' || c == '-'):
		default:
			return false
		}
	}
	return true
}

// manual returns the NAME line of the program's manual page on this
// machine, looked up with whatis (which reads the manual database and never
// runs the program). Cached; skipped when Options.NoManPages or
// GATEHOUSE_NO_MAN=1.
func (x *explainer) manual(name string) string {
	if x.opt.NoManPages || os.Getenv("GATEHOUSE_NO_MAN") == "1" || !safeName(name) {
		return ""
	}
	if v, ok := manualCache.Load(name); ok {
		return v.(string)
	}
	if x.manualLookups >= maxManualLookups {
		return ""
	}
	x.manualLookups++
	desc := lookupManual(name)
	manualCache.Store(name, desc)
	return desc
}

func lookupManual(name string) string {
	ctx, cancel := context.WithTimeout(context.Background(), manualTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "whatis", "--", name)
	cmd.Env = append(os.Environ(), "LC_ALL=C", "MANPAGER=cat", "PAGER=cat")
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	// "ls (1)               - list directory contents"
	for _, line := range strings.Split(string(out), "\n") {
		head, desc, ok := strings.Cut(line, " - ")
		if f := strings.Fields(head); !ok || len(f) == 0 || f[0] != name {
			continue
		}
		return `"` + escape(clip(strings.TrimSpace(desc), 100)) + `"`
	}
	return ""
}
