#!/usr/bin/env bash
# The agent's CPU per node-second on the simulated source, in real time, with its default spool
# (fsync on, one group commit per window), publishing into metering's exchange and quorum queue
# (declared here as metering declares them; nobody consumes). Reads utime + stime of the agent from
# /proc over SPAN seconds after WARMUP, divided by nodes x the wall time measured.
#
#   infra/scripts/servers.sh start .data/bench-agent && source .data/bench-agent/servers.env
#   dotnet build services/NodeAgent -c Release
#   infra/scripts/bench-agent.sh [nodes=1000] [span=60] [publish|nopublish] [agent dll]
#
# The agent sends its default report (compact in this version; `Publishing__Report=Legacy` measures
# the old one). The warm-up is 60 s by default: with compact reports (a burst of reports every 10 s
# window) the JIT is still compiling the publishing path after 15 s, about half of the agent's CPU
# then, which a long-running agent never pays again.
#
# `nopublish` points the agent at a closed port: the publisher backs off and only sampling and the
# spool run, which tells their share from publishing's. A dll of another build compares before/after.
set -euo pipefail
NODES=${1:-1000} SPAN=${2:-60} MODE=${3:-publish}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DLL=${4:-$ROOT/services/NodeAgent/bin/Release/net10.0/NodeAgent.dll}
WARMUP=${BENCH_AGENT_WARMUP:-60}
: "${METERING_RABBIT_MGMT_PORT:?source the servers.env of infra/scripts/servers.sh first}"
vhost=bench-agent-$$
api=http://127.0.0.1:$METERING_RABBIT_MGMT_PORT/api
call() { curl -sf -o /dev/null -u guest:guest -H 'content-type: application/json' "$@"; }
call -X PUT "$api/vhosts/$vhost"
call -X PUT -d '{"configure":".*","write":".*","read":".*"}' "$api/permissions/$vhost/guest"
call -X PUT -d '{"type":"fanout","durable":true}' "$api/exchanges/$vhost/gpu-usage"
call -X PUT -d '{"durable":true,"arguments":{"x-queue-type":"quorum"}}' "$api/queues/$vhost/gpu-usage"
call -X POST -d '{"routing_key":""}' "$api/bindings/$vhost/e/gpu-usage/q/gpu-usage"
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; call -X DELETE "$api/vhosts/$vhost" || true; rm -rf "$work"' EXIT
# Every GPU allocated, as in make bench.
python3 - "$NODES" > "$work/allocations.json" <<'PY'
import json, sys
n = int(sys.argv[1])
print(json.dumps({"allocations": [{"gpuUuid": f"GPU-sim-node-{i:04d}-{g:02d}", "tenantId": "bench-tenant", "workloadId": f"job-{i % 50}"}
                                  for i in range(n) for g in range(8)]}))
PY
port=$METERING_AMQP_PORT
[ "$MODE" = nopublish ] && port=1
env RabbitMq__VirtualHost="$vhost" RabbitMq__Port="$port" Agent__Source=simulated Simulation__Nodes="$NODES" \
  Simulation__GpusPerNode=8 Simulation__Realtime=true Spool__Path="$work/spool" Allocations__Path="$work/allocations.json" \
  ASPNETCORE_URLS=http://127.0.0.1:0 Logging__LogLevel__Default=Warning dotnet "$DLL" > "$work/agent.log" 2>&1 &
pid=$!
sleep "$WARMUP"
read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$pid/stat"); w0=$(date +%s.%N)
sleep "$SPAN"
read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$pid/stat"); w1=$(date +%s.%N)
messages=$(curl -sf -u guest:guest "$api/queues/$vhost/gpu-usage" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("messages", 0))')
python3 - <<PY
ticks = 100  # USER_HZ
user, system, wall = ($u1 - $u0) / ticks, ($s1 - $s0) / ticks, $w1 - $w0
per = (user + system) / ($NODES * wall) * 1e6
print(f"agent ($MODE, {'${Publishing__Report:-default}'.lower()} report): $NODES nodes x {wall:.1f} s, {user + system:.2f} s of CPU ({system / max(user + system, 1e-9):.0%} kernel), "
      f"{$messages:,} messages queued since start: {per:.1f} us per node-second")
print(f"target agent-cpu: {per:.1f} us per node-second (target 20) {'met' if per <= 20 else 'not met'}")
PY
