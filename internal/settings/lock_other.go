//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package settings

import "os"

// lockDir is a no-op where directories cannot be flocked: AddRule is then
// serialised within one process only (addMu).
func lockDir(*os.File) (func(), error) { return func() {}, nil }
