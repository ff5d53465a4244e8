package shell

import (
	"regexp"
	"strings"
	"sync"

	"github.com/gatehouse/gatehouse/internal/awkscript"
	"github.com/gatehouse/gatehouse/internal/sedscript"
)

// programScript analyses the program text of sed and awk with their strict
// readers (internal/sedscript, internal/awkscript) and returns the
// operands that remain (the files). Other script languages go to
// scriptEffects.
func (a *analysis) programScript(cmd *Command, lang string, parsed parsedArgs, args, operands []Word) []Word {
	switch lang {
	case "sed":
		return sedProgram(cmd, parsed, operands)
	case "awk":
		return awkProgram(cmd, parsed, operands)
	case "jq":
		return jqProgram(cmd, parsed, operands)
	case "yq":
		return yqProgram(cmd, parsed, operands)
	}
	return a.scriptEffects(cmd, lang, parsed, args, operands)
}

// scriptWords collects the program texts given by options (sed -e, gawk
// -e/--source), flags the options that take the program from a file,
// and, with neither, takes the first operand as the program.
func scriptWords(cmd *Command, lang string, parsed parsedArgs, operands []Word, inline, fromFile string) ([]Word, []Word) {
	var scripts []Word
	file := false
	for _, o := range parsed.opts {
		switch {
		case matchesAny(o.Names, inline):
			scripts = append(scripts, o.Value)
		case matchesAny(o.Names, fromFile):
			// The file may change between this check and the run.
			file = true
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: o.Pos, End: o.End,
				Reason: lang + " " + o.Names[0] + " runs a program from a file that is not in the line"})
		}
	}
	if len(scripts) == 0 && !file && len(operands) > 0 {
		scripts, operands = operands[:1], operands[1:]
	}
	return scripts, operands
}

// sedProgram reads the sed script the way GNU sed compiles it: the -e
// expressions joined by newlines, or the first operand.
func sedProgram(cmd *Command, parsed parsedArgs, operands []Word) []Word {
	scripts, operands := scriptWords(cmd, "sed", parsed, operands, "-e --expression", "-f --file")
	sedBackups(cmd, parsed, operands)
	if len(scripts) == 0 {
		return operands
	}
	at := Word{Pos: scripts[0].Pos, End: scripts[len(scripts)-1].End}
	texts := make([]string, 0, len(scripts))
	for _, s := range scripts {
		if s.Dynamic {
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: s.Pos, End: s.End,
				Reason: "the sed script is computed when the line runs"})
			return operands
		}
		texts = append(texts, s.Value)
	}
	script, err := sedscript.Parse(strings.Join(texts, "\n"), sedscript.Options{Posix: parsed.has("--posix")})
	if err != nil {
		cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: at.Pos, End: at.End,
			Reason: "the sed script is not understood (" + err.Error() + "); it may run commands"})
		return operands
	}
	fx := script.Effects()
	if fx.RunsCode {
		cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: at.Pos, End: at.End,
			Reason: "the sed script runs a shell command (e, s///e)"})
	}
	for _, p := range fx.WritesFiles {
		cmd.Effects = append(cmd.Effects, Effect{Kind: EffectWrite, Path: p, Pos: at.Pos, End: at.End,
			Reason: "the sed script writes a file (w, W, s///w)"})
	}
	for _, p := range fx.ReadsFiles {
		cmd.Effects = append(cmd.Effects, Effect{Kind: EffectRead, Path: p, Pos: at.Pos, End: at.End,
			Reason: "the sed script reads a file (r, R)"})
	}
	return operands
}

// awkSafeW are the -W values of mawk and gawk that change nothing but
// output: any other -W (mawk's -W exec FILE among them) is not allowed
// automatically.
var awkSafeW = map[string]bool{"version": true, "v": true, "interactive": true, "i": true,
	"posix_space": true, "usage": true, "help": true, "dump": true}

// awkProgram reads the awk program (gawk -e/--source texts joined by
// newlines, or the first operand) with the strict reader.
func awkProgram(cmd *Command, parsed parsedArgs, operands []Word) []Word {
	for _, o := range parsed.opts {
		if matchesAny(o.Names, "-W") && (o.Value.Dynamic || !awkSafeW[o.Value.Value]) {
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: o.Pos, End: o.End,
				Reason: "awk -W " + o.Value.Value + " is not an option Gatehouse knows to be harmless (mawk -W exec runs a program file)"})
		}
	}
	scripts, operands := scriptWords(cmd, "awk", parsed, operands, "-e --source",
		"-f --file -E --exec -i --include -l --load -D --debug")
	// var=value operands are assignments, not files.
	files := operands[:0:0]
	for _, w := range operands {
		if k, _, ok := strings.Cut(w.Value, "="); ok && !w.Dynamic && validName(k) {
			continue
		}
		files = append(files, w)
	}
	if len(scripts) == 0 {
		return files
	}
	at := Word{Pos: scripts[0].Pos, End: scripts[len(scripts)-1].End}
	texts := make([]string, 0, len(scripts))
	for _, s := range scripts {
		if s.Dynamic {
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: s.Pos, End: s.End,
				Reason: "the awk program is computed when the line runs"})
			return files
		}
		texts = append(texts, s.Value)
	}
	fx, err := awkscript.Check(strings.Join(texts, "\n"))
	add := func(k EffectKind, p, reason string) {
		cmd.Effects = append(cmd.Effects, Effect{Kind: k, Path: p, Pos: at.Pos, End: at.End, Reason: reason})
	}
	if err != nil {
		add(EffectExec, "", "the awk program is not understood ("+err.Error()+"); it may run commands")
		return files
	}
	for _, why := range fx.RunsCode {
		add(EffectExec, "", "the awk program uses "+why+", which runs commands")
	}
	for _, p := range fx.WritesFiles {
		add(EffectWrite, p, "the awk program writes a file (print >)")
	}
	if fx.WritesUnknown {
		add(EffectWrite, "", "the awk program redirects output to a file (path not known before the line runs)")
	}
	for _, p := range fx.ReadsFiles {
		add(EffectRead, p, "the awk program reads a file (getline <)")
	}
	if fx.ReadsUnknown {
		add(EffectExec, "", "the awk program reads a file whose name it computes (getline <)")
	}
	if fx.Environment {
		add(EffectSecrets, "ENVIRON", "the awk program reads the environment variables, which hold tokens")
	}
	if fx.ChangesInput {
		add(EffectExec, "", "the awk program changes ARGV or ARGC, so the files it reads are not the ones in the line")
	}
	return files
}

// jqEnv finds the jq builtins that print the environment (env, $ENV) and
// the module directives that load code from files. The whole text is
// searched, strings too: "\\(env.TOKEN)" interpolates inside a string.
var jqEnv = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(^|[^.$A-Za-z0-9_])env($|[^A-Za-z0-9_])|\$ENV($|[^A-Za-z0-9_])|\$__prog|(^|[^.$A-Za-z0-9_])(import|include)($|[^A-Za-z0-9_])`)
})

// jqProgram reads the jq filter (the first operand, unless -f gives it):
// env and $ENV print the environment, which holds tokens, like printenv;
// import and include load modules from files.
func jqProgram(cmd *Command, parsed parsedArgs, operands []Word) []Word {
	scripts, operands := scriptWords(cmd, "jq", parsed, operands, "", "-f --from-file")
	// With --args the positional words are values, not files; reading
	// them as files only asks more.
	for _, s := range scripts {
		if s.Dynamic {
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: s.Pos, End: s.End,
				Reason: "the jq program is computed when the line runs"})
			continue
		}
		if m := jqEnv().FindString(s.Value); m != "" {
			what := strings.Trim(m, " \t\n()|,;.{}[]:+-*/=<>!?\"'")
			if what == "import" || what == "include" {
				cmd.Effects = append(cmd.Effects, Effect{Kind: EffectRead, Pos: s.Pos, End: s.End,
					Reason: "the jq program loads a module from a file (path not known before the line runs)"})
				continue
			}
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectSecrets, Path: "$ENV", Pos: s.Pos, End: s.End,
				Reason: "the jq program prints environment variables (env, $ENV), which hold tokens"})
		}
	}
	return operands
}

// sedBackups reports the backup files of sed -iSUFFIX. A plain suffix puts
// the backup beside each file (f.txt.bak); a suffix with '*' or '/' is a
// name template GNU sed resolves itself (-i'/tmp/*' copies every file to
// /tmp, -i'.git/hooks/*' installs a hook): where it writes is not known.
func sedBackups(cmd *Command, parsed parsedArgs, files []Word) {
	o, ok := parsed.find("-i", "--in-place")
	if !ok || !o.HasValue {
		return
	}
	suffix := o.Value
	if suffix.Dynamic || strings.ContainsAny(suffix.Value, "*/") {
		cmd.Effects = append(cmd.Effects, Effect{Kind: EffectWrite, Pos: o.Pos, End: o.End,
			Reason: "sed -i writes a backup of every file to a name its template makes (path not known before the line runs)"})
		return
	}
	for _, f := range files {
		e := Effect{Kind: EffectWrite, Pos: f.Pos, End: f.End, Reason: "sed -i writes a backup of the file"}
		if f.Dynamic {
			e.Path = pathOf(f, &e)
		} else {
			e.Path = f.Value + suffix.Value
		}
		cmd.Effects = append(cmd.Effects, e)
	}
}

// yqEnv and yqLoad find the yq operators that read the environment
// (env, strenv, envsubst) and files (load, load_str, ...), anywhere in the
// expression.
var (
	yqEnv  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b(env|strenv|envsubst)\b`) })
	yqLoad = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\b(load|load_str|load_xml|load_props|load_base64|eval)\b`)
	})
)

// yqProgram reads the yq expression (the first operand, or --expression):
// like jq's env, yq's env and strenv print the environment, and its load
// operators read any file the expression names.
func yqProgram(cmd *Command, parsed parsedArgs, operands []Word) []Word {
	scripts, operands := scriptWords(cmd, "yq", parsed, operands, "--expression", "--from-file")
	for _, s := range scripts {
		switch {
		case s.Dynamic:
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: s.Pos, End: s.End,
				Reason: "the yq expression is computed when the line runs"})
		case yqLoad().MatchString(s.Value):
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectExec, Pos: s.Pos, End: s.End,
				Reason: "the yq expression reads files it names (load) or evaluates an expression (eval)"})
		case yqEnv().MatchString(s.Value):
			cmd.Effects = append(cmd.Effects, Effect{Kind: EffectSecrets, Path: "$ENV", Pos: s.Pos, End: s.End,
				Reason: "the yq expression prints environment variables (env, strenv), which hold tokens"})
		}
	}
	return operands
}
