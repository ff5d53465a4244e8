// Read-only virtual documents for what Gatehouse shows (explanations, the
// audit log): unlike untitled documents they are never "dirty", so closing
// them does not ask to save.

import * as vscode from 'vscode';

/** The URI scheme of Gatehouse's read-only documents. */
export const readonlyScheme = 'gatehouse-view';

/** Holds the text of each read-only document by URI. */
export class ReadonlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
	private readonly texts = new Map<string, string>();
	private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
	private readonly registration = vscode.workspace.registerTextDocumentContentProvider(readonlyScheme, this);
	private counter = 0;
	readonly onDidChange = this.emitter.event;

	provideTextDocumentContent(uri: vscode.Uri): string {
		return this.texts.get(uri.toString()) ?? '';
	}

	/** Stores `text` under a fresh URI ending in `name` (its extension picks the language) and returns the URI. */
	put(name: string, text: string): vscode.Uri {
		const uri = vscode.Uri.from({ scheme: readonlyScheme, path: `/${++this.counter}/${name}` });
		this.texts.set(uri.toString(), text);
		// Keep memory bounded: only the most recent documents stay available.
		if (this.texts.size > 20) this.texts.delete(this.texts.keys().next().value as string);
		return uri;
	}

	dispose(): void {
		this.registration.dispose();
		this.emitter.dispose();
	}
}
