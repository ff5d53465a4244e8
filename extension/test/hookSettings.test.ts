import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hookCommand, mergeHook, shellQuote } from '../src/hookSettings';

const bin = '/opt/gatehouse/bin/linux-x64/gatehouse';
const ours = { type: 'command', command: `${bin} hook`, timeout: 600 };

test('mergeHook creates the settings when the file is missing or empty', () => {
	for (const existing of [undefined, '', '  \n']) {
		const r = mergeHook(existing, bin);
		assert.ok(r.ok && r.changed);
		assert.deepEqual(JSON.parse(r.text), { hooks: { PreToolUse: [{ matcher: '*', hooks: [ours] }] } });
	}
});

test('mergeHook keeps everything already in the file', () => {
	const existing = JSON.stringify({
		permissions: { allow: ['Bash(ls:*)'], deny: ['Read(./.env)'] },
		env: { FOO: '1' },
		hooks: {
			PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'prettier --write' }] }],
			PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'my-linter' }] }],
		},
	});
	const r = mergeHook(existing, bin);
	assert.ok(r.ok && r.changed);
	const got = JSON.parse(r.text);
	assert.deepEqual(got.permissions, { allow: ['Bash(ls:*)'], deny: ['Read(./.env)'] });
	assert.deepEqual(got.env, { FOO: '1' });
	assert.deepEqual(got.hooks.PostToolUse, [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'prettier --write' }] }]);
	assert.deepEqual(got.hooks.PreToolUse, [
		{ matcher: 'Bash', hooks: [{ type: 'command', command: 'my-linter' }] },
		{ matcher: '*', hooks: [ours] },
	]);
});

test('mergeHook is idempotent and updates an older Gatehouse hook in place', () => {
	const once = mergeHook(undefined, bin);
	assert.ok(once.ok);
	const twice = mergeHook(once.text, bin);
	assert.deepEqual(twice, { ok: true, text: once.text, changed: false });

	const old = JSON.stringify({ hooks: { PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: '/old/path/gatehouse hook', timeout: 60 }] }] } });
	const r = mergeHook(old, bin);
	assert.ok(r.ok && r.changed);
	assert.deepEqual(JSON.parse(r.text).hooks.PreToolUse, [{ matcher: '*', hooks: [ours] }]);
});

// Files the installer must refuse to rewrite, with the word the error must contain.
const refused: [string, string][] = [
	['{"hooks": {', 'not valid JSON'],
	['{"a": 1,}', 'not valid JSON'],
	['// comment\n{}', 'not valid JSON'],
	['[]', 'top level'],
	['"text"', 'top level'],
	['null', 'top level'],
	['{"hooks": []}', '"hooks"'],
	['{"hooks": "x"}', '"hooks"'],
	['{"hooks": {"PreToolUse": {}}}', 'PreToolUse'],
	['{"hooks": {"PreToolUse": "gatehouse hook"}}', 'PreToolUse'],
];

test('mergeHook refuses malformed files instead of clobbering them', () => {
	for (const [text, word] of refused) {
		const r = mergeHook(text, bin);
		assert.equal(r.ok, false, text);
		if (!r.ok) assert.match(r.error, new RegExp(word.replace(/[.*+?^${}()|[\]\\"]/g, '\\$&')), text);
	}
});

test('hookCommand quotes paths with spaces and quotes for the shell', () => {
	assert.equal(hookCommand('/usr/bin/gatehouse'), '/usr/bin/gatehouse hook');
	assert.equal(shellQuote('/home/a b/gatehouse'), `'/home/a b/gatehouse'`);
	assert.equal(shellQuote(`/x/it's/gatehouse`), `'/x/it'\\''s/gatehouse'`);
	assert.equal(shellQuote('/x/$(rm -rf ~)/gatehouse'), `'/x/$(rm -rf ~)/gatehouse'`);
	const r = mergeHook(undefined, '/home/a b/gatehouse');
	assert.ok(r.ok);
	assert.equal(JSON.parse(r.text).hooks.PreToolUse[0].hooks[0].command, `'/home/a b/gatehouse' hook`);
	// A quoted path is still recognised as ours when reinstalling.
	const again = mergeHook(r.text, '/home/a b/gatehouse');
	assert.ok(again.ok && !again.changed);
});

test('mergeHook never throws and never loses a key, whatever JSON it is given', () => {
	let seed = 42;
	const rnd = (n: number): number => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return seed % n;
	};
	const value = (depth: number): unknown => {
		switch (rnd(depth > 2 ? 4 : 7)) {
			case 0: return null;
			case 1: return rnd(2) === 0;
			case 2: return rnd(1000);
			case 3: return ['gatehouse hook', '*', 'hooks', 'PreToolUse', 'command'][rnd(5)];
			case 4: return Array.from({ length: rnd(3) }, () => value(depth + 1));
			default: {
				const o: Record<string, unknown> = {};
				for (let i = rnd(4); i > 0; i--) o[['hooks', 'PreToolUse', 'matcher', 'command', 'type', 'x'][rnd(6)]] = value(depth + 1);
				return o;
			}
		}
	};
	for (let i = 0; i < 2000; i++) {
		const input = JSON.stringify(value(0));
		const r = mergeHook(input, bin);
		if (!r.ok) continue;
		const before = JSON.parse(input) as Record<string, unknown>;
		const after = JSON.parse(r.text) as Record<string, unknown>;
		for (const k of Object.keys(before)) assert.ok(k in after, `lost ${k} from ${input}`);
		const hooks = (after.hooks as { PreToolUse: { hooks?: { command?: string }[] }[] }).PreToolUse;
		assert.ok(hooks.some((g) => g.hooks?.some((h) => h.command === `${bin} hook`)), input);
		assert.equal(mergeHook(r.text, bin).ok && (mergeHook(r.text, bin) as { changed: boolean }).changed, false, `not idempotent on ${input}`);
	}
});

test('mergeHook never widens the matcher of someone else\'s hooks and keeps a single Gatehouse hook', () => {
	const shared = JSON.stringify({
		hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'gatehouse hook' }, { type: 'command', command: 'my-linter' }] }] },
	});
	const r = mergeHook(shared, bin);
	assert.ok(r.ok && r.changed);
	assert.deepEqual(JSON.parse(r.text).hooks.PreToolUse, [
		{ matcher: 'Bash', hooks: [{ type: 'command', command: 'my-linter' }] },
		{ matcher: '*', hooks: [ours] },
	]);
	const twice = JSON.stringify({
		hooks: { PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: 'gatehouse hook' }] }, { matcher: '*', hooks: [{ type: 'command', command: '/x/gatehouse hook' }] }] },
	});
	const t = mergeHook(twice, bin);
	assert.ok(t.ok);
	const commands = JSON.parse(t.text).hooks.PreToolUse.flatMap((g: { hooks: { command: string }[] }) => g.hooks.map((h) => h.command));
	assert.deepEqual(commands, [`${bin} hook`]);
});
