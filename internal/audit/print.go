package audit

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode"
)

// PrintOptions chooses what Print shows.
type PrintOptions struct {
	JSON     bool           // the raw JSON lines instead of the readable table
	Last     int            // only the last N entries; 0 means all
	Location *time.Location // for the readable times; nil means time.Local
}

// Print writes the log at path to w, oldest first, one entry a line:
//
//	2026-11-27 14:03:11  allow  person   Bash  npm run test   (session 1a2b…)
//
// Agent-supplied text is stripped of control characters first, so a
// summary cannot drive the terminal. Lines that do not parse are shown as
// such (run Verify for the reason); Print does not check the chain.
func Print(w io.Writer, path string, opts PrintOptions) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("print %s: %w", path, err)
	}
	defer f.Close()
	loc := opts.Location
	if loc == nil {
		loc = time.Local
	}

	type row struct {
		no   int
		line []byte
	}
	var rows []row
	br := bufio.NewReaderSize(f, 64<<10)
	for no := 1; ; no++ {
		line, err := readLine(br)
		if err == io.EOF {
			break
		}
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, errLineTooLong) {
			return fmt.Errorf("print %s: %w", path, err)
		}
		rows = append(rows, row{no, line})
		if opts.Last > 0 && len(rows) > opts.Last {
			rows = rows[1:]
		}
		if err != nil {
			break
		}
	}

	bw := bufio.NewWriter(w)
	for _, r := range rows {
		if opts.JSON {
			bw.Write(r.line)
			bw.WriteByte('\n')
			continue
		}
		e, err := parseLine(r.line)
		if err != nil {
			fmt.Fprintf(bw, "line %d: unreadable entry (run 'gatehouse audit verify')\n", r.no)
			continue
		}
		bw.WriteString(formatEntry(e, loc))
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("print %s: %w", path, err)
	}
	return nil
}

// formatEntry is one readable line for e.
func formatEntry(e Entry, loc *time.Location) string {
	var b strings.Builder
	decision := e.Decision
	if e.Kind == RepairKind {
		decision = RepairKind
	}
	fmt.Fprintf(&b, "%s  %-5s  %-8s %s  %s",
		e.Time.In(loc).Format(time.DateTime), printable(decision), printable(e.By),
		printable(e.Tool), printable(e.Summary))
	if e.Scope != "" && e.Scope != "once" {
		fmt.Fprintf(&b, "  [%s: %s]", printable(e.Scope), printable(e.Rule))
	}
	if e.Reason != "" && e.Decision != "allow" {
		fmt.Fprintf(&b, "  (%s)", printable(e.Reason))
	}
	if e.Session != "" {
		fmt.Fprintf(&b, "   (session %s…)", printable(firstRunes(e.Session, 4)))
	}
	return b.String()
}

// printable maps line breaks and tabs to spaces and drops other control
// and bidi-override characters: the text came from the agent.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case unicode.IsControl(r), r == 0x061C, r == 0x200E, r == 0x200F,
			r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			return -1
		}
		return r
	}, s)
}

// firstRunes returns the first n runes of s.
func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
