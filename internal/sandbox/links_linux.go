package sandbox

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// checkLinks makes sure that no other name of a Read-denied file stays
// readable. A bind mount hides one name; a hard link made before the run
// is another name for the same inode. Most files have one name, so the
// search runs only when a denied file has more: then every other name must
// be found in the writable directories (and is hidden too), else the run
// is refused, because a name elsewhere on the disk would stay readable.
func (p *Plan) checkLinks() error {
	type key struct{ dev, ino uint64 }
	want := map[key]int{} // other names still to find
	first := map[key]string{}
	for _, f := range p.MaskFiles {
		fi, err := os.Lstat(f)
		if err != nil {
			continue
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		if !ok || st.Nlink <= 1 || !fi.Mode().IsRegular() {
			continue
		}
		k := key{uint64(st.Dev), uint64(st.Ino)}
		want[k] = int(st.Nlink)
		first[k] = f
	}
	if len(want) == 0 {
		return nil
	}
	found := map[key]int{}
	for _, root := range p.Writable {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return nil
			}
			fi, err := d.Info()
			if err != nil {
				return nil
			}
			st, ok := fi.Sys().(*syscall.Stat_t)
			if !ok || st.Nlink <= 1 {
				return nil
			}
			k := key{uint64(st.Dev), uint64(st.Ino)}
			if _, ok := want[k]; ok {
				found[k]++
				p.MaskFiles = appendNew(p.MaskFiles, path)
			}
			return nil
		})
	}
	for k, n := range want {
		// The denied name itself is found too when it lies in a writable
		// directory; count it once either way.
		got := found[k]
		if !p.writable(first[k]) {
			got++
		}
		if got < n {
			return fmt.Errorf("%s is denied for reading but has %d names (hard links) and only %d were found in the workspace; another name elsewhere would stay readable. Find them with `find / -xdev -samefile %s` and remove the extra links", first[k], n, got, first[k])
		}
	}
	return nil
}
