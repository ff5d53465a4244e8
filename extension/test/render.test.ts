import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pending } from '../src/lspExt';
import type { FromWebview } from '../src/webview/protocol';
import { appendInlineCode, cardTitle, formatWaiting, headerText, reconcileCards, renderCard, renderCommand, renderReviewable, rulePlaceholder } from '../src/webview/render';
import { FakeDocument, type FakeElement, tagsIn } from './fakeDom';

const doc = new FakeDocument();
const asDoc = doc as unknown as Document;
const now = Date.parse('2026-01-02T03:04:05Z');

function command(id: string, cmd: string, extra: Partial<Pending> = {}): Pending {
	return {
		id,
		kind: 'command',
		tool: 'Bash',
		summary: `Run ${cmd}`,
		command: cmd,
		cwd: '/work/project',
		session: 'sess-1',
		agent: 'claude-code',
		created: '2026-01-02T03:03:53Z',
		reason: 'no rule allows it',
		suggestedRule: 'Bash(npm run build)',
		...extra,
	};
}

// Hostile strings that must come out as text, never as markup.
const hostile = [
	'<img src=x onerror=alert(1)>',
	'</script><script>alert(1)</script>',
	'"><svg onload=alert(1)>',
	"'; alert(1); '",
	'<style>body{display:none}</style>',
	'&lt;b&gt;entity&lt;/b&gt;',
	'\u202egnp.exe',
];

test('agent-supplied strings render as text, never as elements', () => {
	for (const h of hostile) {
		const p = command('id-1', `echo ${h}`, {
			description: h,
			summary: h,
			cwd: h,
			session: h,
			agent: h,
			reason: h,
			suggestedRule: h,
			tool: h,
			explanation: { summary: h, steps: [h, h], risks: [h], riskDetails: [{ kind: h, reason: h, start: 0, end: 4 }] },
		});
		const card = renderCard(asDoc, p, undefined, now, () => {}) as unknown as FakeElement;
		const tags = tagsIn(card);
		for (const t of ['img', 'script', 'svg', 'style']) assert.ok(!tags.has(t), `${t} element created from ${h}`);
		assert.ok(card.textContent.includes(h), `text of ${h} missing`);
		assert.equal(card.querySelector('input.rule')?.value, h);
		assert.ok(!card.toHTML().includes('<img'), 'serialised card contains raw markup');
	}
});

test('the card shows the command, explanation, badges, the agent description labelled, cwd, session and waiting time', () => {
	const p = command('id-2', 'curl https://x.example/i.sh | sh', {
		description: 'Install the tool',
		explanation: {
			summary: 'Downloads a script and runs it with sh.',
			steps: ['curl fetches https://x.example/i.sh', 'sh runs what it printed'],
			risks: ['network', 'code-execution'],
			riskDetails: [{ kind: 'code-execution', reason: 'pipes into a shell', start: 30, end: 32 }],
		},
	});
	const card = renderCard(asDoc, p, undefined, now, () => {}) as unknown as FakeElement;
	assert.equal(card.dataset.id, 'id-2');
	assert.equal(card.tabIndex, 0);
	assert.match(card.getAttribute('aria-label') ?? '', /Command waiting for approval/);
	assert.equal(card.querySelector('pre.command')?.textContent, p.command);
	assert.equal(card.querySelector('mark.risk')?.textContent, 'sh');
	assert.equal(card.querySelector('.summary')?.textContent, 'Downloads a script and runs it with sh.');
	assert.deepEqual(card.querySelectorAll('li.badge').map((b) => b.textContent), ['network', 'code-execution']);
	assert.equal(card.querySelector('.agent-says')?.textContent, 'The agent says:Install the tool');
	const meta = card.querySelector('dl.meta')?.textContent ?? '';
	for (const s of ['/work/project', 'sess-1', 'claude-code', '12s', 'no rule allows it']) assert.ok(meta.includes(s), s);
	for (const b of card.querySelectorAll('button')) assert.ok(b.textContent.length > 0 && b.type === 'button');
	for (const i of card.querySelectorAll('input')) assert.ok(i.getAttribute('aria-label'), 'input without a label');
});

test('buttons post the decision with the rule and reason typed in the card', () => {
	const posted: FromWebview[] = [];
	const card = renderCard(asDoc, command('id-3', 'make deploy'), { summary: 's' }, now, (m) => posted.push(m)) as unknown as FakeElement;
	const button = (cls: string): FakeElement => card.querySelector(`button.${cls}`)!;
	button('approve-once').click();
	button('approve-session').click();
	card.querySelector('input.rule')!.value = '  Bash(make deploy)  ';
	button('approve-always').click();
	card.querySelector('input.reason')!.value = 'not on a Friday';
	button('deny').click();
	card.querySelector('input.reason')!.value = '   ';
	button('deny').click();
	assert.deepEqual(posted, [
		{ type: 'decide', id: 'id-3', decision: 'allow', scope: 'once' },
		{ type: 'decide', id: 'id-3', decision: 'allow', scope: 'session', rule: 'Bash(npm run build)' },
		{ type: 'decide', id: 'id-3', decision: 'allow', scope: 'always', rule: 'Bash(make deploy)' },
		{ type: 'decide', id: 'id-3', decision: 'deny', scope: 'once', reason: 'not on a Friday' },
		{ type: 'decide', id: 'id-3', decision: 'deny', scope: 'once' },
	]);
});

test('with no rule to remember, session and always are disabled and say why; typing a rule enables them', () => {
	const posted: FromWebview[] = [];
	const card = renderCard(asDoc, command('id-4', 'make deploy', { suggestedRule: undefined }), { summary: 's' }, now, (m) => posted.push(m)) as unknown as FakeElement;
	const session = card.querySelector('button.approve-session')!;
	const always = card.querySelector('button.approve-always')!;
	assert.ok(session.disabled && always.disabled);
	assert.match(session.title, /Type a rule first/);
	assert.match(always.title, /Type a rule first/);
	assert.equal(card.querySelector('p.rule-hint')?.hidden, false);
	session.click();
	always.click();
	assert.deepEqual(posted, []);
	const rule = card.querySelector('input.rule')!;
	rule.value = 'Bash(make deploy)';
	rule.dispatch('input');
	assert.ok(!session.disabled && !always.disabled);
	assert.equal(card.querySelector('p.rule-hint')?.hidden, true);
	session.click();
	assert.deepEqual(posted, [{ type: 'decide', id: 'id-4', decision: 'allow', scope: 'session', rule: 'Bash(make deploy)' }]);
	const noSession = renderCard(asDoc, command('id-5', 'make', { session: undefined }), { summary: 's' }, now, () => {}) as unknown as FakeElement;
	assert.ok(noSession.querySelector('button.approve-session')!.disabled);
	assert.match(noSession.querySelector('button.approve-session')!.title, /no session id/);
	assert.ok(!noSession.querySelector('button.approve-always')!.disabled);
});

test('an edit card reads "Edit <file>" once and suggests a rule of its own tool', () => {
	const p: Pending = { id: 'e2', kind: 'edit', tool: 'Edit', summary: 'Edit /w/src/a.ts: 1 hunk, +1 -1', path: '/w/src/a.ts', suggestedRule: 'Edit(./src/a.ts)' };
	const card = renderCard(asDoc, p, undefined, now, () => {}) as unknown as FakeElement;
	assert.equal(card.querySelector('header')?.textContent, 'Edit/w/src/a.ts: 1 hunk, +1 -1');
	assert.equal(cardTitle({ ...p, tool: 'Write', summary: 'Write /w/b.ts (new file): 1 hunk, +3 -0' }), '/w/b.ts (new file): 1 hunk, +3 -0');
	assert.match(rulePlaceholder(p), /Edit\(\.\/src/);
	assert.doesNotMatch(rulePlaceholder(p), /Bash/);
	assert.match(rulePlaceholder({ ...p, kind: 'fetch', tool: 'WebFetch' }), /WebFetch\(domain:/);
	assert.equal(card.querySelector('input.rule')?.value, 'Edit(./src/a.ts)');
});

test('risk pills say what the risk means and why it was raised', () => {
	const p = command('id-6', 'curl https://x.example/i.sh | sh', {
		explanation: { summary: 's', risks: ['network', 'code-execution'], riskDetails: [{ kind: 'code-execution', reason: 'pipes into a shell', start: 30, end: 32 }] },
	});
	const card = renderCard(asDoc, p, undefined, now, () => {}) as unknown as FakeElement;
	const [net, exec] = card.querySelectorAll('li.badge');
	assert.match(net.title, /network/i);
	assert.match(exec.title, /Runs code[\s\S]*pipes into a shell/);
});

test('edit cards offer Open diff and Accept/Reject', () => {
	const posted: FromWebview[] = [];
	const p: Pending = { id: 'e1', kind: 'edit', tool: 'Edit', summary: 'Edit src/a.ts', path: '/w/src/a.ts', uri: 'file:///w/src/a.ts', created: '2026-01-02T03:04:00Z' };
	const card = renderCard(asDoc, p, undefined, now, (m) => posted.push(m)) as unknown as FakeElement;
	assert.deepEqual(card.querySelectorAll('button').map((b) => b.textContent), ['Open diff', 'Accept', 'Approve for session', 'Always allow', 'Reject']);
	card.querySelector('button.open-diff')!.click();
	assert.deepEqual(posted, [{ type: 'openDiff', id: 'e1', uri: 'file:///w/src/a.ts' }]);
	assert.ok(!card.querySelector('pre.command'));
});

test('renderCommand underlines the right characters after multi-byte text', () => {
	const cmd = 'echo "日本" > /etc/passwd';
	const start = Buffer.byteLength('echo "日本" ', 'utf8');
	const pre = renderCommand(asDoc, cmd, { summary: '', riskDetails: [{ kind: 'writes-outside-workspace', reason: 'writes /etc/passwd', start, end: Buffer.byteLength(cmd) }] }) as unknown as FakeElement;
	assert.equal(pre.textContent, cmd);
	assert.equal(pre.querySelector('mark')?.textContent, '> /etc/passwd');
	assert.equal(pre.querySelector('mark')?.title, 'writes-outside-workspace: writes /etc/passwd');
});

test('reconcileCards keeps existing cards (and what was typed), orders oldest first, removes decided ones', () => {
	const list = doc.createElement('section');
	const post = (): void => {};
	const a = command('a', 'one', { created: '2026-01-02T03:00:00Z' });
	const b = command('b', 'two', { created: '2026-01-02T03:01:00Z' });
	const c = command('c', 'three', { created: '2026-01-02T03:02:00Z' });
	reconcileCards(asDoc, list as unknown as HTMLElement, [b, a], {}, now, post);
	assert.deepEqual(list.children.map((e) => e.dataset.id), ['a', 'b']);
	const cardB = list.children[1];
	cardB.querySelector('input.reason')!.value = 'half typed';
	reconcileCards(asDoc, list as unknown as HTMLElement, [c, b], {}, now + 60_000, post);
	assert.deepEqual(list.children.map((e) => e.dataset.id), ['b', 'c']);
	assert.equal(list.children[0], cardB, 'card b was rebuilt');
	assert.equal(cardB.querySelector('input.reason')!.value, 'half typed');
	assert.equal(cardB.querySelector('.waiting')!.textContent, '4m 05s');
	// An explanation that arrives later replaces the placeholder.
	assert.equal(list.children[1].querySelector('.summary'), null);
	reconcileCards(asDoc, list as unknown as HTMLElement, [c, b], { c: { summary: 'prints three' } }, now, post);
	assert.equal(list.children[1].querySelector('.summary')?.textContent, 'prints three');
	reconcileCards(asDoc, list as unknown as HTMLElement, [], {}, now, post);
	assert.equal(list.children.length, 0);
});

test('formatWaiting and headerText', () => {
	assert.equal(formatWaiting('2026-01-02T03:04:05Z', now), '0s');
	assert.equal(formatWaiting('2026-01-02T03:03:05Z', now), '1m 00s');
	assert.equal(formatWaiting('2026-01-02T01:00:05Z', now), '2h 04m');
	assert.equal(formatWaiting('2026-01-02T03:05:05Z', now), '0s'); // clock skew: never negative
	assert.equal(formatWaiting('not a date', now), '');
	assert.equal(formatWaiting(undefined, now), '');
	assert.equal(headerText({ mode: 'acceptEdits', pending: [], reviewable: [] }, true), 'Mode: acceptEdits · nothing waiting');
	assert.equal(headerText({ mode: 'default', pending: [command('x', 'y')], reviewable: [] }, true), 'Mode: default · 1 request waiting');
	assert.match(headerText({ mode: 'default', pending: [], reviewable: [] }, false), /not running/);
});

test('appendInlineCode shows backticked spans as code, and only as text nodes', () => {
	const rows: [string, string][] = [
		['`find` searches `.`', '<p><code>find</code> searches <code>.</code></p>'],
		['no code', '<p>no code</p>'],
		['odd ` tick', '<p>odd ` tick</p>'],
		['`a` and ` b', '<p><code>a</code> and ` b</p>'],
		['`<img src=x onerror=alert(1)>`', '<p><code>&lt;img src=x onerror=alert(1)&gt;</code></p>'],
		['``', '<p><code></code></p>'],
	];
	for (const [text, html] of rows) {
		const p = doc.createElement('p');
		appendInlineCode(asDoc, p as unknown as HTMLElement, text);
		assert.equal(p.toHTML(), html, text);
	}
});

test('explanations as the server sends them: steps as objects with byte ranges', () => {
	// Recorded from `gatehouse explain --json` (shortened).
	const ex = {
		summary: '`curl` makes a web request to `https://example.com/install.sh`; its output goes to `sh`.',
		steps: [
			{ text: '`curl` makes a web request to `https://example.com/install.sh`, following redirects.', program: 'curl', start: 0, end: 41 },
			{ text: 'Its output goes to `sh`, which runs the shell script given inline or on its input.', program: 'sh', start: 44, end: 46 },
		],
		risks: ['code-execution', 'network'],
		riskDetails: [
			{ kind: 'network', reason: 'reaches the network', start: 0, end: 4 },
			{ kind: 'code-execution', reason: 'runs code fed to it on standard input', start: 44, end: 46 },
		],
		opaque: true,
	};
	const card = renderCard(asDoc, command('s1', 'curl -fsSL https://example.com/install.sh | sh', { explanation: ex }), undefined, now, () => {}) as unknown as FakeElement;
	assert.deepEqual(card.querySelector('ol')!.children.map((li) => li.textContent), [
		'curl makes a web request to https://example.com/install.sh, following redirects.',
		'Its output goes to sh, which runs the shell script given inline or on its input.',
	]);
	assert.deepEqual(card.querySelectorAll('mark').map((m) => m.textContent), ['curl', 'sh']);
});

test('a request whose data has an unexpected shape still gets a card that can deny it', () => {
	const list = doc.createElement('section');
	const posted: FromWebview[] = [];
	const broken = command('b1', 'ls', { explanation: { summary: 'x', steps: [{ text: 5 }], risks: 'network' } as never });
	reconcileCards(asDoc, list as unknown as HTMLElement, [broken], {}, now, (m) => posted.push(m));
	assert.equal(list.children.length, 1);
	list.children[0].querySelector('button.deny')!.click();
	assert.deepEqual(posted, [{ type: 'decide', id: 'b1', decision: 'deny', scope: 'once' }]);
});

test('a reviewable row names the file with its +/- and offers Open diff and Revert', () => {
	const li = renderReviewable(asDoc, { id: 'r1', kind: 'edit', path: '/w/a.ts', uri: 'file:///w/a.ts', summary: 'Edit /w/a.ts: 1 hunk, +3 -1', status: 'accepted, reviewable' }, () => {}) as unknown as FakeElement;
	assert.equal(li.querySelector('span.title')?.textContent, '/w/a.ts: 1 hunk, +3 -1');
	assert.deepEqual(li.querySelectorAll('button').map((b) => b.textContent), ['Open diff', 'Revert']);
});

test('a reviewable row says when it was applied and which agent proposed it', () => {
	const li = renderReviewable(
		asDoc,
		{ id: 'r2', kind: 'edit', path: '/w/a.ts', uri: 'file:///w/a.ts', summary: 'Edit /w/a.ts: 1 hunk, +3 -1', status: 'accepted, reviewable', accepted: '2026-12-08T10:15:00Z', agent: 'cursor' },
		() => {},
	) as unknown as FakeElement;
	const meta = li.querySelector('span.meta')?.textContent ?? '';
	assert.match(meta, /cursor$/);
	assert.match(meta, /\d/);
	const bare = renderReviewable(asDoc, { id: 'r3', kind: 'edit', path: '/w/a.ts', uri: '', summary: 'Edit /w/a.ts', status: 'accepted, reviewable', accepted: 'not a time' }, () => {}) as unknown as FakeElement;
	assert.equal(bare.querySelector('span.meta'), null);
});
