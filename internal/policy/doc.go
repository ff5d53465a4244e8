// Package policy decides whether an agent's tool call is allowed, asked or
// denied, from the merged settings rules, the workspace roots and the
// permission mode.
//
// Its one idea: Claude Code's rule semantics, then stricter. Deny rules are
// checked first, then ask rules, then the checks that no allow rule can
// override, then allow rules; no match asks. Anything the policy cannot
// understand asks, and a broken settings file turns every would-be allow
// into an ask.
//
// Choices where Claude Code is silent or we are stricter:
//
//   - A malformed allow rule is dropped. A malformed deny or ask rule is
//     widened to its whole tool (a deny `Bash(rm -rf` denies every Bash
//     command); when not even the tool name can be read, nothing is allowed
//     automatically until it is fixed.
//   - Bash rules match the literal words of each simple command, joined
//     at word boundaries that quoting cannot forge ("git status" as one
//     word is not `git status`). Deny and ask rules also match the program's
//     base name (/bin/rm is rm), the command with its wrappers (sudo rm),
//     and the same options in any order, split or abbreviated (rm -fr for
//     rm -rf, git push origin --forc for git push --force). Allow rules
//     match only the command as written; under sudo, xargs, watch and other
//     non-scheduling wrappers they must name the wrapper.
//   - Code execution that is the program's own nature (npm test, make, go
//     test) is allowed only by a rule whose first word is that program;
//     `Bash`, `Bash(*)` and rules starting with a wildcard never allow it.
//     Execution introduced by options or constructs (find -exec, sh -c,
//     eval, substitutions, pipes into interpreters), environment changes,
//     obfuscation, privilege, persistence, secrets and dynamic words always
//     ask. Writing or deleting through an option (find -delete, go build -o,
//     git --output) is allowed only by a rule that names the option.
//   - Writes by commands and edit tools are confined to the workspace:
//     outside asks unless an allow rule names the path (a whole-tool allow
//     does not); protected paths (.git, .claude, .vscode, .mcp.json, ...)
//     always ask, even with an allow rule, in acceptEdits or in bypass mode.
//     Reads outside the workspace ask unless a Read allow rule covers them;
//     Read deny rules also cover what commands read (cat .env).
//   - cd into the workspace is allowed; afterwards relative paths are
//     checked against every directory the line may be in.
//   - Modes: plan denies edits and commands that write or delete;
//     acceptEdits allows edits inside the workspace (commands still need
//     rules); dontAsk turns every ask into a deny; bypassPermissions (unless
//     disabled by any settings file or a broken one) allows only what lacked
//     a rule, never what a check asks. "auto" and unknown modes are default.
//   - Untrusted workspaces: allow rules, defaultMode and
//     additionalDirectories from the project's own files are ignored.
//   - `/pattern` in Read/Edit rules is relative to the project root whatever
//     the file; bare names match at any depth, for deny and ask rules
//     anywhere on disk, for allow rules only inside the project.
//   - WebFetch: http and https only; URLs with credentials, blanks, control
//     characters, backslashes or non-ASCII hosts ask. domain:x is exactly x;
//     domain:*.x is any subdomain of x, not x itself.
//   - Harmless tools (TodoWrite, Task, BashOutput, KillShell, ...) are
//     allowed unless a rule says otherwise; ExitPlanMode asks, since leaving
//     plan mode is the person's call; unknown tools ask.
package policy
