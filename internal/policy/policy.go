package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/gatehouse/gatehouse/internal/verdict"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/gatehouse/gatehouse/internal/action"
	"github.com/gatehouse/gatehouse/internal/settings"
	"github.com/gatehouse/gatehouse/internal/workspace"
)

// Checks: the machine names of what decided, in Decision.Check.
const (
	CheckRule          = "rule"               // a deny, ask or allow rule matched
	CheckNoRule        = "no-rule"            // no rule matched: ask
	CheckOutside       = "outside-workspace"  // a path outside the workspace
	CheckProtected     = "protected-path"     // .git, .claude, .vscode ... never auto-accepted
	CheckHardLink      = "hard-link"          // a file with other names (hard links) is never written automatically
	CheckPlan          = "mode-plan"          // plan mode refuses writes
	CheckDontAsk       = "dontAsk"            // dontAsk mode turned an ask into a deny
	CheckAcceptEdits   = "acceptEdits"        // acceptEdits mode allowed an edit inside the workspace
	CheckBypass        = "bypassPermissions"  // bypass mode allowed what no rule covered
	CheckCodeExec      = "code-execution"     // the command runs code the line does not show
	CheckEnvironment   = "environment"        // changes how later programs load
	CheckObfuscation   = "obfuscation"        // hides what runs
	CheckPrivilege     = "privilege"          // sudo, chmod +s ...
	CheckPersistence   = "persistence"        // crontab, shell rc files, git hooks ...
	CheckSecrets       = "secrets"            // reads credentials
	CheckDynamic       = "dynamic"            // expansions, substitutions, globs: not known until run
	CheckUnparsable    = "unparsable"         // the command or URL could not be parsed
	CheckInvalidInput  = "invalid-input"      // tool_input missing or of the wrong shape
	CheckEmpty         = "empty"              // nothing to run
	CheckMalformed     = "malformed-settings" // a settings file or rule is broken: no auto-allow
	CheckWorkspaceRead = "workspace-read"     // reading inside the workspace
	CheckHarmless      = "harmless-tool"      // a built-in tool that changes nothing
	CheckURL           = "url"                // a URL that is not plain http(s)
	CheckWrapper       = "wrapper"            // xargs, sudo ...: the allowlist cannot see the real arguments
	CheckUnknownTool   = "unknown-tool"       // a tool this policy does not know
	CheckDirectory     = "directory"          // cd into a directory inside the workspace
	CheckOption        = "option"             // an option makes an allowlisted program write or delete
)

// Modes as sent in permission_mode (internal/verdict defines them).
const (
	ModeDefault     = verdict.ModeDefault
	ModeAcceptEdits = verdict.ModeAcceptEdits
	ModePlan        = verdict.ModePlan
	ModeDontAsk     = verdict.ModeDontAsk
	ModeBypass      = verdict.ModeBypass
)

// Request is one tool call to decide.
type Request struct {
	Tool      string          // tool_name
	Input     json.RawMessage // tool_input
	Cwd       string          // the agent's working directory (absolute)
	SessionID string
	// Mode is the payload's permission_mode; "" means the settings'
	// defaultMode. "auto" and unknown modes are treated as default.
	Mode string
}

// Decision is the answer for one Request.
type Decision struct {
	Behavior Behavior
	// Reason is one human sentence naming the rule and its file, the check,
	// or the path that decided.
	Reason string
	Rule   *Rule  // the rule that decided, if one did
	Check  string // machine name of what decided (Check* constants)
	Kind   action.Kind
	Paths  []string // paths involved (resolved when known)
	// SuggestedRule is an "always allow" rule the person may edit and save,
	// when allowing by rule is possible at all ("" otherwise).
	SuggestedRule string
}

// Policy is the compiled settings for one workspace. It is immutable and
// safe for concurrent use; build a new one when settings change.
type Policy struct {
	Settings *settings.Set
	Roots    *workspace.Roots
	// Trusted says whether the person trusts the workspace. When false,
	// allow rules, defaultMode and additionalDirectories from the
	// workspace's own settings files are ignored.
	Trusted bool
	// ProjectDir anchors ./x and bare x/y patterns (the first root).
	ProjectDir string
	// Home anchors ~/x patterns.
	Home string
	// DefaultMode is the effective defaultMode from settings ("" = default).
	DefaultMode string
	// BypassDisabled: bypassPermissions mode is treated as default.
	BypassDisabled bool
	// Problems lists malformed rules (dropped allow rules, widened deny and
	// ask rules) for display.
	Problems []error
	// NoAllow, when not empty, says why nothing may be auto-allowed (a
	// broken settings file, an unreadable deny rule).
	NoAllow []string

	rules    []*Rule // deny, then ask, then allow; settings precedence inside each
	tools    []*Rule // the rules that are not Bash rules, in the same order
	bash     [3]ruleIndex
	foldCase bool
	bases    [][]string // project dir components, resolved and as given
	home     [][]string
}

// stage maps a behavior to its evaluation slot.
func stage(b Behavior) int {
	switch b {
	case Deny:
		return 0
	case Ask:
		return 1
	}
	return 2
}

// ruleIndex finds Bash rules by their literal program name.
type ruleIndex struct {
	byProgram map[string][]*Rule
	other     []*Rule // rules whose first word has a wildcard, and whole-tool rules
}

// New compiles a Policy from loaded settings. roots must hold the project
// directory first (and the additional directories the caller chose to
// honour, see Open).
func New(set *settings.Set, roots *workspace.Roots, trusted bool) *Policy {
	if set == nil {
		set = &settings.Set{}
	}
	p := &Policy{Settings: set, Roots: roots, Trusted: trusted, BypassDisabled: set.BypassDisabled}
	p.foldCase = runtime.GOOS == "darwin" || runtime.GOOS == "windows"
	p.Home = set.Locations.Home
	if dirs := roots.Dirs(); len(dirs) > 0 {
		p.ProjectDir = dirs[0]
	} else {
		p.ProjectDir = set.Locations.ProjectDir
	}
	p.bases = pathVariants(p.ProjectDir, set.Locations.ProjectDir)
	p.home = pathVariants(p.Home, "")
	p.DefaultMode = set.Mode(trusted).Mode
	for _, fe := range set.Broken {
		p.NoAllow = append(p.NoAllow, fe.Error())
	}
	for i := range p.bash {
		p.bash[i].byProgram = map[string][]*Rule{}
	}
	for _, b := range []Behavior{Deny, Ask, Allow} {
		for _, sr := range set.Rules {
			if sr.Behavior != b {
				continue
			}
			if b == Allow && !trusted && sr.Source.Scope.FromWorkspace() {
				continue // a cloned repository must not approve its own commands
			}
			r, err := ParseRule(sr.Text)
			r.Behavior, r.Source = sr.Behavior, sr.Source
			if err != nil {
				err = fmt.Errorf("%s: %w", sr.Source.Path, err)
				p.Problems = append(p.Problems, err)
				if b == Allow {
					continue // a malformed allow rule allows nothing
				}
				w, ok := widen(sr.Text)
				if !ok {
					p.NoAllow = append(p.NoAllow, fmt.Sprintf("the %s rule %q in %s cannot be read, so nothing is allowed automatically; fix the rule", b, sr.Text, sr.Source.Path))
					continue
				}
				w.Behavior, w.Source = sr.Behavior, sr.Source
				r = w
			}
			p.add(&r)
		}
	}
	return p
}

func (p *Policy) add(r *Rule) {
	r.ord = len(p.rules)
	p.rules = append(p.rules, r)
	if r.path != nil && r.path.anchor == anchorRoot && r.Source.Root != "" {
		r.path.bases = pathVariants(r.Source.Root)
	}
	if r.Tool != "Bash" {
		p.tools = append(p.tools, r)
		return
	}
	ix := &p.bash[stage(r.Behavior)]
	if r.bash != nil && r.bash.program != "" {
		ix.byProgram[r.bash.program] = append(ix.byProgram[r.bash.program], r)
	} else {
		ix.other = append(ix.other, r)
	}
}

// Open loads the settings of loc and builds the Policy with the project
// directory and the honoured additionalDirectories as workspace roots.
// lastGood is passed to settings.Load. Additional directories that do not
// exist are skipped and reported in Problems.
func Open(loc settings.Locations, trusted bool, lastGood *settings.Set) (*Policy, error) {
	set := settings.Load(loc, lastGood)
	dirs := []string{loc.ProjectDir}
	var problems []error
	for _, d := range set.Directories(trusted) {
		p := d.Path
		switch {
		case p == "~" || strings.HasPrefix(p, "~/"):
			if loc.Home == "" {
				problems = append(problems, fmt.Errorf("%s: additional directory %s: no home directory to expand ~", d.Source.Path, p))
				continue
			}
			p = filepath.Join(loc.Home, p[1:])
		case !filepath.IsAbs(p):
			p = filepath.Join(loc.ProjectDir, p)
		}
		if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
			problems = append(problems, fmt.Errorf("%s: additional directory %s is not a directory; it is ignored", d.Source.Path, d.Path))
			continue
		}
		dirs = append(dirs, p)
	}
	roots, err := workspace.NewRootsWith(workspace.Options{Home: loc.Home}, dirs...)
	if err != nil {
		return nil, fmt.Errorf("open policy for %s: %w", loc.ProjectDir, err)
	}
	pol := New(set, roots, trusted)
	pol.Problems = append(problems, pol.Problems...)
	return pol, nil
}

// pathVariants returns the components of each distinct non-empty path, the
// symlink-resolved form first.
func pathVariants(paths ...string) [][]string {
	var out [][]string
	seen := map[string]bool{}
	for _, p := range paths {
		if p == "" {
			continue
		}
		for _, v := range []string{evalOr(p), p} {
			v = filepath.ToSlash(filepath.Clean(v))
			if !seen[v] {
				seen[v] = true
				out = append(out, splitPath(v))
			}
		}
	}
	return out
}

func evalOr(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// Decide decides one tool call with the settings rules alone.
func (p *Policy) Decide(req Request) Decision { return p.DecideWith(req, nil) }

// DecideWith decides one tool call with extra rules the server holds for
// this session (approvals given "once" or "for this session"). Extra rules
// come from ParseRule with Behavior set (a rule without one never
// matches); they are evaluated after the settings rules of the same
// behavior, so a settings deny still wins over a session allow.
func (p *Policy) DecideWith(req Request, extra []Rule) Decision {
	// The memo lives for this decision only: the file system may change
	// between decisions, and a directory resolved for an earlier one may
	// be a symlink by now.
	ev := &evaluation{p: p, roots: p.Roots.Memo(), req: req, extra: extra, mode: p.mode(req.Mode)}
	d := ev.decide()
	return ev.finish(d)
}

// mode returns the effective mode of a request.
func (p *Policy) mode(m string) string {
	if m == "" {
		m = p.DefaultMode
	}
	switch m {
	case ModeAcceptEdits, ModePlan, ModeDontAsk:
		return m
	case ModeBypass:
		if p.BypassDisabled {
			return ModeDefault
		}
		return m
	}
	return ModeDefault // default, auto and anything unknown
}

// evaluation is the state of one decision.
type evaluation struct {
	p     *Policy
	roots *workspace.Roots // p.Roots, remembering directories for this evaluation
	req   Request
	extra []Rule
	mode  string
	// Bash only: the directories the line may run in, and the cd commands
	// (by position) that stay inside the workspace.
	cwds     []string
	cdInside map[int]bool
	cdWhy    map[int]string       // why a cd is not followed (trackDirectories)
	seen     map[[2]string]target // resolved paths of this evaluation
	under    map[[2]string]*Rule  // deniedUnder answers of this evaluation (tool, directory)
	gits     map[string]*gitState // the repository of each workspace root (git.go)
}

func (ev *evaluation) decide() Decision {
	tool := ev.req.Tool
	switch {
	case tool == "":
		return Decision{Behavior: Ask, Check: CheckInvalidInput, Kind: action.Other, Reason: "The tool call names no tool."}
	case tool == "Bash":
		return ev.bash()
	case editTools[tool]:
		return ev.edit()
	case readTools[tool]:
		return ev.read()
	case tool == "WebFetch":
		return ev.webFetch()
	case tool == "WebSearch":
		return ev.byToolRules(action.Fetch, "Web searches ask unless a WebSearch rule allows them.", "WebSearch")
	case strings.HasPrefix(tool, "mcp__"):
		return ev.byToolRules(action.MCP, fmt.Sprintf("No rule allows the MCP tool %s.", tool), tool)
	case harmlessTools[tool]:
		if d, ok := ev.toolRule(Deny, Ask); ok {
			return d
		}
		return Decision{Behavior: Allow, Check: CheckHarmless, Kind: action.Other,
			Reason: fmt.Sprintf("%s changes nothing outside the agent.", tool)}
	}
	d := ev.byToolRules(action.Other, fmt.Sprintf("%s is not a tool Gatehouse knows, so it asks.", tool), tool)
	if d.Check == CheckNoRule {
		d.Check = CheckUnknownTool
	}
	return d
}

// harmlessTools change nothing outside the agent itself: its todo list,
// sub-agents (whose own tool calls come through this gate), reading and
// stopping shells it started, listing MCP resources, questions to the
// person. ExitPlanMode is not here: leaving plan mode is the person's call.
var harmlessTools = map[string]bool{
	"TodoWrite": true, "TodoRead": true, "Task": true, "Agent": true,
	"BashOutput": true, "KillShell": true, "KillBash": true,
	"ListMcpResourcesTool": true, "AskUserQuestion": true, "EnterPlanMode": true,
}

// finish applies what holds for every tool: bypass mode allows what only
// lacked a rule, a broken settings file allows nothing, dontAsk denies what
// would ask.
func (ev *evaluation) finish(d Decision) Decision {
	if d.Behavior == Ask && d.Check == CheckNoRule && ev.mode == ModeBypass {
		d.Behavior, d.Check = Allow, CheckBypass
		d.Reason = "bypassPermissions mode allows it: " + d.Reason
	}
	if d.Behavior == Allow && len(ev.p.NoAllow) > 0 {
		d.Behavior, d.Check, d.Rule = Ask, CheckMalformed, nil
		d.Reason = "Nothing is allowed automatically until the settings are fixed: " + ev.p.NoAllow[0]
	}
	if d.Behavior == Ask && ev.mode == ModeDontAsk {
		d.Behavior, d.Check = Deny, CheckDontAsk
		d.Reason = "dontAsk mode denies what is not allowed: " + d.Reason
	}
	if d.Behavior == Allow {
		d.SuggestedRule = ""
	}
	return d
}

// rulesFor returns the rules of behavior b covering tool, settings first.
func (ev *evaluation) rulesFor(b Behavior, tool string, yield func(*Rule) bool) {
	list := ev.p.tools
	if tool == "Bash" {
		list = ev.p.rules
	}
	for _, r := range list {
		if r.Behavior == b && r.coversTool(tool) && !yield(r) {
			return
		}
	}
	for i := range ev.extra {
		r := &ev.extra[i]
		if r.Behavior == b && r.coversTool(tool) && !yield(r) {
			return
		}
	}
}

// toolRule finds the first rule of the given behaviors, in order, that
// covers the request's tool as a whole (no specifier or a widened one).
func (ev *evaluation) toolRule(bs ...Behavior) (Decision, bool) {
	for _, b := range bs {
		var found *Rule
		ev.rulesFor(b, ev.req.Tool, func(r *Rule) bool {
			if r.Whole {
				found = r
				return false
			}
			return true
		})
		if found != nil {
			return ruleDecision(found, action.Other, ev.req.Tool), true
		}
	}
	return Decision{}, false
}

// byToolRules decides tools whose rules have no specifier.
func (ev *evaluation) byToolRules(kind action.Kind, noRule string, suggest string) Decision {
	d, ok := ev.toolRule(Deny, Ask, Allow)
	if ok {
		d.Kind = kind
		return d
	}
	return Decision{Behavior: Ask, Check: CheckNoRule, Kind: kind, Reason: noRule, SuggestedRule: suggest}
}

func ruleDecision(r *Rule, kind action.Kind, what string) Decision {
	return Decision{Behavior: r.Behavior, Check: CheckRule, Rule: r, Kind: kind,
		Reason: fmt.Sprintf("The %s matches %s.", r.Describe(), what)}
}

// input decodes the tool input into v.
func (ev *evaluation) input(v any) error {
	if len(ev.req.Input) == 0 {
		return errors.New("the tool call has no input")
	}
	if err := json.Unmarshal(ev.req.Input, v); err != nil {
		return fmt.Errorf("the tool input is not the expected JSON object: %w", err)
	}
	return nil
}
