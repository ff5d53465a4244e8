// Text shown outside the webview: notifications and markdown documents.
// Agent-supplied strings end up in places that render links or markdown, so
// they are defused here (no vscode import: unit-tested in plain Node).

import { type Explanation, type Pending, stepText } from './lspExt';

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

/** The markdown document for "Explain Shell Command". */
export function explanationMarkdown(command: string, ex: Explanation): string {
	const lines = ['# Gatehouse: what this command does', '', fence(command, 'sh'), '', escapeMarkdown(String(ex.summary ?? ''))];
	if (ex.steps && ex.steps.length > 0) {
		lines.push('', '## Steps', '');
		ex.steps.forEach((s, i) => lines.push(`${i + 1}. ${escapeMarkdown(stepText(s))}`));
	}
	lines.push('', '## Risks', '');
	if (!ex.risks || ex.risks.length === 0) lines.push('None found.');
	else for (const r of ex.risks) lines.push(`- **${escapeMarkdown(r)}**`);
	if (ex.riskDetails && ex.riskDetails.length > 0) {
		lines.push('');
		for (const d of ex.riskDetails) lines.push(`- ${escapeMarkdown(d.kind)}: ${escapeMarkdown(d.reason)}`);
	}
	return lines.join('\n') + '\n';
}
