// The status bar item: the mode and how many requests wait, one click from
// the approvals panel.

import * as vscode from 'vscode';
import type { State } from './lspExt';

/** The status bar text for a state, e.g. "$(shield) Gatehouse · acceptEdits · 2 waiting". */
export function statusText(state: State, connected: boolean): string {
	if (!connected) return '$(shield) Gatehouse · not running';
	return `$(shield) Gatehouse · ${state.mode} · ${state.pending.length} waiting`;
}

/** The tooltip for a state. */
export function statusTooltip(state: State, connected: boolean): string {
	if (!connected) return 'The Gatehouse server is not running: agent requests are denied or asked in the terminal. See the Gatehouse output.';
	const n = state.pending.length;
	return `Mode ${state.mode}; ${n === 1 ? '1 request waits' : `${n} requests wait`} for your approval. Click to review.`;
}

/** Shows the state in the status bar. */
export class StatusBar implements vscode.Disposable {
	private readonly item = vscode.window.createStatusBarItem('gatehouse.status', vscode.StatusBarAlignment.Left, 100);

	constructor() {
		this.item.name = 'Gatehouse';
		this.item.command = 'gatehouse.showPanel';
		this.update({ mode: 'default', pending: [], reviewable: [] }, false);
		this.item.show();
	}

	/** Redraws the item. */
	update(state: State, connected: boolean): void {
		this.item.text = statusText(state, connected);
		this.item.tooltip = statusTooltip(state, connected);
		this.item.accessibilityInformation = { label: statusText(state, connected).replace('$(shield) ', '') };
		this.item.backgroundColor =
			!connected ? new vscode.ThemeColor('statusBarItem.errorBackground')
			: state.pending.length > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground')
			: undefined;
	}

	dispose(): void {
		this.item.dispose();
	}
}
