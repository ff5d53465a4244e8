// Text shown outside the webview: notifications and markdown documents.
// Agent-supplied strings end up in places that render links or markdown, so
// they are defused here (no vscode import: unit-tested in plain Node).

import { type Explanation, type Pending, type Settled, stepText } from './lspExt';
import { riskMeanings } from './risks';

const maxNotification = 160;

/**
 * One line for a notification about a waiting request. VS Code turns
 * `[label](target)` in notification text into a clickable link, including
 * `command:` links, so square brackets from the agent are replaced, control
 * characters (newlines, bidi overrides) removed, and the text shortened.
 */
export function notificationText(p: Pending): string {
	const what = p.kind === 'command' && p.command ? p.command : p.kind === 'edit' && p.path ? p.path : p.summary;
	const verb = p.kind === 'edit' ? 'edit' : p.kind === 'command' ? 'run' : p.kind === 'fetch' ? 'fetch' : 'use';
	let text = defuse(what);
	if (text.length > maxNotification) text = text.slice(0, maxNotification - 1) + '…';
	return `The agent wants to ${verb}: ${text}`;
}

/** A notification about a waiting request: its level, text and buttons. */
export interface RequestNotification {
	level: 'info' | 'warning';
	text: string;
	actions: ('Review' | 'Approve' | 'Deny')[];
}

/**
 * The notification for a waiting request. A request with a risk flag (from
 * the server's explanation), or a command whose explanation is missing, is a
 * warning that names the flags and offers Review and Deny only: approving
 * `curl … | sh` must take a look at the card, never one click on a toast.
 */
export function requestNotification(p: Pending, ex: Explanation | undefined): RequestNotification {
	const text = notificationText(p);
	const explanation = p.explanation ?? ex;
	const risks = (explanation?.risks ?? []).map((r) => defuse(String(r))).filter((r) => r !== '');
	if (risks.length > 0) {
		return { level: 'warning', text: `${text} — risks: ${risks.join(', ')}. Review it before approving.`, actions: ['Review', 'Deny'] };
	}
	if (p.kind === 'command' && !explanation) {
		return { level: 'warning', text: `${text} — Gatehouse could not explain it yet. Review it before approving.`, actions: ['Review', 'Deny'] };
	}
	return { level: 'info', text, actions: ['Review', 'Approve', 'Deny'] };
}

/** What a request was, in a few words: "run `npm publish`", "edit greet.js". */
function settledWhat(s: Settled): string {
	const name = s.kind === 'command' && s.command ? s.command : s.kind === 'edit' && s.path ? s.path.split(/[\\/]/).pop() : '';
	let what = defuse(name || s.summary || s.tool);
	if (what.length > 100) what = what.slice(0, 99) + '…';
	return `${s.kind === 'command' ? 'run' : s.kind === 'edit' ? 'edit' : 'use'} "${what}"`;
}

/** The agent's answer, shortened for a notification. */
function told(s: Settled): string {
	let reason = defuse(s.reason).replace(/^Gatehouse: /, '');
	if (reason.length > 200) reason = reason.slice(0, 199) + '…';
	return `${s.decision}${reason ? ` (${reason})` : ''}`;
}

/** The message for a request that ended without a decision made in the editor. */
export function settledMessage(s: Settled): { level: 'info' | 'warning'; text: string } {
	switch (s.by) {
		case 'timeout':
			return { level: 'warning', text: `Gatehouse: the request to ${settledWhat(s)} expired: the agent stopped waiting before anyone decided. The agent was told: ${told(s)}.` };
		case 'shutdown':
			return { level: 'warning', text: `Gatehouse: the request to ${settledWhat(s)} ended when the server stopped. The agent was told: ${told(s)}.` };
		default:
			return { level: s.decision === 'deny' ? 'warning' : 'info', text: `Gatehouse: the request to ${settledWhat(s)} was answered without you. The agent was told: ${told(s)}.` };
	}
}

/** The message after a mode switch answered waiting requests by itself. */
export function modeSwitchMessage(mode: string, settled: readonly Settled[]): { level: 'info' | 'warning'; text: string } {
	const denied = settled.filter((s) => s.decision === 'deny').length;
	const allowed = settled.filter((s) => s.decision === 'allow').length;
	const counts = [denied ? `denied ${denied}` : '', allowed ? `allowed ${allowed}` : ''].filter(Boolean).join(' and ');
	const n = settled.length;
	const list = settled.slice(0, 3).map(settledWhat).join(', ') + (n > 3 ? `, and ${n - 3} more` : '');
	return {
		level: denied ? 'warning' : 'info',
		text: `Gatehouse: switching to ${defuse(mode)} ${counts} waiting request${n === 1 ? '' : 's'}: ${list}. The agent${n === 1 ? ' was' : 's were'} told: ${told(settled[0])}.`,
	};
}

/** Removes what could turn text into a link or change its direction, and folds whitespace. */
export function defuse(s: string): string {
	return (
		String(s)
			// Control characters are exactly what this removes.
			// eslint-disable-next-line no-control-regex
			.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ')
			.replace(/\[/g, '(')
			.replace(/\]/g, ')')
			.replace(/\s+/g, ' ')
			.trim()
	);
}

/** A fenced code block that no backtick run inside `text` can close early. */
export function fence(text: string, lang = ''): string {
	let longest = 0;
	for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
	const f = '`'.repeat(Math.max(3, longest + 1));
	return `${f}${lang}\n${text}\n${f}`;
}

/** Escapes text for markdown prose, so it renders as typed and cannot add links, images or HTML. */
export function escapeMarkdown(text: string): string {
	return String(text).replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`);
}

/** An inline code span that no backtick inside `text` can close early, with markdown's padding rule kept. */
export function codeSpan(text: string): string {
	const t = String(text).replace(/[\r\n]+/g, ' ');
	let longest = 0;
	for (const m of t.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
	const f = '`'.repeat(longest + 1);
	const pad = t.startsWith('`') || t.endsWith('`') || t.startsWith(' ') ? ' ' : '';
	return `${f}${pad}${t}${pad}${f}`;
}

/**
 * Prose from the server as markdown, shown the way the approvals panel shows
 * it: `backticked` spans become code, everything else is escaped text. A URL
 * outside backticks becomes code too: the preview's linkify would otherwise
 * link the part of it before the first escaped dot.
 */
export function inlineMarkdown(text: string): string {
	const parts = String(text).split('`');
	// An even count of parts is an unbalanced backtick: it stays as text.
	const balanced = parts.length % 2 === 1 ? parts : [...parts.slice(0, -2), `${parts[parts.length - 2]}\`${parts[parts.length - 1]}`];
	return balanced
		.map((part, i) => {
			if (i % 2 === 1) return codeSpan(part);
			return part
				.split(/(\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s`]+)/i)
				.map((seg, j) => (j % 2 === 1 ? codeSpan(seg) : escapeMarkdown(seg)))
				.join('');
		})
		.join('');
}

/** The markdown document for "Explain Shell Command", laid out like a card of the approvals panel. */
export function explanationMarkdown(command: string, ex: Explanation): string {
	const lines = ['# Gatehouse: what this command does', '', fence(command, 'sh'), '', '### Gatehouse says:', '', inlineMarkdown(String(ex.summary ?? ''))];
	if (ex.steps && ex.steps.length > 1) {
		lines.push('');
		ex.steps.forEach((s, i) => lines.push(`${i + 1}. ${inlineMarkdown(stepText(s))}`));
	}
	lines.push('', '### Risks', '');
	if (!ex.risks || ex.risks.length === 0) lines.push('None found.');
	for (const r of ex.risks ?? []) {
		const why = (ex.riskDetails ?? []).filter((d) => d.kind === r).map((d) => inlineMarkdown(String(d.reason ?? '')));
		const meaning = Object.prototype.hasOwnProperty.call(riskMeanings, r) ? riskMeanings[r] : '';
		lines.push(`- **${escapeMarkdown(r)}**${meaning ? ` — ${escapeMarkdown(meaning)}` : ''}${why.length ? ` Here: ${[...new Set(why)].join('; ')}` : ''}`);
	}
	return lines.join('\n') + '\n';
}
