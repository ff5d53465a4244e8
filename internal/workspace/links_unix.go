//go:build unix

package workspace

import (
	"io/fs"
	"syscall"
)

// linkCount is the number of hard links of the file info describes, or 0
// when the file system does not say.
func linkCount(info fs.FileInfo) int {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return int(st.Nlink)
	}
	return 0
}
