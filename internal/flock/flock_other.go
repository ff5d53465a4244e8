//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package flock

import "os"

// Lock is unsupported here: it returns ErrUnsupported.
func Lock(*os.File) (func(), error) { return nil, ErrUnsupported }
