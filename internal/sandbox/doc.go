// Package sandbox runs a program so that the kernel, not the reading of a
// command line, keeps Gatehouse's promises: writes stay inside the
// workspace, protected paths stay read-only, Read-denied files stay unread,
// the network reaches only allowed hosts, and nothing outside can be
// signalled, traced or reached over a unix socket.
//
// Its one idea: build the confinement from maintained kernel-facing tools
// and refuse to run when any layer is missing, never run unconfined
// silently.
//
// The layers, and why each is there:
//
//   - bubblewrap (bwrap) builds a private mount namespace: the whole file
//     system bound read-only, the writable directories bound back
//     read-write, protected paths inside them bound read-only again, and
//     Read-denied files and directories covered by an empty read-only file
//     or directory. A bind mount hides the name, not just one inode, so
//     symlinks to a denied file lead to the empty file, and a hard link made
//     inside fails (link(2) across mounts is EXDEV). bwrap also gives the
//     program new user, PID, IPC, UTS and network namespaces, drops every
//     capability, forbids further user namespaces (which could otherwise
//     be used to unmount the masks) and starts a new session (no TIOCSTI
//     into the caller's terminal). It is what Flatpak and Claude Code's own
//     Linux sandbox use, unprivileged and small.
//   - Landlock (go-landlock), applied by Gatehouse itself as the first
//     process inside bwrap, allows writes only below the writable
//     directories, so a bind that was missed still cannot open a write
//     path; with ABI 6 it also scopes signals and abstract unix sockets to
//     the sandbox. Landlock cannot hide a single file below a readable
//     directory, which is why the masks are binds.
//   - A seccomp filter on the program (not on Gatehouse's helper, which
//     relays the proxy) refuses socket(AF_UNIX): a read-only bind does not
//     stop connect(2) to a socket file, and Landlock before ABI 9 cannot
//     either, so pathname sockets outside (docker, ssh-agent, D-Bus,
//     Gatehouse's own) are unreachable. socketpair(2) still works. io_uring
//     is refused because it could create sockets without the socket
//     system call; other architectures' system calls are refused because a
//     filter is written for one.
//   - The network namespace has only a loopback device. When settings
//     allow hosts, a helper inside listens on 127.0.0.1 and relays to an
//     HTTP proxy that Gatehouse runs outside on a unix socket; the proxy
//     checks the host it actually dials, and inside a CONNECT tunnel it
//     checks the TLS server name (or the plain HTTP request) so that a
//     CONNECT relayed through an allowed host cannot reach another one.
//
// The kernel lifts a bind when its name is removed or renamed over from
// another namespace (an editor saving .env by rename), so the host side
// checks the covered names every 10 ms and stops the program when one
// changes.
//
// What it does not do: patterns that match at any depth (`Read(.env)`,
// `Read(**/*.pem)`) are resolved in the workspace roots, not on the whole
// disk; files that match a deny rule and first appear on the host while
// the program runs are not masked; protected names missing from the top of
// a workspace root get a read-only placeholder for the run (removed after
// the last sandbox exits), but missing nested ones (sub/.git) can be
// created; what git stored of a denied file (committed, staged) is
// readable in .git, which is read-only but not hidden.
package sandbox
