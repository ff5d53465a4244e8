// Package shell reads a bash command line the way bash would and reports every
// simple command in it, with its literal name and arguments, its redirections,
// its assignments, the constructs around it, and the effects that its program
// and options have (execute code, write files, reach the network...).
//
// It never splits strings: the line is parsed with mvdan.cc/sh/v3/syntax.
// Anything that cannot be known statically (a variable, a substitution, a
// glob) is marked dynamic so that callers can refuse to auto-allow it.
//
// What programs and options do is data (effects_table.go), read by a small
// engine: getopt-style option grammars with abbreviated long options,
// operand roles (cp reads all but the last operand and writes the last),
// subcommands (git push), and a few grammars getopt cannot describe
// (find's expression, dd's key=value, sed and awk programs).
package shell

// Line is one analysed command line.
type Line struct {
	Source   string
	Commands []Command // every simple command, in source order, wrappers unwrapped
	// Constructs found anywhere in the line (pipe, subshell, cmdsubst, ...).
	Constructs []Construct
	// ParseError is set when bash syntax could not be parsed; Commands is then
	// empty or partial and callers must treat the line as unparsable (ask).
	ParseError error
	// CodeStringsNotRead counts the code strings (sh -c '…', eval …) past
	// MaxCodeStrings that AnalyzeWithTree left unread; their commands keep
	// their own code-execution effect. Analyze reads them all: always 0.
	CodeStringsNotRead int
	// CompoundEffects are effects of words that belong to no simple
	// command: the words of for and case, case patterns, and the
	// redirections of compound commands ({ …; } > f). They are what bash
	// evaluates there as code or arithmetic (for i in ${!x}), and a line
	// that has any is never allowed automatically.
	CompoundEffects []Effect
	// OverLimit says which of Limits the line exceeds ("" when none): it
	// is then too long to be allowed automatically, though every command
	// is still analysed, so that deny rules reach all of them.
	OverLimit string
	// Globs are the patterns AnalyzeGlobs expanded, as written (quoted
	// metacharacters escaped). Analyze expands none.
	Globs []string
	// lists are the blocks the line's commands, words, effects and
	// redirections were handed out from, for Recycle (nil on short lines).
	lists *lists
}

// Command is one simple command: `name args... redirs...`, after wrappers
// such as sudo, timeout, env, xargs, nice, nohup, stdbuf, command, exec, time
// have been peeled off (they are listed in Wrappers).
//
// A line of only assignments or redirections (A=1, > f) is a Command whose
// Name is empty and not Dynamic.
type Command struct {
	Name     Word   // program name as bash resolves the literal ("" and Dynamic if not literal)
	Args     []Word // arguments after the name
	Assigns  []Assign
	Redirs   []Redir
	Wrappers []Wrapper // outermost first, e.g. sudo then timeout
	Context  Context
	Pos, End int // byte offsets of the whole simple command in Line.Source
	Effects  []Effect
}

// Word is a shell word with quotes, backslashes and $'..' resolved.
type Word struct {
	Value    string // the literal value; meaningful only when !Dynamic
	Pos, End int    // byte offsets in Line.Source
	// Pattern is set when the word is Dynamic only because of pathname
	// expansion (*.go, src/?.c, [ab].txt): the glob pattern in path.Match
	// syntax, quoted metacharacters escaped with a backslash. Callers may
	// use it to confine the files it can match (src/*.go stays in src).
	Pattern string
	Dynamic bool // contains expansions, substitutions or globs
	// Tilde is set when Value starts with an unquoted "~" that bash expands
	// to the home directory ("~" or "~/x"): Value keeps the "~" and callers
	// expand it themselves. A quoted "~" is a literal file name and has
	// Tilde false. "~user" forms are Dynamic.
	//
	// Vars is set on a Dynamic word whose only expansions are plain
	// variables inside double quotes ("$HOME", "${name}/x"): bash runs
	// no code for it, makes exactly one word of it and globs nothing;
	// only the values are unknown. WordVariables names them.
	//
	// (The flags sit together at the end: a Word is 56 bytes, not 64,
	// and a long line holds tens of thousands.)
	Tilde bool
	Vars  bool
}

// Assign is a NAME=value prefix or a declaration builtin's argument.
type Assign struct {
	Name  string
	Value Word
}

// Redir is a redirection such as `> out.txt`, `2>>log`, `>| f`, `&> f`, `< in`, `<<EOF`.
type Redir struct {
	Op       string // as written: ">", ">>", ">|", "&>", "&>>", "<", "<<", "<<<", "<>", ">&", "<&"
	FD       string // explicit fd number if any
	Target   Word   // file, fd or here-string word; for heredocs the delimiter
	Writes   bool   // opens Target for writing
	Reads    bool   // opens Target for reading
	Pos, End int
	// Body is the text a heredoc (<<, <<-) feeds to the command, literal
	// unless it holds expansions (then Dynamic). For a here-string (<<<)
	// the text is Target.
	Body Word
}

// Wrapper is a program that runs the command after it (sudo, timeout, xargs...).
type Wrapper struct {
	Name     string
	Args     []Word // the wrapper's own options and operands
	Pos, End int
}

// Context says where a simple command stands in the line.
type Context struct {
	Pipeline     bool // part of a pipeline
	PipedInto    bool // receives another command's output on stdin
	Background   bool // ends with &
	Subshell     bool // inside ( ... )
	Substitution bool // inside $( ), ` `, <( ) or >( )
	Function     bool // inside a function body
	Loop         bool // inside for/while/until
	Conditional  bool // inside if/case or after && / ||
	Heredoc      bool // has a heredoc for stdin
	// Nested: the command is run by another command from its code string
	// or arguments (sh -c '...', eval '...', find -exec ... ;). Its byte
	// ranges are those of the string or words it comes from; the outer
	// command keeps its own code-execution effect.
	Nested bool
	// TooDeep: the command stands for a part of the line nested more than
	// MaxNesting levels deep, which is not analysed. Its name is Dynamic
	// and it has an obfuscation effect, so nothing allows it.
	TooDeep bool
}

// Limits bound what a line may hold and still be allowed automatically.
// No command written for work comes near them; a line past them is built
// to be hard to read, for people and for checks alike.
type Limits struct {
	Bytes    int // source length
	Commands int // simple commands, including those of code strings
	Words    int // names and arguments of all commands
	Depth    int // nesting of statements (MaxNesting is where analysis stops)
}

// DefaultLimits are the limits of Analyze.
var DefaultLimits = Limits{Bytes: 256 << 10, Commands: 2000, Words: 50000, Depth: MaxNesting}

// MaxNesting is how many levels of nested statements are analysed
// (blocks, subshells, loops, substitutions, timed pipelines...). No real
// command comes near it; past it a line is only deep to be slow to read
// (every level is a frame on the stack), so the rest is not analysed.
const MaxNesting = 1000

// ConstructKind names a piece of shell structure.
type ConstructKind string

const (
	ConstructSequence   ConstructKind = "sequence"   // ; or newline
	ConstructAnd        ConstructKind = "and"        // &&
	ConstructOr         ConstructKind = "or"         // ||
	ConstructPipe       ConstructKind = "pipe"       // |, |&
	ConstructBackground ConstructKind = "background" // &
	ConstructSubshell   ConstructKind = "subshell"   // ( )
	ConstructCmdSubst   ConstructKind = "cmdsubst"   // $( ) or ` `
	ConstructProcSubst  ConstructKind = "procsubst"  // <( ) or >( )
	ConstructHeredoc    ConstructKind = "heredoc"    // << / <<-
	ConstructFunction   ConstructKind = "function"   // f() { }
	ConstructLoop       ConstructKind = "loop"       // for / while / until
	ConstructIf         ConstructKind = "if"         // if / case / [[ ]]
	ConstructArithmetic ConstructKind = "arithmetic" // (( )) / $(( ))
	ConstructCoproc     ConstructKind = "coproc"
)

// Construct is one occurrence of a ConstructKind.
type Construct struct {
	Kind     ConstructKind
	Pos, End int
}

// EffectKind is what running a command can do. The vocabulary mirrors the
// risk flags of `gatehouse explain` where they overlap.
type EffectKind string

const (
	EffectExec        EffectKind = "code-execution" // runs code not visible in the line (eval, sh -c, find -exec, sed e, ...)
	EffectWrite       EffectKind = "write"          // writes or creates a file (Path set when known)
	EffectRead        EffectKind = "read"           // reads a file (Path set when known)
	EffectNetwork     EffectKind = "network"        // reaches the network (Host/URL in Path when known)
	EffectDestructive EffectKind = "destructive"    // deletes or overwrites data irreversibly
	EffectPrivilege   EffectKind = "privilege"      // sudo, su, chmod +s, chown ...
	EffectPersistence EffectKind = "persistence"    // crontab, systemctl enable, shell rc files, git hooks
	EffectEnv         EffectKind = "environment"    // export/declare/alias/PATH=/LD_*= change how later programs load
	EffectObfuscation EffectKind = "obfuscation"    // base64 -d | sh, $'\x..', dynamic command names
	EffectSecrets     EffectKind = "secrets"        // reads credentials (.env, ~/.ssh, ~/.aws ...)
)

// Effect is one thing a simple command does, with the part of the source
// that causes it.
type Effect struct {
	Kind     EffectKind
	Path     string // file, directory, host or URL involved, literal as written (unresolved)
	Reason   string // short, human: "find -exec runs a program for every file"
	Pos, End int
	// Inherent is set when the effect is the program's own nature (make
	// runs recipes, go test runs tests, curl reaches the network), so a rule
	// that allows the program by name may allow it. Effects introduced by an
	// option, an operand, a redirection or a construct (find -exec, git
	// --ext-diff, sh -c) are never Inherent.
	Inherent bool
}
