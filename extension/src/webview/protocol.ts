// Messages between the approvals panel (webview) and the extension host.
// The webview renders agent-supplied text, so the host validates every
// message it receives before acting on it (see panel.ts).

import type { Explanation, State } from '../lspExt';

/** Host -> webview: the whole state to show. */
export interface StateMessage {
	type: 'state';
	state: State;
	/** Explanations the host fetched for commands whose Pending had none, by request id. */
	explanations: Record<string, Explanation>;
	/** Whether the server is running; when false the panel says so instead of showing stale requests. */
	connected: boolean;
}

/** Host -> webview: move keyboard focus to a card. */
export interface FocusMessage {
	type: 'focusCard';
	id: string;
}

/** Any message the host sends. */
export type ToWebview = StateMessage | FocusMessage;

/** Webview -> host messages. */
export type FromWebview =
	| { type: 'ready' }
	| { type: 'decide'; id: string; decision: 'allow' | 'deny'; scope: 'once' | 'session' | 'always'; rule?: string; reason?: string }
	| { type: 'openDiff'; id: string; uri: string }
	| { type: 'revert'; id: string }
	| { type: 'focus'; id: string };

/**
 * Returns the message if it is well formed, else undefined. Strings are
 * bounded so that a broken or subverted webview cannot push megabytes of
 * "reason" into the audit log.
 */
export function parseFromWebview(m: unknown): FromWebview | undefined {
	if (typeof m !== 'object' || m === null) return undefined;
	const o = m as Record<string, unknown>;
	const str = (v: unknown, max = 4096): v is string => typeof v === 'string' && v.length <= max;
	const optStr = (v: unknown): boolean => v === undefined || str(v);
	switch (o.type) {
		case 'ready':
			return { type: 'ready' };
		case 'decide':
			if (!str(o.id, 256) || (o.decision !== 'allow' && o.decision !== 'deny')) return undefined;
			if (o.scope !== 'once' && o.scope !== 'session' && o.scope !== 'always') return undefined;
			if (!optStr(o.rule) || !optStr(o.reason)) return undefined;
			return {
				type: 'decide',
				id: o.id,
				decision: o.decision,
				scope: o.scope,
				...(typeof o.rule === 'string' ? { rule: o.rule } : {}),
				...(typeof o.reason === 'string' ? { reason: o.reason } : {}),
			};
		case 'openDiff':
			if (!str(o.id, 256) || !str(o.uri)) return undefined;
			return { type: 'openDiff', id: o.id, uri: o.uri };
		case 'revert':
			if (!str(o.id, 256)) return undefined;
			return { type: 'revert', id: o.id };
		case 'focus':
			if (!str(o.id, 256)) return undefined;
			return { type: 'focus', id: o.id };
		default:
			return undefined;
	}
}
