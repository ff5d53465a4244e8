package gate

import (
	"github.com/gatehouse/gatehouse/internal/audit"
	"github.com/gatehouse/gatehouse/internal/trust"
)

// recordTrust writes the editor's trust of every root where the offline
// hook reads it (internal/trust), so that a folder the editor does not
// trust is not trusted by the hook either once the editor is closed.
func (g *Gate) recordTrust() {
	if g.opt.NoAudit {
		return
	}
	g.mu.Lock()
	roots := append([]string(nil), g.roots...)
	trusted := g.trusted
	g.mu.Unlock()
	dir, err := audit.StateDir()
	if err != nil {
		g.log.Error("cannot record workspace trust for the offline hook", "err", err)
		return
	}
	store := trust.Open(dir)
	for _, r := range roots {
		if err := store.Set(r, trusted); err != nil {
			g.log.Error("cannot record workspace trust for the offline hook", "root", r, "err", err)
		}
	}
}
