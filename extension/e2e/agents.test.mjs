// Other agents in the real editor: a VS Code Copilot and a Cursor hook call
// reach the same approvals panel, each card names its agent, and the
// person's answer reaches each agent in that agent's own format.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { runHook } from '../scripts/agent.mjs';
import { extensionState, installedBinary, launch, panelFrame, runCommand, screenshot, waitFor } from './harness.mjs';

let h;
let socket;
let binary;

// The stand-in server speaks only Claude Code's payloads.
const skip = process.env.GATEHOUSE_E2E_SERVER === 'fake' ? 'needs the real server' : false;

before(async () => {
	if (skip) return;
	h = await launch({});
	socket = (await extensionState(h.dirs)).socket;
	binary = await installedBinary(h.dirs);
});

after(async () => {
	if (h) await h.close();
});

/** A VS Code Copilot agent PreToolUse payload (its own tool names). */
function copilotTerminal(workspace, command) {
	return {
		timestamp: new Date().toISOString(),
		hook_event_name: 'PreToolUse',
		session_id: randomUUID(),
		transcript_path: path.join(workspace, '.transcript', 'copilot.json'),
		cwd: workspace,
		tool_name: 'run_in_terminal',
		tool_input: { command, explanation: 'Deploy the site', goal: 'Deploy', isBackground: false },
		tool_use_id: 'call_e2e',
	};
}

/** A Cursor beforeShellExecution payload. */
function cursorShell(workspace, command) {
	return {
		conversation_id: randomUUID(),
		generation_id: randomUUID(),
		model: 'claude-4.5-sonnet',
		hook_event_name: 'beforeShellExecution',
		cursor_version: '2.0.77',
		workspace_roots: [workspace],
		user_email: 'dev@example.com',
		transcript_path: path.join(workspace, '.transcript', 'cursor.txt'),
		command,
		cwd: workspace,
		sandbox: false,
	};
}

async function cardFor(text) {
	await runCommand(h.page, 'Gatehouse: Show Pending Approvals');
	const frame = await panelFrame(h.page);
	const c = frame.locator('article.card', { has: frame.locator('pre.command', { hasText: text }) });
	await c.waitFor({ state: 'visible', timeout: 30_000 });
	return c;
}

const hook = (payload) => runHook(binary, payload, { socket, workspace: h.dirs.workspace, env: h.env, timeoutMs: 120_000 });

test('a Copilot call shows as a card naming its agent; Approve answers Copilot in its format', { skip }, async () => {
	const pending = hook(copilotTerminal(h.dirs.workspace, 'make deploy-staging'));
	const c = await cardFor('make deploy-staging');
	await waitFor(async () => /vscode-copilot/.test(await c.locator('dl.meta').innerText()), 15_000, () => 'the card does not name the agent');
	await screenshot(h.page, '50-copilot-card');
	await c.locator('button.approve-once').click();
	const r = await pending;
	assert.equal(r.code, 0, r.stderr);
	const out = JSON.parse(r.stdout);
	assert.equal(out.hookSpecificOutput?.permissionDecision, 'allow', r.stdout);
});

test('a Cursor call shows as a card naming its agent; Deny answers Cursor in its format', { skip }, async () => {
	const pending = hook(cursorShell(h.dirs.workspace, 'make deploy-production'));
	const c = await cardFor('make deploy-production');
	await waitFor(async () => /cursor/.test(await c.locator('dl.meta').innerText()), 15_000, () => 'the card does not name the agent');
	await screenshot(h.page, '51-cursor-card');
	await c.locator('button.deny').click();
	const r = await pending;
	assert.equal(r.code, 0, r.stderr);
	const out = JSON.parse(r.stdout);
	// Cursor reads {permission, user_message, agent_message}, not Claude Code's shape.
	assert.equal(out.permission, 'deny', r.stdout);
	assert.equal(out.hookSpecificOutput, undefined, r.stdout);
});
