//go:build !linux

package wrap

// Available: the sandbox is implemented for Linux only.
func Available() bool { return false }
