#!/usr/bin/env bash
# Runs every test against a PostgreSQL and a RabbitMQ of this run's own, started once for the
# whole run on free ports and stopped at the end whatever happens. Test classes isolate
# themselves by database and virtual host. Ends with one line of totals.
set -Eeuo pipefail
cd "$(dirname "$0")/../.."

# shellcheck source=infra/scripts/run-servers.sh
source infra/scripts/run-servers.sh
start_run_servers test
log="$run_dir/dotnet-test.log"

# Redocly CLI, which a gateway test lints the whole API's document with.
infra/scripts/api-lint.sh install
# Debian's Chromium, which the portal's browser tests drive (tests/Portal.Tests).
infra/scripts/browser.sh install
# Debian's Prometheus and docker-compose, which the operators' tests run (tests/Operations.Tests).
infra/scripts/operator-tools.sh install
# How `make up` keeps services running: seconds, on dummy commands.
infra/scripts/supervise-test.sh
dotnet build Metering.sln --nologo -v quiet
# The installable agents, which tests run (x64) and inspect (arm64); published again only when
# their sources changed.
make --no-print-directory agent-folders
# The services under test log JSON to the console: keep it in the log file, out of the way.
set +e
dotnet test Metering.sln --no-build --nologo 2>&1 | tee "$log" | grep -v '^{"EventId'
status=${PIPESTATUS[0]}
set -e

# The failures by name with their first line of error, so the end of a long run says what failed.
grep -A2 -E '^  Failed ' "$log" | grep -v -E '^  Error Message:$|^--$' | cut -c1-400 || true

# One line of totals over every test assembly, so a run that executed nothing shows as such.
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i + 1); if ($i == "Passed:") p += $(i + 1); if ($i == "Skipped:") s += $(i + 1)
       }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
