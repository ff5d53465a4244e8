// The command palette entries. Each one asks the server and shows the answer;
// none decides anything itself.

import { execFile } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import { AuditPanel } from './auditView';
import type { GatehouseClient } from './client';
import { cmd, type Mode, modes, type PermissionRule } from './lspExt';
import { explanationMarkdown } from './messages';
import type { SettledNotices } from './notices';
import type { ApprovalsPanel } from './panel';
import { ReadonlyDocuments } from './readonlyDoc';

const modeDescriptions: Record<Mode, string> = {
	default: 'Edits and commands ask for approval unless a rule allows them',
	acceptEdits: 'Edits inside the workspace are accepted (and reviewable); commands still ask',
	plan: 'Nothing that writes is allowed',
	dontAsk: 'Whatever is not allowed by a rule is denied without asking',
};

/** Runs `fn`, showing any error as a message instead of failing silently. */
function guarded<A extends unknown[]>(what: string, fn: (...args: A) => Promise<unknown>): (...args: A) => Promise<unknown> {
	return async (...args: A) => {
		try {
			return await fn(...args);
		} catch (err) {
			void vscode.window.showErrorMessage(`Gatehouse: ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
			return undefined;
		}
	};
}

/** Registers every palette command. `serverPath` is the binary the hook installer writes into settings. */
export function registerCommands(client: GatehouseClient, panel: ApprovalsPanel, notices: SettledNotices, serverPath: string | undefined): vscode.Disposable[] {
	const reg = (id: string, what: string, fn: (...args: unknown[]) => Promise<unknown>): vscode.Disposable =>
		vscode.commands.registerCommand(id, guarded(what, fn));
	const views = new ReadonlyDocuments();
	const audit = new AuditPanel(client);
	// The switch reports the waiting requests it answered (plan and dontAsk deny them).
	const setMode = (mode: Mode): Promise<void> => notices.setMode(mode);
	return [
		views,
		audit,
		reg('gatehouse.toggleAcceptEdits', 'Toggle Accept Edits Mode', async () => {
			await setMode(client.state.mode === 'acceptEdits' ? 'default' : 'acceptEdits');
		}),
		reg('gatehouse.setModeInteractive', 'Set Mode', async () => {
			const pick = await vscode.window.showQuickPick(
				modes.map((m) => ({ label: m, description: m === client.state.mode ? '(current)' : '', detail: modeDescriptions[m] })),
				{ title: 'Gatehouse: Set Mode', placeHolder: 'How should Gatehouse treat what the agent asks?' },
			);
			if (pick) await setMode(pick.label as Mode);
		}),
		reg('gatehouse.showPanel', 'Show Pending Approvals', async () => panel.show()),
		reg('gatehouse.acceptAllEdits', 'Accept All Edits', async () => client.command(cmd.acceptAll)),
		reg('gatehouse.rejectAllEdits', 'Reject All Edits', async () => client.command(cmd.rejectAll)),
		reg('gatehouse.explainCommand', 'Explain Shell Command', async () => {
			const editor = vscode.window.activeTextEditor;
			let command = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
			if (!command.trim()) {
				command = (await vscode.window.showInputBox({ title: 'Gatehouse: Explain Shell Command', prompt: 'A bash command line', ignoreFocusOut: true })) ?? '';
			}
			if (!command.trim()) return;
			const ex = await client.command(cmd.explain, { command });
			await vscode.commands.executeCommand('markdown.showPreview', views.put('Explanation.md', explanationMarkdown(command, ex)));
		}),
		reg('gatehouse.showEffectivePermissions', 'Show Effective Permissions', async () => {
			const view = await client.command(cmd.permissions);
			const icon: Record<string, string> = { allow: '$(pass)', ask: '$(question)', deny: '$(circle-slash)' };
			type Item = vscode.QuickPickItem & { rule?: PermissionRule; mode?: true };
			const row = (r: PermissionRule): Item => ({
				label: `${icon[r.behavior] ?? '$(circle-outline)'} ${r.behavior}  ${r.rule}`,
				description: r.source,
				...(r.ignored ? { detail: `Ignored now: ${r.ignored}` } : {}),
				rule: r,
			});
			const mode = String(view.mode);
			const items: Item[] = [
				{ label: 'Mode', kind: vscode.QuickPickItemKind.Separator },
				{ label: `$(settings-gear) Mode: ${mode}`, description: modeDescriptions[mode as Mode] ?? '', detail: 'Select to change the mode', mode: true },
				{ label: 'Approved for agent sessions', kind: vscode.QuickPickItemKind.Separator },
				...(view.sessions.length ? view.sessions.map(row) : [{ label: '$(info) None: "Approve for session" adds one for the rest of that agent session' }]),
				{ label: 'From settings files', kind: vscode.QuickPickItemKind.Separator },
				...(view.rules.length ? view.rules.map(row) : [{ label: '$(info) No rules: everything asks' }]),
				{ label: 'What gatehouse sandbox can enforce here', kind: vscode.QuickPickItemKind.Separator },
				...(view.sandbox ?? []).map((c): Item => ({ label: `${c.ok ? '$(pass)' : '$(warning)'} ${c.name}`, description: c.detail })),
			];
			const pick = await vscode.window.showQuickPick(items, {
				title: `Gatehouse: Effective Permissions · mode ${mode}`,
				placeHolder: 'Select a rule to open the file it comes from, or the mode to change it',
				matchOnDescription: true,
			});
			if (pick?.mode) await vscode.commands.executeCommand('gatehouse.setModeInteractive');
			else if (pick?.rule && path.isAbsolute(pick.rule.source)) await vscode.window.showTextDocument(vscode.Uri.file(pick.rule.source));
		}),
		reg('gatehouse.showAuditLog', 'Show Audit Log', async () => audit.show()),
		reg('gatehouse.openRawAuditLog', 'Open Raw Audit Log', async () => audit.openRaw()),
		reg('gatehouse.installHook', 'Install Claude Code Hook', async () => {
			const folder = vscode.workspace.workspaceFolders?.[0];
			if (!folder) throw new Error('open a folder first: the hook is installed in its .claude/settings.local.json');
			if (!serverPath) throw new Error('no gatehouse binary was found; set gatehouse.serverPath first');
			// The binary writes the file (locked, order-preserving, never a
			// second entry) and points the hook at a copy that survives updates.
			const out = await new Promise<string>((resolve, reject) => {
				execFile(serverPath, ['install', '--agent', 'claude-code', '--project', folder.uri.fsPath, '--local'], (err, stdout, stderr) =>
					err ? reject(new Error(stderr.trim() || err.message)) : resolve(stdout.trim()),
				);
			});
			const file = vscode.Uri.joinPath(folder.uri, '.claude', 'settings.local.json');
			const open = await vscode.window.showInformationMessage(`Gatehouse: ${out}. Claude Code now asks here before it acts.`, 'Open File');
			if (open) await vscode.window.showTextDocument(file);
		}),
		reg('gatehouse.manageTrust', 'Trust/Untrust Workspace Rules', async () => vscode.commands.executeCommand('workbench.trust.manage')),
		reg('gatehouse.approveFocused', 'Approve', async () => {
			const p = panel.targetRequest();
			if (!p) return void vscode.window.showInformationMessage('Gatehouse: nothing is waiting.');
			await panel.decide({ id: p.id, decision: 'allow', scope: 'once' });
		}),
		reg('gatehouse.denyFocused', 'Deny', async () => {
			const p = panel.targetRequest();
			if (!p) return void vscode.window.showInformationMessage('Gatehouse: nothing is waiting.');
			await panel.decide({ id: p.id, decision: 'deny', scope: 'once' });
		}),
		reg('gatehouse.copySocketPath', 'Copy Agent Socket Path', async () => {
			if (!client.socketPath) throw new Error('the server reported no agent socket');
			await vscode.env.clipboard.writeText(client.socketPath);
			return client.socketPath;
		}),
	];
}
