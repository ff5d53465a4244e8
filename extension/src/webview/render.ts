// Builds the approvals panel's DOM from the server's state. Everything shown
// here that came from the agent (commands, descriptions, paths, session ids)
// is hostile until proven otherwise: it is only ever put into the page with
// textContent or as an attribute value, never parsed as HTML.

import { type Explanation, type Pending, type Reviewable, type State, stepText } from '../lspExt';
import type { FromWebview } from './protocol';
import { segmentByRisk } from './byteRange';
import { riskTooltip } from '../risks';

/** Sends a message to the extension host. */
export type Post = (m: FromWebview) => void;

/** Creates an element with a class and optional text, without ever parsing HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
	doc: Document,
	tag: K,
	className?: string,
	text?: string,
): HTMLElementTagNameMap[K] {
	const e = doc.createElement(tag);
	if (className) e.className = className;
	if (text !== undefined) e.textContent = text;
	return e;
}

/**
 * Appends `text` to `parent`, showing `backticked` spans as <code> (the
 * server's explanations quote commands and paths that way). Unbalanced
 * backticks stay as they are. Only text nodes are created.
 */
export function appendInlineCode(doc: Document, parent: HTMLElement, text: string): void {
	const parts = text.split('`');
	// An even number of parts means an odd number of backticks: the last one is unbalanced.
	const balanced = parts.length % 2 === 1 ? parts : [...parts.slice(0, -2), `${parts[parts.length - 2]}\`${parts[parts.length - 1]}`];
	balanced.forEach((part, i) => {
		if (i % 2 === 1) parent.appendChild(el(doc, 'code', undefined, part));
		else if (part) parent.appendChild(doc.createTextNode(part));
	});
}

/** Formats how long a request has waited, e.g. "12s", "3m 04s", "2h 05m". */
export function formatWaiting(createdRfc3339: string | undefined, nowMs: number): string {
	if (!createdRfc3339) return '';
	const t = Date.parse(createdRfc3339);
	if (!Number.isFinite(t)) return '';
	const s = Math.max(0, Math.floor((nowMs - t) / 1000));
	if (s < 60) return `${s}s`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
	const h = Math.floor(m / 60);
	return `${h}h ${String(m % 60).padStart(2, '0')}m`;
}

const kindLabels: Record<string, string> = {
	edit: 'Edit',
	command: 'Command',
	fetch: 'Fetch',
	mcp: 'MCP tool',
	other: 'Request',
};

/** The label shown for a request kind; unknown kinds are shown as "Request". */
export function kindLabel(kind: string): string {
	return Object.prototype.hasOwnProperty.call(kindLabels, kind) ? kindLabels[kind] : 'Request';
}

/** Renders a command with the risky spans underlined. */
export function renderCommand(doc: Document, command: string, explanation: Explanation | undefined): HTMLElement {
	const pre = el(doc, 'pre', 'command');
	const code = el(doc, 'code');
	for (const seg of segmentByRisk(command, explanation?.riskDetails)) {
		if (seg.risks.length === 0) {
			code.appendChild(doc.createTextNode(seg.text));
			continue;
		}
		const mark = el(doc, 'mark', 'risk', seg.text);
		mark.dataset.kinds = seg.risks.map((r) => r.kind).join(' ');
		const why = seg.risks.map((r) => (r.reason ? `${r.kind}: ${r.reason}` : r.kind)).join('\n');
		mark.title = why;
		mark.setAttribute('aria-label', `${seg.text} (risk: ${why})`);
		code.appendChild(mark);
	}
	pre.appendChild(code);
	return pre;
}

function renderExplanation(doc: Document, explanation: Explanation | undefined): HTMLElement {
	const section = el(doc, 'section', 'explanation');
	section.appendChild(el(doc, 'h3', undefined, 'Gatehouse says:'));
	if (!explanation) {
		section.appendChild(el(doc, 'p', 'muted', 'Explaining…'));
		return section;
	}
	const summary = el(doc, 'p', 'summary');
	appendInlineCode(doc, summary, String(explanation.summary ?? ''));
	section.appendChild(summary);
	if (explanation.steps && explanation.steps.length > 1) {
		const ol = el(doc, 'ol', 'steps');
		for (const step of explanation.steps) {
			const li = el(doc, 'li');
			appendInlineCode(doc, li, stepText(step));
			ol.appendChild(li);
		}
		section.appendChild(ol);
	}
	return section;
}

/** The risk pills, each with a tooltip saying what the flag means and why it was raised here. */
export function renderBadges(doc: Document, explanation: Explanation | undefined): HTMLElement | undefined {
	const risks = explanation?.risks;
	if (!risks || risks.length === 0) return undefined;
	const ul = el(doc, 'ul', 'badges');
	ul.setAttribute('aria-label', 'Risks');
	for (const r of risks) {
		const li = el(doc, 'li', 'badge', r);
		li.dataset.risk = r;
		const reasons = (explanation.riskDetails ?? []).filter((d) => d.kind === r).map((d) => String(d.reason ?? ''));
		li.title = riskTooltip(r, reasons);
		li.setAttribute('aria-label', `${r}: ${li.title}`);
		li.tabIndex = 0;
		ul.appendChild(li);
	}
	return ul;
}

/** An example rule of the request's own tool, for the rule field's placeholder. */
export function rulePlaceholder(p: Pending): string {
	switch (p.kind) {
		case 'edit':
			return `Rule, e.g. ${p.tool || 'Edit'}(./src/**)`;
		case 'fetch':
			return 'Rule, e.g. WebFetch(domain:example.com)';
		case 'mcp':
			return `Rule, e.g. ${p.tool || 'mcp__server__tool'}`;
		case 'command':
			return 'Rule, e.g. Bash(npm run test:*)';
		default:
			return `Rule, e.g. ${p.tool || 'Tool'}`;
	}
}

/**
 * The card's title: the summary without the tool name the header already
 * shows ("Edit /w/a.ts: 1 hunk" under an "Edit" pill reads as one "Edit").
 */
export function cardTitle(p: Pending): string {
	return withoutTool(String(p.summary ?? ''), String(p.tool ?? ''));
}

/** A summary without its leading tool name ("Edit a.ts: 1 hunk" -> "a.ts: 1 hunk"). */
function withoutTool(summary: string, tool: string): string {
	return tool && summary.startsWith(`${tool} `) ? summary.slice(tool.length + 1) : summary;
}

function renderMeta(doc: Document, p: Pending, nowMs: number): HTMLElement {
	const dl = el(doc, 'dl', 'meta');
	const row = (label: string, value: string | undefined, cls?: string): void => {
		if (!value) return;
		dl.appendChild(el(doc, 'dt', undefined, label));
		dl.appendChild(el(doc, 'dd', cls, value));
	};
	if (p.kind === 'edit') row('File', p.path ?? p.uri);
	row('Working directory', p.cwd, 'mono');
	row('Session', p.session, 'mono');
	row('Agent', p.agent);
	row('Waiting', formatWaiting(p.created, nowMs), 'waiting');
	if (p.reason) {
		dl.appendChild(el(doc, 'dt', undefined, 'Why asking'));
		const dd = el(doc, 'dd');
		appendInlineCode(doc, dd, p.reason);
		dl.appendChild(dd);
	}
	return dl;
}

function button(doc: Document, label: string, cls: string, onClick: () => void): HTMLButtonElement {
	const b = el(doc, 'button', cls, label);
	b.type = 'button';
	b.addEventListener('click', onClick);
	return b;
}

function renderActions(doc: Document, p: Pending, post: Post): HTMLElement {
	const actions = el(doc, 'div', 'actions');
	if (p.kind === 'edit') {
		if (p.uri) actions.appendChild(button(doc, 'Open diff', 'secondary open-diff', () => post({ type: 'openDiff', id: p.id, uri: p.uri ?? '' })));
		actions.appendChild(button(doc, 'Accept', 'primary approve-once', () => post({ type: 'decide', id: p.id, decision: 'allow', scope: 'once' })));
	} else {
		actions.appendChild(button(doc, 'Approve once', 'primary approve-once', () => post({ type: 'decide', id: p.id, decision: 'allow', scope: 'once' })));
	}
	// Session and always approvals remember a rule: both take it from the
	// rule field (pre-filled with the server's suggestion, editable) and stay
	// disabled, saying why, while there is none, so no button can only fail.
	const rule = el(doc, 'input', 'rule');
	rule.type = 'text';
	rule.value = p.suggestedRule ?? '';
	rule.spellcheck = false;
	rule.setAttribute('aria-label', 'Rule to allow for the session or always');
	rule.placeholder = rulePlaceholder(p);
	const session = button(doc, 'Approve for session', 'secondary approve-session', () => {
		const r = rule.value.trim();
		if (r) post({ type: 'decide', id: p.id, decision: 'allow', scope: 'session', rule: r });
	});
	const always = button(doc, 'Always allow', 'secondary approve-always', () => {
		const r = rule.value.trim();
		if (r) post({ type: 'decide', id: p.id, decision: 'allow', scope: 'always', rule: r });
	});
	const hint = el(doc, 'p', 'rule-hint muted', 'Approve for session and Always allow remember a rule: type one to enable them.');
	const sync = (): void => {
		const empty = rule.value.trim() === '';
		hint.hidden = !empty;
		const noRule = 'Type a rule first: Gatehouse suggests none for this request, and a rule is what this approval remembers.';
		session.disabled = empty || !p.session;
		session.title = !p.session
			? 'The agent sent no session id, so there is no session to remember a rule for: approve once or always.'
			: empty
				? noRule
				: `Allow what ${rule.value.trim()} matches for the rest of this agent session.`;
		always.disabled = empty;
		always.title = empty ? noRule : `Save ${rule.value.trim()} as an allow rule in .claude/settings.local.json.`;
	};
	rule.addEventListener('input', sync);
	sync();
	actions.appendChild(session);
	const alwaysRow = el(doc, 'div', 'row always');
	alwaysRow.appendChild(rule);
	alwaysRow.appendChild(always);
	actions.appendChild(alwaysRow);
	actions.appendChild(hint);

	const deny = el(doc, 'div', 'row deny');
	const reason = el(doc, 'input', 'reason');
	reason.type = 'text';
	reason.placeholder = 'Reason for the agent (optional)';
	reason.setAttribute('aria-label', 'Reason for denying');
	deny.appendChild(reason);
	deny.appendChild(
		button(doc, p.kind === 'edit' ? 'Reject' : 'Deny', 'danger deny', () => {
			const r = reason.value.trim();
			post({ type: 'decide', id: p.id, decision: 'deny', scope: 'once', ...(r ? { reason: r } : {}) });
		}),
	);
	actions.appendChild(deny);
	return actions;
}

/** Builds the card of one waiting request. */
export function renderCard(doc: Document, p: Pending, explanation: Explanation | undefined, nowMs: number, post: Post): HTMLElement {
	const card = el(doc, 'article', `card kind-${kindLabel(p.kind).toLowerCase().replace(/[^a-z]/g, '')}`);
	card.tabIndex = 0;
	card.dataset.id = p.id;
	card.setAttribute('aria-label', `${kindLabel(p.kind)} waiting for approval: ${p.summary}`);
	card.addEventListener('focusin', () => post({ type: 'focus', id: p.id }));

	const header = el(doc, 'header');
	header.appendChild(el(doc, 'span', 'kind', kindLabel(p.kind)));
	// The tool only when it says more than the kind does ("Write" on an edit, "Bash" on a command).
	if (p.tool && p.tool.toLowerCase() !== kindLabel(p.kind).toLowerCase()) header.appendChild(el(doc, 'span', 'tool', p.tool));
	// A command's card shows the command itself just below: no need to repeat it.
	if (p.kind !== 'command' || typeof p.command !== 'string') header.appendChild(el(doc, 'span', 'title', cardTitle(p)));
	card.appendChild(header);

	const ex = p.explanation ?? explanation;
	if (p.kind === 'command' && typeof p.command === 'string') {
		card.appendChild(renderCommand(doc, p.command, ex));
		card.appendChild(renderExplanation(doc, ex));
		const badges = renderBadges(doc, ex);
		if (badges) card.appendChild(badges);
	} else if (ex) {
		card.appendChild(renderExplanation(doc, ex));
		const badges = renderBadges(doc, ex);
		if (badges) card.appendChild(badges);
	}
	if (p.description) {
		const says = el(doc, 'section', 'agent-says');
		says.appendChild(el(doc, 'h3', undefined, 'The agent says:'));
		says.appendChild(el(doc, 'p', undefined, p.description));
		card.appendChild(says);
	}
	card.appendChild(renderMeta(doc, p, nowMs));
	card.appendChild(renderActions(doc, p, post));
	return card;
}

/**
 * Builds the card of a request that could not be shown (a server answer of an
 * unexpected shape): it still names the request and can deny it, because a
 * request must never wait invisibly.
 */
export function renderBrokenCard(doc: Document, p: Pending, err: unknown, post: Post): HTMLElement {
	const card = el(doc, 'article', 'card broken');
	card.tabIndex = 0;
	card.dataset.id = String(p?.id ?? '');
	card.setAttribute('aria-label', 'Request that could not be displayed');
	card.appendChild(el(doc, 'p', undefined, `Gatehouse could not display this request (${String(err)}). Deny it, or look at it with "Gatehouse: Show Audit Log".`));
	card.appendChild(el(doc, 'pre', 'command', String(p?.command ?? p?.summary ?? '')));
	const actions = el(doc, 'div', 'actions');
	actions.appendChild(button(doc, 'Deny', 'danger deny', () => post({ type: 'decide', id: String(p.id), decision: 'deny', scope: 'once' })));
	card.appendChild(actions);
	return card;
}

function safeCard(doc: Document, p: Pending, ex: Explanation | undefined, nowMs: number, post: Post): HTMLElement {
	try {
		return renderCard(doc, p, ex, nowMs, post);
	} catch (err) {
		return renderBrokenCard(doc, p, err, post);
	}
}

/** Builds one line of the list of edits that were accepted automatically and can still be reviewed. */
export function renderReviewable(doc: Document, p: Reviewable, post: Post): HTMLElement {
	const li = el(doc, 'li', 'reviewable');
	li.dataset.id = p.id;
	// The summary names the file and its +/- ("Edit src/a.ts: 1 hunk, +3 -1"), less the tool.
	const summary = String(p.summary ?? '');
	li.appendChild(el(doc, 'span', 'title', withoutTool(summary, summary.split(' ')[0] ?? '') || p.path));
	// When and by whom, so two edits of one file read as two rows.
	const when = p.accepted ? new Date(p.accepted) : undefined;
	const meta = [when && !Number.isNaN(when.getTime()) ? when.toLocaleTimeString() : '', p.agent ?? ''].filter(Boolean).join(' · ');
	if (meta) li.appendChild(el(doc, 'span', 'meta', meta));
	if (p.uri) li.appendChild(button(doc, 'Open diff', 'secondary open-diff', () => post({ type: 'openDiff', id: p.id, uri: p.uri ?? '' })));
	li.appendChild(button(doc, 'Revert', 'secondary revert', () => post({ type: 'revert', id: p.id })));
	return li;
}

/** Describes the whole panel for screen readers and the header line. */
export function headerText(state: State, connected: boolean): string {
	if (!connected) return 'Gatehouse is not running: requests cannot be shown.';
	const n = state.pending.length;
	return `Mode: ${state.mode} · ${n === 0 ? 'nothing waiting' : n === 1 ? '1 request waiting' : `${n} requests waiting`}`;
}

/**
 * Updates `list` so that it holds one card per pending request, oldest first
 * (newest last). Cards that are still pending are kept as they are, so a
 * half-typed rule or reason and the keyboard focus survive updates; only
 * their waiting time is refreshed.
 */
export function reconcileCards(
	doc: Document,
	list: HTMLElement,
	pending: readonly Pending[],
	explanations: Record<string, Explanation>,
	nowMs: number,
	post: Post,
): void {
	const existing = new Map<string, HTMLElement>();
	for (const child of Array.from(list.children) as HTMLElement[]) {
		const id = child.dataset.id;
		if (id !== undefined) existing.set(id, child);
	}
	const sorted = [...pending].sort((a, b) => (Date.parse(a.created ?? '') || 0) - (Date.parse(b.created ?? '') || 0));
	const keep = new Set<string>();
	let prev: HTMLElement | null = null;
	for (const p of sorted) {
		keep.add(p.id);
		let card = existing.get(p.id);
		const ex = p.explanation ?? explanations[p.id];
		// A card built before its explanation arrived is rebuilt once it has one.
		if (card && ex && card.dataset.explained !== 'yes') {
			const fresh = safeCard(doc, p, ex, nowMs, post);
			list.replaceChild(fresh, card);
			card = fresh;
		}
		if (!card) card = safeCard(doc, p, ex, nowMs, post);
		const want: ChildNode | null = prev ? prev.nextSibling : list.firstChild;
		if (want !== card) list.insertBefore(card, want);
		card.dataset.explained = ex ? 'yes' : 'no';
		const waiting = card.querySelector('.waiting');
		if (waiting) waiting.textContent = formatWaiting(p.created, nowMs);
		prev = card;
	}
	for (const [id, card] of existing) if (!keep.has(id)) list.removeChild(card);
}
