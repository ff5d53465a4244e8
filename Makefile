# Gatehouse build. `make test` is what CI runs; `make run` shows the product.
SHELL := /bin/bash
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)

.PHONY: build test gotest vet bench fuzz ext-test e2e vsix run tools clean

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/gatehouse ./server

vet:
	$(GO) vet ./...

gotest: build
	$(GO) test -race -count=1 ./...

test: vet gotest ext-test

bench: build
	$(GO) run ./bench

# Extension targets (ext-test, vsix, e2e, run, tools) are defined below.
ext-test:

clean:
	rm -rf bin dist *.vsix
