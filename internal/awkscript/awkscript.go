// Package awkscript reads awk programs strictly and reports what a program
// can do beyond printing: run commands, write files, read files other than
// its input, read the environment, or change which files awk reads.
//
// awk is a full language. The reader is on the security path, so it reads
// the program token by token the way awk's lexer does and refuses (returns
// an error) whatever it cannot read with certainty; a refused program must
// not be run automatically. It is not a full grammar: it does not check
// that the program is valid awk, only that every token is one it knows, and
// it reports an effect for every construct that can have one, wherever it
// stands (an unreachable `system` still counts).
//
// # What counts
//
//   - Runs code: `system`, any `|` (print | "cmd", "cmd" | getline, and
//     gawk's |& coprocesses), gawk's `@` (indirect calls @f(), @include,
//     @load, @namespace), calls of functions that are neither builtins nor
//     defined in the program (gawk extensions).
//   - Writes: `>` and `>>` in a print or printf statement. The file is
//     reported when it is one string literal that ends the statement;
//     "/dev/stdout", "/dev/stderr" and "-" are awk's output streams.
//     Any other target is reported as a write to an unknown file.
//   - Reads: `getline [var] < file`. A string literal file is reported;
//     any other target is a read of an unknown file.
//   - Environment: any use of ENVIRON, which holds the process's secrets.
//   - Input files: any use of ARGV or ARGC, through which a program changes
//     the files awk opens after it starts (ARGV[1] = ".env").
//
// # Refused
//
// Bytes outside string literals that are not printable ASCII, tab or
// newline; backslashes outside strings and regexps other than a line
// continuation; newlines inside strings or regexps; a '/' inside a bracket
// expression of a regexp (awks disagree on whether it ends the regexp);
// gawk's `::` namespaces; programs longer than [MaxProgramLen].
//
// A '/' is read as the start of a regexp where awk's grammar expects an
// operand: after an operator, an opening bracket, a separator, '$', the
// condition of if, while or for, or a keyword such as print or case; after
// a name, a number, a string, another closing bracket or ++/-- it is
// division, as awk reads it. The two must agree: a regexp read as a
// division would show its text as tokens, but a '#' or '"' inside it would
// then start a comment or a string that hides what follows
// (if (1) /#/; system("id")).
package awkscript

// MaxProgramLen is the longest program Check reads.
const MaxProgramLen = 1 << 20

// Effects is what an awk program can do besides reading its input and
// printing to standard output.
type Effects struct {
	// RunsCode lists why the program can run commands ("system", "|",
	// "@", "the function foo"), in program order, each once.
	RunsCode []string
	// WritesFiles lists the literal files print and printf redirect to.
	WritesFiles []string
	// WritesUnknown: some redirection's target is computed.
	WritesUnknown bool
	// ReadsFiles lists the literal files getline reads.
	ReadsFiles []string
	// ReadsUnknown: some getline reads a file whose name is computed.
	ReadsUnknown bool
	// Environment: the program reads ENVIRON.
	Environment bool
	// ChangesInput: the program uses ARGV or ARGC.
	ChangesInput bool
}

// Safe reports a program that only reads its input and prints.
func (e Effects) Safe() bool {
	return len(e.RunsCode) == 0 && len(e.WritesFiles) == 0 && !e.WritesUnknown &&
		len(e.ReadsFiles) == 0 && !e.ReadsUnknown && !e.Environment && !e.ChangesInput
}
