//go:build linux && !amd64 && !arm64

package sandbox

// auditArch 0: no seccomp filter is written for this architecture, so the
// sandbox reports it as missing.
const auditArch = 0
