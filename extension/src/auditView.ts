// The readable audit log: the server's last entries, newest first, as a
// table (time, agent, tool, decision, who or which rule decided, reason)
// that can be filtered, under the result of verifying the log's hash chain.
// The raw file is one command away ("Gatehouse: Open Raw Audit Log").
// Every entry is agent-influenced text: the page is built with escapeHtml
// only, and its one script (with a nonce) only filters rows.

import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { GatehouseClient } from './client';
import { type AuditEntry, type AuditView, cmd } from './lspExt';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: unknown): string {
	return String(s ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Who or what decided an entry, in words. */
export function decidedBy(e: AuditEntry): string {
	const by = e.by ?? '';
	if (e.rule) return `${by === 'person' ? 'you, saving rule' : 'rule'} ${e.rule}`;
	switch (by) {
		case 'person':
			return e.scope && e.scope !== 'once' ? `you (for the ${e.scope === 'session' ? 'session' : 'future'})` : 'you';
		case 'mode':
			return 'the mode';
		case 'timeout':
			return 'nobody (expired)';
		case 'cancelled':
			return 'nobody (the agent stopped waiting)';
		case 'shutdown':
			return 'nobody (editor closed)';
		case 'rule':
			return 'the settings';
		case 'gatehouse':
			return 'Gatehouse itself';
		default:
			return by || 'Gatehouse';
	}
}

/** Formats an RFC 3339 time for the table: local date and time to the second. */
export function shortTime(t: string | undefined): string {
	const ms = Date.parse(t ?? '');
	if (!Number.isFinite(ms)) return '';
	const d = new Date(ms);
	const p = (n: number): string => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The whole page for an audit view. */
export function auditHtml(view: AuditView, cspSource: string, nonce: string): string {
	const rows = view.entries
		.filter((e) => e && typeof e === 'object')
		.map((e) => {
			const decision = String(e.decision ?? (e.kind === 'repair' ? 'repair' : ''));
			const cells = [
				`<td class="time">${escapeHtml(shortTime(e.time))}</td>`,
				`<td>${escapeHtml(e.agent ?? '')}</td>`,
				`<td class="mono">${escapeHtml(e.tool ?? '')}</td>`,
				`<td><span class="decision ${escapeHtml(decision.replace(/[^a-z]/g, ''))}">${escapeHtml(decision)}</span></td>`,
				`<td>${escapeHtml(decidedBy(e))}</td>`,
				`<td class="what">${escapeHtml(e.summary ?? '')}</td>`,
				`<td class="reason">${escapeHtml(e.reason ?? '')}</td>`,
			];
			return `<tr>${cells.join('')}</tr>`;
		})
		.join('\n');
	const v = view.verify;
	const verify = `<p id="verify" class="${v.ok ? 'ok' : 'bad'}" role="status">${v.ok ? '✓ Verified' : '✗ Verification failed'}: ${escapeHtml(v.message)}</p>`;
	return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}' ${cspSource}; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'">
<title>Gatehouse audit log</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 16px; }
h1 { font-size: 1.3em; margin: 12px 0 4px; }
.ok { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
.bad { color: var(--vscode-errorForeground); font-weight: 600; }
.muted { color: var(--vscode-descriptionForeground); }
.bar { display: flex; gap: 8px; align-items: center; margin: 8px 0; }
input { flex: 1; padding: 3px 6px; color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, transparent); }
button { padding: 4px 12px; background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; cursor: pointer; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { text-align: left; vertical-align: top; padding: 3px 8px; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
th { color: var(--vscode-descriptionForeground); font-weight: 600; position: sticky; top: 0; background: var(--vscode-editor-background); }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.what, td.reason { overflow-wrap: anywhere; }
.mono, td.what { font-family: var(--vscode-editor-font-family); }
.decision { padding: 0 6px; border-radius: 3px; font-weight: 600; }
.decision.allow { color: var(--vscode-testing-iconPassed, inherit); }
.decision.deny { color: var(--vscode-errorForeground); }
.decision.ask { color: var(--vscode-editorWarning-foreground); }
tr[hidden] { display: none; }
</style></head>
<body>
<h1>Gatehouse audit log</h1>
${verify}
<p class="muted">Newest first · ${view.entries.length} entries shown · ${escapeHtml(view.path)}</p>
<div class="bar"><input id="filter" type="search" placeholder="Filter: agent, tool, decision, rule, reason…" aria-label="Filter the entries"><button id="raw" type="button">Open raw log</button></div>
<table><thead><tr><th>Time</th><th>Agent</th><th>Tool</th><th>Decision</th><th>Decided by</th><th>What</th><th>Reason</th></tr></thead>
<tbody id="rows">
${rows || '<tr><td colspan="7" class="muted">Nothing recorded yet.</td></tr>'}
</tbody></table>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
const input = document.getElementById('filter');
input.addEventListener('input', () => {
	const words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
	for (const tr of document.querySelectorAll('#rows tr')) {
		const text = tr.textContent.toLowerCase();
		tr.hidden = !words.every((w) => text.includes(w));
	}
});
document.getElementById('raw').addEventListener('click', () => vscode.postMessage({ type: 'openRaw' }));
</script>
</body></html>`;
}

/** Opens (or refreshes) the audit view. */
export class AuditPanel implements vscode.Disposable {
	private panel: vscode.WebviewPanel | undefined;
	private path = '';

	constructor(private readonly client: GatehouseClient) {}

	async show(): Promise<void> {
		const view = await this.client.command(cmd.auditView, { limit: 500 });
		this.path = view.path;
		if (!this.panel) {
			this.panel = vscode.window.createWebviewPanel('gatehouse.audit', 'Gatehouse Audit Log', vscode.ViewColumn.Active, { enableScripts: true, enableForms: false, localResourceRoots: [] });
			this.panel.onDidDispose(() => (this.panel = undefined));
			this.panel.webview.onDidReceiveMessage((m: unknown) => {
				if (typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'openRaw') void this.openRaw();
			});
		} else {
			this.panel.reveal();
		}
		this.panel.webview.html = auditHtml(view, this.panel.webview.cspSource, randomBytes(18).toString('base64'));
	}

	/** Opens the log file itself (JSON lines, oldest first, with hashes). */
	async openRaw(): Promise<void> {
		if (!this.path) this.path = (await this.client.command(cmd.auditView, { limit: 1 })).path;
		if (!this.path) throw new Error('there is no audit log: open a folder first');
		await vscode.window.showTextDocument(vscode.Uri.file(this.path), { preview: true });
	}

	dispose(): void {
		this.panel?.dispose();
	}
}
