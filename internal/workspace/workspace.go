// Package workspace decides whether a path lies inside the workspace roots,
// the one place where that question is answered. A path is inside only if,
// after making it absolute, cleaning it and resolving every symlink of its
// existing prefix, it equals a root or lies below one by whole path
// components (never a string prefix). It also recognises protected paths
// (.git, .claude, .vscode, ...) after the same resolution.
package workspace

// Verdict is the answer for one path.
type Verdict struct {
	Input     string // the path as given
	Resolved  string // absolute, cleaned, symlinks of the existing prefix resolved
	Inside    bool   // inside one of the roots
	Root      string // the root it is inside ("" if outside)
	Rel       string // slash-separated path relative to Root ("." for the root itself)
	Protected string // protected pattern that matched (".git/**", ".mcp.json", ...), "" if none
	Err       error  // invalid path (NUL byte, UNC/WebDAV, reserved name, ...): treat as outside
}
