// The diff view of an edit: the file on disk on the left, the agent's
// proposal on the right. For a pending edit the right side is an editable
// in-memory document (scheme gatehouse-edit): the person may change the
// proposed text there and accept their own version, which the server turns
// into the agent's updatedInput (gatehouse.acceptModified). Accept and Reject
// stand in the diff view's title bar. An edit already applied (accept-edits
// mode) shows read-only (scheme gatehouse-proposed). Content comes from the
// server (gatehouse/proposedContent); nothing here decides.

import * as path from 'path';
import * as vscode from 'vscode';
import type { GatehouseClient } from './client';
import { clientCmdShowDiff, cmd, type State } from './lspExt';

/** The URI scheme of the read-only documents that hold proposed (or original) content. */
export const proposedScheme = 'gatehouse-proposed';
/** The URI scheme of the editable proposal of a pending edit. */
export const editableScheme = 'gatehouse-edit';

/** Builds the virtual document URI for one side of an edit. */
export function proposedUri(id: string, filePath: string, side: 'proposed' | 'original', scheme = proposedScheme): vscode.Uri {
	const p = filePath.startsWith('/') ? filePath : `/${filePath.replace(/\\/g, '/')}`;
	return vscode.Uri.from({ scheme, path: p, query: new URLSearchParams({ id, side }).toString() });
}

/** The request id a diff-view document belongs to. */
export function idOf(uri: vscode.Uri): string | undefined {
	return new URLSearchParams(uri.query).get('id') ?? undefined;
}

/** Serves proposed and original content of edits, read-only. */
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

/**
 * The editable proposals: an in-memory file system whose files start as the
 * agent's proposal. Saving keeps the person's text here only; it reaches the
 * agent when they press Accept.
 */
export class EditableProposals implements vscode.FileSystemProvider, vscode.Disposable {
	private readonly files = new Map<string, { data: Uint8Array; mtime: number }>();
	/** The agent's proposal each document started from, to tell the person's changes from a rebase. */
	private readonly bases = new Map<string, string>();
	private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
	readonly onDidChangeFile = this.emitter.event;

	constructor(private readonly client: GatehouseClient) {}

	watch(): vscode.Disposable {
		return new vscode.Disposable(() => undefined);
	}

	private async load(uri: vscode.Uri): Promise<{ data: Uint8Array; mtime: number }> {
		const key = uri.toString();
		let f = this.files.get(key);
		if (!f) {
			const id = idOf(uri);
			if (!id) throw vscode.FileSystemError.FileNotFound(uri);
			const c = await this.client.proposedContent(id);
			f = { data: new TextEncoder().encode(c.proposed), mtime: Date.now() };
			this.files.set(key, f);
			this.bases.set(key, c.proposed);
		}
		return f;
	}

	async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
		const f = await this.load(uri);
		return { type: vscode.FileType.File, ctime: f.mtime, mtime: f.mtime, size: f.data.byteLength };
	}

	async readFile(uri: vscode.Uri): Promise<Uint8Array> {
		return (await this.load(uri)).data;
	}

	writeFile(uri: vscode.Uri, content: Uint8Array): void {
		this.files.set(uri.toString(), { data: content, mtime: Date.now() });
		this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
	}

	/** The agent's proposal the document at `uri` started from. */
	baseOf(uri: vscode.Uri): string | undefined {
		return this.bases.get(uri.toString());
	}

	/** Forgets the proposals of requests that are no longer pending. */
	prune(live: Set<string>): void {
		for (const key of this.files.keys()) {
			const id = idOf(vscode.Uri.parse(key));
			if (!id || !live.has(id)) {
				this.files.delete(key);
				this.bases.delete(key);
			}
		}
	}

	readDirectory(): [string, vscode.FileType][] {
		return [];
	}
	createDirectory(uri: vscode.Uri): void {
		throw vscode.FileSystemError.NoPermissions(uri);
	}
	delete(uri: vscode.Uri): void {
		this.files.delete(uri.toString());
	}
	rename(uri: vscode.Uri): void {
		throw vscode.FileSystemError.NoPermissions(uri);
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

/** Registers the diff view: its documents, gatehouse.showDiff and the title bar's Accept / Reject. */
export function registerDiff(client: GatehouseClient): { provider: ProposedContentProvider; onState: (s: State) => void; disposables: vscode.Disposable[] } {
	const provider = new ProposedContentProvider(client);
	const editable = new EditableProposals(client);
	/** The diff editor's right-hand document, whichever side has focus. */
	const activeProposal = (arg: unknown): vscode.Uri | undefined => {
		if (arg instanceof vscode.Uri && arg.scheme === editableScheme) return arg;
		const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
		const input = tab?.input;
		if (input instanceof vscode.TabInputTextDiff && input.modified.scheme === editableScheme) return input.modified;
		const doc = vscode.window.activeTextEditor?.document;
		return doc?.uri.scheme === editableScheme ? doc.uri : undefined;
	};
	const closeDiffs = async (live: Set<string>): Promise<void> => {
		const stale: vscode.Tab[] = [];
		for (const g of vscode.window.tabGroups.all) {
			for (const tab of g.tabs) {
				const input = tab.input;
				if (input instanceof vscode.TabInputTextDiff && input.modified.scheme === editableScheme) {
					const id = idOf(input.modified);
					if (!id || !live.has(id)) stale.push(tab);
				}
			}
		}
		// The person's unsaved text went to the server (or the edit was decided elsewhere): nothing to save.
		for (const tab of stale) {
			const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === (tab.input as vscode.TabInputTextDiff).modified.toString());
			if (doc?.isDirty) await vscode.commands.executeCommand('workbench.action.files.revert', doc.uri).then(undefined, () => undefined);
		}
		if (stale.length) await vscode.window.tabGroups.close(stale, true).then(undefined, () => undefined);
	};
	const disposables: vscode.Disposable[] = [
		provider,
		editable,
		vscode.workspace.registerTextDocumentContentProvider(proposedScheme, provider),
		vscode.workspace.registerFileSystemProvider(editableScheme, editable, { isCaseSensitive: true }),
		vscode.commands.registerCommand(clientCmdShowDiff, async (...args: unknown[]) => {
			const a = showDiffArgs(args);
			if (!a) {
				void vscode.window.showErrorMessage('Gatehouse: Show diff needs the id and file of a pending edit; use the code lens or the approvals panel.');
				return;
			}
			await openDiff(a.id, a.uri, client.state.pending.some((p) => p.id === a.id));
		}),
		vscode.commands.registerCommand('gatehouse.diff.accept', async (arg: unknown) => {
			const uri = activeProposal(arg);
			const id = uri && idOf(uri);
			if (!uri || !id) return;
			const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
			try {
				// Saved (into memory only), the tab closes without asking once the edit is decided.
				if (doc?.isDirty) await doc.save();
				const proposed = (await client.proposedContent(id)).proposed;
				const base = editable.baseOf(uri) ?? proposed;
				const mine = doc?.getText() ?? base;
				// Untouched: a plain accept of the agent's proposal as it is now.
				if (mine === base) await client.command(cmd.acceptFile, { id });
				// The file changed under the edit since this view opened: the person's
				// text was written against a proposal that no longer exists.
				else if (base !== proposed) throw new Error('the file changed since this diff was opened, so the proposal did too: copy your text, close the diff, open it again and re-apply your change');
				else await client.command(cmd.acceptModified, { id, content: mine });
			} catch (err) {
				void vscode.window.showErrorMessage(`Gatehouse could not accept the edit: ${err instanceof Error ? err.message : String(err)}`);
			}
		}),
		vscode.commands.registerCommand('gatehouse.diff.reject', async (arg: unknown) => {
			const uri = activeProposal(arg);
			const id = uri && idOf(uri);
			if (!id) return;
			try {
				await client.command(cmd.rejectFile, { id });
			} catch (err) {
				void vscode.window.showErrorMessage(`Gatehouse could not reject the edit: ${err instanceof Error ? err.message : String(err)}`);
			}
		}),
	];
	const onState = (s: State): void => {
		provider.refresh();
		const live = new Set(s.pending.map((p) => p.id));
		void closeDiffs(live).then(() => editable.prune(live));
	};
	return { provider, onState, disposables };
}

async function openDiff(id: string, uriText: string, pending: boolean): Promise<void> {
	let file: vscode.Uri;
	try {
		file = vscode.Uri.parse(uriText, true);
	} catch {
		file = vscode.Uri.file(uriText);
	}
	if (file.scheme !== 'file') file = vscode.Uri.file(uriText);
	let left: vscode.Uri = file;
	if (!pending) {
		// Already applied: the file on disk is the result, so the edit is the
		// content before it against the content it wrote.
		left = proposedUri(id, file.path, 'original');
	} else {
		try {
			await vscode.workspace.fs.stat(file);
		} catch {
			// A new file: compare against the (empty) original the server reports.
			left = proposedUri(id, file.path, 'original');
		}
	}
	const right = proposedUri(id, file.path, 'proposed', pending ? editableScheme : proposedScheme);
	const name = path.posix.basename(file.path);
	const title = pending ? `${name} ↔ proposed by the agent (editable: change it, then Accept)` : `${name} ↔ as the agent changed it`;
	await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
}
