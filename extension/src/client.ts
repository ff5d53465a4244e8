// The language client that runs `gatehouse serve` and everything the rest of
// the extension asks of it. The server decides; this file only carries
// questions and answers.

import * as vscode from 'vscode';
// Types only: the library itself (most of the bundle) is loaded by start(),
// after activate() has returned, so it never delays VS Code's activation.
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { labelSharedRows } from './lensRows';
import { type CommandName, type CommandTypes, type ExperimentalCapabilities, type GatehouseSettings, notifyDidChangeState, type ProposedContent, reqProposedContent, type State, cmd } from './lspExt';

type LanguageClientModule = typeof import('vscode-languageclient/node');

const emptyState: State = { mode: 'default', pending: [], reviewable: [] };

/** The connection to the Gatehouse server and the last state it reported. */
export class GatehouseClient implements vscode.Disposable {
	private client: LanguageClient | undefined;
	private lsp: LanguageClientModule | undefined;
	/** The start in progress, which commands wait for instead of failing. */
	private starting: Promise<void> | undefined;
	private disposed = false;
	private readonly stateEmitter = new vscode.EventEmitter<State>();
	private readonly connectionEmitter = new vscode.EventEmitter<boolean>();
	private readonly disposables: vscode.Disposable[] = [this.stateEmitter, this.connectionEmitter];

	/** Fires with the new state whenever the server reports a change. */
	readonly onDidChangeState = this.stateEmitter.event;
	/** Fires when the server starts (true) or stops (false). */
	readonly onDidChangeConnection = this.connectionEmitter.event;
	/** The last state the server reported. */
	state: State = emptyState;
	/** Whether the server is running and initialized. */
	connected = false;
	/** The unix socket agents use to reach this server, from its initialize result. */
	socketPath: string | undefined;
	/**
	 * performance.now() when start() began loading the language client
	 * library, when it had it, when the client was asked to spawn the server,
	 * and when the server had answered initialize and the first getState.
	 */
	readonly timing: { loadStart?: number; loaded?: number; startCalled?: number; ready?: number } = {};

	constructor(
		private readonly serverPath: string,
		private readonly output: vscode.OutputChannel,
	) {}

	/** Starts the server and waits until it has answered initialize and the first getState. */
	start(): Promise<void> {
		this.starting ??= this.startOnce();
		return this.starting;
	}

	private async startOnce(): Promise<void> {
		this.timing.loadStart = performance.now();
		// `.js`: a dynamic import resolves like ESM, which needs the file name.
		const lsp = await import('vscode-languageclient/node.js');
		// Deactivated while the library loaded: spawn nothing that would outlive the window.
		if (this.disposed) return;
		this.timing.loaded = performance.now();
		this.lsp = lsp;
		// No `transport`: with TransportKind.stdio the client appends --stdio,
		// which `gatehouse serve` rightly refuses; stdio is its only transport.
		const serverOptions: ServerOptions = { command: this.serverPath, args: ['serve'] };
		const folder = vscode.workspace.workspaceFolders?.[0];
		const clientOptions: LanguageClientOptions = {
			// Every file: the server puts code lenses on any file with a pending edit.
			documentSelector: [{ scheme: 'file' }],
			initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted },
			outputChannel: this.output,
			traceOutputChannel: this.output,
			middleware: {
				// A hunk on the first line gets a label, so its lenses do not read as part of the file's.
				provideCodeLenses: async (document, token, next) => {
					const lenses = await next(document, token);
					if (!lenses) return lenses;
					return labelSharedRows(lenses, (at, title) => new vscode.CodeLens(at.range, { title, command: '' }));
				},
			},
			...(folder ? { workspaceFolder: folder } : {}),
		};
		const client = new lsp.LanguageClient('gatehouse', 'Gatehouse', serverOptions, clientOptions);
		this.client = client;
		this.disposables.push(
			client.onDidChangeState((e) => {
				const up = e.newState === lsp.State.Running;
				if (up === this.connected) return;
				this.connected = up;
				this.connectionEmitter.fire(up);
				if (up) {
					// Also after the client restarted a crashed server: its socket and state are new.
					this.readSocket(client);
					void this.refresh();
				} else {
					this.stateEmitter.fire(this.state);
				}
			}),
		);
		this.timing.startCalled = performance.now();
		await client.start();
		this.disposables.push(client.onNotification(notifyDidChangeState, (s: State) => this.setState(s)));
		this.readSocket(client);
		if (!this.connected) {
			this.connected = true;
			this.connectionEmitter.fire(true);
		}
		await this.refresh();
		this.timing.ready = performance.now();
	}

	private readSocket(client: LanguageClient): void {
		const experimental = client.initializeResult?.capabilities.experimental as ExperimentalCapabilities | undefined;
		const socket = experimental?.gatehouse?.socket;
		this.socketPath = typeof socket === 'string' && socket !== '' ? socket : undefined;
	}

	/** Asks the server for its whole state again (after a restart, or when a notification may have been missed). */
	async refresh(): Promise<void> {
		try {
			this.setState(await this.command(cmd.getState));
		} catch (err) {
			this.output.appendLine(`getState failed: ${String(err)}`);
		}
	}

	private setState(s: State | null | undefined): void {
		if (!s || typeof s !== 'object') return;
		this.state = {
			mode: typeof s.mode === 'string' ? s.mode : 'default',
			pending: Array.isArray(s.pending) ? s.pending : [],
			reviewable: Array.isArray(s.reviewable) ? s.reviewable : [],
		};
		this.stateEmitter.fire(this.state);
	}

	/** Runs a server command (workspace/executeCommand) with its typed argument and returns its typed result. */
	async command<K extends CommandName>(name: K, arg?: CommandTypes[K][0]): Promise<CommandTypes[K][1]> {
		const { client, lsp } = await this.ready();
		return (await client.sendRequest(lsp.ExecuteCommandRequest.type, { command: name, arguments: arg === undefined ? [] : [arg] })) as CommandTypes[K][1];
	}

	/** Fetches what a pending edit would change, for the diff view. */
	async proposedContent(id: string): Promise<ProposedContent> {
		return (await (await this.ready()).client.sendRequest(reqProposedContent, { id })) as ProposedContent;
	}

	/** Tells the server whether the person trusts the workspace; workspace allow rules only count when they do. */
	async setTrusted(trusted: boolean): Promise<void> {
		const settings: GatehouseSettings = { settings: { gatehouse: { workspaceTrusted: trusted } } };
		const { client, lsp } = await this.ready();
		await client.sendNotification(lsp.DidChangeConfigurationNotification.type, settings);
	}

	/**
	 * The running client. A request made while the server is still starting
	 * (a command that activated the extension, say) waits for it.
	 */
	private async ready(): Promise<{ client: LanguageClient; lsp: LanguageClientModule }> {
		// Only before the first connection: start() itself asks for the state once connected.
		if (!this.connected && this.starting) await this.starting.catch(() => undefined);
		if (!this.client || !this.lsp || !this.connected) throw new Error('The Gatehouse server is not running: see the "Gatehouse" output channel, then run "Developer: Reload Window".');
		return { client: this.client, lsp: this.lsp };
	}

	/** Stops the server. */
	async stop(): Promise<void> {
		const c = this.client;
		this.client = undefined;
		if (c) await c.stop();
	}

	dispose(): void {
		this.disposed = true;
		void this.stop();
		for (const d of this.disposables) d.dispose();
	}
}
