package audit

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"github.com/gatehouse/gatehouse/internal/verdict"
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

	var rows []printRow
	br := bufio.NewReaderSize(f, 64<<10)
	for no := 1; ; no++ {
		line, err := readLine(br)
		if err == io.EOF {
			break
		}
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, errLineTooLong) {
			return fmt.Errorf("print %s: %w", path, err)
		}
		rows = append(rows, printRow{no, line})
		if opts.Last > 0 && len(rows) > opts.Last {
			rows = rows[1:]
		}
		if err != nil {
			break
		}
	}

	bw := bufio.NewWriter(w)
	for i, r := range rows {
		if opts.JSON {
			bw.Write(r.line)
			bw.WriteByte('\n')
			continue
		}
		e, err := parseLine(r.line)
		if err != nil {
			if no, ok := repairAfter(rows[i+1:]); ok {
				fmt.Fprintf(bw, "line %d: not an entry: part of a write cut short, kept by the repair on line %d\n", r.no, no)
				continue
			}
			fmt.Fprintf(bw, "line %d: unreadable entry (run 'gatehouse audit verify')\n", r.no)
			continue
		}
		if i+1 < len(rows) && keptBy(rows[i+1].line, r.line) {
			// A whole line written without its newline: Append failed,
			// and its caller did not act on it.
			fmt.Fprintf(bw, "line %d: not an entry: a write cut short before its newline, kept by the repair on line %d\n", r.no, rows[i+1].no)
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

// printRow is one line of the log as Print read it.
type printRow struct {
	no   int
	line []byte
}

// repairAfter finds the first of rows that reads as an entry and reports
// its line if it is a repair entry (whether it holds the bytes before it
// is for Verify to say: Print does not check).
func repairAfter(rows []printRow) (int, bool) {
	seen := 0
	for _, r := range rows {
		if e, err := parseLine(r.line); err == nil {
			return r.no, e.Kind == RepairKind
		}
		// No repair holds more than maxTorn bytes.
		if seen += len(r.line) + 1; seen > maxTorn+1 {
			break
		}
	}
	return 0, false
}

// keptBy reports whether next is a repair entry whose torn bytes end with
// line.
func keptBy(next, line []byte) bool {
	e, err := parseLine(next)
	if err != nil || e.Kind != RepairKind {
		return false
	}
	torn, err := base64.StdEncoding.DecodeString(e.Torn)
	return err == nil && (bytes.Equal(torn, line) || bytes.HasSuffix(torn, append([]byte{'\n'}, line...)))
}

// formatEntry is one readable line for e.
func formatEntry(e Entry, loc *time.Location) string {
	var b strings.Builder
	decision := e.Decision
	if e.Kind == RepairKind {
		decision = RepairKind
	}
	agent := e.Agent
	if agent == "" {
		agent = "-"
	}
	// Which agent asked comes right after who decided: one log holds the
	// calls of every agent the hook serves.
	fmt.Fprintf(&b, "%s  %-5s  %-8s %-12s %s  %s",
		e.Time.In(loc).Format(time.DateTime), printable(decision), printable(e.By),
		printable(agent), printable(e.Tool), printable(e.Summary))
	if e.Scope != "" && e.Scope != verdict.ScopeOnce {
		fmt.Fprintf(&b, "  [%s: %s]", printable(e.Scope), printable(e.Rule))
	}
	if e.Reason != "" && e.Decision != "allow" && e.Kind != RepairKind {
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
