//go:build !unix

package agentsock

import "net"

// peerClosed cannot peek here; the connection's end is seen when read.
func peerClosed(net.Conn) bool { return false }
