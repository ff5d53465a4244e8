package workspace_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gatehouse/gatehouse/internal/workspace"
)

func ExampleRoots_Check() {
	base, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(base)
	proj := filepath.Join(base, "proj")
	os.MkdirAll(filepath.Join(proj, "src"), 0o755)
	os.Mkdir(filepath.Join(base, "proj_evil"), 0o755)
	os.Symlink("../proj_evil", filepath.Join(proj, "evil"))

	roots, err := workspace.NewRoots(proj)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, path := range []string{"src/main.go", "../proj_evil/x", "evil/x", ".git/hooks/pre-commit", "a\x00b"} {
		v := roots.Check(path, proj)
		fmt.Printf("%-22q inside=%-5v rel=%q protected=%q err=%v\n", path, v.Inside, v.Rel, v.Protected, v.Err != nil)
	}
	// Output:
	// "src/main.go"          inside=true  rel="src/main.go" protected="" err=false
	// "../proj_evil/x"       inside=false rel="" protected="" err=false
	// "evil/x"               inside=false rel="" protected="" err=false
	// ".git/hooks/pre-commit" inside=true  rel=".git/hooks/pre-commit" protected=".git/**" err=false
	// "a\x00b"               inside=false rel="" protected="" err=true
}

func ExampleProtectedPattern() {
	for _, rel := range []string{".claude/settings.json", "sub/.git/config", ".GIT./config", "GIT~1/config", "src/main.go"} {
		fmt.Printf("%s: %q\n", rel, workspace.ProtectedPattern(rel))
	}
	// Output:
	// .claude/settings.json: ".claude/**"
	// sub/.git/config: ".git/**"
	// .GIT./config: ".git/**"
	// GIT~1/config: ".git/**"
	// src/main.go: ""
}
