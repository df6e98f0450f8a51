# The two commands of the quick start are `make up` and `make test`; everything else is
# a step they take. Nothing here needs Docker or anything running beforehand.
SHELL := /bin/bash
.DEFAULT_GOAL := help
LOCAL_PACKAGE := infra/local-packages/Patched.DistributedLock.Core.1.0.11.nupkg

.PHONY: help up test build bench servers packages clean agent agent-folders

help:
	@echo "make up     run the whole system with a simulated GPU fleet (Ctrl-C stops it)"
	@echo "make test   run every test against its own PostgreSQL and RabbitMQ"
	@echo "make bench  measure the pipeline against the raw broker and the framework floor"
	@echo "make agent  self-contained node agents for linux-x64 and linux-arm64 in dist/ (no .NET needed on the node)"

up: packages
	@infra/scripts/up.sh

test: packages
	@infra/scripts/test.sh

bench: packages
	@infra/scripts/bench.sh

build: packages
	dotnet build Metering.sln --nologo -v quiet

AGENT_RIDS := linux-x64 linux-arm64
# What the agent is built from: a change to any of these publishes it again.
AGENT_INPUTS := $(shell find services/NodeAgent shared infra/agent -type f -not -path '*/bin/*' -not -path '*/obj/*') \
	Directory.Build.props Directory.Packages.props infra/scripts/publish-agent.sh

agent: $(AGENT_RIDS:%=dist/node-agent-%.tar.gz)

# The folders alone, which the tests run and inspect (packing them would only cost time).
agent-folders: $(AGENT_RIDS:%=dist/node-agent-%/NodeAgent)

dist/node-agent-%.tar.gz: dist/node-agent-%/NodeAgent
	tar -C dist -czf $@ node-agent-$*

dist/node-agent-%/NodeAgent: $(AGENT_INPUTS) | packages
	@infra/scripts/publish-agent.sh $*

servers:
	@infra/scripts/servers.sh install

# Marten needs a package the registry does not serve; see infra/PatchedDistributedLock.
packages: $(LOCAL_PACKAGE)

$(LOCAL_PACKAGE): infra/PatchedDistributedLock/PatchedDistributedLock.csproj
	dotnet pack infra/PatchedDistributedLock --nologo -v quiet -c Release

clean:
	rm -rf .data dist infra/local-packages/*.nupkg
	find . -name bin -o -name obj -type d -prune -exec rm -rf {} +
