package workspace

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
)

// Platform says how one operating system spells and compares paths. The
// rules of every platform run on every machine, so the Windows and macOS
// rules are tested on Linux by table rows.
type Platform struct {
	Name string // "linux", "darwin", "windows"
	// CaseInsensitive compares names without regard to case, as the default
	// file systems of macOS (APFS) and Windows (NTFS) do.
	CaseInsensitive bool
	// WindowsPaths parses drive letters and both separators, and refuses
	// what Windows paths can hide: UNC and device paths, drive-relative
	// paths, reserved device names, alternate data streams, 8.3 short names.
	WindowsPaths bool
}

// The platforms Gatehouse runs on.
var (
	Linux   = Platform{Name: "linux"}
	Darwin  = Platform{Name: "darwin", CaseInsensitive: true}
	Windows = Platform{Name: "windows", CaseInsensitive: true, WindowsPaths: true}
)

// HostPlatform is the platform this program runs on. Other Unix systems get
// the Linux rules (case-sensitive, "/" only).
func HostPlatform() Platform {
	switch runtime.GOOS {
	case "darwin", "ios":
		return Darwin
	case "windows":
		return Windows
	}
	return Platform{Name: runtime.GOOS}
}

// Errors for paths that are refused outright. Check wraps them with the path.
var (
	ErrEmpty         = errors.New("empty path")
	ErrNUL           = errors.New("path contains a NUL byte")
	ErrNetwork       = errors.New("UNC, device and network paths are refused: use a local path with a drive letter")
	ErrDriveRelative = errors.New("drive-relative path (like C:foo) is refused: write C:\\full\\path")
	ErrReserved      = errors.New("reserved device name (CON, NUL, COM1, LPT1, ...) is refused")
	ErrStream        = errors.New("alternate data stream (name:stream) is refused")
	ErrShortName     = errors.New("8.3 short name (like GIT~1) is refused: use the long name")
	ErrBadName       = errors.New("name is not a valid Windows file name")
	ErrLoop          = errors.New("too many levels of symbolic links")
	ErrHome          = errors.New("cannot expand ~: only ~ and ~/path are understood, and the home directory must be known")
)

type pathKind int

const (
	relative pathKind = iota
	rooted            // Windows `\foo`: absolute on the drive of the working directory
	absolute
)

// location is a parsed path: a volume ("C:" on Windows, "" elsewhere) and
// its components, never "" or "."; ".." may remain until resolution.
type location struct {
	vol   string
	comps []string
}

// format spells a location the platform's way.
func (p Platform) format(vol string, comps []string) string {
	if p.WindowsPaths {
		return vol + `\` + strings.Join(comps, `\`)
	}
	return "/" + strings.Join(comps, "/")
}

// split parses a path into its kind, volume and components, refusing what
// the platform cannot safely express.
func (p Platform) split(path string) (pathKind, location, error) {
	if path == "" {
		return relative, location{}, ErrEmpty
	}
	if strings.IndexByte(path, 0) >= 0 {
		return relative, location{}, ErrNUL
	}
	if !p.WindowsPaths {
		kind := relative
		if path[0] == '/' {
			kind = absolute
		}
		return kind, location{comps: components(path, "/")}, nil
	}
	var loc location
	kind := relative
	rest := path
	switch {
	case len(path) >= 2 && isSep(path[0]) && isSep(path[1]):
		// \\host\share, //host/share, \\?\C:\, \\?\UNC\, \\.\pipe: these
		// can reach the network or raw devices, and \\?\ skips Windows'
		// own normalisation. Nothing legitimate needs them here.
		return kind, loc, ErrNetwork
	case strings.HasPrefix(path, `\??\`) || strings.HasPrefix(path, `/??/`):
		return kind, loc, ErrNetwork
	case len(path) >= 2 && path[1] == ':' && isLetter(path[0]):
		if len(path) == 2 || !isSep(path[2]) {
			// C:foo is relative to the drive's own current directory,
			// which this process cannot know.
			return kind, loc, ErrDriveRelative
		}
		loc.vol = strings.ToUpper(path[:2])
		rest = path[2:]
		kind = absolute
	case isSep(path[0]):
		kind = rooted
	}
	raw := components(strings.ReplaceAll(rest, `/`, `\`), `\`)
	loc.comps = raw[:0]
	for _, c := range raw {
		n, err := windowsName(c)
		if err != nil {
			return kind, location{}, fmt.Errorf("component %q: %w", c, err)
		}
		loc.comps = append(loc.comps, n)
	}
	return kind, loc, nil
}

// splitTarget parses a symlink target read from the file system. Windows
// reports absolute targets of junctions and symlinks with a \??\ or \\?\
// prefix before the drive letter; those are local and accepted, every other
// UNC or device form is refused as in split.
func (p Platform) splitTarget(target string) (pathKind, location, error) {
	if p.WindowsPaths {
		for _, prefix := range []string{`\??\`, `\\?\`} {
			rest, ok := strings.CutPrefix(target, prefix)
			if ok && len(rest) >= 3 && isLetter(rest[0]) && rest[1] == ':' && isSep(rest[2]) {
				target = rest
			}
		}
	}
	return p.split(target)
}

// components splits on sep and drops empty and "." components.
func components(path, sep string) []string {
	parts := strings.Split(path, sep)
	out := parts[:0]
	for _, c := range parts {
		if c != "" && c != "." {
			out = append(out, c)
		}
	}
	return out
}

func isSep(b byte) bool    { return b == '/' || b == '\\' }
func isLetter(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }

// windowsName validates one Windows path component and returns it the way
// Windows itself will see it: trailing dots and spaces removed, so that
// `.git.` and `.git ` are recognised as `.git`.
func windowsName(c string) (string, error) {
	if c == ".." {
		return c, nil
	}
	for _, r := range c {
		switch {
		case r == ':':
			return "", ErrStream
		case r < 32 || strings.ContainsRune(`<>"|?*`, r):
			return "", ErrBadName
		}
	}
	n := strings.TrimRight(c, ". ")
	if n == "" {
		// "...", " ": Windows turns these into something else entirely.
		return "", ErrBadName
	}
	if isReservedName(n) {
		return "", ErrReserved
	}
	if isShortName(n) {
		// A short name can stand for any long name in its directory,
		// including .git; resolving it needs the directory listing and
		// the names are rare in practice, so it is refused.
		return "", ErrShortName
	}
	return n, nil
}

// reservedNames are the DOS device names, reserved in every directory and
// with any extension (con.txt is the console).
var reservedNames = map[string]bool{
	"CON": true, "PRN": true, "AUX": true, "NUL": true,
	"CONIN$": true, "CONOUT$": true, "CLOCK$": true,
	"COM¹": true, "COM²": true, "COM³": true, "LPT¹": true, "LPT²": true, "LPT³": true,
}

func init() {
	for d := '0'; d <= '9'; d++ {
		reservedNames["COM"+string(d)] = true
		reservedNames["LPT"+string(d)] = true
	}
}

func isReservedName(n string) bool {
	base, _, _ := strings.Cut(n, ".")
	base = strings.TrimRight(base, " ")
	return reservedNames[strings.ToUpper(base)]
}

// isShortName reports a "~digit" anywhere in the name, the mark of an 8.3
// short name such as GIT~1 or PROGRA~1.
func isShortName(n string) bool {
	for i := 0; i+1 < len(n); i++ {
		if n[i] == '~' && '0' <= n[i+1] && n[i+1] <= '9' {
			return true
		}
	}
	return false
}
