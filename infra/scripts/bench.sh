#!/usr/bin/env bash
# `make bench`: measures the physical limit (raw RabbitMQ.Client), the framework floor
# (MassTransit doing nothing), the whole pipeline (the real agent and metering processes),
# metering alone with one and two instances, and the usage API's read path, on this machine,
# against a PostgreSQL and a RabbitMQ of this run's own, stopped at the end whatever happens.
# Takes about 30 minutes, a third of it the real-time phase, which waits for a whole 5-minute
# sealing window. What each phase measures: docs/BENCHMARKS.md.
#
# BENCH_* variables pass through to the program (e.g. BENCH_PHASES=raw,floor for the quick
# phases, BENCH_PHASES=api,scaleout for the read path and scale-out, BENCH_PHASES=fleet for the
# fleet's margin and efficiency reports, BENCH_PHASES=realtime for 100,000 GPUs in real time
# through every service (15 to 20 minutes, not in the default run), or
# BENCH_SEALING_WINDOW=00:01:00 to iterate on the real-time phase).
set -Eeuo pipefail
cd "$(dirname "$0")/../.."

results=.data/bench-results.txt
# shellcheck source=infra/scripts/run-servers.sh
source infra/scripts/run-servers.sh
start_run_servers bench
# The servers' own processes, so the program can tell their CPU from the services'.
BENCH_RABBITMQ_PID=$(tr -d '[:space:]' <"$run_dir/rabbitmq/rabbitmq.pid")
BENCH_POSTGRES_PID=$(head -n 1 "$run_dir/postgres/data/postmaster.pid")
export BENCH_RABBITMQ_PID BENCH_POSTGRES_PID BENCH_WORK_DIR="$run_dir/work"

# Only what the benchmark runs (the services and the program), in Release as they would run
# in production; the rest of the solution cannot hold it up.
dotnet build tests/Benchmarks/Metering.Benchmarks.csproj -c Release --nologo -v quiet

program=tests/Benchmarks/bin/Release/net10.0/Metering.Benchmarks.dll
set +e
dotnet "$program" | tee "$results"
status=${PIPESTATUS[0]}
set -e
if ((status == 0)); then echo "Results kept in $results"; fi
exit "$status"
