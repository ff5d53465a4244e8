// Colours the lines that pending edits would change, in every visible editor
// of a file with a pending edit. The ranges come from the server: the
// Pending's `ranges` when it sends them, else the lines its per-hunk Accept
// code lenses stand on.

import * as vscode from 'vscode';
import { cmd, type Pending, type State } from './lspExt';

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

/** Paints pending hunks. */
export class PendingDecorations implements vscode.Disposable {
	private readonly type = vscode.window.createTextEditorDecorationType({
		isWholeLine: true,
		backgroundColor: new vscode.ThemeColor('gatehouse.pendingEditBackground'),
		overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.modifiedForeground'),
		overviewRulerLane: vscode.OverviewRulerLane.Left,
	});
	private readonly disposables: vscode.Disposable[] = [this.type];
	private state: State = { mode: 'default', pending: [], reviewable: [] };
	private generation = 0;

	constructor() {
		this.disposables.push(vscode.window.onDidChangeVisibleTextEditors(() => void this.paint()));
	}

	/** Repaints after the server reported a new state. */
	update(state: State): void {
		this.state = state;
		void this.paint();
	}

	private async paint(): Promise<void> {
		const gen = ++this.generation;
		for (const editor of vscode.window.visibleTextEditors) {
			if (editor.document.uri.scheme !== 'file') continue;
			const edits = this.state.pending.filter((p) => editTargets(p, editor.document.uri));
			let ranges: vscode.Range[] = [];
			if (edits.length > 0) ranges = await this.rangesFor(editor.document, edits);
			if (gen !== this.generation) return; // a newer state is being painted
			editor.setDecorations(this.type, ranges);
		}
	}

	private async rangesFor(doc: vscode.TextDocument, edits: Pending[]): Promise<vscode.Range[]> {
		const out: vscode.Range[] = [];
		for (const p of edits) {
			for (const r of p.ranges ?? []) {
				const start = Math.max(0, Math.min(r.startLine, doc.lineCount - 1));
				const end = Math.max(start, Math.min(r.endLine - 1, doc.lineCount - 1));
				out.push(new vscode.Range(start, 0, end, 0));
			}
		}
		if (out.length > 0) return out;
		// Per-hunk lenses stand on their hunks; the file-wide ones stand on the
		// first line and only count when the server sent no per-hunk lens.
		const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)) ?? [];
		const on = (command: string): vscode.Range[] =>
			lenses.filter((l) => l.command?.command === command).map((l) => new vscode.Range(l.range.start.line, 0, l.range.end.line, 0));
		const hunks = on(cmd.acceptHunk);
		return hunks.length > 0 ? hunks : on(cmd.acceptFile);
	}

	dispose(): void {
		for (const d of this.disposables) d.dispose();
	}
}
