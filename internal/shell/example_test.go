package shell_test

import (
	"fmt"

	"github.com/gatehouse/gatehouse/internal/shell"
)

func ExampleAnalyze() {
	line := shell.Analyze(`sudo timeout 5 find . -name '*.tmp' -exec rm {} \; > /tmp/log`)
	for _, c := range line.Commands {
		fmt.Println(c.Words(), "wrapped by", len(c.Wrappers), "nested:", c.Context.Nested)
		for _, e := range c.Effects {
			fmt.Printf("  %s %q: %s\n", e.Kind, e.Path, e.Reason)
		}
	}
	// Output:
	// [find . -name *.tmp -exec rm {} ;] wrapped by 2 nested: false
	//   privilege "": sudo runs the command as another user (root by default)
	//   write "/tmp/log": redirection > writes the file
	//   code-execution "": find -exec runs a program for every file found
	// [rm ] wrapped by 2 nested: true
	//   privilege "": sudo runs the command as another user (root by default)
	//   write "": removes the file (path not known before the line runs)
	//   destructive "": deletes the file (path not known before the line runs)
}
