#!/usr/bin/env node
// A stand-in for `gatehouse serve` that speaks the same contract (DESIGN.md
// contracts 4 and 5, server/methods.go) with no policy at all: every hook
// request waits for the person. It lets the UI be tested on its own
// (GATEHOUSE_E2E_SERVER=fake make e2e) and documents, in runnable form, what
// the extension expects of the server. Never shipped in the .vsix.
//
// LSP over stdio; agents reach it on a unix socket with the agent protocol
// (JSON-RPC 2.0, one object per line, method gatehouse/hook).

import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

if (process.argv[2] !== 'serve') {
	process.stderr.write('fake gatehouse: only "serve" is supported\n');
	process.exit(2);
}

const commands = [
	'gatehouse.listPending', 'gatehouse.decide', 'gatehouse.setMode', 'gatehouse.getState', 'gatehouse.approve', 'gatehouse.deny',
	'gatehouse.explain', 'gatehouse.effectivePermissions', 'gatehouse.acceptHunk', 'gatehouse.rejectHunk', 'gatehouse.acceptFile',
	'gatehouse.rejectFile', 'gatehouse.acceptAll', 'gatehouse.rejectAll', 'gatehouse.revert', 'gatehouse.auditTail',
];
let mode = 'default';
/** id -> {pending, resolve, original, proposed} */
const waiting = new Map();

// --- LSP framing -------------------------------------------------------------
let buf = Buffer.alloc(0);
process.stdin.on('data', (chunk) => {
	buf = Buffer.concat([buf, chunk]);
	for (;;) {
		const end = buf.indexOf('\r\n\r\n');
		if (end < 0) return;
		const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, end).toString())?.[1]);
		if (buf.length < end + 4 + len) return;
		const msg = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString());
		buf = buf.subarray(end + 4 + len);
		void handle(msg);
	}
});
function send(msg) {
	const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }));
	process.stdout.write(`Content-Length: ${body.length}\r\n\r\n`);
	process.stdout.write(body);
}
function state() {
	const pending = [...waiting.values()].map((w) => w.pending);
	return { mode, pending, reviewable: [] };
}
function notifyState() {
	send({ method: 'gatehouse/didChangeState', params: state() });
	send({ method: 'workspace/codeLens/refresh', id: randomUUID() });
}

// --- agent socket --------------------------------------------------------------
const runtime = process.env.XDG_RUNTIME_DIR || os.tmpdir();
mkdirSync(path.join(runtime, 'gatehouse'), { recursive: true, mode: 0o700 });
const socketPath = path.join(runtime, 'gatehouse', `fake-${process.pid}.sock`);
const agents = net.createServer((conn) => {
	let data = '';
	conn.on('data', (b) => {
		data += b;
		let nl;
		while ((nl = data.indexOf('\n')) >= 0) {
			const line = data.slice(0, nl);
			data = data.slice(nl + 1);
			const req = JSON.parse(line);
			addRequest(req.params.payload).then((result) => conn.write(JSON.stringify({ jsonrpc: '2.0', id: req.id, result }) + '\n'));
		}
	});
});
agents.listen(socketPath);
process.on('exit', () => rmSync(socketPath, { force: true }));

function explain(command) {
	const riskDetails = [];
	const add = (re, kind, reason) => {
		const m = re.exec(command);
		if (m) {
			const start = Buffer.byteLength(command.slice(0, m.index));
			riskDetails.push({ kind, reason, start, end: start + Buffer.byteLength(m[0]) });
		}
	};
	add(/-delete\b/, 'destructive', 'find -delete removes every file it matches');
	add(/\|\s*sh\b/, 'code-execution', 'runs downloaded text as a shell script');
	add(/curl\b[^|]*/, 'network', 'downloads from the network');
	add(/npm publish\b/, 'network', 'uploads the package to the registry');
	return {
		summary: `Runs ${command.split(/\s+/)[0]} (${riskDetails.length ? 'with risks' : 'no risks found'}).`,
		steps: command.split(/\s*(?:&&|\||;)\s*/).map((s) => ({ text: `Runs: ${s}`, program: s.split(' ')[0] })),
		risks: [...new Set(riskDetails.map((r) => r.kind))],
		riskDetails,
	};
}

function addRequest(payload) {
	const id = randomUUID();
	const input = payload.tool_input ?? {};
	const created = new Date().toISOString();
	const common = { id, tool: payload.tool_name, cwd: payload.cwd, session: payload.session_id, agent: 'claude-code', created, reason: 'no rule allows it' };
	let pending;
	let original = '';
	let proposed = '';
	if (payload.tool_name === 'Bash') {
		pending = { ...common, kind: 'command', summary: `Run ${input.command}`, command: input.command, description: input.description, explanation: undefined, suggestedRule: `Bash(${input.command.split(' ')[0]}:*)` };
	} else {
		const file = input.file_path;
		original = readFileSync(file, 'utf8');
		proposed = original.replace(input.old_string, input.new_string);
		pending = { ...common, kind: 'edit', summary: `Edit ${path.basename(file)}`, path: file, uri: pathToFileURL(file).href, suggestedRule: `Edit(${file})` };
	}
	return new Promise((resolve) => {
		waiting.set(id, { pending, resolve, original, proposed });
		notifyState();
	});
}

function decide({ id, decision, reason }) {
	const w = waiting.get(id);
	if (!w) throw new Error(`no pending request ${id}`);
	waiting.delete(id);
	w.resolve({ decision, reason: reason ?? `${decision} in VS Code` });
	notifyState();
	return null;
}

function lenses(uri) {
	const out = [];
	for (const w of waiting.values()) {
		if (w.pending.uri !== uri) continue;
		const line = w.original.split('\n').findIndex((l, i) => l !== w.proposed.split('\n')[i]);
		const range = { start: { line: Math.max(0, line), character: 0 }, end: { line: Math.max(0, line), character: 0 } };
		out.push({ range, command: { title: 'Accept', command: 'gatehouse.acceptFile', arguments: [{ id: w.pending.id }] } });
		out.push({ range, command: { title: 'Reject', command: 'gatehouse.rejectFile', arguments: [{ id: w.pending.id }] } });
		out.push({ range, command: { title: 'Show diff', command: 'gatehouse.showDiff', arguments: [{ id: w.pending.id, uri }] } });
	}
	return out;
}

async function handle(msg) {
	const reply = (result) => send({ id: msg.id, result });
	const fail = (message) => send({ id: msg.id, error: { code: -32603, message } });
	try {
		switch (msg.method) {
			case 'initialize':
				return reply({
					capabilities: {
						textDocumentSync: 1,
						codeLensProvider: {},
						executeCommandProvider: { commands },
						experimental: { gatehouse: { socket: socketPath } },
					},
					serverInfo: { name: 'gatehouse (fake)', version: '0' },
				});
			case 'shutdown':
				return reply(null);
			case 'exit':
				return process.exit(0);
			case 'textDocument/codeLens':
				return reply(lenses(msg.params.textDocument.uri));
			case 'gatehouse/proposedContent': {
				const w = waiting.get(msg.params.id);
				if (!w) return fail('no such edit');
				return reply({ path: w.pending.path, uri: w.pending.uri, original: w.original, proposed: w.proposed });
			}
			case 'workspace/executeCommand': {
				const arg = msg.params.arguments?.[0] ?? {};
				switch (msg.params.command) {
					case 'gatehouse.getState':
						return reply(state());
					case 'gatehouse.listPending':
						return reply(state().pending);
					case 'gatehouse.setMode':
						mode = arg.mode;
						notifyState();
						return reply(null);
					case 'gatehouse.decide':
						return reply(decide(arg));
					case 'gatehouse.acceptFile':
						return reply(decide({ id: arg.id, decision: 'allow' }));
					case 'gatehouse.rejectFile':
						return reply(decide({ id: arg.id, decision: 'deny' }));
					case 'gatehouse.explain':
						return reply(explain(arg.command));
					case 'gatehouse.effectivePermissions':
						return reply([{ behavior: 'allow', rule: 'Bash(ls:*)', source: '/fake/settings.json' }]);
					case 'gatehouse.auditTail':
						return reply([]);
					default:
						return reply(null);
				}
			}
			default:
				if (msg.id !== undefined && msg.method) return fail(`unknown method ${msg.method}`);
		}
	} catch (err) {
		if (msg.id !== undefined) fail(String(err));
	}
}
