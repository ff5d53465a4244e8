// Stands in for the `vscode` module when unit tests import extension code
// (the build aliases `vscode` to this file for tests only).

export class ThemeColor {
	constructor(public id: string) {}
}
export class EventEmitter<T> {
	private listeners: ((e: T) => void)[] = [];
	event = (l: (e: T) => void): { dispose(): void } => {
		this.listeners.push(l);
		return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== l)) };
	};
	fire(e: T): void {
		for (const l of this.listeners) l(e);
	}
	dispose(): void {
		this.listeners = [];
	}
}
export enum StatusBarAlignment {
	Left = 1,
	Right = 2,
}
/** The fake status bar items created so far. */
export const createdItems: Record<string, unknown>[] = [];
export const window = {
	createStatusBarItem(): Record<string, unknown> {
		const item: Record<string, unknown> = { show() {}, dispose() {} };
		createdItems.push(item);
		return item;
	},
};
export const workspace = {};
export const commands = {};
export const Uri = {};
export enum ViewColumn {
	Active = -1,
	Beside = -2,
}
