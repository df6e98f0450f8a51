#!/usr/bin/env bash
# The demo fleet's allocations and its business setup, shared by `make up` (infra/scripts/up.sh)
# and docker-compose.yml so that both show the same demo.
#
#   demo.sh allocations FILE NODES GPUS TENANT
#       Writes the agent's allocation file: TENANT holds all but the last two GPUs of every node,
#       the last of them on spot terms; the other two stay unallocated, so the demo shows that
#       sampled but unallocated seconds are billed to nobody.
#   demo.sh seed API OPERATOR_KEY NODES GPUS TENANT
#       Through the gateway at API, once it answers: the rate card, TENANT's billing account, and
#       the inventory (every simulated node, its supplier and cost card), then waits until the card
#       is in force, so the fleet starts sampling only once its seconds can be priced. Whatever
#       exists already (a restart keeps the card and the account) is left as it is.
set -Eeuo pipefail

allocations() { # FILE NODES GPUS TENANT
  local file=$1 nodes=$2 gpus=$3 tenant=$4 n g class
  {
    echo '{ "allocations": ['
    for ((n = 0; n < nodes; n++)); do
      for ((g = 0; g < gpus - 2; g++)); do
        class=on-demand
        ((g == gpus - 3)) && class=spot
        printf '  {"gpuUuid": "GPU-sim-node-%04d-%02d", "tenantId": "%s", "workloadId": "demo-training", "allocationClass": "%s"},\n' \
          "$n" "$g" "$tenant" "$class"
      done
    done | sed '$ s/,$//'
    echo '] }'
  } >"$file"
}

seed() { # API OPERATOR_KEY NODES GPUS TENANT
  local api=$1 key=$2 nodes=$3 gpus=$4 tenant=$5 n model
  # Invoicing hears of a rate card a moment after pricing publishes it, and until then refuses an
  # account naming it as one it does not know yet: an answer containing WAIT_OUT, and only it, is
  # waited out (30 s at most).
  call() { # METHOD PATH JSON [WAIT_OUT]
    local answer
    for _ in $(seq 1 60); do
      answer=$(curl -sS -X "$1" -H "X-Api-Key: $key" -H 'Content-Type: application/json' -w '\n%{http_code}' "$api$2" -d "$3") || break
      [[ ${answer##*$'\n'} == 2* ]] && return 0
      [[ -n ${4:-} && $answer == *"$4"* ]] || break
      sleep 0.5
    done
    echo "$1 $2 failed: $answer" >&2
    exit 1
  }
  exists() { curl -sf -H "X-Api-Key: $key" "$api$1" >/dev/null; }
  for _ in $(seq 1 120); do curl -sf "$api/health/ready" >/dev/null && break; sleep 1; done

  # A rate card takes effect from the moment it is published, never before. The margin covers the
  # first calls through a cold gateway on a busy machine.
  local effective_from
  effective_from=$(date -u -d '+20 seconds' +%Y-%m-%dT%H:%M:%SZ)
  if ! exists /v1/rate-cards/demo-standard; then
    rate() { printf '{"key":{"gpuModel":"%s","migProfile":null,"allocationClass":"%s"},"model":"per-unit","pricePerGpuHour":%s,"tiers":[]}' "$@"; }
    call POST /v1/rate-cards/demo-standard/versions "{\"currency\":\"USD\",\"effectiveFrom\":\"$effective_from\",\"terms\":{\"rates\":[
      $(rate 'NVIDIA H100 80GB HBM3' on-demand 3.20),$(rate 'NVIDIA H100 80GB HBM3' spot 1.40),
      $(rate 'NVIDIA A100-SXM4-80GB' on-demand 1.80),$(rate 'NVIDIA A100-SXM4-80GB' spot 0.75)]}}"
  fi
  party() { printf '{"name":"%s","address":{"lines":["%s"],"city":"%s","postalCode":"%s","region":"%s","countryCode":"US"},"taxId":%s}' "$@"; }
  call PUT "/v1/billing-accounts/$tenant" "{\"tenantId\":\"$tenant\",\"currencyCode\":\"USD\",
    \"timeZoneId\":\"America/New_York\",\"anchorDay\":1,\"gracePeriod\":\"1.00:00:00\",\"paymentTermsDays\":30,\"taxRate\":0.08,
    \"issuerId\":\"gpucloud-us\",\"rateCardId\":\"demo-standard\",
    \"issuer\":$(party 'GPU Cloud Inc.' '1 Compute Way' Ashburn 20147 VA '"US-12-3456789"'),
    \"customer\":$(party 'Demo Tenant LLC' '5 Model Street' 'New York' 10001 NY null)}" "does not know yet"
  # The inventory: every simulated node registered (models alternate H100 and A100 by node, as the
  # simulator names them), its GPUs rented from one supplier whose cost card prices them, so
  # /v1/fleet/costs shows what the demo tenant's GPUs and the two idle ones on each node cost.
  if ! exists /v1/fleet/cost-cards/demo-supplier; then
    price() { printf '{"model":"%s","migProfile":null,"pricePerGpuHour":%s}' "$@"; }
    call POST /v1/fleet/cost-cards/demo-supplier/versions "{\"currency\":\"USD\",\"effectiveFrom\":\"$effective_from\",
      \"terms\":{\"prices\":[$(price 'NVIDIA H100 80GB HBM3' 2.10),$(price 'NVIDIA A100-SXM4-80GB' 1.10)],\"fixedCharges\":[],\"energyPricePerKWh\":0.12}}"
    for ((n = 0; n < nodes; n++)); do
      model='NVIDIA H100 80GB HBM3'
      ((n % 2)) && model='NVIDIA A100-SXM4-80GB'
      call POST "/v1/fleet/nodes/$(printf 'sim-node-%04d' "$n")/versions" "{\"effectiveFrom\":\"$effective_from\",\"site\":\"demo-site\",
        \"supplierId\":\"demo-supplier\",\"gpus\":[{\"model\":\"$model\",\"count\":$gpus}]}"
    done
  fi
  local until_in_force=$(($(date -d "$effective_from" +%s) - $(date +%s) + 1))
  if ((until_in_force > 0)); then sleep "$until_in_force"; fi
}

case ${1:-} in
  allocations) shift; allocations "$@" ;;
  seed) shift; seed "$@" ;;
  *) sed -n '2,13p' "$0" >&2; exit 2 ;;
esac
