package shell

import "sync"

// This file is data: what each wrapper and program does. The engine in
// effects.go, wrappers.go and special.go interprets it; no program has
// code of its own here. Every bypass found in a program becomes an entry
// or an option here, and a row in testdata/shell or
// testdata/corpus/bash_programs.tsv.
//
// Positive knowledge: an option of a program in this table that neither
// this file nor options_table.go (the complete lists from each program's
// --help or manual) names is unknown, and a command with an unknown option
// is never allowed automatically. testdata/option_effects.tsv locks every
// option that has an effect.
//
// Option lists use the grammar of optSyntax.addOptions: "-o=" takes a
// value, "-i=?" takes an attached value only, "--arg==" takes two.

// Effect templates used across the table.
var (
	fxNetwork     = effectSpec{Kind: EffectNetwork, Reason: "reaches the network"}
	fxPrivilege   = effectSpec{Kind: EffectPrivilege, Reason: "runs with another user's privileges"}
	fxDestructive = effectSpec{Kind: EffectDestructive, Reason: "deletes or overwrites data"}
	fxPersistence = effectSpec{Kind: EffectPersistence, Reason: "installs something that runs later"}
	fxEnv         = effectSpec{Kind: EffectEnv, Reason: "changes the shell's state for the commands after it"}
	fxChdir       = effectSpec{Kind: EffectEnv, Reason: "changes the working directory, so later relative paths point elsewhere"}
	fxInstall     = effectSpec{Kind: EffectExec, Reason: "installing packages runs their install scripts"}
	fxProjectCode = effectSpec{Kind: EffectExec, Reason: "the program runs project code"}
	fxRunsCode    = effectSpec{Kind: EffectExec, Reason: "runs code that is not in the line"}
	fxConfigExec  = effectSpec{Kind: EffectExec, Reason: "loads a configuration that can run programs"}
)

func runs(reason string) []effectSpec    { return []effectSpec{{Kind: EffectExec, Reason: reason}} }
func write(reason string) []effectSpec   { return []effectSpec{{Kind: EffectWrite, Reason: reason}} }
func read(reason string) []effectSpec    { return []effectSpec{{Kind: EffectRead, Reason: reason}} }
func chdir() []effectSpec                { return []effectSpec{fxChdir} }
func fx(list ...effectSpec) []effectSpec { return list }
func all(k EffectKind, reason string) operandRule {
	return operandRule{Which: allOperands, Kind: k, Reason: reason}
}

var (
	readsAll    = []operandRule{all(EffectRead, "reads the file")}
	writesAll   = []operandRule{all(EffectWrite, "writes the file")}
	destroysAll = []operandRule{all(EffectWrite, "removes the file"), all(EffectDestructive, "deletes the file")}
	copies      = []operandRule{
		{Which: butLastOperands, Kind: EffectRead, Reason: "copies from the file", Local: true},
		{Which: lastOperand, Kind: EffectWrite, Reason: "writes the copy", Local: true},
	}
	moves = []operandRule{
		{Which: butLastOperands, Kind: EffectWrite, Reason: "moves the file away"},
		{Which: lastOperand, Kind: EffectWrite, Reason: "writes the moved file"},
	}
)

// wrapperTable: programs that run the command after their own options.
var wrapperTable = sync.OnceValue(func() map[string]*wrapperSpec {
	return map[string]*wrapperSpec{
		"time": {Options: "-p -a -v -q --portability --append --verbose --quiet -f= --format=", Long: true,
			Opts: []optionSpec{{Names: "-o= --output=", Path: true, Fx: write("time -o writes its report to a file")}}},
		"timeout": {Options: "-s= --signal= -k= --kill-after= -f --foreground -p --preserve-status -v --verbose",
			Long: true, Operands: 1},
		"nice":   {Options: "-n= --adjustment=", Long: true, Numeric: true},
		"nohup":  {},
		"stdbuf": {Options: "-i= -o= -e= --input= --output= --error=", Long: true},
		"env": {Options: "-i --ignore-environment -0 --null -u= --unset= -v --debug --block-signal=? " +
			"--default-signal=? --ignore-signal=? --list-signal-handling -a= --argv0=", Long: true,
			Assignments: true, Undetermined: "-S= --split-string=",
			Opts: []optionSpec{{Names: "-C= --chdir=", Path: true, Fx: chdir()}}},
		"command": {Options: "-p", NoCommand: "-v -V"},
		"builtin": {},
		"exec":    {Options: "-c -l -a="},
		"xargs": {Options: "-0 --null -d= --delimiter= -E= --eof=? -e=? -I= --replace=? -i=? -L= --max-lines=? " +
			"-l=? -n= --max-args= -P= --max-procs= -p --interactive -r --no-run-if-empty -s= --max-chars= -t " +
			"--verbose -x --exit --process-slot-var= -o --open-tty --show-limits", Long: true,
			Default: "echo", Stdin: true,
			Opts: []optionSpec{{Names: "-a= --arg-file=", Path: true, Fx: read("xargs -a reads its arguments from a file")}}},
		"sudo": {Options: "-A --askpass -b --background -E --preserve-env=? -H --set-home -i --login -n " +
			"--non-interactive -P --preserve-groups -S --stdin -s --shell -u= --user= -g= --group= -C= " +
			"--close-from= -h --host= -p= --prompt= -r= --role= -t= --type= -T= --command-timeout= -U= " +
			"--other-user= -R= --chroot= -B --bell -k --reset-timestamp", Long: true, Assignments: true,
			NoCommand: "-e --edit -l --list -v --validate -K --remove-timestamp -V --version",
			Effects:   []effectSpec{{Kind: EffectPrivilege, Reason: "sudo runs the command as another user (root by default)"}},
			Opts:      []optionSpec{{Names: "-D= --chdir=", Path: true, Fx: chdir()}}},
		"doas": {Options: "-n -s -L -u=", NoCommand: "-C=",
			Effects: []effectSpec{{Kind: EffectPrivilege, Reason: "doas runs the command as another user (root by default)"}}},
		"pkexec": {Options: "--user= --disable-internal-agent --keep-cwd", Long: true,
			Effects: []effectSpec{{Kind: EffectPrivilege, Reason: "pkexec runs the command as another user (root by default)"}}},
		"ionice": {Options: "-c= --class= -n= --classdata= -t --ignore", Long: true,
			NoCommand: "-p= --pid= -P= --pgid= -u= --uid="},
		"chrt": {Options: "-a --all-tasks -b --batch -d --deadline -f --fifo -i --idle -o --other -r --rr -R " +
			"--reset-on-fork -v --verbose -T= --sched-runtime= -P= --sched-period= -D= --sched-deadline=",
			Long: true, Operands: 1, NoCommand: "-m --max -p --pid"},
		"taskset": {Options: "-a --all-tasks -c --cpu-list", Long: true, Operands: 1, NoCommand: "-p --pid"},
		"setsid":  {Options: "-c --ctty -f --fork -w --wait", Long: true},
		"flock": {Options: "-s --shared -x -e --exclusive -u --unlock -n --nb --nonblock -o --close -E= " +
			"--conflict-exit-code= -w= --timeout= --verbose -F --no-fork", Long: true, Operands: 1,
			OperandRules:         []operandRule{all(EffectWrite, "flock creates the lock file")},
			OptionsAfterOperands: true, Undetermined: "-c= --command="},
		"watch": {Options: "-n= --interval= -d=? --differences=? -t --no-title -b --beep -e --errexit -g " +
			"--chgexit -c --color -C --no-color -p --precise -w --no-wrap -q= --equexit= -r --no-rerun", Long: true,
			ShellString: true, ExecDirect: "-x --exec"},
		"caffeinate": {Options: "-d -i -m -s -u -t= -w="},
		"unbuffer":   {Options: "-p"},
	}
})

// programPrefixes maps program families to their table entry (mkfs.ext4).
var programPrefixes = map[string]string{"mkfs.": "mkfs", "mkfs": "mkfs", "python3.": "python3", "pip3.": "pip"}

// Option grammars shared by several programs.
const (
	grepOptions = "-A= -B= -C= -m= --max-count= --label= --include= --exclude= --exclude-dir= --color=? " +
		"--colour=? --binary-files= -d= --directories= -D= --devices= --context=? --after-context= " +
		"--before-context= --group-separator="
	rgOptions = "-A= -B= -C= -g= --glob= --iglob= -t= --type= -T= --type-not= -m= --max-count= -M= " +
		"--max-columns= -j= --threads= --color= --colors= -E= --encoding= --engine= --max-depth= -d= " +
		"--max-filesize= --path-separator= --sort= --sortr= --type-add= -r= --replace= --context-separator= " +
		"--field-context-separator= --field-match-separator= --dfa-size-limit= --regex-size-limit= " +
		"--hyperlink-format= --type-clear="
	grepRecursive = "-r -R --recursive --dereference-recursive"
	sshOptions    = "-b= -c= -D= -E= -e= -I= -J= -L= -l= -m= -O= -p= -Q= -R= -S= -W= -w= -B= -i="
	shOptions     = "-o= -O= +o= +O= -i -l -s -e -u -x -v -n -r -p -a -b -f -h -k -m -t -B -C -E -H -P -T " +
		"--login --norc --noprofile --posix --restricted --noediting --verbose --debugger --dump-strings"
	pyOptions = "-W= -X= -Q= -i -I -B -E -s -S -u -v -O -OO -b -d -q -x -P -R"
)

// sshOpts are the ssh options that run local programs.
var sshOpts = []optionSpec{
	{Names: "-o=", Match: "command match exec", Fx: runs("ssh -o sets an option that runs a local command")},
	{Names: "-F=", Path: true, Fx: fx(fxConfigExec)},
}

// gitDiffOpts are the diff options shared by diff, log, show, format-patch...
var gitDiffOpts = []optionSpec{
	{Names: "--output=", Path: true, Fx: write("git --output= writes the output to a file")},
	// diff --no-index compares any two files, inside the repository or not.
	{Names: "--no-index", Operands: readsAll},
	{Names: "-O=", Path: true, Fx: read("git -O reads the order of files from this file")},
	{Names: "--ext-diff", Fx: runs("git --ext-diff runs the external diff program from the configuration")},
	{Names: "--textconv", Fx: runs("git --textconv runs the text conversion filters from the configuration")},
}

func gitSub(fxs []effectSpec, opts ...optionSpec) *program {
	// Numeric: git log -5 is --max-count=5.
	return &program{Long: true, Numeric: true, Fx: fxs, Opts: append(append([]optionSpec(nil), gitDiffOpts...), opts...)}
}

var gitHooks = effectSpec{Kind: EffectExec, Reason: "git runs the repository's hooks"}

// gitPathspecFile: the pathspecs come from a file, which git reads (and
// prints, in its errors).
var gitPathspecFile = optionSpec{Names: "--pathspec-from-file=", Path: true, Fx: read("git reads pathspecs from this file")}

// gitEditor: options that open the editor (core.editor, $EDITOR).
var gitEditor = optionSpec{Names: "-e --edit", Fx: runs("git runs the editor, a program the configuration names")}

var gitSubs = sync.OnceValue(func() map[string]*program {
	return map[string]*program{
		"status": gitSub(nil), "log": gitSub(nil), "show": gitSub(nil), "diff": gitSub(nil),
		"blame": gitSub(nil, optionSpec{Names: "--contents= --ignore-revs-file= -S=", Path: true, Fx: read("git blame reads this file")}), "shortlog": gitSub(nil), "describe": gitSub(nil), "rev-parse": gitSub(nil),
		"ls-files": gitSub(nil, optionSpec{Names: "-X= --exclude-from= --exclude-per-directory=", Path: true, Fx: read("git ls-files reads exclusion patterns from this file")}), "ls-tree": gitSub(nil), "whatchanged": gitSub(nil), "range-diff": gitSub(nil),
		"diff-tree": gitSub(nil), "diff-files": gitSub(nil), "diff-index": gitSub(nil), "reflog": {Long: true,
			Sub: map[string]*program{"expire": {Fx: fx(fxDestructive)}, "delete": {Fx: fx(fxDestructive)}, "*": {}}},
		"cat-file": gitSub(nil, optionSpec{Names: "--filters --textconv", Fx: runs("git cat-file --filters runs the configured filters")}),
		"grep": gitSub(nil, optionSpec{Names: "-O=? --open-files-in-pager=?", Fx: runs("git grep -O runs a pager program")},
			optionSpec{Names: "-f=", Path: true, Fx: read("git grep -f reads patterns from this file")},
			// Untracked and unindexed files are files git does not
			// protect (.env): the search reads the directory.
			optionSpec{Names: "--no-index --untracked", Fx: fx(effectSpec{Kind: EffectRead, Path: ".", Reason: "git grep --no-index searches every file under the directory"})}),
		"format-patch": gitSub(nil, optionSpec{Names: "-o= --output-directory=", Path: true, Fx: write("writes patch files")},
			optionSpec{Names: "--signature-file=", Path: true, Fx: read("git format-patch puts this file in every patch")}),
		"add":         gitSub(nil, gitPathspecFile, gitEditor),
		"commit":      gitSub(fx(gitHooks), gitPathspecFile, optionSpec{Names: "-F= --file= -t= --template=", Path: true, Fx: read("git commit takes the message from this file")}),
		"merge":       gitSub(fx(gitHooks), optionSpec{Names: "-F= --file=", Path: true, Fx: read("git merge takes the message from this file")}),
		"cherry-pick": gitSub(fx(gitHooks)),
		"revert":      gitSub(fx(gitHooks)),
		"am":          gitSub(fx(gitHooks, effectSpec{Kind: EffectWrite, Reason: "writes the files named in the patches"})),
		"apply":       gitSub(fx(effectSpec{Kind: EffectWrite, Reason: "writes the files named in the patch"})),
		"rebase": gitSub(fx(gitHooks, fxDestructive),
			optionSpec{Names: "-x= --exec=", Fx: runs("git rebase --exec runs a shell command after each commit")},
			optionSpec{Names: "-i --interactive", Fx: runs("interactive rebase runs the sequence editor")}),
		"branch": gitSub(nil, optionSpec{Names: "-D --delete -f --force", Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "deletes or overwrites a branch"})},
			optionSpec{Names: "--edit-description", Fx: runs("git branch --edit-description runs the editor")}),
		"tag": gitSub(nil, optionSpec{Names: "-d --delete -f --force", Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "deletes or overwrites a tag"})},
			optionSpec{Names: "-F= --file=", Path: true, Fx: read("git tag takes the message from this file")}, gitEditor),
		"checkout": {Long: true, Fx: fx(gitHooks), Opts: []optionSpec{gitPathspecFile, {Names: "-f --force", Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "git checkout --force discards uncommitted changes"})}},
			Options:  "-b= -B= --orphan= --conflict=",
			Operands: []operandRule{{Which: pathOperands, Kind: EffectDestructive, Reason: "git checkout of paths discards their uncommitted changes"}}},
		"restore": {Long: true, Options: "-s= --source=", Opts: []optionSpec{gitPathspecFile}, Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "git restore discards uncommitted changes"})},
		"switch": {Long: true, Fx: fx(gitHooks), Options: "-c= -C= --create= --force-create= --orphan=",
			Opts: []optionSpec{{Names: "-f --force --discard-changes", Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "discards uncommitted changes"})}}},
		"reset": {Long: true, Opts: []optionSpec{gitPathspecFile, {Names: "--hard --merge --keep", Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "git reset --hard discards uncommitted changes"})}}},
		"clean": {Long: true, Options: "-e= --exclude=",
			Opts: []optionSpec{{Names: "-f --force", Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "git clean -f deletes untracked files"})}}},
		"rm": {Long: true, Opts: []optionSpec{gitPathspecFile}, Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "git rm deletes files"}), Operands: []operandRule{all(EffectWrite, "git rm deletes the file")}},
		"mv": {Long: true, Operands: moves},
		"stash": {Long: true, Opts: []optionSpec{gitPathspecFile}, Sub: map[string]*program{
			"drop": {Fx: fx(fxDestructive)}, "clear": {Fx: fx(fxDestructive)}, "*": {}}},
		"push": {Long: true, Fx: fx(fxNetwork, gitHooks), Options: "--repo= -o= --push-option= --signed=?",
			Opts: []optionSpec{
				{Names: "-f --force --force-with-lease=? --force-if-includes --mirror -d --delete --prune", Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "git push can overwrite or delete remote history"})},
				{Names: "--receive-pack= --exec=", Fx: runs("git push --receive-pack runs a program")},
			}},
		"fetch":     {Long: true, Fx: fx(fxNetwork), Opts: []optionSpec{{Names: "--upload-pack=", Fx: runs("--upload-pack runs a program")}}},
		"pull":      {Long: true, Fx: fx(fxNetwork, gitHooks), Opts: []optionSpec{{Names: "--upload-pack=", Fx: runs("--upload-pack runs a program")}}},
		"ls-remote": {Long: true, Fx: fx(fxNetwork), Opts: []optionSpec{{Names: "--upload-pack=", Fx: runs("--upload-pack runs a program")}}},
		"clone": {Long: true, Fx: fx(fxNetwork, effectSpec{Kind: EffectWrite, Reason: "git clone creates a directory", Path: "."}),
			Options: "-o= --origin= -b= --branch= --reference= --reference-if-able= --depth= --shallow-since= " +
				"--shallow-exclude= -j= --jobs= --filter= --bundle-uri= --separate-git-dir= --server-option=",
			Opts: []optionSpec{
				{Names: "-u= --upload-pack=", Fx: runs("--upload-pack runs a program")},
				{Names: "--template=", Fx: runs("git clone --template copies hooks that run later")},
				{Names: "-c= --config=", Fx: runs("git clone -c sets configuration that can run programs")},
				{Names: "--separate-git-dir=", Path: true, Fx: write("git clone puts the repository in this directory")},
			},
			Operands: []operandRule{{Which: secondOperand, Kind: EffectWrite, Reason: "git clone writes into this directory"}}},
		"remote": {Long: true, Sub: map[string]*program{
			"update": {Fx: fx(fxNetwork)}, "prune": {Fx: fx(fxNetwork)}, "show": {Fx: fx(fxNetwork)},
			"add": {Fx: fx(effectSpec{Kind: EffectWrite, Reason: "changes the repository configuration", Path: ".git/config"})},
			"*":   {Fx: fx(effectSpec{Kind: EffectWrite, Reason: "changes the repository configuration", Path: ".git/config"})}}},
		"submodule": {Long: true, Sub: map[string]*program{
			"foreach": {Always: runs("git submodule foreach runs a shell command in every submodule")},
			"update":  {Fx: fx(fxNetwork), Always: runs("git submodule update can run the configured update command")},
			"*":       {Fx: fx(fxNetwork)}}},
		"bisect":        {Long: true, Sub: map[string]*program{"run": {Always: runs("git bisect run runs a command at every step")}, "*": {}}},
		"filter-branch": {Long: true, Fx: fx(fxDestructive), Always: runs("git filter-branch runs shell filters")},
		"filter-repo":   {Long: true, Fx: fx(fxDestructive), Always: runs("git filter-repo runs Python callbacks")},
		"config": {Long: true, Options: "--blob= --type= --default= --comment=",
			Opts: []optionSpec{
				{Names: "--global", Fx: fx(effectSpec{Kind: EffectWrite, Reason: "writes the user's git configuration", Path: "~/.gitconfig"})},
				{Names: "-f= --file=", Path: true, Fx: read("git config reads (and may write) this file")},
				{Names: "--system", Fx: fx(effectSpec{Kind: EffectWrite, Reason: "writes the system git configuration", Path: "/etc/gitconfig"})},
				{Names: "--unset --unset-all --add --replace-all --rename-section --remove-section -e --edit",
					Fx: fx(effectSpec{Kind: EffectWrite, Reason: "changes git configuration", Path: ".git/config"},
						effectSpec{Kind: EffectPersistence, Reason: "git configuration can set hooks, aliases and pagers that run later"})},
			},
			Operands: []operandRule{{Which: secondOperand, Kind: EffectPersistence,
				Reason: "setting git configuration can install hooks, aliases and pagers that run later"}}},
		"hook":      {Always: runs("git hook run runs a hook")},
		"difftool":  {Long: true, Always: runs("git difftool runs an external diff tool")},
		"mergetool": {Long: true, Always: runs("git mergetool runs an external merge tool")},
		"archive": gitSub(nil, optionSpec{Names: "--remote=", Fx: fx(fxNetwork)}, optionSpec{Names: "--exec=", Fx: runs("git archive --exec runs a program")}, optionSpec{Names: "-o=", Path: true, Fx: write("writes the archive")},
			optionSpec{Names: "--add-file=", Path: true, Fx: read("git archive adds this file, from anywhere, to the archive")}),
		"worktree":    {Long: true, Sub: map[string]*program{"add": {Operands: []operandRule{{Which: firstOperand, Kind: EffectWrite, Reason: "creates a worktree here"}}}, "remove": {Fx: fx(fxDestructive)}, "*": {}}},
		"send-email":  {Long: true, Fx: fx(fxNetwork), Opts: []optionSpec{{Names: "--smtp-server=", Fx: runs("--smtp-server may name a program to run")}}},
		"credential":  {Fx: fx(effectSpec{Kind: EffectSecrets, Reason: "git credential prints stored credentials"})},
		"maintenance": {Sub: map[string]*program{"start": {Fx: fx(fxPersistence)}, "register": {Fx: fx(fxPersistence)}, "*": {}}},
		"init": {Long: true, Options: "-b= --initial-branch= --object-format= --ref-format=", Fx: fx(effectSpec{Kind: EffectWrite, Reason: "creates a repository", Path: "."}),
			Opts: []optionSpec{{Names: "--template=", Fx: runs("git init --template copies hooks that run later")},
				{Names: "--separate-git-dir=", Path: true, Fx: write("git init puts the repository in this directory")}},
			Operands: []operandRule{{Which: firstOperand, Kind: EffectWrite, Reason: "creates a repository here"}}},
		"bundle": {Sub: map[string]*program{"create": {Operands: []operandRule{{Which: firstOperand, Kind: EffectWrite, Reason: "writes the bundle"}}}, "*": {}}},
		"gc":     {}, "fsck": {}, "version": {}, "help": {},
		"notes": {Long: true, Opts: []optionSpec{{Names: "-F= --file=", Path: true, Fx: read("git notes takes the note from this file")}}}, "show-ref": {}, "for-each-ref": {}, "merge-base": {},
		"rev-list": gitSub(nil), "count-objects": {}, "var": {}, "check-ignore": {}, "check-attr": {}, "name-rev": {},
		"lfs":        {Fx: fx(fxNetwork)},
		"svn":        {Fx: fx(fxNetwork)},
		"instaweb":   {Always: runs("git instaweb starts a web server")},
		"daemon":     {Fx: fx(fxNetwork)},
		"update-ref": {Opts: []optionSpec{{Names: "-d", Fx: fx(fxDestructive)}}},
		// Any other name may be an alias, and "!cmd" aliases run shell code.
		"*": {Always: runs("an unknown git subcommand may be an alias that runs a shell command")},
	}
})

var packageInstall = &program{Fx: fx(fxNetwork, fxInstall), Long: true,
	Opts: []optionSpec{{Names: "-g --global --location=", Fx: write("installs outside the workspace (global prefix)")}}}
var packageRun = &program{Fx: fx(fxProjectCode)}

// npmRun is npm run and the scripts it names (npm help run, npm help
// config, npm 10). Any other --key=value sets an npm configuration key, and
// some of those run programs (--script-shell, --node-options): unknown
// keys are never allowed automatically.
func npmRun() *program {
	return &program{Fx: fx(fxProjectCode), Long: true,
		Options: "--if-present --silent -s --quiet -q --ignore-scripts --foreground-scripts --workspaces --ws " +
			"--include-workspace-root -w= --workspace= --loglevel= -d --verbose --color=? --no-color",
		Opts: []optionSpec{
			{Names: "--script-shell= --node-options= --shell= --userconfig= --globalconfig= --init-module=",
				Fx: runs("npm takes a program or configuration that runs programs from this option")},
			{Names: "--prefix=", Path: true, Fx: chdir()},
		}}
}

// packageDlx runs a package's command: the words after the package name are
// that command's (npx prettier --write .), not the runner's options.
var packageDlx = &program{Fx: fx(fxNetwork, effectSpec{Kind: EffectExec, Reason: "downloads and runs a package"}), StopAtOperand: true,
	Long: true, Options: "-y --yes -q --quiet --no-install --offline --prefer-offline --no"}

// interpreter builds the entry of a language interpreter: codeOpts run
// inline code, moduleOpts run a named module (the program's nature).
func interpreter(options, codeOpts, moduleOpts, info string, more ...optionSpec) *program {
	p := &program{Interpreter: true, StopAtOperand: true, Options: options, Info: info}
	if codeOpts != "" {
		p.Opts = append(p.Opts, optionSpec{Names: codeOpts, Fx: runs("runs code given on the command line")})
	}
	if moduleOpts != "" {
		p.Opts = append(p.Opts, optionSpec{Names: moduleOpts, Inherent: true, Fx: runs("runs a module or library")})
	}
	p.Opts = append(p.Opts, more...)
	return p
}

func shellProgram(options string, codeOpts string) *program {
	return interpreter(shOptions+" "+options, codeOpts, "", "--version",
		optionSpec{Names: "--rcfile= --init-file=", Path: true, Fx: runs("runs a start-up file")})
}

// filesFromList: an option that reads the names of the files to read from
// a file: which files are read is not in the line.
var filesFromList = optionSpec{Names: "--files0-from=", Fx: read("reads the files named in the list, which the line does not show")}

func reader(options string, opts ...optionSpec) *program {
	return &program{Options: options, Long: true, Numeric: true, Operands: readsAll, Opts: opts}
}

// gofmt reads its options with Go's flag package: one dash, one word.
func gofmt() *program {
	p := formatter("-r= -l -d -e -s", optionSpec{Names: "-w", Operands: writesAll},
		optionSpec{Names: "-cpuprofile=", Path: true, Fx: write("gofmt writes a profile to this file")})
	p.SingleDash = true
	return p
}

func formatter(options string, opts ...optionSpec) *program {
	return &program{Options: options, Long: true, Operands: writesAll, Opts: opts}
}

// programs: what each program does. Names are looked up without their
// directory when it is a system directory (/usr/bin/find is find).
var programs = sync.OnceValue(func() map[string]*program {
	return withKnownOptions(map[string]*program{
		// Readers: their operands are files they read (Read deny rules apply).
		"cat": reader(""), "tac": reader("-s="), "nl": reader("-b= -d= -f= -h= -i= -l= -n= -s= -v= -w="),
		"head": reader("-n= -c= --lines= --bytes="), "tail": reader("-n= -c= --lines= --bytes= -s= --sleep-interval= --pid= --max-unchanged-stats="),
		"less": {Options: "-b= -h= -j= -p= -P= -t= -T= -x= -y= -z= -# --shift=", Long: true, Operands: readsAll, PlusExec: true,
			Opts: []optionSpec{
				{Names: "-k= --lesskey-file= --lesskey-src=", Path: true, Fx: runs("less key bindings can run shell commands")},
				{Names: "-o= -O= --log-file= --LOG-FILE=", Path: true, Fx: write("less -o copies its input to a file")},
			}},
		"more": reader("-n="), "most": reader(""), "bat": reader("-l= --language= -H= --highlight-line= --style= --theme= -r= --line-range= --tabs= --wrap= --paging= --pager=",
			optionSpec{Names: "--pager=", Fx: runs("bat --pager runs a program")}),
		"grep": {Options: grepOptions, Long: true, Numeric: true, Pattern: "-e= --regexp= -f= --file=", Operands: readsAll,
			Default: ".", DefaultWhen: grepRecursive, Opts: []optionSpec{{Names: "-f= --file= --exclude-from=", Path: true, Fx: read("reads patterns from a file")}, optionSpec{Names: "-R --dereference-recursive", Fx: read("follows symbolic links while searching, which may lead outside the directories named (path not known before the line runs)")}, optionSpec{Names: "-d= --directories=", Match: "recurse", Fx: fx(effectSpec{Kind: EffectRead, Path: ".", Reason: "grep -d recurse searches every file under the directory"})}}},
		"egrep": {Options: grepOptions, Long: true, Numeric: true, Pattern: "-e= --regexp= -f= --file=", Operands: readsAll, Default: ".", DefaultWhen: grepRecursive,
			Opts: []optionSpec{{Names: "-f= --file= --exclude-from=", Path: true, Fx: read("reads patterns from a file")}, optionSpec{Names: "-R --dereference-recursive", Fx: read("follows symbolic links while searching, which may lead outside the directories named (path not known before the line runs)")}, optionSpec{Names: "-d= --directories=", Match: "recurse", Fx: fx(effectSpec{Kind: EffectRead, Path: ".", Reason: "grep -d recurse searches every file under the directory"})}}},
		"fgrep": {Options: grepOptions, Long: true, Numeric: true, Pattern: "-e= --regexp= -f= --file=", Operands: readsAll, Default: ".", DefaultWhen: grepRecursive,
			Opts: []optionSpec{{Names: "-f= --file= --exclude-from=", Path: true, Fx: read("reads patterns from a file")}, optionSpec{Names: "-R --dereference-recursive", Fx: read("follows symbolic links while searching, which may lead outside the directories named (path not known before the line runs)")}, optionSpec{Names: "-d= --directories=", Match: "recurse", Fx: fx(effectSpec{Kind: EffectRead, Path: ".", Reason: "grep -d recurse searches every file under the directory"})}}},
		"zgrep": {Options: grepOptions, Long: true, Numeric: true, Pattern: "-e= --regexp= -f= --file=", Operands: readsAll},
		"rg": {Options: rgOptions, Long: true, Pattern: "-e= --regexp= -f= --file=", Operands: readsAll, Default: ".",
			DefaultUnless: "-g= --glob= --iglob= -t= --type=", Listing: "--files --type-list",
			Opts: []optionSpec{
				{Names: "--pre=", Fx: runs("rg --pre runs a program on every file it searches")},
				{Names: "--pre-glob=", Fx: runs("rg --pre-glob selects files for the --pre program")},
				{Names: "--hostname-bin=", Fx: runs("rg --hostname-bin runs a program")},
				{Names: "-f= --file= --ignore-file=", Path: true, Fx: read("reads patterns from a file")},
				{Names: "-L --follow", Fx: read("rg -L follows symbolic links while searching, which may lead outside the directories named (path not known before the line runs)")},
			}},
		"ag": {Options: "-A= -B= -C= -G= --file-search-regex= -g= --ignore= --ignore-dir= -m= --max-count= --depth= --pager=", Long: true, Pattern: "-", Operands: readsAll, Default: ".", Opts: []optionSpec{{Names: "--pager=", Fx: runs("ag --pager runs a program")}}},
		"sort": {Options: "-k= --key= -t= --field-separator= -S= --buffer-size= --parallel= --batch-size= --sort= --random-source=", Long: true, Operands: readsAll,
			Opts: []optionSpec{
				{Names: "-o= --output=", Path: true, Fx: write("sort -o writes the result to a file")},
				{Names: "--compress-program=", Fx: runs("sort --compress-program runs a program")},
				{Names: "-T= --temporary-directory=", Path: true, Fx: write("sort writes temporary files there")},
				{Names: "--files0-from=", Path: true, Fx: read("reads file names from a file")},
				{Names: "--files0-from=", Fx: filesFromList.Fx},
				{Names: "--random-source=", Path: true, Fx: read("sort reads random bytes from this file")},
			}},
		"uniq": {Options: "-f= --skip-fields= -s= --skip-chars= -w= --check-chars= --group=? --all-repeated=?", Long: true, Numeric: true,
			Operands: []operandRule{{Which: firstOperand, Kind: EffectRead, Reason: "reads the file"}, {Which: secondOperand, Kind: EffectWrite, Reason: "uniq writes its output to this file"}}},
		"wc": reader("", optionSpec{Names: "--files0-from=", Path: true, Fx: read("reads file names from a file")}, filesFromList), "cut": reader("-b= -c= -d= -f= --bytes= --characters= --delimiter= --fields= --output-delimiter="),
		"diff": reader("-C= -U= --context=? --unified=? -I= --ignore-matching-lines= -x= --exclude= -X= --exclude-from= -S= --starting-file= --label= --line-format= -W= --width= --tabsize= -F= --show-function-line= --horizon-lines= --color=? --palette= --from-file= --to-file= --changed-group-format= --new-group-format= --old-group-format= --unchanged-group-format=",
			optionSpec{Names: "--from-file= --to-file= -X= --exclude-from=", Path: true, Fx: read("diff reads this file")}),
		"cmp": reader("-i= --ignore-initial= -n= --bytes="), "comm": reader("--output-delimiter="),
		"strings": reader("-n= --bytes= -t= --radix= -e= --encoding= -s= --output-separator= -T= --target="),
		"xxd": {Options: "-c= -g= -l= -o= -s= -n= -R= -r -p -u -i -b -e -E -a -d -C -h -v", Operands: []operandRule{
			{Which: firstOperand, Kind: EffectRead, Reason: "reads the file"}, {Which: secondOperand, Kind: EffectWrite, Reason: "xxd writes its output to this file"}}},
		"od":      reader("-A= -j= -N= -t= -w=? --address-radix= --skip-bytes= --read-bytes= --format= --width=?"),
		"hexdump": reader("-e= -f= -n= -s="), "base64": reader("-w= --wrap="), "base32": reader("-w= --wrap="),
		"paste": reader("-d= --delimiters="), "join": reader("-a= -e= -j= -o= -t= -v= -1= -2="), "fold": reader("-w= --width="),
		"fmt": reader("-w= --width= -p= --prefix= -g= --goal="), "expand": reader("-t= --tabs="), "unexpand": reader("-t= --tabs="),
		"column": reader("-c= -s= -o= -t -N= -R= -H= -W= -E= -J= -l= -d= -r= -T= --table-columns= --separator= --output-separator="),
		"tr":     {Options: "-c -C -d -s -t"}, "file": reader("-F= -P= -e= --separator= --exclude= --exclude-quiet=",
			optionSpec{Names: "-m= --magic-file= -f= --files-from=", Path: true, Fx: read("file reads this file")},
			optionSpec{Names: "-f= --files-from=", Fx: read("file reads the files named in the list, which the line does not show")}),
		"stat": reader("-c= --format= --printf= -f -L -t"), "md5sum": reader(""), "sha1sum": reader(""), "sha256sum": reader(""),
		"sha512sum": reader(""), "cksum": reader("-a= --algorithm= -l= --length="), "b2sum": reader("-l= --length="), "sum": reader(""),
		"iconv": reader("-f= -t= --from-code= --to-code=", optionSpec{Names: "-o= --output=", Path: true, Fx: write("iconv -o writes a file")}),
		"jq": {Options: "--indent= --arg== --argjson== --tab --args --jsonargs", Long: true, Script: "jq", Operands: readsAll,
			Opts: []optionSpec{{Names: "--slurpfile== --rawfile== --argfile==", Path: true, Fx: read("jq reads the file")},
				{Names: "-f= --from-file=", Path: true, Fx: read("jq reads its program from the file")},
				{Names: "-L=", Path: true, Fx: read("jq loads modules from this directory")}}},
		"yq": {Options: "-o= --output-format= -p= --input-format= -I= --indent= --arg== --expression= -n --null-input -r --unwrapScalar -C -M -e --exit-status -P --prettyPrint -s= --split-exp= -v --verbose -V --version -h --help", Long: true, Script: "yq", Operands: readsAll,
			Opts: []optionSpec{{Names: "-i --inplace", Operands: writesAll, Fx: nil},
				{Names: "--from-file=", Path: true, Fx: read("yq reads its expression from the file")}}},
		"source": {Always: runs("source runs a file as shell code in this shell"), Operands: []operandRule{{Which: firstOperand, Kind: EffectRead, Reason: "reads the file it runs"}}, StopAtOperand: true},
		".":      {Always: runs("source runs a file as shell code in this shell"), Operands: []operandRule{{Which: firstOperand, Kind: EffectRead, Reason: "reads the file it runs"}}, StopAtOperand: true},

		// Programs that print about files without reading them.
		"ls": {Long: true, Numeric: true}, "basename": {Long: true}, "dirname": {Long: true}, "realpath": {Long: true},
		"readlink": {Long: true}, "uname": {Long: true},
		"du": {Long: true, Opts: []optionSpec{
			{Names: "--files0-from=", Path: true, Fx: read("du reads file names from this file (and prints what it cannot read)")},
			{Names: "-X= --exclude-from=", Path: true, Fx: read("reads exclusion patterns from this file")}}},
		"date": {Long: true, Opts: []optionSpec{
			{Names: "-f= --file=", Path: true, Fx: read("date reads a date from every line of the file and prints the lines it cannot read")},
			{Names: "-r= --reference=", Path: true, Fx: read("reads the time of a file")},
			{Names: "-s= --set=", Fx: fx(effectSpec{Kind: EffectPrivilege, Reason: "date --set changes the system clock"})}}},
		"tree": {Opts: []optionSpec{
			{Names: "--gitfile= --infofile=", Path: true, Fx: read("tree reads patterns from this file")},
			{Names: "-o=", Path: true, Fx: write("tree -o writes the listing to a file")},
			{Names: "--fromfile", Operands: readsAll},
			{Names: "-R", Fx: write("tree -R with -H writes an index file in every directory (path not known before the line runs)")}}},

		// Writers.
		"cp": {Options: "-S= --suffix= --backup=? --reflink=? --sparse= --preserve=? --no-preserve= --context=? -Z", Long: true, Operands: copies,
			Opts: []optionSpec{{Names: "-t= --target-directory=", Path: true, Fx: write("copies into this directory")}}},
		"mv": {Options: "-S= --suffix= --backup=? --context=? -Z", Long: true, Operands: moves,
			Opts: []optionSpec{{Names: "-t= --target-directory=", Path: true, Fx: write("moves into this directory")}}},
		"install": {Options: "-m= --mode= -o= --owner= -g= --group= -S= --suffix= --backup=? --strip-program= -Z= --context=?", Long: true, Operands: copies,
			Opts: []optionSpec{{Names: "-t= --target-directory=", Path: true, Fx: write("installs into this directory")},
				{Names: "-d --directory", Operands: writesAll},
				{Names: "--strip-program=", Fx: runs("install --strip-program runs this program on the installed files")}}},
		"ln": {Options: "-S= --suffix= --backup=?", Long: true, Style: "ln",
			Operands: []operandRule{{Which: lastOperand, Kind: EffectWrite, Reason: "creates a link"}},
			Opts:     []optionSpec{{Names: "-t= --target-directory=", Path: true, Fx: write("creates links in this directory")}}},
		"touch": {Options: "-d= --date= -t=", Long: true, Operands: writesAll, Opts: []optionSpec{{Names: "-r= --reference=", Path: true, Fx: read("reads the time of a file")}}},
		"mkdir": {Options: "-m= --mode= --context=? -Z", Long: true, Operands: writesAll},
		// mktemp creates the file (or with -d the directory) its template
		// names, in the directory -p gives or the temporary directory.
		"mktemp": {Options: "--suffix= -d --directory -u --dry-run -q --quiet -t", Long: true,
			Operands: []operandRule{all(EffectWrite, "mktemp creates a file from this template")},
			Opts:     []optionSpec{{Names: "-p= --tmpdir=?", Path: true, Fx: write("mktemp creates its file in this directory")}}},
		"rm":     {Long: true, Operands: destroysAll, Options: "--interactive=? --preserve-root=?"},
		"rmdir":  {Long: true, Operands: destroysAll},
		"unlink": {Operands: destroysAll},
		"shred": {Options: "-n= --iterations= -s= --size= --remove=? -u -v --verbose -x --exact -z --zero -f --force", Long: true, Operands: destroysAll,
			Opts: []optionSpec{{Names: "--random-source=", Path: true, Fx: read("shred reads random bytes from this file")}}},
		"truncate": {Options: "-s= --size= -r= --reference=", Long: true, Operands: destroysAll},
		"tee":      {Options: "--output-error=?", Long: true, Operands: []operandRule{all(EffectWrite, "tee writes its input to this file")}},
		"dd":       {Style: "dd"},
		"chmod":    {Style: "chmod", Long: true, Options: "--reference=", Operands: []operandRule{all(EffectWrite, "changes the permissions of the file")}},
		"chown": {Style: "chmod", Long: true, Options: "--reference= --from=", Fx: fx(effectSpec{Kind: EffectPrivilege, Reason: "changes file ownership"}),
			Operands: []operandRule{all(EffectWrite, "changes the owner of the file")}},
		"chgrp": {Style: "chmod", Long: true, Options: "--reference=", Fx: fx(effectSpec{Kind: EffectPrivilege, Reason: "changes file ownership"}),
			Operands: []operandRule{all(EffectWrite, "changes the group of the file")}},
		"chattr": {Fx: fx(effectSpec{Kind: EffectPrivilege, Reason: "changes file attributes"}), Operands: writesAll},
		"patch": {Options: "-p= --strip= -F= --fuzz= -B= --prefix= -V= -Y= -z= -D= --ifdef= -r= --reject-file=", Long: true,
			Fx: fx(effectSpec{Kind: EffectWrite, Reason: "patch writes the files named in the patch"}),
			Opts: []optionSpec{{Names: "-i= --input=", Path: true, Fx: read("reads the patch")},
				{Names: "-o= --output=", Path: true, Fx: write("writes the patched file")},
				{Names: "-d= --directory=", Path: true, Fx: chdir()},
				{Names: "-r= --reject-file=", Path: true, Fx: write("patch writes rejected hunks to this file")},
				{Names: "-B= --prefix= -Y= --basename-prefix=", Fx: write("patch writes backups under this prefix (path not known before the line runs)")}}},
		"sed": {Script: "sed", Long: true, Options: "-n --quiet --silent -E -r --regexp-extended -s --separate -u --unbuffered -z --null-data --posix --debug --sandbox -l= --line-length= --follow-symlinks -b --binary -e= --expression=",
			Operands: readsAll,
			Opts: []optionSpec{{Names: "-i=? --in-place=?", Operands: []operandRule{all(EffectWrite, "sed -i rewrites the file")}},
				{Names: "-f= --file=", Path: true, Fx: read("reads the sed script")}}},
		"awk":  awk("awk"),
		"gawk": awk("gawk"),
		"mawk": awk("mawk"),
		"nawk": awk("nawk"),
		"find": {Style: "find",
			Options: "-name= -iname= -path= -ipath= -wholename= -iwholename= -regex= -iregex= -lname= -ilname= -newer= " +
				"-anewer= -cnewer= -user= -group= -uid= -gid= -perm= -type= -xtype= -size= -mtime= -mmin= -atime= " +
				"-amin= -ctime= -cmin= -links= -inum= -samefile= -maxdepth= -mindepth= -fstype= -used= -context= " +
				"-printf= -regextype=",
			Opts: []optionSpec{
				{Names: "-exec -execdir -ok -okdir", Until: "; +", Fx: runs("find -exec runs a program for every file found")},
				{Names: "-delete", Fx: fx(fxDestructive), Operands: []operandRule{all(EffectWrite, "find -delete removes files under this directory"), all(EffectDestructive, "find -delete removes files")}},
				{Names: "-fprint= -fprint0= -fls=", Path: true, Fx: write("find -fprint writes to a file")},
				{Names: "-fprintf", Args: 2, Path: true, Fx: write("find -fprintf writes to a file")},
				{Names: "-files0-from=", Path: true, Fx: read("reads file names from a file")},
			}},
		"tar": {Style: "tar", Long: true,
			Options: "-x --extract --get -c --create -t --list -r --append -u --update -A --catenate --concatenate -d --diff --compare " +
				"-f= --file= -C= --directory= -b= --blocking-factor= -H= --format= --owner= --group= --mode= --mtime= -N= --newer= " +
				"--after-date= --transform= --xform= -L= --tape-length= --strip-components= --suffix= -V= --label= -g= " +
				"--listed-incremental= -K= --starting-file= --occurrence=? --exclude= --exclude-tag= --exclude-tag-all= --exclude-tag-under= " +
				"--checkpoint=? --record-size= --atime-preserve=? --backup=? --hole-detection= --level= --newer-mtime= --owner-map= --group-map= --quoting-style= --sort= --warning=",
			Opts: []optionSpec{
				{Names: "--to-command=", Fx: runs("tar --to-command runs a program for every file")},
				{Names: "-I= --use-compress-program=", Fx: runs("tar -I runs a compression program")},
				{Names: "--checkpoint-action=", Fx: runs("tar --checkpoint-action can run a command")},
				{Names: "--rmt-command= --rsh-command=", Fx: runs("tar runs a remote shell program")},
				{Names: "-F= --info-script= --new-volume-script=", Fx: runs("tar runs a script at the end of each volume")},
				{Names: "--remove-files", Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "tar --remove-files deletes the files it archives"})},
				{Names: "-T= --files-from= -X= --exclude-from=", Path: true, Fx: read("reads file names from a file")},
				{Names: "-T= --files-from=", Fx: read("tar archives the files named in the list, which the line does not show")},
				{Names: "--add-file=", Path: true, Fx: read("tar archives this file")},
				{Names: "--index-file= --volno-file= -g= --listed-incremental=", Path: true, Fx: write("tar writes this file")},
				// -f HOST:FILE reaches HOST through rsh or ssh.
				{Names: "-f= --file=", Match: ":", Fx: fx(fxNetwork, effectSpec{Kind: EffectExec, Reason: "tar -f HOST:FILE runs a remote shell program to reach HOST"})},
				{Names: "-P --absolute-names --keep-directory-symlink", Fx: write("tar extracts through absolute names or symbolic links, anywhere (path not known before the line runs)")},
				{Names: "-r --append -u --update -A --catenate --concatenate --delete", Fx: write("tar changes the archive named by -f (path not known before the line runs)")},
				{Names: "--unlink-first -U --recursive-unlink --overwrite --overwrite-dir", Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "tar removes existing files before extracting"})},
			}},
		"zip": {Options: "-b= -n= -t= -tt= -x= -i= -P= --password= -s= -sp= -Z= -ll -l", Long: true,
			Operands: []operandRule{{Which: firstOperand, Kind: EffectWrite, Reason: "writes the archive"}, {Which: restOperands, Kind: EffectRead, Reason: "adds the file to the archive"}},
			Opts: []optionSpec{
				{Names: "-T --test -TT= --unzip-command=", Fx: runs("zip -T/-TT runs an unzip command to test the archive")},
				{Names: "-b= --temp-path=", Path: true, Fx: write("zip writes its temporary archive in this directory")},
				{Names: "-@ --names-stdin", Fx: read("zip archives the files named on its input, which the line does not show")},
				{Names: "-O= --output-file=", Path: true, Fx: write("writes the archive")},
				{Names: "-m --move", Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "zip -m deletes the files it archives"})},
			}},
		"unzip": {Options: "-x= -P= -j -o -n -q", Fx: fx(effectSpec{Kind: EffectWrite, Path: ".", Reason: "unzip extracts into the current directory"}),
			Operands: []operandRule{{Which: firstOperand, Kind: EffectRead, Reason: "reads the archive"}},
			Opts: []optionSpec{{Names: "-d=", Path: true, Fx: write("unzip -d extracts into this directory")},
				{Names: "-:", Fx: write("unzip -: extracts names with ../ and absolute names, anywhere (path not known before the line runs)")},
				{Names: "-K -X", Fx: fx(effectSpec{Kind: EffectPrivilege, Reason: "unzip -K/-X keeps setuid bits and owners from the archive"})}}},
		"gzip": {Long: true, Options: "-S= --suffix=", Numeric: true, Operands: writesAll}, "gunzip": {Long: true, Operands: writesAll},
		"bzip2": {Long: true, Numeric: true, Operands: writesAll}, "xz": {Long: true, Numeric: true, Operands: writesAll},
		"zstd": {Long: true, Numeric: true, Operands: writesAll, Opts: []optionSpec{{Names: "-o=", Path: true, Fx: write("writes the output file")}}},
		"7z":   {Fx: fx(effectSpec{Kind: EffectWrite, Path: ".", Reason: "7z writes archives or extracted files"})},
		"cpio": {Fx: fx(effectSpec{Kind: EffectWrite, Path: ".", Reason: "cpio writes archives or extracted files"})},

		// More programs that write the files they are given.
		"mkfifo": {Options: "-m= --mode=", Long: true, Operands: writesAll}, "mknod": {Options: "-m= --mode=", Long: true, Operands: []operandRule{{Which: firstOperand, Kind: EffectWrite, Reason: "creates the file"}}},
		"fallocate":  {Options: "-o= --offset= -l= --length=", Long: true, Operands: writesAll},
		"sponge":     {Operands: writesAll},
		"split":      {Fx: fx(effectSpec{Kind: EffectWrite, Path: ".", Reason: "split writes the pieces"}), Options: "-a= -b= -C= -l= -n= -t= --additional-suffix=", Operands: []operandRule{{Which: firstOperand, Kind: EffectRead, Reason: "reads the file"}, {Which: secondOperand, Kind: EffectWrite, Reason: "split writes files with this prefix"}}},
		"csplit":     {Fx: fx(effectSpec{Kind: EffectWrite, Path: ".", Reason: "csplit writes the pieces"}), Options: "-f= --prefix= -b= --suffix-format= -n= --digits="},
		"pandoc":     {Long: true, Operands: readsAll, Opts: []optionSpec{{Names: "-o= --output=", Path: true, Fx: write("writes the converted document")}, {Names: "-L= --lua-filter= -F= --filter=", Fx: runs("pandoc filters are programs")}}},
		"ffmpeg":     {SingleDash: true, Operands: []operandRule{{Which: lastOperand, Kind: EffectWrite, Reason: "ffmpeg writes the output file"}}, Options: "-i= -c= -f= -b= -r= -s= -t= -ss= -vf= -af= -map= -codec= -preset= -crf="},
		"convert":    {Operands: []operandRule{{Which: lastOperand, Kind: EffectWrite, Reason: "writes the converted image"}}},
		"ssh-keygen": {Opts: []optionSpec{{Names: "-f=", Path: true, Fx: write("writes a key file")}}, Options: "-t= -b= -C= -N= -P= -m= -E= -O= -Y= -n= -I= -s= -V= -z= -a= -Z="},
		"gpg":        {Long: true, Opts: []optionSpec{{Names: "-o= --output=", Path: true, Fx: write("writes the output file")}, {Names: "--exec-path= --photo-viewer= --list-options= --keyserver-options=", Fx: runs("gpg can run helper programs")}}},

		// Formatters and fixers write the files they are given.
		"gofmt":        gofmt(),
		"goimports":    formatter("-local="),
		"black":        formatter("-l= --line-length= -t= --target-version= --include= --exclude= --config="),
		"isort":        formatter("--settings-path= --profile="),
		"rustfmt":      formatter("--edition= --config-path= --emit="),
		"clang-format": formatter("--style= -style="),
		// prettier 3 --help. Plugins are JavaScript, and a configuration
		// file can name them.
		"prettier": {Long: true, Options: "--ignore-path= --parser= -c --check -l --list-different -u --ignore-unknown " +
			"--no-config --no-editorconfig --log-level= --cache --no-error-on-unmatched-pattern --stdin-filepath= " +
			"--print-width= --tab-width= --use-tabs --no-semi --single-quote --trailing-comma= --end-of-line= " +
			"--prose-wrap= --arrow-parens= --bracket-same-line --no-bracket-spacing --quote-props= -v --version -h --help",
			Opts: []optionSpec{{Names: "-w --write", Operands: writesAll},
				{Names: "--plugin= --config= --config-precedence=", Fx: runs("prettier loads plugins (JavaScript) named here or by the configuration")},
				{Names: "--cache-location=", Path: true, Fx: write("prettier writes its cache here")}}},

		// Interpreters: code from an option, a script file, or standard input.
		"python":  interpreter(pyOptions, "-c=", "-m=", "-V --version -h --help"),
		"python3": interpreter(pyOptions, "-c=", "-m=", "-V --version -h --help"),
		"python2": interpreter(pyOptions, "-c=", "-m=", "-V --version -h --help"),
		"pypy3":   interpreter(pyOptions, "-c=", "-m=", "-V --version -h --help"),
		"node": interpreter("-C= --conditions= --inspect=? --inspect-brk=? --title= --input-type= --max-old-space-size= --stack-size= --env-file=? -i --interactive --test",
			"-e= --eval= -p= --print=", "-r= --require= --import= --loader= --experimental-loader=", "-v --version -h --help"),
		"nodejs": interpreter("-i", "-e= --eval= -p= --print=", "-r= --require= --import=", "-v --version"),
		"perl": interpreter("-I= -l=? -0=? -F=? -x=? -d=? -D=? -C=? -n -p -a -c -w -W -X -T -t -s -u -U",
			"-e= -E=", "-M= -m=", "-v -V --version",
			optionSpec{Names: "-i=?", Operands: []operandRule{all(EffectWrite, "perl -i rewrites the file")}}),
		"ruby": interpreter("-I= -W=? -x=? -C= -E= -F= -0=? -n -p -a -l -c -w -s -S --disable= --enable=",
			"-e=", "-r=", "-v --version -h --help",
			optionSpec{Names: "-i=?", Operands: []operandRule{all(EffectWrite, "ruby -i rewrites the file")}}),
		"php": interpreter("-t= -n -q -H -C -s -w -l", "-r= -B= -R= -F= -E=", "", "-v --version -h -i",
			optionSpec{Names: "-d= -c=", Fx: runs("php -d/-c sets configuration that can load code")},
			optionSpec{Names: "-S=", Fx: fx(fxNetwork, effectSpec{Kind: EffectExec, Reason: "php -S serves and runs project code"})},
			optionSpec{Names: "-f=", Path: true, Inherent: true, Fx: runs("runs a script")}),
		"lua":       interpreter("-i -v -E -W", "-e=", "-l=", "-v"),
		"luajit":    interpreter("-i -v -E -b -j= -O=", "-e=", "-l=", "-v"),
		"Rscript":   interpreter("--default-packages= --vanilla --verbose", "-e=", "", "--version"),
		"R":         interpreter("--vanilla --no-save --slave -q --quiet", "-e=", "", "--version", optionSpec{Names: "-f= --file=", Path: true, Inherent: true, Fx: runs("runs a script")}),
		"osascript": interpreter("-l= -s= -i", "-e=", "", ""),
		"tclsh":     interpreter("-encoding=", "", "", ""),
		"deno": {Sub: map[string]*program{
			"run": {Fx: fx(fxProjectCode)}, "test": {Fx: fx(fxProjectCode)}, "task": {Fx: fx(fxProjectCode)},
			"eval": {Always: runs("deno eval runs code given on the command line")}, "install": packageInstall,
			"fmt": {Operands: writesAll}, "lint": {}, "check": {}, "info": {}, "doc": {}, "--version": {},
			"*": {Fx: fx(fxProjectCode)}}},
		"bun": {Opts: []optionSpec{{Names: "-e= --eval= -p= --print=", Fx: runs("runs code given on the command line")}}, Sub: map[string]*program{
			"install": packageInstall, "i": packageInstall, "add": packageInstall, "update": packageInstall,
			"x": packageDlx, "create": packageDlx, "run": packageRun, "test": packageRun, "build": packageRun,
			"*": packageRun}},
		"bunx": packageDlx, "npx": packageDlx, "pnpx": packageDlx, "uvx": packageDlx,
		"tsx": interpreter("", "-e= --eval= -p= --print=", "", "-v --version"), "ts-node": interpreter("", "-e= --eval= -p= --print=", "-r= --require=", "-v --version"),

		// Shells: -c runs its argument, a file operand is a script, else stdin.
		"bash": shellProgram("", "-c"), "sh": shellProgram("", "-c"), "zsh": shellProgram("", "-c"), "dash": shellProgram("", "-c"),
		"ksh": shellProgram("", "-c"), "mksh": shellProgram("", "-c"), "ash": shellProgram("", "-c"), "csh": shellProgram("", "-c"), "tcsh": shellProgram("", "-c"),
		"fish":    interpreter("-i -l -n -p= --profile= --debug=", "-c= --command= -C= --init-command=", "", "-v --version"),
		"busybox": {Always: runs("busybox runs the applet named by its first argument")},
		"eval":    {Always: runs("eval runs its arguments as shell code")},
		"trap":    {Always: runs("trap runs its argument as shell code when a signal arrives")},
		"alias":   {Always: fx(effectSpec{Kind: EffectEnv, Reason: "alias changes what later command names run"})},
		"unalias": {Always: fx(fxEnv)},
		"export":  {Always: fx(effectSpec{Kind: EffectEnv, Reason: "export changes the environment of every later command"})},
		"declare": {Always: fx(fxEnv)}, "typeset": {Always: fx(fxEnv)}, "readonly": {Always: fx(fxEnv)},
		"local": {Always: fx(fxEnv)}, "nameref": {Always: fx(fxEnv)}, "unset": {Always: fx(fxEnv)},
		"shopt": {Always: fx(fxEnv)}, "enable": {Always: fx(effectSpec{Kind: EffectEnv, Reason: "enable can load builtins from a shared library"})},
		"hash": {Always: fx(effectSpec{Kind: EffectEnv, Reason: "hash -p changes which file a command name runs"})},
		"cd":   {Always: chdir()}, "pushd": {Always: chdir()}, "popd": {Always: chdir()},
		"exec":  {Always: fx(effectSpec{Kind: EffectEnv, Reason: "exec without a command changes the shell's open files"})},
		"umask": {Always: fx(fxEnv)}, "ulimit": {Always: fx(fxEnv)}, "set": {},
		"coproc":      {Always: fx(fxRunsCode)},
		"parallel":    {Always: runs("parallel runs commands built from its input")},
		"script":      {Opts: []optionSpec{{Names: "-c= --command=", Fx: runs("script -c runs a shell command")}}, Operands: writesAll},
		"systemd-run": {Fx: fx(fxPersistence), Always: runs("systemd-run runs a command as a service")},
		"nsenter":     {Fx: fx(fxPrivilege), Always: fx(fxRunsCode)}, "unshare": {Fx: fx(fxPrivilege), Always: fx(fxRunsCode)},
		"chroot": {Fx: fx(fxPrivilege), Always: fx(fxRunsCode)},
		"strace": {Always: fx(fxRunsCode)}, "ltrace": {Always: fx(fxRunsCode)}, "gdb": {Always: fx(fxRunsCode)},

		// Editors: editing writes; -c, +cmd and friends run editor commands.
		"vim": editor(), "nvim": editor(), "vi": editor(), "view": editor(), "ex": editor(), "gvim": editor(), "vimdiff": editor(),
		"emacs": {Long: true, Operands: writesAll, PlusExec: true, Opts: []optionSpec{
			{Names: "--eval= -l= --load= -f= --funcall= -x= --script= --batch", Fx: runs("emacs runs Lisp code")}}},
		"nano": {Operands: writesAll, PlusExec: false}, "ed": {Always: runs("ed commands can run shell commands"), Operands: writesAll},
		"man": {Long: true, Options: "-C= --config-file= -S= -s= --sections= -m= --systems= -L= --locale= -E= --encoding= -R= --recode= -p= --preprocessor= -T=? --troff-device=? -e= --extension=",
			// man-db takes an operand with a slash for a page file (man ./x.1).
			Operands: []operandRule{{Which: allOperands, Match: "/", Kind: EffectExec, Reason: "man formats a page file named with a slash with groff, which follows its .so requests to any file"}},
			Opts: []optionSpec{
				{Names: "-H=? --html=?", Fx: runs("man --html runs a web browser")},
				{Names: "-P= --pager=", Fx: runs("man -P runs a pager program")},
				{Names: "-X=? --gxditview=?", Fx: runs("man -X runs a viewer program")},
				// A man page is a program for groff: .so includes any file,
				// so a page or a manual path from the workspace runs it.
				{Names: "-l --local-file", Operands: readsAll, Fx: runs("man -l formats a page file with groff, which follows its .so requests to any file")},
				{Names: "-M= --manpath=", Fx: runs("man -M takes pages from this directory, formatted with groff, which follows their .so requests to any file")},
				{Names: "-C= --config-file=", Path: true, Fx: fx(fxConfigExec)},
				{Names: "-c --catman -u --update", Fx: write("man writes its caches outside the workspace")},
			}},

		// Network.
		"curl": {Long: true, Fx: fx(fxNetwork),
			Options: "-I --head -L --location -s --silent -S --show-error -f --fail -v --verbose -k --insecure -i --include " +
				"-# --progress-bar -G --get -N --no-buffer -4 -6 --http1.1 --http2 -n --netrc --fail-with-body " +
				"-H= --header= -A= --user-agent= -e= --referer= -X= --request= -u= --user= -x= --proxy= -U= --proxy-user= " +
				"-m= --max-time= --connect-timeout= -r= --range= -w= --write-out= -z= --time-cond= --retry= --retry-delay= " +
				"--retry-max-time= -Y= --speed-limit= -y= --speed-time= --limit-rate= --max-filesize= -C= --continue-at= " +
				"--resolve= --connect-to= --interface= --dns-servers= --cacert= --capath= -E= --cert= --key= --url= --oauth2-bearer= " +
				"--noproxy= --proto= --proto-redir= --max-redirs= --compressed --cookie=",
			Opts: []optionSpec{
				{Names: "-o= --output=", Path: true, Fx: write("curl -o saves the download to a file")},
				{Names: "-O --remote-name -J --remote-header-name --remote-name-all", Fx: write("curl -O saves the download under the remote file name (path not known before the line runs)")},
				{Names: "--output-dir=", Path: true, Fx: write("curl saves downloads into this directory")},
				{Names: "-c= --cookie-jar= -D= --dump-header= --trace= --trace-ascii= --libcurl= --stderr= --etag-save= --hsts= --alt-svc=", Path: true, Fx: write("curl writes to this file")},
				{Names: "-T= --upload-file= --netrc-file= --etag-compare=", Path: true, Fx: read("curl reads this file (and may upload it)")},
				{Names: "-K= --config=", Path: true, Fx: fx(fxConfigExec)},
				{Names: "-d= --data= --data-binary= --data-ascii= --data-urlencode= --json= -F= --form= -b=", AtFile: true},
			},
			Operands: []operandRule{all(EffectNetwork, "curl requests this URL")}},
		"wget": {Long: true, Fx: fx(fxNetwork, effectSpec{Kind: EffectWrite, Path: ".", Reason: "wget saves downloads into the current directory"}),
			Options: "-t= --tries= -T= --timeout= -w= --wait= -Q= --quota= -U= --user-agent= --header= --user= --password= " +
				"--limit-rate= -l= --level= -A= --accept= -R= --reject= -D= --domains= --exclude-domains= -I= --include-directories= " +
				"-X= --exclude-directories= --method= --body-data= --post-data= --referer= --ca-certificate= --certificate= --private-key=",
			Opts: []optionSpec{
				{Names: "-O= --output-document=", Path: true, Fx: write("wget -O saves the download to a file")},
				{Names: "-o= --output-file= -a= --append-output= --save-cookies= --warc-file=", Path: true, Fx: write("wget writes to this file")},
				{Names: "-P= --directory-prefix=", Path: true, Fx: write("wget saves downloads into this directory")},
				{Names: "-i= --input-file= --post-file= --body-file= --load-cookies=", Path: true, Fx: read("wget reads this file (and may upload it)")},
				{Names: "-e= --execute= --config= --use-askpass=", Fx: fx(fxConfigExec)},
			},
			Operands: []operandRule{all(EffectNetwork, "wget requests this URL")}},
		"nc": netcat(), "ncat": netcat(), "netcat": netcat(),
		"telnet": {Fx: fx(fxNetwork)}, "ping": {Fx: fx(fxNetwork)}, "ping6": {Fx: fx(fxNetwork)}, "dig": {Fx: fx(fxNetwork)},
		"nslookup": {Fx: fx(fxNetwork)}, "host": {Fx: fx(fxNetwork)}, "ftp": {Fx: fx(fxNetwork)}, "tftp": {Fx: fx(fxNetwork)},
		"traceroute": {Fx: fx(fxNetwork)}, "whois": {Fx: fx(fxNetwork)}, "aria2c": {Fx: fx(fxNetwork, effectSpec{Kind: EffectWrite, Path: ".", Reason: "saves downloads"})},
		"http": {Fx: fx(fxNetwork)}, "https": {Fx: fx(fxNetwork)}, "xh": {Fx: fx(fxNetwork)},
		"socat": {Fx: fx(fxNetwork), Always: runs("socat addresses can run programs (EXEC:, SYSTEM:)")},
		"openssl": {Sub: map[string]*program{
			"s_client": {SingleDash: true, Fx: fx(fxNetwork)}, "s_server": {SingleDash: true, Fx: fx(fxNetwork)},
			"*": {SingleDash: true, Opts: []optionSpec{
				{Names: "-out= -keyout=", Path: true, Fx: write("openssl writes this file")},
				{Names: "-in= -inkey= -key=", Path: true, Fx: read("openssl reads this file")}}}}},
		"ssh": {Fx: fx(fxNetwork), Options: sshOptions, StopAtOperand: true, Opts: sshOpts,
			Operands: []operandRule{{Which: restOperands, Kind: EffectExec, Reason: "ssh runs this command on the remote host"}}},
		"scp": {Fx: fx(fxNetwork), Options: "-c= -i= -J= -l= -P= -D= -X=", Opts: append([]optionSpec{{Names: "-S=", Fx: runs("scp -S runs a program instead of ssh")}}, sshOpts...),
			Operands: append([]operandRule{{Which: allOperands, Host: true, Reason: "copies to or from another machine"}}, copies...)},
		"sftp": {Fx: fx(fxNetwork), Options: "-B= -c= -i= -J= -l= -P= -R=", Opts: append([]optionSpec{
			{Names: "-S= -D=", Fx: runs("sftp -S/-D runs a program")},
			{Names: "-b=", Path: true, Fx: runs("sftp batch files can run local shell commands")}}, sshOpts...)},
		"rsync": {Long: true,
			Options: "--partial -a --archive -v --verbose -z --compress -r --recursive -n --dry-run --progress -h --human-readable " +
				"-P -c --checksum -u --update -l --links -p --perms -t --times -g --group -o --owner -D -H --hard-links " +
				"--inplace --append --stats -q --quiet -i --itemize-changes -x --one-file-system --exclude= --include= --backup-dir= --suffix= --chmod= --chown= --timeout= --contimeout= --port= --max-size= " +
				"--min-size= -B= --block-size= --bwlimit= --partial-dir= -T= --temp-dir= --compare-dest= --copy-dest= --link-dest= " +
				"--out-format= --log-file-format= --iconv= --sockopts= --address= --info= --debug= --stop-after= --stop-at= -M= " +
				"--remote-option= --max-delete= --modify-window= --compress-choice= --compress-level= --checksum-choice= -f= --filter=",
			Opts: []optionSpec{
				{Names: "-e= --rsh= --rsync-path=", Fx: runs("rsync -e/--rsync-path runs a program")},
				{Names: "--remove-source-files --delete --delete-before --delete-during --delete-delay --delete-after --delete-excluded --del",
					Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "rsync deletes files"})},
				{Names: "--files-from= --exclude-from= --include-from= --password-file=", Path: true, Fx: read("rsync reads this file")},
				{Names: "--log-file= --write-batch= --only-write-batch=", Path: true, Fx: write("rsync writes this file")},
				{Names: "--backup-dir= --partial-dir= -T= --temp-dir=", Path: true, Fx: write("rsync writes files into this directory")},
				{Names: "--read-batch=", Path: true, Fx: read("rsync reads this file")},
			},
			Operands: append([]operandRule{{Which: allOperands, Host: true, Reason: "copies to or from another machine"}}, copies...)},
		"git": {Long: true,
			Options: "-p --paginate -P --no-pager --bare --no-replace-objects --literal-pathspecs --glob-pathspecs " +
				"--noglob-pathspecs --icase-pathspecs --no-optional-locks --no-advice --namespace= --super-prefix= --list-cmds= --attr-source= --version --help",
			Opts: []optionSpec{
				{Names: "-c= --config-env=", Fx: runs("git -c sets configuration that can run programs (pager, ssh, hooks, aliases)")},
				{Names: "--exec-path=?", Fx: runs("git --exec-path makes git run programs from another directory")},
				{Names: "-C= --git-dir= --work-tree=", Path: true, Fx: chdir()},
			},
			Sub: gitSubs()},
		"gh": {Fx: fx(fxNetwork), Sub: map[string]*program{
			"auth":      {Fx: fx(effectSpec{Kind: EffectSecrets, Reason: "gh auth handles credentials"})},
			"extension": {Always: runs("gh extensions are programs")}, "ext": {Always: runs("gh extensions are programs")},
			"alias": {Always: runs("gh aliases can run shell commands")}, "*": {}}},

		// Package managers and build tools: they run project or package code.
		"npm": {Long: true, Options: "-w= --workspace= --registry= --loglevel=", Opts: []optionSpec{{Names: "-C= --prefix=", Path: true, Fx: chdir()}},
			Sub: map[string]*program{
				"install": packageInstall, "i": packageInstall, "ci": packageInstall, "add": packageInstall, "update": packageInstall,
				"up": packageInstall, "upgrade": packageInstall, "install-test": packageInstall, "it": packageInstall, "link": packageInstall,
				"rebuild": packageRun, "run": npmRun(), "run-script": npmRun(), "test": npmRun(), "t": npmRun(), "start": npmRun(),
				"stop": npmRun(), "restart": npmRun(), "version": packageRun, "pack": packageRun, "publish": {Fx: fx(fxNetwork, fxProjectCode)},
				"exec": packageDlx, "x": packageDlx, "init": packageDlx, "create": packageDlx, "innit": packageDlx,
				"uninstall": {Operands: nil, Fx: fx(effectSpec{Kind: EffectWrite, Path: ".", Reason: "removes packages"})},
				"audit":     {Fx: fx(fxNetwork)}, "view": {Fx: fx(fxNetwork)}, "info": {Fx: fx(fxNetwork)}, "search": {Fx: fx(fxNetwork)},
				"outdated": {Fx: fx(fxNetwork)}, "login": {Fx: fx(fxNetwork, effectSpec{Kind: EffectSecrets, Reason: "stores credentials"})},
				"config": {Sub: map[string]*program{"set": {Fx: fx(effectSpec{Kind: EffectWrite, Path: "~/.npmrc", Reason: "writes npm configuration"}, fxPersistence)}, "*": {}}},
				"ls":     {}, "list": {}, "root": {}, "prefix": {}, "help": {}, "why": {}, "explain": {}, "--version": {}, "-v": {},
				"*": packageRun}},
		"yarn": {Long: true, Fx: nil, Sub: map[string]*program{
			"": packageInstall, "install": packageInstall, "add": packageInstall, "upgrade": packageInstall, "up": packageInstall,
			"dlx": packageDlx, "create": packageDlx, "exec": packageDlx, "run": packageRun, "test": packageRun,
			"info": {Fx: fx(fxNetwork)}, "why": {}, "list": {}, "--version": {}, "*": packageRun}},
		"pnpm": {Long: true, Opts: []optionSpec{{Names: "-C= --dir=", Path: true, Fx: chdir()}}, Sub: map[string]*program{
			"install": packageInstall, "i": packageInstall, "add": packageInstall, "update": packageInstall, "up": packageInstall,
			"dlx": packageDlx, "create": packageDlx, "exec": packageDlx, "run": packageRun, "test": packageRun, "t": packageRun,
			"list": {}, "ls": {}, "why": {}, "--version": {}, "*": packageRun}},
		"pip": pip(), "pip3": pip(),
		"pipx": {Sub: map[string]*program{"run": packageDlx, "install": packageInstall, "*": {}}},
		"uv": {Sub: map[string]*program{
			"run": packageRun, "pip": pip(), "add": packageInstall, "sync": packageInstall, "lock": {Fx: fx(fxNetwork)},
			"tool": {Sub: map[string]*program{"run": packageDlx, "install": packageInstall, "*": {}}}, "venv": {}, "--version": {}, "*": {}}},
		"poetry": {Sub: map[string]*program{"install": packageInstall, "add": packageInstall, "update": packageInstall,
			"run": packageRun, "shell": packageRun, "*": {}}},
		"gem":    {Sub: map[string]*program{"install": packageInstall, "update": packageInstall, "*": {}}},
		"bundle": {Sub: map[string]*program{"install": packageInstall, "update": packageInstall, "exec": packageRun, "*": packageRun}},
		"composer": {Sub: map[string]*program{"install": packageInstall, "update": packageInstall, "require": packageInstall,
			"run": packageRun, "run-script": packageRun, "exec": packageRun, "*": {}}},
		"go": {Long: false, Opts: []optionSpec{{Names: "-C=", Path: true, Fx: chdir()}}, Sub: map[string]*program{
			"run": goTool(fxProjectCode), "test": goTool(fxProjectCode), "generate": goTool(effectSpec{Kind: EffectExec, Reason: "go generate runs the commands in //go:generate comments"}),
			"build": goTool(effectSpec{Kind: EffectExec, Reason: "go build can run cgo and build tools"},
				// Without -o the binary of a main package is written into
				// the working directory, named after the package.
				effectSpec{Kind: EffectWrite, Path: ".", Reason: "go build writes the binary into the working directory"}), "vet": goTool(), "install": goTool(fxNetwork, effectSpec{Kind: EffectWrite, Reason: "installs into GOBIN (outside the workspace)"}),
			"get": goTool(fxNetwork, effectSpec{Kind: EffectWrite, Path: "go.mod", Reason: "changes go.mod"}),
			"mod": {Sub: map[string]*program{"download": {Fx: fx(fxNetwork)}, "tidy": {Fx: fx(fxNetwork, effectSpec{Kind: EffectWrite, Path: "go.mod", Reason: "rewrites go.mod and go.sum"})},
				"edit": {Fx: fx(effectSpec{Kind: EffectWrite, Path: "go.mod", Reason: "rewrites go.mod"})}, "vendor": {Fx: fx(fxNetwork, effectSpec{Kind: EffectWrite, Path: "vendor", Reason: "writes vendor/"})}, "*": {}}},
			"env":  {Opts: []optionSpec{{Names: "-w -u", Fx: fx(effectSpec{Kind: EffectEnv, Reason: "go env -w changes the go configuration for every later command"})}}},
			"tool": {Always: runs("go tool runs a tool program")}, "fmt": {Operands: writesAll, Fx: fx(effectSpec{Kind: EffectWrite, Path: ".", Reason: "go fmt rewrites Go files"})},
			"work": {Fx: fx(effectSpec{Kind: EffectWrite, Path: "go.work", Reason: "writes go.work"})},
			"list": {}, "version": {}, "doc": {}, "help": {}, "bug": {}, "telemetry": {}, "clean": {Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "go clean deletes build files"})},
			"*": {Always: runs("unknown go subcommand")}}},
		"cargo": {Sub: map[string]*program{
			"build": cargo(effectSpec{Kind: EffectExec, Reason: "cargo build runs build scripts and procedural macros"}), "check": cargo(effectSpec{Kind: EffectExec, Reason: "cargo check runs build scripts and procedural macros"}),
			"run": cargo(fxProjectCode), "test": cargo(fxProjectCode), "bench": cargo(fxProjectCode), "clippy": cargo(effectSpec{Kind: EffectExec, Reason: "runs build scripts"}),
			"install": cargo(fxNetwork, fxInstall), "add": cargo(fxNetwork), "fetch": cargo(fxNetwork), "update": cargo(fxNetwork), "publish": cargo(fxNetwork, fxProjectCode),
			"fmt": cargo(effectSpec{Kind: EffectWrite, Path: ".", Reason: "rewrites Rust files"}), "doc": cargo(effectSpec{Kind: EffectExec, Reason: "runs build scripts"}),
			"metadata": cargo(), "tree": cargo(), "version": cargo(), "--version": cargo(),
			"*": {Always: runs("cargo subcommands can be external programs")}}},
		"make": makeProgram(), "gmake": makeProgram(),
		"cmake": {Fx: fx(fxProjectCode)}, "ninja": {Fx: fx(fxProjectCode)}, "meson": {Fx: fx(fxProjectCode)},
		"gradle": {Fx: fx(fxProjectCode, fxNetwork)}, "gradlew": {Fx: fx(fxProjectCode, fxNetwork)}, "mvn": {Fx: fx(fxProjectCode, fxNetwork)},
		"ant": {Fx: fx(fxProjectCode)}, "bazel": {Fx: fx(fxProjectCode, fxNetwork)}, "just": {Fx: fx(fxProjectCode)}, "task": {Fx: fx(fxProjectCode)},
		"rake": {Fx: fx(fxProjectCode)}, "pytest": pytestProgram(), "tox": {Fx: fx(fxProjectCode, fxNetwork)}, "nox": {Fx: fx(fxProjectCode, fxNetwork)},
		// jest 29 --help: the test run is project code; options that write
		// elsewhere or load code from elsewhere are not its nature.
		"jest": {Fx: fx(fxProjectCode), Long: true,
			Options: "--coverage --watch --watchAll -t= --testNamePattern= --ci --runInBand -i -u --updateSnapshot " +
				"--verbose --silent --bail=? --passWithNoTests --onlyChanged -o --detectOpenHandles --forceExit " +
				"--maxWorkers= -w= --testPathPattern= --testPathIgnorePatterns= --json --listTests --clearCache " +
				"--no-cache --colors --no-colors --version -v --help -h --changedSince= --findRelatedTests --selectProjects=",
			Opts: []optionSpec{{Names: "--coverageDirectory= --outputFile= --cacheDirectory=", Path: true, Fx: write("jest writes here")},
				{Names: "-c= --config= --rootDir= --roots= --setupFiles= --globalSetup= --testRunner= --reporters= --transform=",
					Fx: runs("jest loads code or configuration from this option")}}}, "vitest": {Fx: fx(fxProjectCode)}, "mocha": {Fx: fx(fxProjectCode)}, "playwright": {Fx: fx(fxProjectCode)},
		"eslint": {Fx: fx(effectSpec{Kind: EffectExec, Reason: "eslint loads configuration and plugins that are code"}), Long: true,
			Options: "--ext= --max-warnings= --quiet --debug --cache --no-eslintrc --no-inline-config --report-unused-disable-directives " +
				"--no-error-on-unmatched-pattern --fix-dry-run --fix-type= --color --no-color --version -v --help -h --print-config= --stdin --stdin-filename=",
			Opts: []optionSpec{{Names: "--fix", Fx: write("eslint --fix rewrites files")},
				{Names: "-o= --output-file= --cache-location=", Path: true, Fx: write("eslint writes here")},
				{Names: "-c= --config= -f= --format= --rulesdir= --plugin= --resolve-plugins-relative-to= --parser=", Fx: runs("eslint loads code named by this option")}}},
		// tsc 5 --help --all (the common part): by default tsc writes the
		// compiled files beside the sources or into outDir.
		"tsc": {Long: true, Options: "--noEmit --pretty --watch -w --incremental -i --strict --listFiles --diagnostics " +
			"--extendedDiagnostics --version -v --help -h --all --showConfig --skipLibCheck --build -b --verbose --force --clean " +
			"--dry --noImplicitAny --target= -t= --module= -m= --lib= --jsx= --esModuleInterop --allowJs --checkJs " +
			"--noUnusedLocals --noUnusedParameters --sourceMap --declaration -d --moduleResolution= --resolveJsonModule " +
			"--isolatedModules --noEmitOnError --listEmittedFiles --traceResolution --explainFiles",
			Opts: []optionSpec{{Names: "--outDir= --outFile= --declarationDir= --tsBuildInfoFile= --generateTrace= --generateCpuProfile=", Path: true, Fx: write("tsc writes here")},
				{Names: "-p= --project=", Path: true, Fx: read("tsc reads this project file")},
				{Names: "--plugins=", Fx: runs("tsc loads plugins")}}}, "dotnet": {Fx: fx(fxProjectCode)}, "swift": {Fx: fx(fxProjectCode)}, "mix": {Fx: fx(fxProjectCode)}, "rustc": {Fx: fx(effectSpec{Kind: EffectExec, Reason: "runs procedural macros"})},
		"ruff": {Sub: map[string]*program{"format": {Operands: writesAll, Fx: fx(effectSpec{Kind: EffectWrite, Path: ".", Reason: "rewrites Python files"})},
			"check": {Opts: []optionSpec{{Names: "--fix", Fx: fx(effectSpec{Kind: EffectWrite, Path: ".", Reason: "ruff --fix rewrites files"})}}}, "*": {}}},

		// System and privilege.
		"su": {Fx: fx(fxPrivilege), Long: true, Options: "-g= --group= -G= --supp-group= -w= --whitelist-environment=",
			Opts: []optionSpec{{Names: "-c= --command= --session-command= -s= --shell=", Fx: runs("su -c runs a shell command as another user")}}},
		"sudoedit": {Fx: fx(fxPrivilege), Operands: writesAll},
		// sudo, doas and pkexec are commands themselves when they run nothing
		// given on the line: a shell (-s, -i), an editor (-e) or a listing.
		"sudo": {Fx: fx(fxPrivilege), Options: "-u= --user= -g= --group= -C= -h= -p= -r= -t= -T= -U= -D= -R=", Long: true,
			Opts: []optionSpec{{Names: "-s --shell -i --login", Fx: runs("sudo -s starts a root shell")},
				{Names: "-e --edit", Operands: writesAll}}},
		"doas":   {Fx: fx(fxPrivilege), Options: "-u= -C=", Opts: []optionSpec{{Names: "-s", Fx: runs("doas -s starts a root shell")}}},
		"pkexec": {Fx: fx(fxPrivilege)},
		"mount":  {Fx: fx(fxPrivilege)}, "umount": {Fx: fx(fxPrivilege)},
		"mkfs": {Fx: fx(fxDestructive, fxPrivilege)}, "fdisk": {Fx: fx(fxDestructive, fxPrivilege)}, "sfdisk": {Fx: fx(fxDestructive, fxPrivilege)},
		"parted": {Fx: fx(fxDestructive, fxPrivilege)}, "wipefs": {Fx: fx(fxDestructive, fxPrivilege)}, "mkswap": {Fx: fx(fxDestructive, fxPrivilege)},
		"blkdiscard": {Fx: fx(fxDestructive, fxPrivilege)},
		"kill":       {Numeric: true, Options: "-s= -n=", Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "stops processes"})},
		"pkill":      {Numeric: true, Options: "-s= -u= -U= -g= -G= -P= -t=", Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "stops processes"})},
		"killall":    {Numeric: true, Options: "-s= -u= -o= -y=", Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "stops processes"})},
		"reboot":     {Fx: fx(fxDestructive, fxPrivilege)}, "shutdown": {Fx: fx(fxDestructive, fxPrivilege)}, "halt": {Fx: fx(fxDestructive, fxPrivilege)}, "poweroff": {Fx: fx(fxDestructive, fxPrivilege)},
		"crontab": {Fx: fx(fxPersistence), Info: "-l", Opts: []optionSpec{{Names: "-r", Fx: fx(fxDestructive)}}, Operands: readsAll},
		"at":      {Fx: fx(fxPersistence), Always: runs("at runs commands later")}, "batch": {Fx: fx(fxPersistence), Always: runs("batch runs commands later")},
		"systemctl": {Long: true, Options: "-t= --type= --state= -p= --property= -H= --host= -M= --machine= -n= --lines= -o= --output=", Sub: map[string]*program{
			"enable": {Fx: fx(fxPersistence)}, "reenable": {Fx: fx(fxPersistence)}, "link": {Fx: fx(fxPersistence)}, "edit": {Fx: fx(fxPersistence)},
			"preset": {Fx: fx(fxPersistence)}, "set-default": {Fx: fx(fxPersistence)}, "daemon-reload": {Fx: fx(fxPersistence)}, "add-wants": {Fx: fx(fxPersistence)},
			"start": {Fx: fx(fxPersistence)}, "restart": {Fx: fx(fxPersistence)}, "reload": {Fx: fx(fxPersistence)}, "try-restart": {Fx: fx(fxPersistence)},
			"stop": {Fx: fx(fxDestructive)}, "disable": {Fx: fx(fxDestructive)}, "mask": {Fx: fx(fxDestructive)}, "kill": {Fx: fx(fxDestructive)},
			"isolate": {Fx: fx(fxDestructive)}, "poweroff": {Fx: fx(fxDestructive)}, "reboot": {Fx: fx(fxDestructive)}, "halt": {Fx: fx(fxDestructive)},
			"status": {}, "show": {}, "cat": {}, "list-units": {}, "list-unit-files": {}, "is-active": {}, "is-enabled": {}, "is-failed": {}, "list-timers": {},
			"*": {Always: fx(fxPersistence)}}},
		"launchctl": {Sub: map[string]*program{
			"load": {Fx: fx(fxPersistence)}, "bootstrap": {Fx: fx(fxPersistence)}, "enable": {Fx: fx(fxPersistence)}, "submit": {Fx: fx(fxPersistence), Always: fx(fxRunsCode)},
			"kickstart": {Fx: fx(fxPersistence)}, "unload": {Fx: fx(fxDestructive)}, "bootout": {Fx: fx(fxDestructive)}, "remove": {Fx: fx(fxDestructive)},
			"list": {}, "print": {}, "*": {Always: fx(fxPersistence)}}},

		// Containers and infrastructure.
		"docker": container(), "podman": container(), "nerdctl": container(),
		"kubectl": {Fx: fx(fxNetwork), Long: true, Options: "-n= --namespace= --context= --cluster= --user= -s= --server= -l= --selector= -o= --output=",
			Opts: []optionSpec{{Names: "--kubeconfig=", Path: true, Fx: read("reads the cluster credentials file")}},
			Sub: map[string]*program{
				"delete": {Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "deletes cluster resources"})}, "drain": {Fx: fx(fxDestructive)},
				"apply": kubeChange(), "create": kubeChange(), "replace": kubeChange(), "patch": kubeChange(), "edit": kubeChange(), "scale": kubeChange(),
				"set": kubeChange(), "label": kubeChange(), "annotate": kubeChange(), "rollout": kubeChange(), "run": kubeChange(), "expose": kubeChange(),
				"autoscale": kubeChange(), "taint": kubeChange(), "cordon": kubeChange(), "uncordon": kubeChange(),
				"exec": {Always: runs("kubectl exec runs a command in a container")}, "cp": {Always: runs("kubectl cp runs tar in a container"), Operands: []operandRule{{Which: lastOperand, Kind: EffectWrite, Reason: "writes the copy", Local: true}}},
				"attach": {Always: fx(fxRunsCode)}, "debug": {Always: fx(fxRunsCode)}, "port-forward": {}, "proxy": {},
				"plugin": {Always: runs("kubectl plugins are programs")},
				"config": {Sub: map[string]*program{"view": {Fx: fx(effectSpec{Kind: EffectSecrets, Reason: "prints cluster credentials"})}, "get-contexts": {}, "current-context": {},
					"*": {Fx: fx(effectSpec{Kind: EffectWrite, Path: "~/.kube/config", Reason: "changes the cluster configuration"})}}},
				"get":      {Operands: []operandRule{{Which: allOperands, Kind: EffectSecrets, Match: "secret", Reason: "kubectl get secret prints credentials"}}},
				"describe": {}, "logs": {}, "top": {}, "explain": {}, "version": {}, "api-resources": {}, "cluster-info": {}, "diff": {}, "auth": {}, "wait": {},
				"*": {Always: runs("kubectl subcommands can be plugins")}}},
		"helm": {Fx: fx(fxNetwork), Sub: map[string]*program{
			"install": kubeChange(), "upgrade": kubeChange(), "rollback": kubeChange(), "uninstall": {Fx: fx(fxDestructive)}, "delete": {Fx: fx(fxDestructive)},
			"plugin": {Always: runs("helm plugins are programs")}, "template": {}, "lint": {}, "show": {}, "list": {}, "ls": {}, "status": {}, "repo": {}, "search": {}, "version": {}, "get": {},
			"*": {Always: runs("helm subcommands can be plugins")}}},
		"terraform": terraform(), "tofu": terraform(),
		"aws": {Fx: fx(fxNetwork), Sub: map[string]*program{
			"configure": {Fx: fx(effectSpec{Kind: EffectSecrets, Reason: "aws configure reads or writes credentials"})},
			"sts":       {Fx: fx(effectSpec{Kind: EffectSecrets, Reason: "aws sts issues credentials"})},
			"ecr":       {Sub: map[string]*program{"get-login-password": {Fx: fx(effectSpec{Kind: EffectSecrets, Reason: "prints a registry password"})}, "*": {}}},
			"*":         {}}},
		"gcloud": {Fx: fx(fxNetwork), Sub: map[string]*program{
			"auth": {Fx: fx(effectSpec{Kind: EffectSecrets, Reason: "gcloud auth handles credentials"})}, "*": {}}},
		"az": {Fx: fx(fxNetwork), Sub: map[string]*program{
			"account": {Sub: map[string]*program{"get-access-token": {Fx: fx(effectSpec{Kind: EffectSecrets, Reason: "prints an access token"})}, "*": {}}}, "*": {}}},
		"security": {Sub: map[string]*program{
			"find-generic-password":  {Fx: fx(effectSpec{Kind: EffectSecrets, Reason: "reads the keychain"})},
			"find-internet-password": {Fx: fx(effectSpec{Kind: EffectSecrets, Reason: "reads the keychain"})},
			"dump-keychain":          {Fx: fx(effectSpec{Kind: EffectSecrets, Reason: "reads the keychain"})}, "*": {}}},
		"printenv": {Fx: fx(effectSpec{Kind: EffectSecrets, Reason: "prints environment variables, which hold tokens"})},
		"env":      {Fx: fx(effectSpec{Kind: EffectSecrets, Reason: "prints environment variables, which hold tokens"})},

		// Package managers of the system: root, network, maintainer scripts.
		"apt": systemPackages(), "apt-get": systemPackages(), "dnf": systemPackages(), "yum": systemPackages(),
		"pacman": systemPackages(), "apk": systemPackages(), "zypper": systemPackages(), "snap": systemPackages(),
		"brew": {Sub: map[string]*program{"install": packageInstall, "upgrade": packageInstall, "reinstall": packageInstall,
			"tap": {Fx: fx(fxNetwork)}, "uninstall": {Fx: fx(fxDestructive)}, "services": {Fx: fx(fxPersistence)}, "*": {}}},

		// Programs that run what they are given in their own syntax.
		"open":     {Always: runs("open starts the default application for the file, which may be a program")},
		"xdg-open": {Always: runs("xdg-open starts the default application for the file, which may be a program")},
		"tmux":     {Always: runs("tmux runs shell commands in a server that outlives the line")},
		"screen":   {Always: runs("screen runs shell commands in a session that outlives the line")},
		"expect":   {Always: runs("expect runs Tcl code")},
		"java":     {Fx: fx(fxProjectCode), SingleDash: true, Opts: []optionSpec{{Names: "-javaagent", Fx: runs("loads an agent into the JVM")}}},
		"code":     {Long: true, Opts: []optionSpec{{Names: "--install-extension= --uninstall-extension=", Fx: fx(fxPersistence, effectSpec{Kind: EffectExec, Reason: "editor extensions are programs"})}}},
		"sqlite3": {Script: "sqlite", SingleDash: true, Operands: []operandRule{{Which: firstOperand, Kind: EffectWrite, Reason: "opens (and may change) the database"}},
			Options: "-separator= -nullvalue= -newline= -A=", Opts: []optionSpec{{Names: "-cmd= -init=", Fx: runs("runs sqlite commands, which can run shell commands")}}},
		"psql": {Fx: fx(fxNetwork), Long: true, Options: "-h= --host= -p= --port= -U= --username= -d= --dbname= -v= --set= -P= --pset=",
			Opts: []optionSpec{{Names: "-c= --command=", Match: `\!`, Fx: runs(`psql \! runs a shell command`)},
				{Names: "-f= --file=", Path: true, Fx: fx(effectSpec{Kind: EffectRead, Reason: "reads SQL"}, effectSpec{Kind: EffectExec, Reason: `psql scripts can run shell commands (\!)`})},
				{Names: "-o= --output= -L= --log-file=", Path: true, Fx: write("writes query output to a file")}}},
		"mysql": {Fx: fx(fxNetwork), Long: true, Options: "-h= --host= -P= --port= -u= --user= -D= --database=",
			Opts: []optionSpec{{Names: "-e= --execute=", Match: `system \!`, Fx: runs("mysql system runs a shell command")}}},
		"redis-cli": {Fx: fx(fxNetwork)},
	})
})

func systemPackages() *program {
	return &program{Fx: fx(fxPrivilege), Sub: map[string]*program{
		"install": {Fx: fx(fxNetwork, fxInstall, effectSpec{Kind: EffectWrite, Reason: "installs outside the workspace"})},
		"upgrade": {Fx: fx(fxNetwork, fxInstall, effectSpec{Kind: EffectWrite, Reason: "installs outside the workspace"})},
		"update":  {Fx: fx(fxNetwork)}, "add": {Fx: fx(fxNetwork, fxInstall)}, "-S": {Fx: fx(fxNetwork, fxInstall)},
		"remove": {Fx: fx(fxDestructive)}, "purge": {Fx: fx(fxDestructive)}, "autoremove": {Fx: fx(fxDestructive)}, "del": {Fx: fx(fxDestructive)},
		"search": {}, "show": {}, "list": {}, "info": {}, "policy": {}, "*": {}}}
}

func awk(name string) *program {
	// Options end at the program text: awk 1 --source FILE reads FILE.
	return &program{Script: "awk", Long: true, StopAtOperand: true, Operands: readsAll,
		// gawk 5.2 and mawk 1.3.4 --help; -W takes a word (mawk -W version).
		Options: "-F= -v= --assign= --field-separator= -b --characters-as-bytes -c --traditional -C --copyright " +
			"-g --gen-pot -h --help -M --bignum -N --use-lc-numeric -n --non-decimal-data -O --optimize -P --posix " +
			"-r --re-interval -s --no-optimize -S --sandbox -t --lint-old -V --version -L=? --lint=? -W= -e= --source=",
		Opts: []optionSpec{
			{Names: "-f= --file=", Path: true, Fx: read("reads the awk program")},
			{Names: "-E= --exec= -i= --include=", Path: true, Fx: read("reads an awk program file")},
			{Names: "-l= --load=", Fx: runs(name + " -l loads a compiled extension")},
			{Names: "-D=? --debug=?", Fx: runs(name + " -D runs the debugger, which evaluates awk code it reads")},
			{Names: "-o=? --pretty-print=? -p=? --profile=? -d=? --dump-variables=?", Fx: write(name + " writes a report file (path not known before the line runs)")},
		}}
}

func editor() *program {
	return &program{Operands: writesAll, PlusExec: true, Options: "-i= -T= -r= -q= -t= -L= -u= -U= -w= -W= -s=", Long: true,
		Opts: []optionSpec{
			{Names: "-c= --cmd= -S= -s=", Fx: runs("runs editor commands, which can run shell commands")},
			{Names: "-u= -U=", Fx: fx(fxConfigExec)},
			{Names: "-w= -W=", Path: true, Fx: write("records keystrokes to a file")},
		}}
}

func netcat() *program {
	return &program{Fx: fx(fxNetwork), Long: true, Options: "-p= -s= -w= -i= -q= -x= -X= -P= -T= -O= -I= -V=",
		Opts: []optionSpec{{Names: "-e= -c= --exec= --sh-exec= --lua-exec=", Fx: runs("netcat -e runs a program connected to the network")},
			{Names: "-o= --output=", Path: true, Fx: write("writes a dump of the traffic")}}}
}

func pip() *program {
	return &program{Long: true, Sub: map[string]*program{
		"install": {Fx: fx(fxNetwork, fxInstall), Long: true, Options: "--pre -U --upgrade -e= --editable= -q -v --no-deps --force-reinstall --no-cache-dir -c= --constraint= -i= --index-url= --extra-index-url= --platform= --python-version=",
			Opts: []optionSpec{{Names: "-r= --requirement=", Path: true, Fx: read("reads the requirements file")},
				{Names: "-t= --target= --prefix= --root=", Path: true, Fx: write("installs into this directory")},
				{Names: "--user", Fx: write("installs outside the workspace (user site)")}}},
		"download":  {Fx: fx(fxNetwork, effectSpec{Kind: EffectWrite, Path: ".", Reason: "saves packages"})},
		"uninstall": {Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "removes installed packages"})},
		"wheel":     {Fx: fx(fxNetwork, fxInstall)},
		"*":         {}}}
}

// goTestWrites are the go test flags that name a file written, with and
// without the test. prefix the test binary takes too.
const goTestWrites = "-o= -coverprofile= -cpuprofile= -memprofile= -blockprofile= -mutexprofile= -trace= -outputdir= " +
	"-test.coverprofile= -test.cpuprofile= -test.memprofile= -test.blockprofile= -test.mutexprofile= -test.trace= " +
	"-test.outputdir= -test.testlogfile= -test.gocoverdir= -test.fuzzcachedir="

func goTool(fxs ...effectSpec) *program {
	// go help build, go help testflag (Go 1.26): the build flags, then the
	// test flags; bool flags take no separate value (-json is one).
	return &program{Fx: fxs, Options: "-p= -tags= -run= -count= -timeout= -bench= -benchtime= -cpu= -parallel= " +
		"-gcflags= -asmflags= -gccgoflags= -mod= -covermode= -coverpkg= -fuzz= -fuzztime= -fuzzminimizetime= -skip= " +
		"-shuffle= -buildmode= -buildvcs= -compiler= -installsuffix= -memprofilerate= -blockprofilerate= " +
		"-mutexprofilefraction= -list= -vet= -trimpath -race -msan -asan -cover -v -x -n -a -work -linkshared " +
		"-modcacherw -json -short -failfast -fullpath -benchmem -c -i " +
		"-test.v -test.run= -test.count= -test.timeout= -test.bench= -test.benchtime= -test.short -test.failfast " +
		"-test.parallel= -test.cpu= -test.skip= -test.shuffle= -test.benchmem -test.list= -test.paniconexit0 -test.fullpath",
		SingleDash: true,
		Opts: []optionSpec{
			{Names: "-exec= -toolexec= -vettool=", Fx: runs("runs a program on the built binaries or tools")},
			{Names: "-ldflags=", Match: "extld linkmode extar libgcc", Fx: runs("go -ldflags -extld names the external linker program it runs")},
			// go tool link -help, go tool compile -help: flags that read or
			// write files of their own, and @file, which reads more flags
			// from a file.
			{Names: "-gcflags= -asmflags= -ldflags=", Match: "tmpdir capturehostobjs fipso importcfg embedcfg coveragecfg symabis asmhdr linkobj pgoprofile @", Fx: write("passes the compiler or linker a flag that reads or writes a file of its choosing (path not known before the line runs)")},
			// gccgo takes gcc's flags: -fplugin loads code, -B names programs.
			{Names: "-gccgoflags=", Fx: runs("go -gccgoflags passes gcc flags, which can load compiler plugins and name the programs gcc runs")},
			// The overlay maps source files to any file the JSON names.
			{Names: "-overlay=", Fx: fx(effectSpec{Kind: EffectObfuscation, Reason: "go -overlay compiles, in place of the sources, whatever files its JSON file names"})},
			// The compiler, assembler and linker take flags that write
			// files of their own (-gcflags=-cpuprofile=/out, -json=0,file://dir).
			{Names: "-gcflags= -asmflags= -ldflags= -gccgoflags=", Match: "prof trace json dump -o -d= -bench", Fx: write("passes the compiler or linker a flag that writes a file (path not known before the line runs)")},
			{Names: goTestWrites, Path: true, Fx: write("writes this file")},
			{Names: "-pkgdir= -modfile=", Path: true, Fx: write("writes build files or the module file here")},
			{Names: "-overlay= -pgo=", Path: true, Fx: read("reads this file")},
			{Names: "-C=", Path: true, Fx: chdir()},
			// go test -args passes every word after it to the test binary,
			// whose own flags write files (-test.cpuprofile=/out).
			{Names: "-args", Fx: runs("go test -args passes the rest of the line to the test binary, whose flags can write files anywhere")},
		}}
}

// cargoOptions: cargo build/test/run --help (cargo 1.8x).
const cargoOptions = "-p= --package= --features= -F= --target= -j= --jobs= --profile= --bin= --example= --test= --bench= " +
	"--color= --exclude= --message-format= --timings=? -r --release --all-targets --lib --bins --examples --tests " +
	"--benches --workspace --all --all-features --no-default-features -v --verbose -vv -q --quiet --frozen --locked " +
	"--offline --no-run --no-fail-fast --doc --keep-going --future-incompat-report --ignore-rust-version --unit-graph " +
	"-h --help"

func cargo(fxs ...effectSpec) *program {
	return &program{Fx: fxs, Long: true, Options: cargoOptions,
		Opts: []optionSpec{{Names: "--config=", Fx: fx(fxConfigExec)}, {Names: "--target-dir= --artifact-dir=", Path: true, Fx: write("writes build output here")},
			{Names: "-Z=", Fx: runs("cargo -Z enables unstable features, which can change what runs")},
			{Names: "--manifest-path= --lockfile-path=", Path: true, Fx: runs("builds the package of another manifest, whose build scripts run")},
			{Names: "-C=", Path: true, Fx: chdir()}}}
}

func makeProgram() *program {
	// GNU make 4.3 --help.
	return &program{Long: true, Fx: fx(effectSpec{Kind: EffectExec, Reason: "make runs the recipes of the Makefile"}),
		Options: "-j=? --jobs=? -l=? --load-average=? --max-load=? -o= --old-file= --assume-old= -W= --what-if= --new-file= --assume-new= -O=? --output-sync=? -I= --include-dir= --debug=? --jobserver-style=",
		Opts: []optionSpec{
			{Names: "-f= --file= --makefile=", Path: true, Fx: runs("make -f runs the recipes of another makefile")},
			{Names: "--eval= -E=", Fx: runs("make --eval adds make code")},
			{Names: "-C= --directory=", Path: true, Fx: chdir()},
			{Names: "-e --environment-overrides", Fx: runs("make -e lets environment variables (SHELL among them) override the makefile")},
		},
		Operands: []operandRule{{Which: allOperands, Assign: true, Kind: EffectExec, Reason: "make VAR=value overrides a variable (SHELL, CC...) that can change the commands run"}}}
}

// pytestProgram: pytest 8 --help, the options of pytest itself (a
// plugin's options are unknown).
func pytestProgram() *program {
	return &program{Fx: fx(fxProjectCode), Long: true,
		Options: "-k= -m= -x --exitfirst --maxfail= --strict-config --strict-markers --fixtures --funcargs " +
			"--fixtures-per-test --lf --last-failed --ff --failed-first --nf --new-first --sw --stepwise " +
			"--sw-skip --stepwise-skip --cache-show=? --cache-clear --lfnf= --last-failed-no-failures= " +
			"--durations= --durations-min= -v --verbose -q --quiet --verbosity= -r= -l --showlocals --no-showlocals " +
			"--tb= --show-capture= --full-trace --color= --code-highlight= -W= --pythonwarnings= --co " +
			"--collect-only --collectonly --noconftest --keep-duplicates --doctest-modules --doctest-report= " +
			"--doctest-glob= --doctest-ignore-import-errors --doctest-continue-on-collection-errors -s " +
			"--capture= --runxfail --import-mode= --ignore= --ignore-glob= --deselect= --continue-on-collection-errors " +
			"--strict --disable-warnings --disable-pytest-warnings --assert= --setup-only --setup-show --setup-plan " +
			"--log-level= --log-format= --log-date-format= --log-cli-level= --log-cli-format= " +
			"--log-cli-date-format= --log-file-level= --log-file-format= --log-file-date-format= " +
			"--log-auto-indent= --log-disable= --trace-config --version -V -h --help --junit-prefix= " +
			"--no-header --no-summary --no-fold-skipped --markers",
		Opts: []optionSpec{
			{Names: "--basetemp=", Path: true, Fx: fx(effectSpec{Kind: EffectWrite, Reason: "pytest empties and writes its temporary directory there"},
				effectSpec{Kind: EffectDestructive, Reason: "pytest --basetemp deletes the directory's contents first"})},
			{Names: "--junitxml= --junit-xml= --log-file= --resultlog= --result-log= --debug=?", Path: true, Fx: write("pytest writes this file")},
			{Names: "-o= --override-ini=", Fx: runs("pytest -o overrides configuration (addopts, cache_dir, python_files) that changes what runs and where it writes")},
			{Names: "-p=", Fx: runs("pytest -p loads a plugin module")},
			{Names: "-c= --config-file= --rootdir= --confcutdir= --inifile=", Path: true, Fx: runs("pytest loads configuration and conftest.py code from another place")},
			{Names: "--pdb --pdbcls= --trace", Fx: runs("pytest --pdb starts a debugger that evaluates code")},
			{Names: "--pastebin=", Fx: fx(fxNetwork)},
		}}
}

func container() *program {
	run := &program{Fx: fx(fxNetwork, effectSpec{Kind: EffectExec, Reason: "runs a container"}), Long: true, StopAtOperand: true,
		Options: "--rm -d --detach -i --interactive -t --tty --init --read-only -P --publish-all -q --quiet " +
			"--no-healthcheck --sig-proxy=? -a= --attach= --expose= --stop-timeout= --label-file= " +
			"-e= --env= --env-file= -p= --publish= --name= -w= --workdir= -u= --user= --entrypoint= --network= --net= -l= --label= --platform= --pull= --restart= -h= --hostname= --memory= -m= --cpus= --gpus= --add-host= --dns= --ipc= --pid= --userns= --cgroupns= --log-driver= --log-opt= --ulimit= --tmpfs= --shm-size= --stop-signal= --health-cmd= --security-opt= --cidfile=",
		Opts: []optionSpec{
			{Names: "-v= --volume= --mount=", Path: true, PathUntil: ":", Fx: fx(effectSpec{Kind: EffectPrivilege, Reason: "mounts a host path into the container"}, effectSpec{Kind: EffectWrite, Reason: "the container can write the mounted host path"})},
			{Names: "--privileged --cap-add= --device=", Fx: fx(effectSpec{Kind: EffectPrivilege, Reason: "gives the container host privileges"})},
			{Names: "--env-file= --label-file=", Path: true, Fx: read("the container gets the variables of this file")},
			{Names: "--cidfile=", Path: true, Fx: write("writes the container's id to this file")},
			{Names: "--pid= --network= --net= --ipc= --userns= --uts=", Match: "host", Fx: fx(effectSpec{Kind: EffectPrivilege, Reason: "shares a host namespace with the container"})},
		}}
	destroy := &program{Fx: fx(effectSpec{Kind: EffectDestructive, Reason: "removes containers, images or volumes"})}
	return &program{Long: true, Options: "-H= --host= --context= -c= -l= --log-level=", Opts: []optionSpec{{Names: "--config=", Fx: fx(fxConfigExec)}},
		Sub: map[string]*program{
			"run": run, "create": run, "exec": {Always: runs("runs a command in a container")},
			"build": {Fx: fx(fxNetwork, effectSpec{Kind: EffectExec, Reason: "runs the build steps of the Dockerfile"})}, "buildx": {Fx: fx(fxNetwork, effectSpec{Kind: EffectExec, Reason: "runs build steps"})},
			"compose": {Fx: fx(fxNetwork, effectSpec{Kind: EffectExec, Reason: "runs the project's containers"}),
				Sub: map[string]*program{"down": destroy, "rm": destroy, "*": {}}},
			"pull": {Fx: fx(fxNetwork)}, "push": {Fx: fx(fxNetwork)}, "login": {Fx: fx(fxNetwork, effectSpec{Kind: EffectSecrets, Reason: "stores registry credentials"})}, "search": {Fx: fx(fxNetwork)},
			"rm": destroy, "rmi": destroy, "kill": destroy, "stop": destroy, "prune": destroy,
			"system": {Sub: map[string]*program{"prune": destroy, "*": {}}}, "volume": {Sub: map[string]*program{"rm": destroy, "prune": destroy, "*": {}}},
			"image": {Sub: map[string]*program{"rm": destroy, "prune": destroy, "*": {}}}, "container": {Sub: map[string]*program{"rm": destroy, "prune": destroy, "run": run, "exec": {Always: runs("runs a command in a container")}, "*": {}}},
			"network": {Sub: map[string]*program{"rm": destroy, "prune": destroy, "*": {}}},
			"cp":      {Operands: []operandRule{{Which: lastOperand, Kind: EffectWrite, Reason: "writes the copy", Local: true}}},
			"ps":      {}, "images": {}, "logs": {}, "inspect": {}, "version": {}, "info": {}, "stats": {}, "top": {}, "port": {}, "history": {},
			"*": {Always: runs("docker subcommands can be plugins")}}}
}

func kubeChange() *program {
	return &program{Fx: fx(fxNetwork, effectSpec{Kind: EffectDestructive, Reason: "changes live cluster resources"})}
}

func terraform() *program {
	change := &program{Fx: fx(fxNetwork, fxDestructive, effectSpec{Kind: EffectExec, Reason: "runs provider plugins"})}
	plan := &program{Fx: fx(fxNetwork, effectSpec{Kind: EffectExec, Reason: "runs provider plugins"})}
	return &program{Opts: []optionSpec{{Names: "-chdir=", Path: true, Fx: chdir()}}, SingleDash: true, Sub: map[string]*program{
		"apply": change, "destroy": change, "import": change, "taint": change, "untaint": change, "state": change,
		"plan": plan, "init": plan, "refresh": plan, "console": plan, "validate": {}, "output": {}, "show": {}, "version": {}, "providers": {}, "graph": {},
		"fmt": {Fx: fx(effectSpec{Kind: EffectWrite, Path: ".", Reason: "rewrites .tf files"})}, "*": plan}}
}

// variableSetters are builtins that assign the variables named in their
// arguments.
var variableSetters = map[string]bool{"read": true, "mapfile": true, "readarray": true, "printf": true, "getopts": true}

// sensitiveVariables change which code later commands run, or where.
var sensitiveVariables = map[string]string{
	"PATH": "decides which program a command name runs", "LD_PRELOAD": "loads a library into every program",
	"LD_LIBRARY_PATH": "decides which libraries programs load", "LD_AUDIT": "loads a library into every program",
	"NODE_OPTIONS": "adds options (such as --require) to every node process", "NODE_PATH": "decides which modules node loads",
	"BASH_ENV": "makes every bash script run a file first", "ENV": "makes every sh run a file first",
	"PYTHONPATH": "decides which modules python loads", "PYTHONSTARTUP": "runs a file in interactive python",
	"PYTHONHOME": "decides which python library is used", "PYTHONUSERBASE": "decides which modules python loads",
	"PERL5OPT": "adds options (such as -M) to every perl", "PERL5LIB": "decides which modules perl loads", "PERLLIB": "decides which modules perl loads",
	"RUBYOPT": "adds options (such as -r) to every ruby", "RUBYLIB": "decides which libraries ruby loads",
	"PROMPT_COMMAND": "runs shell code before each prompt", "PS4": "is expanded (and its substitutions run) when tracing",
	"IFS": "changes how the shell splits words", "SHELLOPTS": "changes shell options", "BASHOPTS": "changes shell options",
	"CDPATH": "changes where cd goes", "GLOBIGNORE": "changes globbing", "HOME": "changes where ~ and configuration files point",
	"PAGER": "names a program to run", "MANPAGER": "names a program to run", "EDITOR": "names a program to run",
	"VISUAL": "names a program to run", "BROWSER": "names a program to run", "LESSOPEN": "makes less run a program on every file",
	"LESSCLOSE": "makes less run a program", "LESSKEY": "loads less key bindings that can run commands", "SHELL": "names the shell programs run",
	"JAVA_TOOL_OPTIONS": "adds options (such as -javaagent) to every JVM", "_JAVA_OPTIONS": "adds options to every JVM",
	"JDK_JAVA_OPTIONS": "adds options to every JVM", "MAVEN_OPTS": "adds JVM options", "GRADLE_OPTS": "adds JVM options",
	"RUSTC_WRAPPER": "names a program that runs every compilation", "RUSTC": "names the compiler program", "CC": "names the compiler program",
	"CXX": "names the compiler program", "GOFLAGS": "adds flags (such as -toolexec) to every go command",
	"MAKEFLAGS": "adds options to make", "MAKEFILES": "makes make read more makefiles", "ZDOTDIR": "decides which zsh start-up files run",
	"INPUTRC": "loads readline bindings", "SSH_ASKPASS": "names a program to run", "SUDO_ASKPASS": "names a program to run",
	"XDG_CONFIG_HOME": "decides which configuration files programs load", "VIMINIT": "runs vim commands at start-up",
	"EXINIT": "runs editor commands at start-up", "MYVIMRC": "decides which vimrc runs", "LUA_INIT": "runs Lua code at start-up",
	"PHPRC": "decides which php.ini loads", "PHP_INI_SCAN_DIR": "decides which php.ini files load", "BUNDLE_GEMFILE": "decides which Gemfile loads",
	"HISTFILE": "decides where history is written", "TMPDIR": "changes where temporary files go", "PIP_INDEX_URL": "changes where packages come from",
	"GOPROXY": "changes where modules come from", "CARGO_HOME": "decides which cargo configuration loads", "DOCKER_HOST": "changes which docker daemon is used",
	"KUBECONFIG": "changes which cluster credentials are used", "BASH_XTRACEFD": "sends the trace to another file",
	// Programs that read options from the environment: each can name an
	// option that runs code (tar --to-command, rg --pre, pytest -p).
	"TAR_OPTIONS": "adds options (such as --to-command) to every tar", "RIPGREP_CONFIG_PATH": "loads rg options (such as --pre) from a file",
	"GREP_OPTIONS": "adds options to grep", "ZIPOPT": "adds options (such as -TT) to every zip", "UNZIP": "adds options to every unzip",
	"UNZIPOPT": "adds options to every unzip", "GZIP": "adds options to gzip", "XZ_OPT": "adds options to xz",
	"PYTEST_ADDOPTS": "adds options (such as -p) to every pytest", "PYTEST_PLUGINS": "loads plugin modules into pytest",
	"AWKPATH": "decides which files gawk @include loads", "AWKLIBPATH": "decides which extensions gawk @load loads",
	"RUSTFLAGS": "adds compiler flags (such as -C linker=) to every build", "RUSTDOCFLAGS": "adds flags to rustdoc",
	"JQ_LIBRARY_PATH": "decides which modules jq loads", "LESS": "adds options to less", "SYSTEMD_PAGER": "names a program to run",
	"GIT_PAGER": "names a program to run", "MAKE": "names the make program recipes run",
	"POSIXLY_CORRECT": "changes how GNU programs read their options and operands",
}

// sensitivePrefixes cover families of variables.
var sensitivePrefixes = map[string]string{
	"LD_": "changes how programs load libraries", "DYLD_": "changes how programs load libraries",
	"GIT_":        "changes git's behaviour (GIT_SSH, GIT_EXTERNAL_DIFF, GIT_CONFIG_* can run programs)",
	"NPM_CONFIG_": "changes npm's configuration (scripts, registries)", "npm_config_": "changes npm's configuration (scripts, registries)",
	"PIP_": "changes pip's configuration", "CARGO_": "changes cargo's configuration", "BASH_FUNC_": "defines bash functions in the environment",
	"UV_": "changes uv's configuration", "YARN_": "changes yarn's configuration", "DOCKER_": "changes docker's configuration",
	"CGO_": "adds C compiler and linker flags (such as -fplugin) to go builds",
}
