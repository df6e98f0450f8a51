#!/usr/bin/env bash
# `make up`: the whole system on this machine with a simulated GPU fleet. PostgreSQL and
# RabbitMQ run from the OS packages with their data in .data/dev; the services run from
# their Release build. A service that exits is started again (with a growing wait, said on the
# terminal); Ctrl-C, or SIGTERM to the pid in .data/dev/up.pid, stops everything this script
# started, and nothing else. Each run keeps its logs in .data/dev/logs/<UTC time>/ (`latest` links
# to the newest); the 20 newest runs are kept.
#
# Settings (environment): FLEET_NODES (3), FLEET_GPUS_PER_NODE (8), API_PORT (8080: the gateway,
# the one public base URL). Metering, pricing, invoicing, webhooks, audit and fleet bind ports of their
# own choosing (port 0), write the address they got to .data/dev/NAME.address, and accept only
# calls the gateway signed; the gateway is started once they have all said where they are.
set -Eeuo pipefail
cd "$(dirname "$0")/../.."

readonly DIR="$PWD/.data/dev"
readonly LOCK="$DIR/up.pid"
readonly LOGS="$DIR/logs/$(date -u +%Y-%m-%dT%H-%M-%SZ)"
readonly NODES=${FLEET_NODES:-3}
readonly GPUS=${FLEET_GPUS_PER_NODE:-8}
readonly DEMO_TENANT=demo-tenant

mkdir -p "$DIR"
if [[ -f $LOCK ]] && kill -0 "$(cat "$LOCK")" 2>/dev/null; then
  echo "make up is already running (pid $(cat "$LOCK")); stop it with Ctrl-C there first." >&2
  exit 1
fi
echo $$ >"$LOCK"
mkdir -p "$LOGS"
ln -sfn "$(basename "$LOGS")" "$DIR/logs/latest"
# shellcheck disable=SC2012 # the folder names are UTC times without spaces
ls -1d "$DIR"/logs/20*/ | head -n -20 | xargs -r rm -rf

# shellcheck source=infra/scripts/supervise.sh
source infra/scripts/supervise.sh
pids=()
stop_everything() {
  trap - EXIT
  echo
  echo "Stopping..."
  if ((${#pids[@]})); then
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  infra/scripts/servers.sh stop "$DIR" >/dev/null 2>&1 || true
  rm -f "$LOCK"
  echo "Stopped."
}
trap stop_everything EXIT
trap 'exit 130' INT TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
api_port=${API_PORT:-8080}
if port_in_use "$api_port"; then
  echo "Port $api_port is taken; set API_PORT to a free port for the gateway." >&2
  exit 1
fi

infra/scripts/servers.sh install
infra/scripts/servers.sh start "$DIR"
# shellcheck source=/dev/null
source "$DIR/servers.env"
# Queues an older version declared are classic, and RabbitMQ refuses to declare them again as the
# quorum queues the services now ask for: say so rather than let every service fail to start.
if curl -sf -u guest:guest "http://127.0.0.1:$METERING_RABBIT_MGMT_PORT/api/queues/%2F/gpu-usage" | grep -q '"type":"classic"'; then
  echo "The demo's broker in $DIR holds classic queues from an older version, which cannot become quorum queues." >&2
  echo "Remove $DIR (its demo data) and run make up again; docs/OPERATIONS.md says how to migrate a real broker." >&2
  exit 1
fi

echo "Building the services (Release)..."
for service in Gateway Metering Pricing Invoicing Webhooks Audit Fleet NodeAgent; do
  dotnet build "services/$service" -c Release --nologo -v quiet
done

# The demo tenant holds all but the last two GPUs of every node, the last of them on spot
# terms; the other two stay unallocated, so the demo shows that sampled but unallocated
# seconds are billed to nobody.
tenant_key="demo-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
operator_key="operator-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# Shared by the gateway and the services only: with it the gateway vouches for the callers it authenticated.
signing_key="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
{
  echo '{ "allocations": ['
  for ((n = 0; n < NODES; n++)); do
    for ((g = 0; g < GPUS - 2; g++)); do
      class=on-demand
      ((g == GPUS - 3)) && class=spot
      printf '  {"gpuUuid": "GPU-sim-node-%04d-%02d", "tenantId": "%s", "workloadId": "demo-training", "allocationClass": "%s"},\n' \
        "$n" "$g" "$DEMO_TENANT" "$class"
    done
  done | sed '$ s/,$//'
  echo '] }'
} >"$DIR/allocations.json"

# From its build output, which is its content root: that is where its appsettings.json is read.
run_service() { # NAME
  cd "services/$1/bin/Release/net10.0" && exec dotnet "$1.dll"
}
launch_service() { # NAME: on a port of its choosing the first time; restarted, on the port it had,
  # where the gateway's route to it points (taken meanwhile by another process, the restart fails
  # and is tried again later)
  local file="$DIR/${1,,}.address" url="http://127.0.0.1:0"
  [[ -s $file ]] && url=$(head -n 1 "$file")
  ASPNETCORE_URLS="$url" Hosting__AddressFile="$file" Access__GatewaySigningKey="$signing_key" run_service "$1"
}
start_service() { # NAME: behind the gateway, so keys mean nothing at its own port
  rm -f "$DIR/${1,,}.address"
  supervise "$1" "$LOGS/${1,,}.log" launch_service "$1"
}
address_of() { # NAME: the address the service reported once it listened
  local file="$DIR/${1,,}.address"
  for _ in $(seq 1 600); do
    if [[ -s $file ]]; then head -n 1 "$file"; return 0; fi
    sleep 0.1
  done
  echo "$1 did not start; see $LOGS/${1,,}.log" >&2
  return 1
}
start_gateway() { # once every service behind it has said where it listens
  local cluster address
  local -a routes=()
  for cluster in metering pricing invoicing webhooks audit fleet; do
    address=$(address_of "$cluster")
    routes+=("ReverseProxy__Clusters__${cluster}__Destinations__local__Address=$address")
  done
  export "${routes[@]}"
  ASPNETCORE_URLS="http://127.0.0.1:$api_port" Access__GatewaySigningKey="$signing_key" \
  Access__SeedKeys__0__Key="$tenant_key" Access__SeedKeys__0__PrincipalId="$DEMO_TENANT" Access__SeedKeys__0__Role=tenant \
  Access__SeedKeys__1__Key="$operator_key" Access__SeedKeys__1__PrincipalId=operator Access__SeedKeys__1__Role=operator \
    supervise Gateway "$LOGS/gateway.log" run_service Gateway
}
wait_ready() { # NAME URL
  for _ in $(seq 1 60); do
    curl -sf "$2/health/ready" >/dev/null && return 0
    sleep 1
  done
  echo "$1 did not start; see $LOGS/${1,,}.log" >&2
  exit 1
}
operator_call() { # METHOD PATH JSON, through the gateway
  local answer
  answer=$(curl -sS -X "$1" -H "X-Api-Key: $operator_key" -H 'Content-Type: application/json' \
    -w '\n%{http_code}' "http://127.0.0.1:$api_port$2" -d "$3") || { echo "$1 $2 failed: $answer" >&2; exit 1; }
  [[ ${answer##*$'\n'} == 2* ]] || { echo "$1 $2 failed: $answer" >&2; exit 1; }
}
# Invoicing hears of a rate card a moment after pricing publishes it, and until then refuses an
# account naming it as one it does not know yet: that answer, and only it, is waited out.
account_call() { # PATH JSON, through the gateway
  local answer
  for _ in $(seq 1 60); do
    answer=$(curl -sS -X PUT -H "X-Api-Key: $operator_key" -H 'Content-Type: application/json' \
      -w '\n%{http_code}' "http://127.0.0.1:$api_port$1" -d "$2") || break
    [[ ${answer##*$'\n'} == 2* ]] && return 0
    [[ $answer == *"does not know yet"* ]] || break
    sleep 0.5
  done
  echo "PUT $1 failed: $answer" >&2
  exit 1
}

# Sealed every minute rather than every 5: the demo's invoice follows the ledger within two minutes.
Sealing__Window=00:01:00 start_service Metering
start_service Pricing
start_service Invoicing
# The demo's partners are local receivers. Their signing secrets are sealed under a key made once
# here, beside the demo's data but outside its database (docs/OPERATIONS.md: rotating it).
secret_key_file="$DIR/webhook-secret.key"
[[ -s $secret_key_file ]] || (umask 077 && head -c 32 /dev/urandom | base64 >"$secret_key_file")
Webhooks__AllowPrivateNetworks=true Webhooks__SecretKeyFile="$secret_key_file" start_service Webhooks
start_service Audit
start_service Fleet
start_gateway
for service in Metering Pricing Invoicing Webhooks Audit Fleet; do
  address=$(address_of "$service")
  wait_ready "$service" "$address"
done
wait_ready Gateway "http://127.0.0.1:$api_port"

# A rate card takes effect from the moment it is published, never before, so the fleet starts
# sampling only once it is in force (a restart keeps the card and the account it has). The margin
# covers the first calls through a cold gateway on a busy machine.
effective_from=$(date -u -d '+20 seconds' +%Y-%m-%dT%H:%M:%SZ)
if ! curl -sf -H "X-Api-Key: $operator_key" "http://127.0.0.1:$api_port/v1/rate-cards/demo-standard" >/dev/null; then
  rate() { printf '{"key":{"gpuModel":"%s","migProfile":null,"allocationClass":"%s"},"model":"per-unit","pricePerGpuHour":%s,"tiers":[]}' "$@"; }
  operator_call POST /v1/rate-cards/demo-standard/versions "{\"currency\":\"USD\",\"effectiveFrom\":\"$effective_from\",\"terms\":{\"rates\":[
    $(rate 'NVIDIA H100 80GB HBM3' on-demand 3.20),$(rate 'NVIDIA H100 80GB HBM3' spot 1.40),
    $(rate 'NVIDIA A100-SXM4-80GB' on-demand 1.80),$(rate 'NVIDIA A100-SXM4-80GB' spot 0.75)]}}"
fi
party() { printf '{"name":"%s","address":{"lines":["%s"],"city":"%s","postalCode":"%s","region":"%s","countryCode":"US"},"taxId":%s}' "$@"; }
account_call "/v1/billing-accounts/$DEMO_TENANT" "{\"tenantId\":\"$DEMO_TENANT\",\"currencyCode\":\"USD\",
  \"timeZoneId\":\"America/New_York\",\"anchorDay\":1,\"gracePeriod\":\"1.00:00:00\",\"paymentTermsDays\":30,\"taxRate\":0.08,
  \"issuerId\":\"gpucloud-us\",\"rateCardId\":\"demo-standard\",
  \"issuer\":$(party 'GPU Cloud Inc.' '1 Compute Way' Ashburn 20147 VA '"US-12-3456789"'),
  \"customer\":$(party 'Demo Tenant LLC' '5 Model Street' 'New York' 10001 NY null)}"
# The demo's inventory: every simulated node registered (models alternate H100 and A100 by node, as
# the simulator names them), its GPUs rented from one supplier whose cost card prices them, so
# /v1/fleet/costs shows what the demo tenant's GPUs and the two idle ones on each node cost.
if ! curl -sf -H "X-Api-Key: $operator_key" "http://127.0.0.1:$api_port/v1/fleet/cost-cards/demo-supplier" >/dev/null; then
  price() { printf '{"model":"%s","migProfile":null,"pricePerGpuHour":%s}' "$@"; }
  operator_call POST /v1/fleet/cost-cards/demo-supplier/versions "{\"currency\":\"USD\",\"effectiveFrom\":\"$effective_from\",
    \"terms\":{\"prices\":[$(price 'NVIDIA H100 80GB HBM3' 2.10),$(price 'NVIDIA A100-SXM4-80GB' 1.10)],\"fixedCharges\":[],\"energyPricePerKWh\":0.12}}"
  for ((n = 0; n < NODES; n++)); do
    model='NVIDIA H100 80GB HBM3'
    ((n % 2)) && model='NVIDIA A100-SXM4-80GB'
    operator_call POST "/v1/fleet/nodes/$(printf 'sim-node-%04d' "$n")/versions" "{\"effectiveFrom\":\"$effective_from\",\"site\":\"demo-site\",
      \"supplierId\":\"demo-supplier\",\"gpus\":[{\"model\":\"$model\",\"count\":$GPUS}]}"
  done
fi
until_in_force=$(($(date -d "$effective_from" +%s) - $(date +%s) + 1))
((until_in_force > 0)) && sleep "$until_in_force"

ASPNETCORE_URLS="http://127.0.0.1:0" \
Simulation__Nodes="$NODES" Simulation__GpusPerNode="$GPUS" Simulation__Realtime=true \
Spool__Path="$DIR/spool" Allocations__Path="$DIR/allocations.json" \
  supervise NodeAgent "$LOGS/node-agent.log" run_service NodeAgent

cat <<EOF

  GPU metering is running: $NODES simulated nodes x $GPUS GPUs, sampled every second.

  API          http://127.0.0.1:$api_port      (the gateway: usage, rate cards, billing accounts, invoices,
                                          webhooks, audit, fleet costs, keys and grants; reference at /reference)
  Tenant       $DEMO_TENANT   X-Api-Key: $tenant_key
  Operator     X-Api-Key: $operator_key
  RabbitMQ UI  http://127.0.0.1:$METERING_RABBIT_MGMT_PORT  (guest / guest)
  Logs         $LOGS/*.log   (this run; $DIR/logs/latest is the newest)

  Try:
    curl -H 'X-Api-Key: $tenant_key' 'http://127.0.0.1:$api_port/v1/usage?granularity=15m&groupBy=gpuModel'
    curl -H 'X-Api-Key: $operator_key' 'http://127.0.0.1:$api_port/v1/nodes'
    curl -H 'X-Api-Key: $tenant_key' 'http://127.0.0.1:$api_port/v1/invoices/current'    # the running draft
    curl -H 'X-Api-Key: $operator_key' 'http://127.0.0.1:$api_port/v1/rate-cards/demo-standard'
    curl -H 'X-Api-Key: $operator_key' "http://127.0.0.1:$api_port/v1/fleet/costs?groupBy=tenant,class&from=$(date -u +%Y-%m-%dT%H:00:00Z)&to=$(date -u -d '+1 hour' +%Y-%m-%dT%H:00:00Z)"

  A service that exits is started again, and said so here. Ctrl-C stops everything.
EOF

# Until Ctrl-C or SIGTERM: a supervisor ends only when told to.
wait
