// Plays the part of Claude Code: builds real PreToolUse hook payloads and
// pipes them to `gatehouse hook`, exactly as Claude Code runs its command
// hooks (JSON on stdin, CLAUDE_PROJECT_DIR set, decision JSON on stdout).
// Used by the end-to-end tests and by the `make run` demo.

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';

/** A session id shared by the payloads of one run, as Claude Code would send. */
export const sessionId = randomUUID();

function base(workspace, toolName, toolInput, mode = 'default') {
	return {
		session_id: sessionId,
		transcript_path: path.join(workspace, '.transcript', `${sessionId}.jsonl`),
		cwd: workspace,
		permission_mode: mode,
		hook_event_name: 'PreToolUse',
		tool_name: toolName,
		tool_input: toolInput,
		tool_use_id: `toolu_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
	};
}

/** A Bash tool call. */
export function bashPayload(workspace, command, description, mode) {
	return base(workspace, 'Bash', { command, ...(description === undefined ? {} : { description }) }, mode);
}

/** An Edit tool call on a file of the workspace. */
export function editPayload(workspace, relPath, oldString, newString, mode) {
	return base(workspace, 'Edit', { file_path: path.join(workspace, relPath), old_string: oldString, new_string: newString, replace_all: false }, mode);
}

/** A Write tool call: the whole new content of a file of the workspace. */
export function writePayload(workspace, relPath, content, mode) {
	return base(workspace, 'Write', { file_path: path.join(workspace, relPath), content }, mode);
}

/**
 * Runs `binary hook` with `payload` on stdin. Resolves with the exit code,
 * stdout, stderr and the parsed decision (hookSpecificOutput), if any.
 */
export function runHook(binary, payload, { socket, workspace, env = process.env, timeoutMs = 600_000 } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(binary, ['hook'], {
			env: { ...env, CLAUDE_PROJECT_DIR: workspace, ...(socket ? { GATEHOUSE_SOCKET: socket } : {}) },
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
		child.stdout.on('data', (b) => (stdout += b));
		child.stderr.on('data', (b) => (stderr += b));
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			let decision;
			try {
				decision = JSON.parse(stdout).hookSpecificOutput;
			} catch {
				decision = undefined;
			}
			resolve({ code, stdout, stderr, decision });
		});
		child.stdin.end(JSON.stringify(payload));
	});
}

/**
 * Sends `payload` straight to a server's agent socket (method gatehouse/hook),
 * the way `gatehouse hook` does, and resolves like runHook. Used to test the
 * UI against the stand-in server (extension/e2e/fake-server.mjs).
 */
export function askSocket(socket, payload, { workspace } = {}) {
	return new Promise((resolve, reject) => {
		const conn = net.createConnection(socket);
		let data = '';
		conn.on('error', reject);
		conn.on('data', (b) => {
			data += b;
			const nl = data.indexOf('\n');
			if (nl < 0) return;
			conn.end();
			const msg = JSON.parse(data.slice(0, nl));
			if (msg.error) return resolve({ code: 2, stdout: '', stderr: msg.error.message, decision: undefined });
			const decision = { hookEventName: 'PreToolUse', permissionDecision: msg.result.decision, permissionDecisionReason: msg.result.reason };
			resolve({ code: 0, stdout: JSON.stringify({ hookSpecificOutput: decision }), stderr: '', decision });
		});
		conn.write(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'gatehouse/hook', params: { payload, projectDir: workspace, agent: 'claude-code' } }) + '\n');
	});
}
