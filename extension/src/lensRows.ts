// VS Code draws every code lens of a line in one row, joined by " | ". When a
// hunk starts on the first line, the server's file-level lenses ("Accept all
// in file (2) | Reject all in file") and that hunk's own ("Accept | Reject |
// Show diff") land in the same row and read as one list. This inserts a
// plain-text label ("Hunk 1:") before the hunk's lenses in such a row. It only
// changes how the server's lenses are laid out, never which ones there are.

import { cmd } from './lspExt';

/** The part of a code lens this needs (vscode.CodeLens has it). */
export interface LensLike {
	range: { start: { line: number } };
	command?: { title: string; command: string; arguments?: unknown[] };
}

const fileLevel = new Set<string>([cmd.acceptFile, cmd.rejectFile, cmd.acceptAll, cmd.rejectAll]);
const hunkLevel = new Set<string>([cmd.acceptHunk, cmd.rejectHunk]);

function hunkOf(l: LensLike): number | undefined {
	const a = l.command?.arguments?.[0];
	const h = typeof a === 'object' && a !== null ? (a as { hunk?: unknown }).hunk : undefined;
	return typeof h === 'number' && h >= 0 ? h : undefined;
}

/**
 * Returns the lenses with a label lens before the first lens of each hunk
 * that shares its line with file-level lenses. `make` builds the label lens
 * (a vscode.CodeLens with a command that runs nothing).
 */
export function labelSharedRows<L extends LensLike>(lenses: readonly L[], make: (at: L, title: string) => L): L[] {
	const fileLines = new Set(lenses.filter((l) => fileLevel.has(l.command?.command ?? '')).map((l) => l.range.start.line));
	const labelled = new Set<string>();
	const out: L[] = [];
	for (const l of lenses) {
		const hunk = hunkOf(l);
		const line = l.range.start.line;
		const key = `${line}:${hunk}`;
		if (hunk !== undefined && hunkLevel.has(l.command?.command ?? '') && fileLines.has(line) && !labelled.has(key)) {
			labelled.add(key);
			out.push(make(l, `· Hunk ${hunk + 1}:`));
		}
		out.push(l);
	}
	return out;
}
