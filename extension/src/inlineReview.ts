// Each pending hunk shown in the editor itself, without touching the buffer
// or the file until the person decides: the lines it removes are marked in
// place (red, struck through), and right below them a comment thread shows
// the lines it would add, with Accept and Reject on the thread.
//
// Why comment threads: of VS Code's public API they are the only widget
// that shows several lines of text between two lines of a text editor
// (decorations' `before`/`after` text is one line, cannot hold line breaks
// and is not selectable; inlay hints are one line too). A thread per hunk
// renders markdown (the added lines as a diff block), carries actions in its
// header (menus comments/commentThread/title) and follows the hunk when the
// lines above it change. The hunks, their lines and their verdicts come from
// the server (gatehouse.hunkStates); nothing here computes a diff or decides.

import * as vscode from 'vscode';
import type { GatehouseClient } from './client';
import { cmd, type HunkState, type Pending, type State } from './lspExt';
import { fence } from './messages';

/** The comment controller id, used in the manifest's `when` clauses. */
export const reviewControllerId = 'gatehouse.review';

/** The markdown body of a hunk's thread: what it adds, as a diff block, and where it stands. */
export function hunkMarkdown(h: HunkState, count: number): string {
	const lines = [...h.removed.map((l) => `- ${l}`), ...h.added.map((l) => `+ ${l}`)];
	const what =
		h.added.length === 0 ? `removes ${h.origLines} line${h.origLines === 1 ? '' : 's'}`
		: h.origLines === 0 ? `adds ${h.added.length} line${h.added.length === 1 ? '' : 's'}`
		: `replaces ${h.origLines} line${h.origLines === 1 ? '' : 's'} with ${h.added.length}`;
	const status =
		h.state === 'accepted' ? '**Accepted**: applied once every hunk of this edit is decided.'
		: h.state === 'rejected' ? '**Rejected**.'
		: 'Accept or Reject this hunk in the header, or open the diff to change the text first.';
	return `Hunk ${h.index + 1} of ${count} ${what}:\n\n${fence(lines.join('\n') || '(no lines)', 'diff')}\n\n${status}\n`;
}

/** The line a hunk's thread is anchored to: the last removed line, or the line above an insertion. */
export function anchorLine(h: HunkState, lineCount: number): number {
	const line = h.origLines > 0 ? h.origStart + h.origLines - 1 : h.origStart - 1;
	return Math.max(0, Math.min(line, Math.max(0, lineCount - 1)));
}

/** Whether a pending request is an edit of the file at `uri`. */
export function editTargets(p: Pending, uri: vscode.Uri): boolean {
	if (p.kind !== 'edit') return false;
	if (p.uri) {
		try {
			if (vscode.Uri.parse(p.uri, true).toString() === uri.toString()) return true;
		} catch {
			// fall through to the path comparison
		}
	}
	return p.path !== undefined && p.path === uri.fsPath;
}

interface ThreadInfo {
	id: string;
	hunk: number;
}

/** Shows every pending hunk inline and routes the threads' Accept / Reject. */
export class InlineReview implements vscode.Disposable {
	private readonly controller = vscode.comments.createCommentController(reviewControllerId, 'Gatehouse review');
	private readonly removed = vscode.window.createTextEditorDecorationType({
		isWholeLine: true,
		backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
		textDecoration: 'line-through',
		overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
		overviewRulerLane: vscode.OverviewRulerLane.Left,
	});
	private readonly accepted = vscode.window.createTextEditorDecorationType({
		isWholeLine: true,
		backgroundColor: new vscode.ThemeColor('diffEditor.insertedLineBackground'),
		overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
		overviewRulerLane: vscode.OverviewRulerLane.Left,
	});
	private threads = new Map<string, vscode.CommentThread>(); // by id#hunk
	private readonly info = new WeakMap<vscode.CommentThread, ThreadInfo>();
	private hunks = new Map<string, { uri: vscode.Uri; hunks: HunkState[] }>(); // by request id
	private readonly disposables: vscode.Disposable[] = [this.controller, this.removed, this.accepted];
	private generation = 0;

	constructor(private readonly client: GatehouseClient) {
		this.disposables.push(
			vscode.window.onDidChangeVisibleTextEditors(() => this.paint()),
			vscode.commands.registerCommand('gatehouse.hunk.accept', (t: vscode.CommentThread) => this.decide(t, true)),
			vscode.commands.registerCommand('gatehouse.hunk.reject', (t: vscode.CommentThread) => this.decide(t, false)),
			vscode.commands.registerCommand('gatehouse.hunk.showDiff', (t: vscode.CommentThread) => {
				const i = this.info.get(t);
				if (i) return vscode.commands.executeCommand('gatehouse.showDiff', { id: i.id, uri: t.uri.toString() });
				return undefined;
			}),
		);
	}

	/** Fetches the hunks of every pending edit and redraws. */
	async update(state: State): Promise<void> {
		const gen = ++this.generation;
		const next = new Map<string, { uri: vscode.Uri; hunks: HunkState[] }>();
		for (const p of state.pending) {
			if (p.kind !== 'edit' || !p.uri) continue;
			let uri: vscode.Uri;
			try {
				uri = vscode.Uri.parse(p.uri, true);
			} catch {
				continue;
			}
			try {
				next.set(p.id, { uri, hunks: (await this.client.command(cmd.hunkStates, { id: p.id })) ?? [] });
			} catch {
				// Decided while we asked: it is gone from the next state too.
			}
			if (gen !== this.generation) return; // a newer state is being drawn
		}
		this.hunks = next;
		this.draw();
	}

	private draw(): void {
		const keep = new Set<string>();
		for (const [id, { uri, hunks }] of this.hunks) {
			const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
			const lineCount = doc?.lineCount ?? Number.MAX_SAFE_INTEGER;
			for (const h of hunks) {
				const key = `${id}#${h.index}`;
				keep.add(key);
				const line = anchorLine(h, lineCount);
				const range = new vscode.Range(line, 0, line, 0);
				let t = this.threads.get(key);
				if (!t) {
					t = this.controller.createCommentThread(uri, range, []);
					this.threads.set(key, t);
					this.info.set(t, { id, hunk: h.index });
				}
				t.range = range;
				t.canReply = false;
				t.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
				t.contextValue = `gatehouse-hunk-${h.state}`;
				t.label = h.state === 'accepted' ? `Agent edit · hunk ${h.index + 1}: accepted` : `Agent edit · hunk ${h.index + 1} of ${hunks.length}: waiting for you`;
				const body = new vscode.MarkdownString(hunkMarkdown(h, hunks.length));
				body.isTrusted = false;
				body.supportHtml = false;
				t.comments = [{ body, mode: vscode.CommentMode.Preview, author: { name: 'Proposed by the agent' }, contextValue: `gatehouse-hunk-${h.state}` }];
			}
		}
		for (const [key, t] of this.threads) {
			if (keep.has(key)) continue;
			t.dispose();
			this.threads.delete(key);
		}
		this.paint();
	}

	private paint(): void {
		for (const editor of vscode.window.visibleTextEditors) {
			if (editor.document.uri.scheme !== 'file') continue;
			const removed: vscode.Range[] = [];
			const accepted: vscode.Range[] = [];
			for (const { uri, hunks } of this.hunks.values()) {
				if (uri.toString() !== editor.document.uri.toString()) continue;
				for (const h of hunks) {
					if (h.origLines === 0 || h.state === 'rejected') continue;
					const last = Math.min(h.origStart + h.origLines - 1, editor.document.lineCount - 1);
					(h.state === 'accepted' ? accepted : removed).push(new vscode.Range(h.origStart, 0, last, 0));
				}
			}
			editor.setDecorations(this.removed, removed);
			editor.setDecorations(this.accepted, accepted);
		}
	}

	private async decide(t: vscode.CommentThread, accept: boolean): Promise<void> {
		const i = this.info.get(t);
		if (!i) return;
		try {
			await this.client.command(accept ? cmd.acceptHunk : cmd.rejectHunk, { id: i.id, hunk: i.hunk });
		} catch (err) {
			void vscode.window.showErrorMessage(`Gatehouse could not record the verdict on the hunk: ${err instanceof Error ? err.message : String(err)}`);
		}
	}

	dispose(): void {
		for (const t of this.threads.values()) t.dispose();
		for (const d of this.disposables) d.dispose();
	}
}
