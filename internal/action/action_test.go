package action

import "testing"

// TestKinds: the published kinds, as gatehouse.listPending names them, are
// valid; anything else is not.
func TestKinds(t *testing.T) {
	for k, name := range map[Kind]string{Edit: "edit", Command: "command", Fetch: "fetch", MCP: "mcp", Other: "other"} {
		if string(k) != name || !Valid(k) {
			t.Errorf("%q: valid %v, want %q and valid", k, Valid(k), name)
		}
	}
	for _, k := range []Kind{"", "Edit", "shell", "edit "} {
		if Valid(k) {
			t.Errorf("%q is valid", k)
		}
	}
}
