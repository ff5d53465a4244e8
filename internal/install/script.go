package install

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gatehouse/gatehouse/internal/workspace"
)

// Cline runs an executable file and reads only {"cancel":true} as a block:
// a failure of any kind lets the tool run. So the script checks that the
// binary can run and otherwise prints the cancel itself.
func clineScript(command string) string {
	return `#!/bin/sh
# Gatehouse: decides each Cline tool call (installed by gatehouse install).
out=$(` + command + `)
code=$?
if [ $code -eq 0 ] && [ -n "$out" ]; then
	printf '%s\n' "$out"
	exit 0
fi
printf '%s\n' '{"cancel":true,"errorMessage":"Gatehouse could not decide this tool call (is the gatehouse binary still installed? run gatehouse install --agent cline again); it was blocked to be safe."}'
exit 0
`
}

// writeScript installs the Cline hook file, executable, through an os.Root.
func writeScript(base, rel, command string) (bool, error) {
	root, err := os.OpenRoot(base)
	if err != nil {
		return false, fmt.Errorf("install for cline: open %s: %w", base, err)
	}
	defer root.Close()
	want := clineScript(command)
	if old, err := root.ReadFile(rel); err == nil {
		if string(old) == want {
			return false, nil
		}
		if !isOurs(string(old)) {
			return false, fmt.Errorf("install for cline: %s exists and is not Gatehouse's hook; merge it by hand or move it away", filepath.Join(base, rel))
		}
	}
	if err := root.MkdirAll(filepath.Dir(rel), 0o755); err != nil {
		return false, fmt.Errorf("install for cline: create %s: %w", filepath.Join(base, filepath.Dir(rel)), err)
	}
	if err := workspace.WriteFileAtomic(root, filepath.ToSlash(rel), []byte(want), 0o755); err != nil {
		return false, fmt.Errorf("install for cline: write %s: %w", filepath.Join(base, rel), err)
	}
	return true, nil
}
