#!/usr/bin/env bash
# Installs Redocly CLI (the version infra/api-lint/package-lock.json pins) into
# infra/api-lint/node_modules, which git ignores, for the test that lints the gateway's OpenAPI
# document (tests/Gateway.Tests, ApiLintTests). Does nothing when that version is already there.
#
# Usage: api-lint.sh install
set -Eeuo pipefail
cd "$(dirname "$0")/../api-lint"

[[ ${1:-} == install ]] || { echo "Usage: api-lint.sh install" >&2; exit 2; }
wanted=$(node -p 'require("./package.json").devDependencies["@redocly/cli"]')
installed=$(node -p 'try { require("./node_modules/@redocly/cli/package.json").version } catch { "" }')
if [[ $installed == "$wanted" ]]; then
  echo "api-lint.sh: @redocly/cli $wanted is already installed"
  exit 0
fi
echo "api-lint.sh: installing @redocly/cli $wanted with npm ci"
npm ci --no-audit --no-fund --loglevel=error
