// A small DOM for unit tests of the panel's renderer. It implements just what
// render.ts uses, and it refuses innerHTML/outerHTML/insertAdjacentHTML so a
// test fails if the renderer ever parses a string as HTML.

type Listener = (ev: { type: string }) => void;

export class FakeText {
	parentNode: FakeElement | null = null;
	constructor(public data: string) {}
	get textContent(): string {
		return this.data;
	}
	get nextSibling(): FakeNode | null {
		return siblingAfter(this);
	}
}

export type FakeNode = FakeElement | FakeText;

function siblingAfter(n: FakeNode): FakeNode | null {
	const p = n.parentNode;
	if (!p) return null;
	const i = p.childNodes.indexOf(n);
	return p.childNodes[i + 1] ?? null;
}

export class FakeElement {
	parentNode: FakeElement | null = null;
	childNodes: FakeNode[] = [];
	attributes = new Map<string, string>();
	dataset: Record<string, string> = {};
	listeners = new Map<string, Listener[]>();
	className = '';
	tabIndex = -1;
	type = '';
	value = '';
	placeholder = '';
	spellcheck = true;
	title = '';
	hidden = false;
	disabled = false;
	focused = false;

	constructor(public tagName: string) {}

	get children(): FakeElement[] {
		return this.childNodes.filter((n): n is FakeElement => n instanceof FakeElement);
	}
	get firstChild(): FakeNode | null {
		return this.childNodes[0] ?? null;
	}
	get nextSibling(): FakeNode | null {
		return siblingAfter(this);
	}
	get textContent(): string {
		return this.childNodes.map((c) => c.textContent).join('');
	}
	set textContent(v: string) {
		for (const c of this.childNodes) c.parentNode = null;
		this.childNodes = v === '' ? [] : [adopt(this, new FakeText(String(v)))];
	}
	set innerHTML(_: string) {
		throw new Error('innerHTML used: agent text must never be parsed as HTML');
	}
	set outerHTML(_: string) {
		throw new Error('outerHTML used');
	}
	insertAdjacentHTML(): void {
		throw new Error('insertAdjacentHTML used');
	}
	setAttribute(k: string, v: string): void {
		this.attributes.set(k, String(v));
	}
	getAttribute(k: string): string | null {
		return this.attributes.get(k) ?? null;
	}
	appendChild<T extends FakeNode>(n: T): T {
		return this.insertBefore(n, null);
	}
	insertBefore<T extends FakeNode>(n: T, ref: FakeNode | null): T {
		if (n.parentNode) n.parentNode.removeChild(n);
		const i = ref ? this.childNodes.indexOf(ref) : -1;
		if (ref && i < 0) throw new Error('insertBefore: reference is not a child');
		adopt(this, n);
		if (i < 0) this.childNodes.push(n);
		else this.childNodes.splice(i, 0, n);
		return n;
	}
	removeChild<T extends FakeNode>(n: T): T {
		const i = this.childNodes.indexOf(n);
		if (i < 0) throw new Error('removeChild: not a child');
		this.childNodes.splice(i, 1);
		n.parentNode = null;
		return n;
	}
	replaceChild<T extends FakeNode>(n: FakeNode, old: T): T {
		this.insertBefore(n, old);
		return this.removeChild(old);
	}
	replaceChildren(...nodes: FakeNode[]): void {
		for (const c of [...this.childNodes]) this.removeChild(c);
		for (const n of nodes) this.appendChild(n);
	}
	addEventListener(type: string, l: Listener): void {
		this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
	}
	dispatch(type: string): void {
		for (const l of this.listeners.get(type) ?? []) l({ type });
	}
	click(): void {
		// A browser sends no click to a disabled control.
		if (this.disabled) return;
		this.dispatch('click');
	}
	focus(): void {
		this.focused = true;
	}
	/** Supports ".class", "tag" and "tag.class". */
	querySelectorAll(sel: string): FakeElement[] {
		const [tag, cls] = sel.startsWith('.') ? ['', sel.slice(1)] : sel.split('.');
		const out: FakeElement[] = [];
		const walk = (e: FakeElement): void => {
			for (const c of e.children) {
				const okTag = !tag || c.tagName === tag;
				const okCls = !cls || c.className.split(/\s+/).includes(cls);
				if (okTag && okCls) out.push(c);
				walk(c);
			}
		};
		walk(this);
		return out;
	}
	querySelector(sel: string): FakeElement | null {
		return this.querySelectorAll(sel)[0] ?? null;
	}
	/** Serialises like a browser would, escaping text and attribute values. */
	toHTML(): string {
		const attrs = [...(this.className ? [['class', this.className]] : []), ...this.attributes.entries(), ...Object.entries(this.dataset).map(([k, v]) => [`data-${k}`, v])]
			.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
			.join('');
		const inner = this.childNodes.map((c) => (c instanceof FakeText ? escapeText(c.data) : c.toHTML())).join('');
		return `<${this.tagName}${attrs}>${inner}</${this.tagName}>`;
	}
}

function adopt<T extends FakeNode>(parent: FakeElement, n: T): T {
	n.parentNode = parent;
	return n;
}

function escapeText(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function escapeAttr(s: string): string {
	return escapeText(s).replace(/"/g, '&quot;');
}

/** The document: creates elements and text nodes. */
export class FakeDocument {
	createElement(tag: string): FakeElement {
		return new FakeElement(tag.toLowerCase());
	}
	createTextNode(data: string): FakeText {
		return new FakeText(data);
	}
}

/** Every tag name used anywhere below `root`. */
export function tagsIn(root: FakeElement): Set<string> {
	const tags = new Set<string>([root.tagName]);
	for (const e of root.querySelectorAll('')) tags.add(e.tagName);
	return tags;
}
