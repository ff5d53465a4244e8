// Activation: wires the language client to the UI pieces and nothing else.

import * as fs from 'fs';
import * as vscode from 'vscode';
import { GatehouseClient } from './client';
import { registerCommands } from './commands';
import { resolveServerPath } from './config';
import { registerDiff } from './diff';
import { InlineReview } from './inlineReview';
import { SettledNotices } from './notices';
import { ApprovalsPanel } from './panel';
import { StatusBar } from './statusBar';

// Set by the bundle's banner and footer (scripts/build.mjs); absent under unit tests.
declare const __gatehouseLoadStart: number | undefined;
declare const __gatehouseLoadEnd: number | undefined;
let client: GatehouseClient | undefined;

/**
 * Wires the UI to the client and returns at once: the server starts in the
 * background, so VS Code never waits on a process spawn or a round trip.
 * Commands run before the server is up wait for it (GatehouseClient.ready).
 */
export function activate(context: vscode.ExtensionContext): void {
	const started = performance.now();
	const output = vscode.window.createOutputChannel('Gatehouse');
	const statusBar = new StatusBar();
	context.subscriptions.push(output, statusBar);

	const setting = vscode.workspace.getConfiguration('gatehouse').inspect<string>('serverPath')?.globalValue;
	const resolved = resolveServerPath(setting, context.extensionPath, process.platform, process.arch, (p) => fs.existsSync(p));
	const serverPath = 'path' in resolved ? resolved.path : undefined;

	client = new GatehouseClient(serverPath ?? 'gatehouse', output);
	const panel = new ApprovalsPanel(context.extensionUri, client, output);
	const inline = new InlineReview(client);
	const notices = new SettledNotices(client);
	const diff = registerDiff(client);
	context.subscriptions.push(client, panel, inline, notices, ...diff.disposables, ...registerCommands(client, panel, notices, serverPath));

	const c = client;
	context.subscriptions.push(
		c.onDidChangeState((s) => {
			statusBar.update(s, c.connected);
			void inline.update(s);
			diff.onState(s);
		}),
		c.onDidChangeConnection((up) => {
			statusBar.update(c.state, up);
			exportSocket(context, c.socketPath);
		}),
		// Workspace allow rules start to count once the person trusts the folder.
		vscode.workspace.onDidGrantWorkspaceTrust(() => void c.setTrusted(true).catch((err: unknown) => output.appendLine(`trust update failed: ${String(err)}`))),
	);

	if (!serverPath) {
		const msg = 'error' in resolved ? resolved.error : 'no gatehouse binary';
		output.appendLine(msg);
		void vscode.window.showErrorMessage(`Gatehouse: ${msg}`);
		return;
	}
	const timing = { started, returned: Number.NaN };
	void startServer(context, c, serverPath, statusBar, output, timing);
	timing.returned = performance.now();
}

/**
 * Starts the server after activate() has returned and records how long each
 * part took: activate() itself, the language client from its start() to the
 * first state (spawn, initialize, getState), and the whole of it.
 */
async function startServer(
	context: vscode.ExtensionContext,
	c: GatehouseClient,
	serverPath: string,
	statusBar: StatusBar,
	output: vscode.OutputChannel,
	timing: { started: number; returned: number },
): Promise<void> {
	output.appendLine(`starting ${serverPath} serve`);
	try {
		await c.start();
	} catch (err) {
		output.appendLine(`server failed to start: ${String(err)}`);
		void vscode.window.showErrorMessage(`Gatehouse: the server (${serverPath}) failed to start: ${String(err)}. See the Gatehouse output.`);
		return;
	}
	if (!c.connected) return; // deactivated while starting
	const ms = (from: number | undefined, to: number | undefined): number | null =>
		from === undefined || to === undefined || Number.isNaN(from) || Number.isNaN(to) ? null : Math.round((to - from) * 10) / 10;
	const facts = {
		// From activate() being called to the server's first state: what `make bench` has always reported.
		activationMs: Math.round(c.timing.ready! - timing.started),
		activateReturnMs: ms(timing.started, timing.returned),
		serverReadyMs: ms(c.timing.startCalled, c.timing.ready),
		// Loading vscode-languageclient, after activate() returned.
		clientLoadMs: ms(c.timing.loadStart, c.timing.loaded),
		// The bundle's top-level code (see scripts/build.mjs): runs before activate(), on VS Code's clock too.
		moduleLoadMs: typeof __gatehouseLoadStart === 'number' && typeof __gatehouseLoadEnd === 'number' ? ms(__gatehouseLoadStart, __gatehouseLoadEnd) : null,
	};
	exportSocket(context, c.socketPath);
	statusBar.update(c.state, c.connected);
	for (const [k, v] of Object.entries(facts)) output.appendLine(`${k}=${String(v)}`);
	output.appendLine(`socket=${c.socketPath ?? ''}`);
	await writeMetrics(context, { ...facts, socket: c.socketPath ?? null, serverPath, version: String(context.extension.packageJSON.version) }, output);
}

/** Puts the agent socket into integrated terminals so `gatehouse hook` run there reaches this window. */
function exportSocket(context: vscode.ExtensionContext, socket: string | undefined): void {
	const env = context.environmentVariableCollection;
	// A socket belongs to one server process: never restore a stale one in a later window.
	env.persistent = false;
	env.description = 'Lets the Gatehouse hook reach this window for approvals';
	if (socket) env.replace('GATEHOUSE_SOCKET', socket);
	else env.delete('GATEHOUSE_SOCKET');
}

/**
 * Writes activation facts to globalStorage/state.json, where benchmarks and
 * end-to-end tests read them (the socket path, how long activation took).
 */
async function writeMetrics(context: vscode.ExtensionContext, facts: Record<string, unknown>, output: vscode.OutputChannel): Promise<void> {
	try {
		await vscode.workspace.fs.createDirectory(context.globalStorageUri);
		const file = vscode.Uri.joinPath(context.globalStorageUri, 'state.json');
		await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(JSON.stringify(facts, null, 2) + '\n'));
	} catch (err) {
		output.appendLine(`could not write state.json: ${String(err)}`);
	}
}

/** Stops the server. */
export async function deactivate(): Promise<void> {
	await client?.stop();
	client = undefined;
}
