// The server reports risky spans of a command as byte offsets into its UTF-8
// encoding (that is what the Go shell parser gives). JavaScript strings index
// UTF-16 code units, so an offset must be converted before slicing, or a
// command with non-ASCII text would underline the wrong characters: exactly
// the kind of mismatch an attacker can use to make a harmless part look risky
// and the risky part look harmless.

/** One span of a command to render, with the risks that cover it (none for plain text). */
export interface Segment {
	text: string;
	risks: { kind: string; reason: string }[];
}

/** A risk over a byte range [start, end) of the command's UTF-8 encoding. */
export interface ByteRisk {
	kind: string;
	reason: string;
	start: number;
	end: number;
}

/** The number of UTF-8 bytes that code point `cp` takes. */
function utf8Length(cp: number): number {
	if (cp < 0x80) return 1;
	if (cp < 0x800) return 2;
	if (cp < 0x10000) return 3;
	return 4;
}

/**
 * Converts UTF-8 byte offsets into UTF-16 string indices for `text`.
 * An offset inside a multi-byte character maps to the start of that character
 * when `round` is 'down' and to its end when 'up', so a span always covers
 * every character it touches. Offsets past the end map to text.length, negative
 * or non-finite ones to 0.
 */
export function byteToIndex(text: string, byteOffset: number, round: 'down' | 'up' = 'down'): number {
	if (!Number.isFinite(byteOffset) || byteOffset <= 0) return 0;
	let bytes = 0;
	let i = 0;
	while (i < text.length) {
		const cp = text.codePointAt(i)!;
		const units = cp > 0xffff ? 2 : 1;
		const len = utf8Length(cp);
		if (bytes + len > byteOffset) {
			// The offset falls at or inside this character.
			return bytes === byteOffset || round === 'down' ? i : i + units;
		}
		bytes += len;
		i += units;
	}
	return text.length;
}

/** Returns the length of `text` in UTF-8 bytes. */
export function utf8ByteLength(text: string): number {
	let n = 0;
	for (let i = 0; i < text.length; ) {
		const cp = text.codePointAt(i)!;
		n += utf8Length(cp);
		i += cp > 0xffff ? 2 : 1;
	}
	return n;
}

/**
 * Splits `text` into consecutive segments so that each segment is covered by
 * the same set of risks. Ranges that are reversed, empty or out of bounds are
 * clamped, never dropped silently when they still cover text; overlapping
 * ranges are fine. The segments' texts concatenate to `text` exactly.
 */
export function segmentByRisk(text: string, risks: readonly ByteRisk[] | undefined): Segment[] {
	const spans: { start: number; end: number; kind: string; reason: string }[] = [];
	for (const r of risks ?? []) {
		if (!r || typeof r.start !== 'number' || typeof r.end !== 'number') continue;
		const lo = Math.min(r.start, r.end);
		const hi = Math.max(r.start, r.end);
		const start = byteToIndex(text, lo, 'down');
		const end = byteToIndex(text, hi, 'up');
		if (end <= start) continue;
		spans.push({ start, end, kind: String(r.kind ?? ''), reason: String(r.reason ?? '') });
	}
	const cuts = new Set<number>([0, text.length]);
	for (const s of spans) {
		cuts.add(s.start);
		cuts.add(s.end);
	}
	const points = [...cuts].sort((a, b) => a - b);
	const segments: Segment[] = [];
	for (let k = 0; k + 1 < points.length; k++) {
		const a = points[k];
		const b = points[k + 1];
		if (b <= a) continue;
		const covering = spans.filter((s) => s.start <= a && s.end >= b).map((s) => ({ kind: s.kind, reason: s.reason }));
		const prev = segments[segments.length - 1];
		if (prev && sameRisks(prev.risks, covering)) {
			prev.text += text.slice(a, b);
		} else {
			segments.push({ text: text.slice(a, b), risks: covering });
		}
	}
	if (segments.length === 0) segments.push({ text, risks: [] });
	return segments;
}

function sameRisks(a: Segment['risks'], b: Segment['risks']): boolean {
	return a.length === b.length && a.every((r, i) => r.kind === b[i].kind && r.reason === b[i].reason);
}
