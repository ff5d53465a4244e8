// Says in the editor what happened to requests that left the pending set
// without a decision made here: one that expired because the agent stopped
// waiting, ones a mode switch or a new rule answered. The server reports how
// each ended (gatehouse.settled); nothing here decides anything.

import * as vscode from 'vscode';
import type { GatehouseClient } from './client';
import { cmd, type Mode, type Settled, type State } from './lspExt';
import { modeSwitchMessage, settledMessage } from './messages';

/** Watches the pending set and reports requests that vanished. */
export class SettledNotices implements vscode.Disposable {
	private known = new Set<string>();
	private readonly reported = new Set<string>();
	/** A mode switch in flight: its own message covers what it answers. */
	private switching: Promise<unknown> = Promise.resolve();
	private readonly disposables: vscode.Disposable[] = [];

	constructor(private readonly client: GatehouseClient) {
		this.disposables.push(client.onDidChangeState((s) => void this.onState(s)));
	}

	/** Switches the mode and says what the switch answered by itself. */
	async setMode(mode: Mode): Promise<void> {
		const run = this.client.command(cmd.setMode, { mode });
		this.switching = run.catch(() => undefined);
		const res = await run;
		const settled = res?.settled ?? [];
		for (const s of settled) this.reported.add(s.id);
		if (settled.length > 0) void this.show(modeSwitchMessage(mode, settled));
	}

	private async onState(state: State): Promise<void> {
		const now = new Set(state.pending.map((p) => p.id));
		const gone = [...this.known].filter((id) => !now.has(id));
		this.known = now;
		if (gone.length === 0 || !this.client.connected) return;
		await this.switching;
		const ids = gone.filter((id) => !this.reported.has(id));
		if (ids.length === 0) return;
		let settled: Settled[] = [];
		try {
			settled = (await this.client.command(cmd.settled, { ids })) ?? [];
		} catch {
			return; // the server went away; its stop is reported elsewhere
		}
		for (const s of settled) {
			if (s.by === 'person' || this.reported.has(s.id)) continue;
			this.reported.add(s.id);
			void this.show(settledMessage(s));
		}
		// Bounded: ids are random, a request is reported once.
		if (this.reported.size > 1000) this.reported.clear();
	}

	private async show(m: { level: 'info' | 'warning'; text: string }): Promise<void> {
		const show = m.level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
		const pick = await show(m.text, 'Show Audit Log');
		if (pick) await vscode.commands.executeCommand('gatehouse.showAuditLog');
	}

	dispose(): void {
		for (const d of this.disposables) d.dispose();
	}
}
