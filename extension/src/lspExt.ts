// The custom names and payloads shared with the Gatehouse server. This file
// mirrors server/methods.go: change both together, and only ever add.

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
} as const;

/** Client-side command that the server's code lenses point at; the extension registers it. */
export const clientCmdShowDiff = 'gatehouse.showDiff'; // {id, uri}
// What the Show diff lens runs in editors other than VS Code (never used here).
export const cmdShowDiffText = 'gatehouse.showDiffText'; // {id} -> {diff}, shown with window/showMessage

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
	/** Optional line ranges (0-based, end exclusive) that the proposed edit changes in the file on disk. */
	ranges?: { startLine: number; endLine: number }[];
}

/** Everything the server knows that the UI shows. */
export interface State {
	mode: Mode | string;
	pending: Pending[];
	reviewable: Pending[];
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
