// The language client that runs `gatehouse serve` and everything the rest of
// the extension asks of it. The server decides; this file only carries
// questions and answers.

import * as vscode from 'vscode';
import {
	DidChangeConfigurationNotification,
	ExecuteCommandRequest,
	LanguageClient,
	type LanguageClientOptions,
	type ServerOptions,
	State as ClientState,
} from 'vscode-languageclient/node';
import { type ExperimentalCapabilities, type GatehouseSettings, notifyDidChangeState, type ProposedContent, reqProposedContent, type State, cmd } from './lspExt';

const emptyState: State = { mode: 'default', pending: [], reviewable: [] };

/** The connection to the Gatehouse server and the last state it reported. */
export class GatehouseClient implements vscode.Disposable {
	private client: LanguageClient | undefined;
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

	constructor(
		private readonly serverPath: string,
		private readonly output: vscode.OutputChannel,
	) {}

	/** Starts the server and waits until it has answered initialize and the first getState. */
	async start(): Promise<void> {
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
			...(folder ? { workspaceFolder: folder } : {}),
		};
		const client = new LanguageClient('gatehouse', 'Gatehouse', serverOptions, clientOptions);
		this.client = client;
		this.disposables.push(
			client.onDidChangeState((e) => {
				const up = e.newState === ClientState.Running;
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
		await client.start();
		this.disposables.push(client.onNotification(notifyDidChangeState, (s: State) => this.setState(s)));
		this.readSocket(client);
		if (!this.connected) {
			this.connected = true;
			this.connectionEmitter.fire(true);
		}
		await this.refresh();
	}

	private readSocket(client: LanguageClient): void {
		const experimental = client.initializeResult?.capabilities.experimental as ExperimentalCapabilities | undefined;
		const socket = experimental?.gatehouse?.socket;
		this.socketPath = typeof socket === 'string' && socket !== '' ? socket : undefined;
	}

	/** Asks the server for its whole state again (after a restart, or when a notification may have been missed). */
	async refresh(): Promise<void> {
		try {
			this.setState(await this.command<State>(cmd.getState));
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

	/** Runs a server command (workspace/executeCommand) and returns its result. */
	async command<T = unknown>(name: string, arg?: unknown): Promise<T> {
		const client = this.running();
		return (await client.sendRequest(ExecuteCommandRequest.type, { command: name, arguments: arg === undefined ? [] : [arg] })) as T;
	}

	/** Fetches what a pending edit would change, for the diff view. */
	async proposedContent(id: string): Promise<ProposedContent> {
		return (await this.running().sendRequest(reqProposedContent, { id })) as ProposedContent;
	}

	/** Tells the server whether the person trusts the workspace; workspace allow rules only count when they do. */
	async setTrusted(trusted: boolean): Promise<void> {
		const settings: GatehouseSettings = { settings: { gatehouse: { workspaceTrusted: trusted } } };
		await this.running().sendNotification(DidChangeConfigurationNotification.type, settings);
	}

	private running(): LanguageClient {
		if (!this.client || !this.connected) throw new Error('The Gatehouse server is not running: see the "Gatehouse" output channel, then run "Developer: Reload Window".');
		return this.client;
	}

	/** Stops the server. */
	async stop(): Promise<void> {
		const c = this.client;
		this.client = undefined;
		if (c) await c.stop();
	}

	dispose(): void {
		void this.stop();
		for (const d of this.disposables) d.dispose();
	}
}
