// The diff view of a pending edit: the file on disk on the left, the agent's
// proposal on the right, served from a read-only virtual document whose
// content comes from the server (gatehouse/proposedContent).

import * as path from 'path';
import * as vscode from 'vscode';
import type { GatehouseClient } from './client';
import { clientCmdShowDiff } from './lspExt';

/** The URI scheme of the read-only documents that hold proposed (or original) content. */
export const proposedScheme = 'gatehouse-proposed';

/** Builds the virtual document URI for one side of a pending edit. */
export function proposedUri(id: string, filePath: string, side: 'proposed' | 'original'): vscode.Uri {
	const p = filePath.startsWith('/') ? filePath : `/${filePath.replace(/\\/g, '/')}`;
	return vscode.Uri.from({ scheme: proposedScheme, path: p, query: new URLSearchParams({ id, side }).toString() });
}

/** Serves proposed and original content of pending edits. */
export class ProposedContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
	private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this.emitter.event;

	constructor(private readonly client: GatehouseClient) {}

	async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
		const q = new URLSearchParams(uri.query);
		const id = q.get('id');
		if (!id) throw new Error(`${uri.toString()} names no pending edit`);
		try {
			const c = await this.client.proposedContent(id);
			return q.get('side') === 'original' ? c.original : c.proposed;
		} catch (err) {
			// Decided or gone: say so in the document instead of failing to open it.
			return `Gatehouse has no pending edit ${id} any more (${String(err)}).\n`;
		}
	}

	/** Asks VS Code to reload every open proposed document (after the state changed). */
	refresh(): void {
		for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === proposedScheme) this.emitter.fire(doc.uri);
	}

	dispose(): void {
		this.emitter.dispose();
	}
}

/** Reads `{id, uri}` whether the command was given one object or two positional arguments (code lenses differ). */
export function showDiffArgs(args: unknown[]): { id: string; uri: string } | undefined {
	const [a, b] = args;
	if (typeof a === 'object' && a !== null) {
		const o = a as Record<string, unknown>;
		if (typeof o.id === 'string' && typeof o.uri === 'string') return { id: o.id, uri: o.uri };
	}
	if (typeof a === 'string' && typeof b === 'string') return { id: a, uri: b };
	return undefined;
}

/** Registers the proposed-content provider and the client-side gatehouse.showDiff command. */
export function registerDiff(client: GatehouseClient): { provider: ProposedContentProvider; disposables: vscode.Disposable[] } {
	const provider = new ProposedContentProvider(client);
	const disposables: vscode.Disposable[] = [
		provider,
		vscode.workspace.registerTextDocumentContentProvider(proposedScheme, provider),
		vscode.commands.registerCommand(clientCmdShowDiff, async (...args: unknown[]) => {
			const a = showDiffArgs(args);
			if (!a) {
				void vscode.window.showErrorMessage('Gatehouse: Show diff needs the id and file of a pending edit; use the code lens or the approvals panel.');
				return;
			}
			await openDiff(a.id, a.uri);
		}),
	];
	return { provider, disposables };
}

async function openDiff(id: string, uriText: string): Promise<void> {
	let file: vscode.Uri;
	try {
		file = vscode.Uri.parse(uriText, true);
	} catch {
		file = vscode.Uri.file(uriText);
	}
	if (file.scheme !== 'file') file = vscode.Uri.file(uriText);
	let left: vscode.Uri = file;
	try {
		await vscode.workspace.fs.stat(file);
	} catch {
		// A new file: compare against the (empty) original the server reports.
		left = proposedUri(id, file.path, 'original');
	}
	const right = proposedUri(id, file.path, 'proposed');
	await vscode.commands.executeCommand('vscode.diff', left, right, `${path.posix.basename(file.path)} ↔ proposed by the agent`, { preview: true });
}
