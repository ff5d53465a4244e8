package explain

import (
	"strings"
	"testing"
)

// TestKnowledgeParses keeps the embedded knowledge base loadable: a broken
// file would make every program unknown at run time.
func TestKnowledgeParses(t *testing.T) {
	kb, err := parseKnowledge(programsData)
	if err != nil {
		t.Fatal(err)
	}
	programs := 0
	for name := range kb.entries {
		if !strings.Contains(name, " ") {
			programs++
		}
	}
	if programs < 200 {
		t.Errorf("knowledge base has %d programs, want at least 200", programs)
	}
	t.Logf("%d programs, %d entries with subcommands", programs, len(kb.entries))
}
