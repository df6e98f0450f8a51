# The two commands of the quick start are `make up` and `make test`; everything else is
# a step they take. Nothing here needs Docker or anything running beforehand.
SHELL := /bin/bash
.DEFAULT_GOAL := help
LOCAL_PACKAGE := infra/local-packages/Patched.DistributedLock.Core.1.0.11.nupkg

.PHONY: help up test build bench servers packages clean

help:
	@echo "make up     run the whole system with a simulated GPU fleet (Ctrl-C stops it)"
	@echo "make test   run every test against its own PostgreSQL and RabbitMQ"
	@echo "make bench  measure the pipeline against the raw broker and the framework floor"

up: packages
	@infra/scripts/up.sh

test: packages
	@infra/scripts/test.sh

bench: packages
	@infra/scripts/bench.sh

build: packages
	dotnet build Metering.sln --nologo -v quiet

servers:
	@infra/scripts/servers.sh install

# Marten needs a package the registry does not serve; see infra/PatchedDistributedLock.
packages: $(LOCAL_PACKAGE)

$(LOCAL_PACKAGE): infra/PatchedDistributedLock/PatchedDistributedLock.csproj
	dotnet pack infra/PatchedDistributedLock --nologo -v quiet -c Release

clean:
	rm -rf .data infra/local-packages/*.nupkg
	find . -name bin -o -name obj -type d -prune -exec rm -rf {} +
