#!/usr/bin/env bash
# `make up`: the whole system on this machine with a simulated GPU fleet. PostgreSQL and
# RabbitMQ run from the OS packages with their data in .data/dev; the services run from
# their Release build. Ctrl-C stops everything this script started, and nothing else.
#
# Settings (environment): FLEET_NODES (3), FLEET_GPUS_PER_NODE (8), API_PORT (8080).
set -Eeuo pipefail
cd "$(dirname "$0")/../.."

readonly DIR="$PWD/.data/dev"
readonly LOCK="$DIR/up.pid"
readonly NODES=${FLEET_NODES:-3}
readonly GPUS=${FLEET_GPUS_PER_NODE:-8}
readonly DEMO_TENANT=demo-tenant

mkdir -p "$DIR"
if [[ -f $LOCK ]] && kill -0 "$(cat "$LOCK")" 2>/dev/null; then
  echo "make up is already running (pid $(cat "$LOCK")); stop it with Ctrl-C there first." >&2
  exit 1
fi
echo $$ >"$LOCK"

pids=()
stop_everything() {
  trap - EXIT
  echo
  echo "Stopping..."
  ((${#pids[@]})) && kill "${pids[@]}" 2>/dev/null && wait "${pids[@]}" 2>/dev/null
  infra/scripts/servers.sh stop "$DIR" >/dev/null 2>&1 || true
  rm -f "$LOCK"
  echo "Stopped."
}
trap stop_everything EXIT
trap 'exit 130' INT TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
api_port=${API_PORT:-8080}
if port_in_use "$api_port"; then
  echo "Port $api_port is taken; set API_PORT to another one." >&2
  exit 1
fi

infra/scripts/servers.sh install
infra/scripts/servers.sh start "$DIR"
# shellcheck source=/dev/null
source "$DIR/servers.env"

echo "Building the services (Release)..."
dotnet build services/Metering -c Release --nologo -v quiet
dotnet build services/NodeAgent -c Release --nologo -v quiet

# The demo tenant holds all but the last two GPUs of every node; those stay unallocated,
# so the demo shows that sampled but unallocated seconds are billed to nobody.
tenant_key="demo-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
operator_key="operator-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
{
  echo '{ "allocations": ['
  for ((n = 0; n < NODES; n++)); do
    for ((g = 0; g < GPUS - 2; g++)); do
      printf '  {"gpuUuid": "GPU-sim-node-%04d-%02d", "tenantId": "%s", "workloadId": "demo-training"},\n' "$n" "$g" "$DEMO_TENANT"
    done
  done | sed '$ s/,$//'
  echo '] }'
} >"$DIR/allocations.json"

ASPNETCORE_URLS="http://127.0.0.1:$api_port" \
Access__SeedKeys__0__Key="$tenant_key" Access__SeedKeys__0__PrincipalId="$DEMO_TENANT" Access__SeedKeys__0__Role=tenant \
Access__SeedKeys__1__Key="$operator_key" Access__SeedKeys__1__PrincipalId=operator Access__SeedKeys__1__Role=operator \
  dotnet services/Metering/bin/Release/net10.0/Metering.dll >"$DIR/metering.log" 2>&1 &
pids+=($!)

ASPNETCORE_URLS="http://127.0.0.1:0" \
Simulation__Nodes="$NODES" Simulation__GpusPerNode="$GPUS" Simulation__Realtime=true \
Spool__Path="$DIR/spool" Allocations__Path="$DIR/allocations.json" \
  dotnet services/NodeAgent/bin/Release/net10.0/NodeAgent.dll >"$DIR/node-agent.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$api_port/health/ready" >/dev/null && break
  sleep 1
done
curl -sf "http://127.0.0.1:$api_port/health/ready" >/dev/null || { echo "Metering did not start; see $DIR/metering.log" >&2; exit 1; }

cat <<EOF

  GPU metering is running: $NODES simulated nodes x $GPUS GPUs, sampled every second.

  API          http://127.0.0.1:$api_port
  Tenant       $DEMO_TENANT   X-Api-Key: $tenant_key
  Operator     X-Api-Key: $operator_key
  RabbitMQ UI  http://127.0.0.1:$METERING_RABBIT_MGMT_PORT  (guest / guest)
  Logs         $DIR/*.log

  Try:
    curl -H 'X-Api-Key: $tenant_key' 'http://127.0.0.1:$api_port/v1/usage?granularity=15m&groupBy=gpuModel'
    curl -H 'X-Api-Key: $operator_key' 'http://127.0.0.1:$api_port/v1/nodes'

  Ctrl-C stops everything.
EOF

wait -n "${pids[@]}" || true
echo "A service exited; see $DIR/*.log" >&2
