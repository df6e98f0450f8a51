#!/usr/bin/env bash
# Runs every test against a PostgreSQL and a RabbitMQ of this run's own, started once for the
# whole run on free ports and stopped at the end whatever happens. Test classes isolate
# themselves by database and virtual host. Ends with one line of totals.
set -Eeuo pipefail
cd "$(dirname "$0")/../.."

infra/scripts/servers.sh install
mkdir -p .data
run_dir=$(mktemp -d "$PWD/.data/test-XXXXXX")
log="$run_dir/dotnet-test.log"
# The run's folder is removed after a clean run and kept, with the log, after a failing one.
finish() {
  local status=$?
  infra/scripts/servers.sh stop "$run_dir" >/dev/null 2>&1 || true
  if ((status == 0)); then rm -rf "$run_dir"; else echo "Servers' data and the full log: $run_dir" >&2; fi
}
trap finish EXIT

infra/scripts/servers.sh start "$run_dir"
# shellcheck source=/dev/null
source "$run_dir/servers.env"

dotnet build Metering.sln --nologo -v quiet
# The services under test log JSON to the console: keep it in the log file, out of the way.
set +e
dotnet test Metering.sln --no-build --nologo 2>&1 | tee "$log" | grep -v '^{"EventId'
status=${PIPESTATUS[0]}
set -e

# One line of totals over every test assembly, so a run that executed nothing shows as such.
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i + 1); if ($i == "Passed:") p += $(i + 1); if ($i == "Skipped:") s += $(i + 1)
       }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
