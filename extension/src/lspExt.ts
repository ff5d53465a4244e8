// The custom names and payloads shared with the Gatehouse server. This file
// mirrors server/methods.go (names) and server/protocol_commands.go (each
// command's argument and result, under the same type names);
// server/protocol_parity_test.go fails when the two sides differ. Only ever add.

/** workspace/executeCommand commands served by the server (contract 4). */
export const cmd = {
	/** () -> Pending[] */
	listPending: 'gatehouse.listPending',
	/** DecideArgs */
	decide: 'gatehouse.decide',
	/** {mode} */
	setMode: 'gatehouse.setMode',
	/** () -> State */
	getState: 'gatehouse.getState',
	/** {id, scope?, rule?} */
	approve: 'gatehouse.approve',
	/** {id, reason?} */
	deny: 'gatehouse.deny',
	/** {command, description?} -> Explanation */
	explain: 'gatehouse.explain',
	/** () -> PermissionRule[] */
	effectivePermissions: 'gatehouse.effectivePermissions',
	/** {id, hunk} */
	acceptHunk: 'gatehouse.acceptHunk',
	/** {id, hunk} */
	rejectHunk: 'gatehouse.rejectHunk',
	/** {id} or {uri} */
	acceptFile: 'gatehouse.acceptFile',
	/** {id} or {uri} */
	rejectFile: 'gatehouse.rejectFile',
	/** () */
	acceptAll: 'gatehouse.acceptAll',
	/** () */
	rejectAll: 'gatehouse.rejectAll',
	/** {id}: undo an auto-accepted edit */
	revert: 'gatehouse.revert',
	/** {limit?} -> AuditEntry[] */
	auditTail: 'gatehouse.auditTail',
	/** {id, content}: accept the person's own version of the file */
	acceptModified: 'gatehouse.acceptModified',
	/** {id} -> HunkState[] */
	hunkStates: 'gatehouse.hunkStates',
	/** {ids} -> Settled[]: how requests that left the pending set ended */
	settled: 'gatehouse.settled',
	/** {limit?} -> AuditView */
	auditView: 'gatehouse.auditView',
	/** () -> PermissionsView */
	permissions: 'gatehouse.permissions',
	/** {id} -> {diff}: what the Show diff lens runs in editors other than VS Code (never used here) */
	showDiffText: 'gatehouse.showDiffText',
} as const;

/** The argument and result of each command, by name (server/protocol_commands.go). */
export interface CommandTypes {
	'gatehouse.listPending': [NoArgs, Pending[]];
	'gatehouse.decide': [DecideArgs, OKResult];
	'gatehouse.setMode': [SetModeArgs, SetModeResult];
	'gatehouse.getState': [NoArgs, State];
	'gatehouse.approve': [ApproveArgs, OKResult];
	'gatehouse.deny': [DenyArgs, OKResult];
	'gatehouse.explain': [ExplainArgs, Explanation];
	'gatehouse.effectivePermissions': [NoArgs, PermissionRule[]];
	'gatehouse.acceptHunk': [HunkArgs, OKResult];
	'gatehouse.rejectHunk': [HunkArgs, OKResult];
	'gatehouse.acceptFile': [FileArgs, OKResult];
	'gatehouse.rejectFile': [FileArgs, OKResult];
	'gatehouse.acceptAll': [NoArgs, OKResult];
	'gatehouse.rejectAll': [NoArgs, OKResult];
	'gatehouse.revert': [IDArgs, OKResult];
	'gatehouse.auditTail': [AuditTailArgs, AuditEntry[]];
	'gatehouse.acceptModified': [AcceptModifiedArgs, OKResult];
	'gatehouse.hunkStates': [IDArgs, HunkState[]];
	'gatehouse.settled': [SettledArgs, Settled[]];
	'gatehouse.auditView': [AuditViewArgs, AuditView];
	'gatehouse.permissions': [NoArgs, PermissionsView];
	'gatehouse.showDiffText': [IDArgs, DiffTextResult];
}

/** An edit as a unified diff. */
export interface DiffTextResult {
	diff: string;
}

/** Lines [startLine, endLine) of a file, 0-based. */
export interface LineRange {
	startLine: number;
	endLine: number;
}

/** A command name. */
export type CommandName = keyof CommandTypes;

/** The argument of commands that take none. */
export type NoArgs = Record<string, never>;

/** Argument of gatehouse.setMode. */
export interface SetModeArgs {
	mode: Mode;
}

/** What switching the mode answered by itself. */
export interface SetModeResult {
	ok: boolean;
	settled: Settled[];
}

/** Argument of gatehouse.approve. */
export interface ApproveArgs {
	id: string;
	scope?: 'once' | 'session' | 'always';
	rule?: string;
}

/** Argument of gatehouse.deny. */
export interface DenyArgs {
	id: string;
	reason?: string;
}

/** Argument of gatehouse.explain. */
export interface ExplainArgs {
	command: string;
	description?: string;
	cwd?: string;
}

/** One hunk of a pending edit. */
export interface HunkArgs {
	id: string;
	hunk: number;
}

/** A pending edit (uri is accepted for older clients). */
export interface FileArgs {
	id: string;
	uri?: string;
}

/** One request or reviewable edit. */
export interface IDArgs {
	id: string;
}

/** Argument of gatehouse.auditTail. */
export interface AuditTailArgs {
	limit?: number;
}

/** Argument of gatehouse.acceptModified: the person's own version of the whole file. */
export interface AcceptModifiedArgs {
	id: string;
	content: string;
}

/** Argument of gatehouse.settled. */
export interface SettledArgs {
	ids: string[];
}

/** Argument of gatehouse.auditView. */
export interface AuditViewArgs {
	limit?: number;
}

/** The result of commands that only succeed or fail. */
export interface OKResult {
	ok: boolean;
}

/** One hunk of a pending edit, where it stands in the file now, and the verdict on it so far. */
export interface HunkState {
	index: number;
	state: 'undecided' | 'accepted' | 'rejected';
	/** First line replaced (0-based) in the file as it is now. */
	origStart: number;
	/** Lines removed; 0 for a pure insertion before origStart. */
	origLines: number;
	removed: string[];
	added: string[];
}

/** A request that is no longer waiting, and what its agent was told. */
export interface Settled {
	id: string;
	kind: PendingKind | string;
	tool: string;
	summary: string;
	/** The shell command, for commands. */
	command?: string;
	/** The file, for edits. */
	path?: string;
	decision: 'allow' | 'deny' | 'ask' | string;
	by: 'person' | 'rule' | 'mode' | 'timeout' | 'shutdown' | string;
	reason: string;
}

/** One audit log entry as the server stores it (fields the view reads; the rest pass through). */
export interface AuditEntry {
	time?: string;
	seq?: number;
	id?: string;
	session?: string;
	agent?: string;
	tool?: string;
	kind?: string;
	summary?: string;
	decision?: string;
	scope?: string;
	by?: string;
	rule?: string;
	reason?: string;
}

/** Whether the audit log's hash chain and checkpoint verify. */
export interface AuditVerify {
	ok: boolean;
	entries: number;
	message: string;
}

/** The audit log for the readable view: newest first. */
export interface AuditView {
	path: string;
	verify: AuditVerify;
	entries: AuditEntry[];
}

/** Every rule in effect, the rules approved for agent sessions, and the mode. */
export interface PermissionsView {
	mode: Mode | string;
	rules: PermissionRule[];
	sessions: PermissionRule[];
	/** What `gatehouse sandbox` can enforce on this machine. */
	sandbox: SandboxCheck[];
}

/** One thing the sandbox needs from this machine. */
export interface SandboxCheck {
	name: string;
	ok: boolean;
	detail: string;
}

/** Client-side command that the server's code lenses point at; the extension registers it. */
export const clientCmdShowDiff = 'gatehouse.showDiff'; // {id, uri}

/** Server -> client notification whenever the pending set or the mode changes. */
export const notifyDidChangeState = 'gatehouse/didChangeState'; // State

/** Client -> server request for the content an edit proposes (for the diff view). */
export const reqProposedContent = 'gatehouse/proposedContent'; // {id} -> ProposedContent

/** Permission modes the server accepts in gatehouse.setMode. */
export const modes = ['default', 'acceptEdits', 'plan', 'dontAsk'] as const;
/** One permission mode. */
export type Mode = (typeof modes)[number];

/** What kind of action a pending request is. */
export type PendingKind = 'edit' | 'command' | 'fetch' | 'mcp' | 'other';

/** One byte range of a command that carries a risk (offsets into the UTF-8 bytes of the command). */
export interface RiskDetail {
	kind: string;
	reason: string;
	start: number;
	end: number;
}

/** One step of an explanation: a sentence about one program, and where it stands in the command (UTF-8 byte offsets). */
export interface ExplanationStep {
	text: string;
	program?: string;
	start?: number;
	end?: number;
}

/** Gatehouse's own explanation of a shell command. */
export interface Explanation {
	summary: string;
	/** Steps are objects from the server; plain strings are accepted too. */
	steps?: (ExplanationStep | string)[];
	risks?: string[];
	riskDetails?: RiskDetail[];
	riskDetailsOmitted?: number; // risks left out of riskDetails (at most 1,000 of each kind are listed)
	/** True when part of what the command runs cannot be seen in it. */
	opaque?: boolean;
}

/** The sentence of a step, whichever shape it came in. */
export function stepText(step: ExplanationStep | string | null | undefined): string {
	if (typeof step === 'string') return step;
	return typeof step?.text === 'string' ? step.text : '';
}

/** A request from the agent, waiting for a decision (or kept for review after it was auto-accepted). */
export interface Pending {
	id: string;
	kind: PendingKind;
	tool: string;
	summary: string;
	path?: string;
	uri?: string;
	command?: string;
	/** The agent's own words about what it is doing: untrusted. */
	description?: string;
	explanation?: Explanation;
	cwd?: string;
	session?: string;
	agent?: string;
	/** RFC 3339 time the request arrived. */
	created?: string;
	reason?: string;
	suggestedRule?: string;
	/** The tool input as the agent sent it: untrusted. */
	input?: unknown;
	/** How many hunks an edit has. */
	hunks?: number;
	/** Optional line ranges (0-based, end exclusive) that the proposed edit changes in the file on disk. */
	ranges?: LineRange[];
}

/** An edit applied without a person, still reviewable. */
export interface Reviewable {
	id: string;
	kind: PendingKind;
	path: string;
	uri: string;
	summary: string;
	status: string;
	/** When the edit was applied (RFC 3339). */
	accepted?: string;
	/** Which agent proposed it. */
	agent?: string;
}

/** Everything the server knows that the UI shows. */
export interface State {
	mode: Mode | string;
	pending: Pending[];
	reviewable: Reviewable[];
	/** Why agents cannot connect now; absent when they can. */
	socketProblem?: string;
}

/** Argument of gatehouse.decide. */
export interface DecideArgs {
	id: string;
	decision: 'allow' | 'deny';
	scope: 'once' | 'session' | 'always';
	reason?: string;
	rule?: string;
}

/** One rule of the effective policy with the file it came from. */
export interface PermissionRule {
	behavior: 'allow' | 'ask' | 'deny' | string;
	rule: string;
	source: string;
	/** Where the rule's file sits (managed, project, local, user) or "session". */
	scope?: string;
	/** Why the rule does not apply now. */
	ignored?: string;
}

/** Answer of gatehouse/proposedContent. */
export interface ProposedContent {
	path: string;
	uri: string;
	original: string;
	proposed: string;
}

/** Where the server reports its agent socket in the initialize result. */
export interface ExperimentalCapabilities {
	gatehouse?: { socket?: string };
}

/** Settings sent with workspace/didChangeConfiguration. */
export interface GatehouseSettings {
	settings: { gatehouse: { workspaceTrusted: boolean } };
}
