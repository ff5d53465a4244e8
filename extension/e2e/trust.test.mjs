// Workspace trust end to end: until the person trusts the folder, allow rules
// from the folder's own .claude/settings.json must not approve anything (a
// cloned repository must not approve its own commands); once trust is granted
// in VS Code, the extension tells the server and the rules count.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bashPayload, runHook } from '../scripts/agent.mjs';
import { extensionState, installedBinary, launch, panelFrame, runCommand, screenshot, waitFor } from './harness.mjs';

let h;
let socket;
let binary;

before(async () => {
	if (process.env.GATEHOUSE_E2E_SERVER === 'fake') return;
	h = await launch({ trusted: false });
	socket = (await extensionState(h.dirs)).socket;
	binary = await installedBinary(h.dirs);
});

after(async () => {
	if (h) await h.close();
});

const hook = (command, timeoutMs = 120_000) =>
	runHook(binary, bashPayload(h.dirs.workspace, command, 'List the sources'), { socket, workspace: h.dirs.workspace, env: h.env, timeoutMs });

// The stand-in server has no policy, so there is nothing to check against it.
const skip = process.env.GATEHOUSE_E2E_SERVER === 'fake' ? 'needs the real server' : false;

test('in an untrusted folder its own allow rule does not approve; after trusting it, it does', { skip }, async () => {
	assert.ok(socket, 'the server reported no socket');
	// demo/.claude/settings.json allows Bash(ls:*), but the folder is not trusted yet.
	const pending = hook('ls src');
	await runCommand(h.page, 'Gatehouse: Show Pending Approvals');
	const frame = await panelFrame(h.page);
	const c = frame.locator('article.card', { has: frame.locator('pre.command', { hasText: 'ls src' }) });
	await c.waitFor({ state: 'visible', timeout: 30_000 });
	await screenshot(h.page, '20-untrusted-asks');
	await c.locator('button.deny').click();
	assert.equal((await pending).decision?.permissionDecision, 'deny');

	await runCommand(h.page, 'Gatehouse: Trust/Untrust Workspace Rules');
	const trustButton = h.page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
	await trustButton.waitFor({ state: 'visible', timeout: 20_000 });
	await screenshot(h.page, '21-trust-editor');
	await trustButton.click();
	await waitFor(async () => (await h.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).count()) === 0, 20_000, () => 'VS Code did not leave restricted mode');
	// The server hears of it through workspace/didChangeConfiguration, a moment
	// later: a request that still asks is abandoned after a few seconds (the
	// hook then answers ask) and sent again.
	const r = await waitFor(async () => {
		const res = await hook('ls src', 5_000);
		return res.decision?.permissionDecision === 'allow' ? res : undefined;
	}, 60_000, () => 'the allow rule still does not count after trusting the folder');
	assert.match(r.decision.permissionDecisionReason, /Bash\(ls:\*\)/);
});
