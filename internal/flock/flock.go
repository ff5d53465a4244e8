// Package flock takes exclusive advisory locks on open files, shared with
// every other process that locks the same file (the audit log, the
// project's .claude directory while a rule is added).
package flock

import "errors"

// ErrUnsupported is Lock's error where the platform has no flock: callers
// fall back to what they can do there.
var ErrUnsupported = errors.New("file locks are not supported on this platform")
