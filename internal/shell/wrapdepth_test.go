package shell

import (
	"strings"
	"testing"
)

// A long run of wrappers is cut off at maxWrappers: the command it runs is
// unknown (dynamic name, code execution), never taken as the innermost one.
func TestWrapperDepthIsBounded(t *testing.T) {
	for _, wrapper := range []string{"sudo ", "timeout 5 ", "env ", "nice ", "xargs "} {
		for _, n := range []int{maxWrappers, maxWrappers + 1, 13000} {
			line := Analyze(strings.Repeat(wrapper, n) + "ls")
			if len(line.Commands) != 1 {
				t.Fatalf("%q x%d: %d commands", wrapper, n, len(line.Commands))
			}
			c := line.Commands[0]
			if n <= maxWrappers {
				if c.Name.Dynamic || c.Name.Value != "ls" && wrapper != "xargs " {
					t.Errorf("%q x%d: name %+v, want ls", wrapper, n, c.Name)
				}
				continue
			}
			if !c.Name.Dynamic || !c.Has(EffectExec) {
				t.Errorf("%q x%d: name %+v, effects %+v; want an unknown command that runs code", wrapper, n, c.Name, c.Effects)
			}
		}
	}
}
