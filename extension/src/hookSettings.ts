// Adds Gatehouse's PreToolUse hook to a Claude Code settings file without
// disturbing anything else in it. This is file editing, not policy: the file's
// rules stay exactly as the person wrote them.

/** The hook timeout in seconds: long enough for a person to read and decide. */
export const hookTimeoutSeconds = 600;

/** The result of merging: the new file text, or why the file was left alone. */
export type MergeResult = { ok: true; text: string; changed: boolean } | { ok: false; error: string };

/** Quotes a path for the hook command, which Claude Code runs through a shell. */
export function shellQuote(p: string): string {
	return /^[A-Za-z0-9_@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}

/** The hook command for a binary path. */
export function hookCommand(binaryPath: string): string {
	return `${shellQuote(binaryPath)} hook`;
}

function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether a hook command is a Gatehouse hook (any binary path), so reinstalling replaces it instead of adding a second one. */
function isGatehouseHook(command: unknown): boolean {
	return typeof command === 'string' && /(^|[/\\'"\s])gatehouse(\.exe)?'?\s+hook\s*$/.test(command);
}

/**
 * Merges `{"hooks":{"PreToolUse":[{"matcher":"*","hooks":[{"type":"command",
 * "command":"<binary> hook","timeout":600}]}]}}` into the settings file text
 * `existing` (undefined when the file does not exist).
 *
 * Everything already in the file is kept. A Gatehouse hook that is already
 * there is updated in place (new binary path, timeout) rather than added twice.
 * Malformed JSON, or a `hooks` / `PreToolUse` of the wrong shape, is refused:
 * rewriting a file we cannot read would lose what the person wrote.
 */
export function mergeHook(existing: string | undefined, binaryPath: string): MergeResult {
	const command = hookCommand(binaryPath);
	let root: unknown = {};
	if (existing !== undefined && existing.trim() !== '') {
		try {
			root = JSON.parse(existing);
		} catch (err) {
			return { ok: false, error: `it is not valid JSON (${(err as Error).message}); fix the file, then run the command again` };
		}
	}
	if (!isObject(root)) return { ok: false, error: 'its top level is not a JSON object; fix the file, then run the command again' };
	if (root.hooks === undefined) root.hooks = {};
	if (!isObject(root.hooks)) return { ok: false, error: '"hooks" is not an object; fix the file, then run the command again' };
	const hooks = root.hooks;
	if (hooks.PreToolUse === undefined) hooks.PreToolUse = [];
	if (!Array.isArray(hooks.PreToolUse)) return { ok: false, error: '"hooks.PreToolUse" is not an array; fix the file, then run the command again' };
	const groups = hooks.PreToolUse as unknown[];

	let found = false;
	let changed = false;
	for (const group of groups) {
		if (!isObject(group) || !Array.isArray(group.hooks)) continue;
		const list = group.hooks as unknown[];
		const ours = list.filter((h) => isObject(h) && isGatehouseHook(h.command)) as Record<string, unknown>[];
		if (ours.length === 0) continue;
		if (group.matcher !== '*' && ours.length < list.length) {
			// Ours shares a narrower matcher with someone else's hooks: widening
			// it would change theirs, so move ours out into a group of its own.
			group.hooks = list.filter((h) => !ours.includes(h as Record<string, unknown>));
			changed = true;
			continue;
		}
		for (const h of ours) {
			if (found) {
				// A second copy would ask the person twice for every action.
				group.hooks = (group.hooks as unknown[]).filter((x) => x !== h);
				changed = true;
				continue;
			}
			found = true;
			if (h.command !== command || h.type !== 'command' || h.timeout !== hookTimeoutSeconds || group.matcher !== '*') {
				h.type = 'command';
				h.command = command;
				h.timeout = hookTimeoutSeconds;
				group.matcher = '*';
				changed = true;
			}
		}
	}
	if (!found) {
		groups.push({ matcher: '*', hooks: [{ type: 'command', command, timeout: hookTimeoutSeconds }] });
		changed = true;
	}
	if (!changed && existing !== undefined) return { ok: true, text: existing, changed: false };
	return { ok: true, text: JSON.stringify(root, null, 2) + '\n', changed: true };
}
