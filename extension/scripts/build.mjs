// Bundles the extension with esbuild:
//   dist/extension.js  the extension host code (CommonJS, `vscode` external)
//   dist/languageclient.js  vscode-languageclient, loaded by client.ts only
//                      after activate() returned: VS Code neither parses nor
//                      runs most of our code while it waits on activation
//   dist/webview.js    the approvals panel script (browser IIFE)
//   dist/panel.css     the panel's stylesheet
// With --tests it also bundles extension/test/*.test.ts to extension/out/test/
// for `node --test`. With --production it minifies and drops source maps.
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const production = process.argv.includes('--production');
const tests = process.argv.includes('--tests');
const common = { bundle: true, logLevel: 'warning', sourcemap: production ? false : 'linked', minify: production, target: 'es2022' };

// client.ts's `import('vscode-languageclient/node.js')` becomes a require of
// the separate dist/languageclient.js instead of being bundled in.
const lazyLanguageClient = {
	name: 'lazy-languageclient',
	setup(b) {
		b.onResolve({ filter: /^vscode-languageclient\/node(\.js)?$/ }, (args) =>
			args.kind === 'dynamic-import' ? { path: './languageclient.js', external: true } : undefined,
		);
	},
};

await mkdir(path.join(root, 'dist'), { recursive: true });
await Promise.all([
	build({
		...common,
		entryPoints: [path.join(root, 'extension/src/extension.ts')],
		outfile: path.join(root, 'dist/extension.js'),
		platform: 'node',
		format: 'cjs',
		external: ['vscode'],
		plugins: [lazyLanguageClient],
		// A require, not a real import(): the extension host hooks require to provide `vscode`.
		supported: { 'dynamic-import': false },
		// How long the bundle's top-level code takes to run (state.json's moduleLoadMs).
		banner: { js: "'use strict';var __gatehouseLoadStart = performance.now(), __gatehouseLoadEnd;" },
		footer: { js: '__gatehouseLoadEnd = performance.now();' },
	}),
	build({
		...common,
		entryPoints: [path.join(root, 'node_modules/vscode-languageclient/lib/node/main.js')],
		outfile: path.join(root, 'dist/languageclient.js'),
		platform: 'node',
		format: 'cjs',
		external: ['vscode'],
	}),
	build({
		...common,
		entryPoints: [path.join(root, 'extension/src/webview/main.ts')],
		outfile: path.join(root, 'dist/webview.js'),
		platform: 'browser',
		format: 'iife',
	}),
	copyFile(path.join(root, 'extension/src/webview/panel.css'), path.join(root, 'dist/panel.css')),
]);

if (tests) {
	const dir = path.join(root, 'extension/test');
	const out = path.join(root, 'extension/out/test');
	await rm(out, { recursive: true, force: true });
	const entries = (await readdir(dir)).filter((f) => f.endsWith('.test.ts')).map((f) => path.join(dir, f));
	// Extension code that imports `vscode` gets a small stand-in under test.
	await build({ ...common, sourcemap: 'inline', entryPoints: entries, outdir: out, platform: 'node', format: 'cjs', alias: { vscode: path.join(dir, 'vscodeStub.ts') } });
}
