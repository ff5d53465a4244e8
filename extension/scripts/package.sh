#!/usr/bin/env bash
# Builds the extension bundle and the gatehouse binary for each target, then
# packages one .vsix per target with vsce. With --host only linux-x64 is built
# (the fast path end-to-end tests use), also copied to gatehouse-<version>.vsix.
set -euo pipefail
cd "$(dirname "$0")/../.."

GO=${GO:-go}
VERSION=$(node -p 'require("./package.json").version')
GOVERSION=${GOVERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
targets=(linux-x64 linux-arm64 darwin-x64 darwin-arm64 win32-x64)
[[ ${1:-} == --host ]] && targets=(linux-x64)

node extension/scripts/build.mjs --production

for t in "${targets[@]}"; do
	os=${t%-*}
	arch=${t#*-}
	case $os in win32) goos=windows exe=.exe ;; *) goos=$os exe= ;; esac
	case $arch in x64) goarch=amd64 ;; *) goarch=$arch ;; esac
	echo "vsix: go build $goos/$goarch -> bin/$t/gatehouse$exe" >&2
	CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch "$GO" build -trimpath \
		-ldflags "-s -w -X main.version=$GOVERSION" -o "bin/$t/gatehouse$exe" ./server
	# The hook alone, which starts faster; gatehouse install points the
	# agents at it.
	CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch "$GO" build -trimpath \
		-ldflags "-s -w -X main.version=$GOVERSION" -o "bin/$t/gatehouse-hook$exe" ./cmd/gatehouse-hook
	# Each package carries its own binary only: .vscodeignore's bin/ lines are
	# replaced by one that lets in bin/$t/ (vsce's --ignore-other-target-folders
	# does not look at bin/).
	ignore=dist/vscodeignore-$t
	{ grep -v '^!bin/' .vscodeignore; echo "!bin/$t/gatehouse$exe"; echo "!bin/$t/gatehouse-hook$exe"; } >"$ignore"
	npx vsce package --target "$t" --ignoreFile "$ignore" --no-dependencies --skip-license \
		--out "gatehouse-$VERSION-$t.vsix" >&2
done
if [[ ${1:-} == --host ]]; then
	cp "gatehouse-$VERSION-linux-x64.vsix" "gatehouse-$VERSION.vsix"
	echo "gatehouse-$VERSION.vsix"
fi
