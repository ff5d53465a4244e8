# Gatehouse build. `make test` is what CI runs; `make run` shows the product.
SHELL := /bin/bash
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
# npm packages may ship Go files; they are not ours to vet or test.
PKGS = $(shell $(GO) list ./... | grep -v /node_modules/)

.PHONY: build test gotest vet bench fuzz ext-test e2e screenshots vsix vsix-host run run-port replay tools clean

# bin/gatehouse is everything; bin/gatehouse-hook is the hook alone, which
# starts faster (it runs before every tool call).
build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/gatehouse ./server
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/gatehouse-hook ./cmd/gatehouse-hook

vet:
	$(GO) vet $(PKGS)

gotest: build
	$(GO) test -race -count=1 $(PKGS)

test: vet gotest ext-test

bench: build
	$(GO) run ./bench

# Every fuzz target, FUZZTIME each (go test -fuzz runs one target at a time).
FUZZTIME ?= 20s
fuzz:
	@set -e; for pkg in $(PKGS); do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "fuzz: $$pkg $$f"; \
			$(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

# Extension targets (ext-test, vsix, e2e, run, tools) are defined below.
# node_modules comes from `make tools` (npm ci); ext-test installs it when missing.
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Typecheck, lint and unit-test the extension's TypeScript.
ext-test: node_modules/.package-lock.json
	npx tsc --noEmit -p tsconfig.json
	npx eslint --max-warnings 0 -c extension/eslint.config.mjs extension
	node extension/scripts/build.mjs --tests
	node --test extension/out/test/

# One .vsix per platform, each with its own gatehouse binary.
vsix: node_modules/.package-lock.json
	GO=$(GO) bash extension/scripts/package.sh

# The linux-x64 .vsix only (what e2e and run install).
vsix-host: node_modules/.package-lock.json
	GO=$(GO) bash extension/scripts/package.sh --host

# Real VS Code (code-server + Chromium) driving the installed .vsix; needs `make tools`.
e2e: build vsix-host
	node --test --test-concurrency=1 --test-timeout=600000 extension/e2e/

# The e2e run, writing the committed screenshots (extension/e2e/screenshots) instead of out/.
screenshots: build vsix-host
	GATEHOUSE_E2E_SCREENSHOTS=commit node --test --test-concurrency=1 --test-timeout=600000 extension/e2e/

# Everything a fresh Debian 12 machine needs for e2e and run (idempotent, as root).
tools:
	bash extension/scripts/install-tools.sh

# The whole flow in a browser: code-server with the extension, the demo workspace and a scripted agent.
# PORT picks the port (8080); a port in use fails before anything is built.
run: run-port tools build vsix-host
	bash extension/scripts/run-demo.sh

run-port:
	@bash extension/scripts/run-demo.sh --check-port

# The scripted agent's requests again, against the demo `make run` is running.
replay:
	bash extension/scripts/run-demo.sh --replay

clean:
	rm -rf bin dist *.vsix
