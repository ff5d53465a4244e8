// Package sedscript reads GNU sed scripts strictly, the way GNU sed 4.9
// compiles them, and reports what a script can do beyond editing its input:
// run commands, write files, read files.
//
// The parser is on the security path: a script it does not read completely
// and exactly as GNU sed would is refused with an error, never guessed at.
// It refuses some scripts GNU sed accepts (see the rules below); it never
// accepts a script while reading it differently from GNU sed 4.9, and where
// older GNU sed versions read a construct differently (labels ending at ';'
// or '#'), it refuses the construct or reports the union of both readings.
//
// # What the caller does
//
// The script is the text sed compiles: the first non-option argument, or the
// -e expressions and -f file contents joined by "\n" in command-line order
// (GNU sed joins them the same way, so `-e 'a\' -e text` appends "text").
// Options that change how the script is read go in [Options]; -n, -s, -i,
// -z, -E/-r, -u, -l N, --debug and --follow-symlinks do not change parsing.
// The caller must treat -i (in-place editing writes the input files) and
// -f (a script file) itself. With -i, `w /dev/stdout` writes into the file
// being edited, which -i writes anyway.
//
// # Effects
//
//   - RunsCode: the e command (with or without a command; without one it
//     runs the pattern space) and the s command's e flag, which runs the
//     pattern space as a shell command.
//   - WritesFiles: w FILE, W FILE and the s command's w FILE flag. GNU sed
//     opens (creates and truncates) every such file when it compiles the
//     script, before reading input, so each counts even when unreachable.
//     "/dev/stdout" and "/dev/stderr" are GNU sed's own names for its output
//     streams and are not reported.
//   - ReadsFiles: r FILE and R FILE. "/dev/stdin" is sed's standard input
//     and is not reported.
//
// File names are the exact bytes up to the end of the line (leading blanks
// skipped, trailing blanks kept, no escapes), as GNU sed reads them; they
// are relative to sed's working directory.
//
// # Syntax accepted (GNU sed 4.9, checked against the real program)
//
// Commands are separated by newlines or ';'; blanks (space, tab) and
// semicolons between commands are skipped. A command is
//
//	[address[,address]][blanks][!][blanks]command
//
// Addresses: N, $, first~step, /re/ or \cREc with flags I and M (blanks
// allowed before each flag), and as the second address also +N and ~N;
// 0 is valid only as 0,/re/ or 0~step. Regular expressions end at the first
// unescaped delimiter outside a bracket expression: GNU sed 4.9 skips
// bracket expressions ([/], []/], [^]/]) when looking for the delimiter; a
// backslash inside brackets is literal; [:class:], [.coll.] and [=equiv=]
// must close on the same line and must not contain the delimiter. A
// backslash escapes the next byte, including a newline; an unescaped newline
// ends the script with an error.
//
// Commands: { } = a b c d D e F g G h H i l n N p P q Q r R s t T v w W x
// y z : and # comments (#n on the first line is -n). After a command with
// no argument only blanks, then ';', newline, '}', '#' or the end may
// follow.
//   - a, i, c: GNU one-liner form (`a text`) or classic form (`a\` newline
//     text). The text runs to the first newline not escaped by a backslash,
//     so ';' and '}' inside it are text.
//   - :label, b, t, T: a label is made of letters, digits, '_', '.', '-' and
//     ends at blanks, ';', newline, '}' or the end (GNU sed 4.9). Any other
//     byte in or right after a label ('#', '!', '/', ...) is refused: sed
//     4.9 ends labels at '#' and starts a comment, older versions kept it in
//     the label and read what follows as commands.
//   - e, r, R, w, W: the argument runs to the end of the line.
//   - s: any delimiter except newline, backslash, '[' and ']' (and no ':',
//     '.', '=' or '^' delimiter when the regex has a bracket expression);
//     flags g p N i I m M e and w FILE (the rest of the line), blanks
//     allowed between flags.
//   - y: two parts with the same delimiter rules, no brackets.
//   - l, L, q, Q: an optional number.
//
// Refused: bytes that are not valid UTF-8 (multi-byte locales other than
// UTF-8 can hide a delimiter in a character's second byte), NUL, carriage
// return, vertical tab and form feed, scripts longer than [MaxScriptLen],
// blocks nested deeper than [MaxDepth], and --posix (Options.Posix).
package sedscript

// MaxScriptLen is the longest script Parse reads; longer scripts are refused.
const MaxScriptLen = 1 << 20

// MaxDepth is the deepest nesting of { } blocks Parse reads.
const MaxDepth = 256

// Options are the sed command-line options that change how a script is
// read.
type Options struct {
	// Posix is --posix. It makes GNU sed reject some GNU extensions and read
	// others differently; Parse refuses it rather than model it.
	Posix bool
}

// Effects is what a script can do beyond printing its edited input.
type Effects struct {
	// RunsCode: the script can run shell commands (e, s///e).
	RunsCode bool
	// WritesFiles lists the files the script opens for writing, in script
	// order, duplicates kept once.
	WritesFiles []string
	// ReadsFiles lists the files the script reads with r and R.
	ReadsFiles []string
}

// Command is one parsed sed command.
type Command struct {
	// Name is the command letter ('s', 'w', '{', ':', ...).
	Name byte
	// Arg is the command's argument: the label, the file name (for r, R,
	// w, W and s///w), the shell command of e, or the text of a, i, c.
	Arg string
	// Flags are the s command's flags as written, without the w file name.
	Flags string
	// Offset is the byte offset of the command letter in the script.
	Offset int
}

// Script is a parsed sed script.
type Script struct {
	// Commands in script order, including { and } but not comments.
	Commands []Command
	// Quiet is set when the script starts with "#n" on its own line, which
	// GNU sed reads as -n.
	Quiet bool
}

// Special file names GNU sed handles itself instead of opening them.
const (
	devStdout = "/dev/stdout"
	devStderr = "/dev/stderr"
	devStdin  = "/dev/stdin"
)

// Effects reports what the script can do; see the package documentation.
func (s *Script) Effects() Effects {
	var e Effects
	seenW := map[string]bool{}
	seenR := map[string]bool{}
	for _, c := range s.Commands {
		switch c.Name {
		case 'e':
			e.RunsCode = true
		case 's':
			for i := 0; i < len(c.Flags); i++ {
				if c.Flags[i] == 'e' {
					e.RunsCode = true
				}
			}
			if c.Arg != "" && c.Arg != devStdout && c.Arg != devStderr && !seenW[c.Arg] {
				seenW[c.Arg] = true
				e.WritesFiles = append(e.WritesFiles, c.Arg)
			}
		case 'w', 'W':
			if c.Arg != devStdout && c.Arg != devStderr && !seenW[c.Arg] {
				seenW[c.Arg] = true
				e.WritesFiles = append(e.WritesFiles, c.Arg)
			}
		case 'r', 'R':
			if c.Arg != devStdin && !seenR[c.Arg] {
				seenR[c.Arg] = true
				e.ReadsFiles = append(e.ReadsFiles, c.Arg)
			}
		}
	}
	return e
}
