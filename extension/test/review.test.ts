import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditHtml, decidedBy, escapeHtml } from '../src/auditView';
import { anchorLine, hunkMarkdown } from '../src/inlineReview';
import { type LensLike, labelSharedRows } from '../src/lensRows';
import type { HunkState, Settled } from '../src/lspExt';
import { codeSpan, explanationMarkdown, inlineMarkdown, modeSwitchMessage, settledMessage } from '../src/messages';

const hunk = (extra: Partial<HunkState> = {}): HunkState => ({ index: 0, state: 'undecided', origStart: 2, origLines: 1, removed: ['old'], added: ['new', 'more'], ...extra });

test('a hunk thread shows its removed and added lines as a diff block no line can close', () => {
	const md = hunkMarkdown(hunk({ added: ['```', 'x'] }), 2);
	assert.match(md, /^Hunk 1 of 2 replaces 1 line with 2:/);
	assert.ok(md.includes('````diff\n- old\n+ ```\n+ x\n````'), md);
	assert.match(hunkMarkdown(hunk({ state: 'accepted' }), 1), /\*\*Accepted\*\*/);
	assert.match(hunkMarkdown(hunk({ origLines: 0, removed: [] }), 1), /adds 2 lines/);
});

test('a thread stands below the lines a hunk removes, or above an insertion', () => {
	assert.equal(anchorLine(hunk({ origStart: 4, origLines: 3 }), 100), 6);
	assert.equal(anchorLine(hunk({ origStart: 4, origLines: 0 }), 100), 3);
	assert.equal(anchorLine(hunk({ origStart: 0, origLines: 0 }), 100), 0);
	assert.equal(anchorLine(hunk({ origStart: 50, origLines: 5 }), 10), 9);
});

test('the audit view escapes every field and says who decided', () => {
	const html = auditHtml(
		{ path: '/s/a.log', verify: { ok: false, entries: 3, message: 'line 2: <b>edited</b>' }, entries: [{ time: '2026-01-02T03:04:05Z', agent: '<img src=x>', tool: 'Bash', decision: 'deny', by: 'person', summary: '"><script>alert(1)</script>', reason: "it's" }] },
		'vscode-resource:',
		'NONCE',
	);
	assert.ok(!html.includes('<img src=x>') && !html.includes('<script>alert') && !html.includes('<b>edited'), html);
	assert.match(html, /✗ Verification failed: line 2: &#60;b&#62;edited/);
	assert.equal(escapeHtml(`<'"&>`), '&#60;&#39;&#34;&#38;&#62;');
	assert.equal(decidedBy({ by: 'rule', rule: 'Bash(ls:*)' }), 'rule Bash(ls:*)');
	assert.equal(decidedBy({ by: 'timeout' }), 'nobody (expired)');
	assert.equal(decidedBy({ by: 'person', scope: 'session' }), 'you (for the session)');
});

const settled = (extra: Partial<Settled>): Settled => ({ id: 'a', kind: 'command', tool: 'Bash', summary: 'Publishes', command: 'npm publish', decision: 'deny', by: 'rule', reason: 'Gatehouse: dontAsk mode denies it', ...extra });

test('what happened without the person is said with what the agent was told', () => {
	const expired = settledMessage(settled({ by: 'timeout', decision: 'ask', reason: 'Gatehouse: nobody decided in the editor in time' }));
	assert.equal(expired.level, 'warning');
	assert.match(expired.text, /run "npm publish" expired.*told: ask \(nobody decided/);
	const m = modeSwitchMessage('plan', [settled({}), settled({ id: 'b', kind: 'edit', path: '/w/src/a.ts', command: undefined })]);
	assert.match(m.text, /^Gatehouse: switching to plan denied 2 waiting requests: run "npm publish", edit "a.ts"\. The agents were told: deny \(dontAsk mode denies it\)\.$/);
	// Agent text cannot become a link in a notification.
	assert.doesNotMatch(settledMessage(settled({ command: '[x](command:evil)' })).text, /\[x\]/);
});

test('explanation prose renders backticks and URLs as code, everything else escaped', () => {
	assert.equal(inlineMarkdown('`curl` fetches https://x.example/i.sh.'), '`curl` fetches `https://x.example/i.sh.`');
	assert.equal(inlineMarkdown('a_b `c`'), 'a\\_b `c`');
	assert.equal(codeSpan('a`b'), '``a`b``');
	assert.equal(codeSpan('`x'), '`` `x ``');
	const md = explanationMarkdown('x', { summary: '`x` [y](command:z)', risks: ['network'], riskDetails: [{ kind: 'network', reason: 'fetches `https://x.example`', start: 0, end: 1 }] });
	assert.ok(md.includes('`x` \\[y\\]\\(command:z\\)'), md);
	assert.match(md, /- \*\*network\*\* — Reaches the network.* Here: fetches `https:\/\/x\.example`/);
});

test('a hunk on the first line gets a label so its lenses do not read as the file-level ones', () => {
	const lens = (line: number, command: string, hunk?: number): LensLike => ({
		range: { start: { line } },
		command: { title: command, command, arguments: [{ id: 'e', ...(hunk === undefined ? {} : { hunk }) }] },
	});
	const out = labelSharedRows(
		[lens(0, 'gatehouse.acceptFile'), lens(0, 'gatehouse.rejectFile'), lens(0, 'gatehouse.acceptHunk', 0), lens(0, 'gatehouse.rejectHunk', 0), lens(0, 'gatehouse.showDiff', 0), lens(6, 'gatehouse.acceptHunk', 1)],
		(at, title) => ({ range: at.range, command: { title, command: '' } }),
	);
	assert.deepEqual(
		out.map((l) => l.command?.title),
		['gatehouse.acceptFile', 'gatehouse.rejectFile', '· Hunk 1:', 'gatehouse.acceptHunk', 'gatehouse.rejectHunk', 'gatehouse.showDiff', 'gatehouse.acceptHunk'],
	);
});

test('a request answered by a rule change or a stale file is reported with the agent\'s answer', () => {
	const m = settledMessage(settled({ kind: 'edit', path: '/w/a.ts', command: undefined, reason: 'Gatehouse: the file a.ts changed since the edit was proposed' }));
	assert.equal(m.text, 'Gatehouse: the request to edit "a.ts" was answered without you. The agent was told: deny (the file a.ts changed since the edit was proposed).');
});
