// The extension's settings and where the server binary is found.

import * as path from 'path';

/** The platform directory name used for bundled binaries, e.g. "linux-x64", or undefined where none is shipped. */
export function bundledTarget(platform: string, arch: string): string | undefined {
	const t = `${platform}-${arch}`;
	return ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64'].includes(t) ? t : undefined;
}

/**
 * Lists where to look for the `gatehouse` binary, in order: the user's
 * `gatehouse.serverPath` setting, the binary bundled for this platform inside
 * the extension, then `bin/gatehouse` (a development checkout after
 * `make build`).
 *
 * Only the user-level value of the setting is honoured (the caller passes
 * `inspect().globalValue`): a workspace that could choose the binary could run
 * any program it ships the moment it is opened. A relative setting is refused
 * for the same reason, since it would resolve inside someone's checkout.
 */
export function serverPathCandidates(userSetting: string | undefined, extensionPath: string, platform: string, arch: string): string[] {
	const out: string[] = [];
	const setting = (userSetting ?? '').trim();
	if (setting && path.isAbsolute(setting)) out.push(setting);
	const exe = platform === 'win32' ? 'gatehouse.exe' : 'gatehouse';
	const target = bundledTarget(platform, arch);
	if (target) out.push(path.join(extensionPath, 'bin', target, exe));
	out.push(path.join(extensionPath, 'bin', exe));
	return out;
}

/** Returns the first candidate that exists, or an error message that says what to do. */
export function resolveServerPath(
	userSetting: string | undefined,
	extensionPath: string,
	platform: string,
	arch: string,
	exists: (p: string) => boolean,
): { path: string } | { error: string } {
	const setting = (userSetting ?? '').trim();
	if (setting && !path.isAbsolute(setting)) {
		return { error: `gatehouse.serverPath must be an absolute path, got "${setting}": set it to the full path of the gatehouse binary, or clear it to use the bundled one.` };
	}
	const candidates = serverPathCandidates(userSetting, extensionPath, platform, arch);
	if (setting && !exists(setting)) {
		return { error: `gatehouse.serverPath points at ${setting}, which does not exist: fix the setting or clear it to use the bundled binary.` };
	}
	for (const c of candidates) if (exists(c)) return { path: c };
	return {
		error: `No gatehouse binary found (looked in ${candidates.join(', ')}): install the extension for your platform, or set gatehouse.serverPath.`,
	};
}
