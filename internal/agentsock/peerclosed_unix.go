//go:build unix

package agentsock

import (
	"net"
	"syscall"
)

// peerClosed peeks at the connection without blocking and without taking
// what it finds: a zero-byte read means the agent closed its end. (Control
// runs beside the reader blocked in Read, which a read of our own would
// not: it waits for that reader's lock.)
func peerClosed(c net.Conn) bool {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return true
	}
	closed := false
	err = raw.Control(func(fd uintptr) {
		var b [1]byte
		n, _, rerr := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		switch {
		case rerr == nil && n == 0:
			closed = true
		case rerr == syscall.ECONNRESET || rerr == syscall.EPIPE:
			closed = true
		}
	})
	return closed || err != nil
}
