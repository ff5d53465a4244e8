// The approvals panel's script. It only renders what the host sends and posts
// the person's clicks back; every decision is made by the server.

import type { Explanation, State } from '../lspExt';
import type { FromWebview, ToWebview } from './protocol';
import { headerText, reconcileCards, renderReviewable } from './render';

declare function acquireVsCodeApi(): { postMessage(m: FromWebview): void };

const vscode = acquireVsCodeApi();
const post = (m: FromWebview): void => vscode.postMessage(m);

const status = document.getElementById('status')!;
const cards = document.getElementById('cards')!;
const empty = document.getElementById('empty')!;
const reviewSection = document.getElementById('review')!;
const reviewList = document.getElementById('review-list')!;

let state: State = { mode: 'default', pending: [], reviewable: [] };
let explanations: Record<string, Explanation> = {};
let connected = false;

function render(): void {
	const now = Date.now();
	status.textContent = headerText(state, connected);
	const pending = connected ? state.pending : [];
	reconcileCards(document, cards, pending, explanations, now, post);
	empty.hidden = pending.length > 0 || !connected;
	reviewList.replaceChildren(...(connected ? state.reviewable : []).map((p) => renderReviewable(document, p, post)));
	reviewSection.hidden = !connected || state.reviewable.length === 0;
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
	const m = event.data;
	if (m.type === 'state') {
		state = m.state;
		explanations = m.explanations;
		connected = m.connected;
		render();
	} else if (m.type === 'focusCard') {
		for (const c of Array.from(cards.children) as HTMLElement[]) if (c.dataset.id === m.id) c.focus();
	}
});

// Refresh the "waiting" times; the requests themselves come from the server's notifications.
setInterval(() => {
	if (state.pending.length > 0) reconcileCards(document, cards, connected ? state.pending : [], explanations, Date.now(), post);
}, 1000);

post({ type: 'ready' });
