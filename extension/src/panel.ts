// The approvals panel (a webview) and the notification shown when a request
// arrives while the panel is hidden. The page is built by dist/webview.js from
// the state this file posts; the page's clicks come back as messages that are
// validated before anything is asked of the server.

import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { GatehouseClient } from './client';
import { clientCmdShowDiff, cmd, type DecideArgs, type Explanation, type Pending } from './lspExt';
import { requestNotification } from './messages';
import { type FromWebview, parseFromWebview, type ToWebview } from './webview/protocol';

/** Builds the panel's HTML: no remote content, scripts only with the nonce. */
export function panelHtml(cspSource: string, scriptUri: string, styleUri: string, nonce: string): string {
	const csp = [
		"default-src 'none'",
		`style-src ${cspSource}`,
		`font-src ${cspSource}`,
		`img-src ${cspSource}`,
		`script-src 'nonce-${nonce}'`,
		"base-uri 'none'",
		"form-action 'none'",
	].join('; ');
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${styleUri}">
<title>Gatehouse approvals</title>
</head>
<body>
<main aria-labelledby="heading">
<h1 id="heading">Gatehouse approvals</h1>
<p id="status" role="status" aria-live="polite"></p>
<section id="cards" aria-label="Requests waiting for approval"></section>
<p id="empty" class="muted" hidden>Nothing is waiting. Requests from the agent appear here as they arrive.</p>
<section id="review" hidden aria-labelledby="review-heading">
<h2 id="review-heading">Accepted automatically, still reviewable</h2>
<ul id="review-list"></ul>
</section>
</main>
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}

/** The approvals panel. */
export class ApprovalsPanel implements vscode.Disposable {
	private panel: vscode.WebviewPanel | undefined;
	private readonly explanations: Record<string, Explanation> = {};
	private readonly explaining = new Set<string>();
	private readonly announced = new Set<string>();
	private readonly disposables: vscode.Disposable[] = [];
	/** The request whose card last had keyboard focus. */
	private focusedId: string | undefined;
	/** A card to focus once a newly created page says it is ready. */
	private focusWhenReady: string | undefined;
	private ready = false;

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly client: GatehouseClient,
		private readonly output: vscode.OutputChannel,
	) {
		this.disposables.push(
			client.onDidChangeState(() => this.onState()),
			client.onDidChangeConnection(() => this.post()),
		);
	}

	/** Whether the panel is open and showing. */
	get visible(): boolean {
		return this.panel?.visible ?? false;
	}

	/** Opens the panel, or brings it to the front. */
	show(focusId?: string): void {
		if (this.panel) {
			this.panel.reveal(undefined, false);
		} else {
			const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
			const panel = vscode.window.createWebviewPanel('gatehouse.approvals', 'Gatehouse Approvals', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
				enableScripts: true,
				enableForms: false,
				retainContextWhenHidden: true,
				localResourceRoots: [dist],
			});
			panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'images', 'icon.png');
			const nonce = randomBytes(18).toString('base64');
			panel.webview.html = panelHtml(
				panel.webview.cspSource,
				panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
				panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'panel.css')).toString(),
				nonce,
			);
			panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m), undefined, this.disposables);
			panel.onDidDispose(() => (this.panel = undefined), undefined, this.disposables);
			this.panel = panel;
			this.ready = false;
		}
		if (!focusId) return;
		if (this.ready) this.send({ type: 'focusCard', id: focusId });
		else this.focusWhenReady = focusId;
	}

	/** The request that approve/deny keybindings act on: the focused card, else the oldest waiting one. */
	targetRequest(): Pending | undefined {
		const pending = this.client.state.pending;
		return pending.find((p) => p.id === this.focusedId) ?? oldest(pending);
	}

	private onState(): void {
		this.fetchExplanations();
		this.post();
		this.announce();
	}

	private post(): void {
		this.send({ type: 'state', state: this.client.state, explanations: this.explanations, connected: this.client.connected });
	}

	private send(m: ToWebview): void {
		void this.panel?.webview.postMessage(m);
	}

	/** Asks the server to explain commands whose Pending came without an explanation. */
	private fetchExplanations(): void {
		const live = new Set(this.client.state.pending.map((p) => p.id));
		for (const id of Object.keys(this.explanations)) if (!live.has(id)) delete this.explanations[id];
		for (const p of this.client.state.pending) {
			if (p.kind !== 'command' || p.explanation || typeof p.command !== 'string') continue;
			if (this.explanations[p.id] || this.explaining.has(p.id)) continue;
			this.explaining.add(p.id);
			this.client
				.command(cmd.explain, { command: p.command, ...(p.description ? { description: p.description } : {}) })
				.then(
					(ex) => {
						if (ex && typeof ex.summary === 'string') this.explanations[p.id] = ex;
						this.post();
					},
					(err: unknown) => this.output.appendLine(`explain ${p.id} failed: ${String(err)}`),
				)
				.finally(() => this.explaining.delete(p.id));
		}
	}

	/** Shows a notification for each new request while the panel is not in view. */
	private announce(): void {
		const pending = this.client.state.pending;
		const live = new Set(pending.map((p) => p.id));
		for (const id of this.announced) if (!live.has(id)) this.announced.delete(id);
		const fresh = pending.filter((p) => !this.announced.has(p.id));
		for (const p of fresh) this.announced.add(p.id);
		if (fresh.length === 0 || this.visible) return;
		if (!vscode.workspace.getConfiguration('gatehouse').get<boolean>('notifyOnRequest', true)) return;
		for (const p of fresh) void this.notify(p);
	}

	private async notify(p: Pending): Promise<void> {
		const n = requestNotification(p, this.explanations[p.id]);
		const show = n.level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
		const choice = await show(n.text, ...n.actions);
		// The request may have been decided elsewhere while the notification was up.
		if (!choice || !this.client.state.pending.some((q) => q.id === p.id)) return;
		if (choice === 'Review') this.show(p.id);
		else await this.decide({ id: p.id, decision: choice === 'Approve' ? 'allow' : 'deny', scope: 'once' });
	}

	/** Sends a decision to the server and reports failures. */
	async decide(args: DecideArgs): Promise<void> {
		try {
			await this.client.command(cmd.decide, args);
		} catch (err) {
			void vscode.window.showErrorMessage(`Gatehouse could not record the decision: ${String(err)}`);
		}
	}

	private async onMessage(raw: unknown): Promise<void> {
		const m: FromWebview | undefined = parseFromWebview(raw);
		if (!m) {
			this.output.appendLine('panel: ignored a malformed message');
			return;
		}
		switch (m.type) {
			case 'ready':
				this.ready = true;
				this.post();
				if (this.focusWhenReady) this.send({ type: 'focusCard', id: this.focusWhenReady });
				this.focusWhenReady = undefined;
				return;
			case 'focus':
				this.focusedId = m.id;
				return;
			case 'decide': {
				if (!this.client.state.pending.some((p) => p.id === m.id)) return;
				const args: DecideArgs = { id: m.id, decision: m.decision, scope: m.scope };
				if (m.rule) args.rule = m.rule;
				if (m.reason) args.reason = m.reason;
				await this.decide(args);
				return;
			}
			case 'openDiff':
				await vscode.commands.executeCommand(clientCmdShowDiff, { id: m.id, uri: m.uri });
				return;
			case 'revert': {
				const r = this.client.state.reviewable.find((p) => p.id === m.id);
				if (!r) return;
				// Reverting rewrites the file: ask first, then say what was done.
				const name = r.path.split(/[\\/]/).pop() ?? r.path;
				const ok = await vscode.window.showWarningMessage(
					`Revert ${name} to what it was before the agent's edit?`,
					{ modal: true, detail: `${r.summary}\nThe file must still hold exactly what the edit wrote; otherwise nothing is changed.` },
					'Revert',
				);
				if (ok !== 'Revert') return;
				try {
					await this.client.command(cmd.revert, { id: m.id });
					void vscode.window.showInformationMessage(`Gatehouse: reverted ${name} to its content before the agent's edit.`);
				} catch (err) {
					void vscode.window.showErrorMessage(`Gatehouse could not revert the edit: ${err instanceof Error ? err.message : String(err)}`);
				}
				return;
			}
		}
	}

	dispose(): void {
		this.panel?.dispose();
		for (const d of this.disposables) d.dispose();
	}
}

function oldest(pending: readonly Pending[]): Pending | undefined {
	let best: Pending | undefined;
	for (const p of pending) if (!best || (Date.parse(p.created ?? '') || 0) < (Date.parse(best.created ?? '') || 0)) best = p;
	return best;
}
