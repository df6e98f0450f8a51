#!/usr/bin/env bash
# Installs what the operators' tests run (tests/Operations.Tests): Debian's Prometheus, which a
# test runs as an ordinary process scraping the services with a config and data folder of its
# own, and Debian's docker-compose 1.29, whose `config` validates docker-compose.yml without a
# Docker engine. Neither package may leave a service of its own running: the test's Prometheus
# is the only one, on a port it picked. Does nothing when both are there.
#
# Usage: operator-tools.sh install
set -Eeuo pipefail

say() { printf 'operator-tools.sh: %s\n' "$*"; }

[[ ${1:-} == install ]] || { echo "Usage: operator-tools.sh install" >&2; exit 2; }
packages=()
command -v prometheus >/dev/null || packages+=(prometheus)
command -v docker-compose >/dev/null || packages+=(docker-compose)
if ((${#packages[@]} == 0)); then
  say "$(prometheus --version 2>&1 | head -n 1) and $(docker-compose version --short 2>/dev/null | sed 's/^/docker-compose /') are already installed"
  exit 0
fi
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)

# The prometheus package asks invoke-rc.d to start its service; a policy-rc.d that answers 101
# ("action forbidden") stops that. Container images often ship one already, and then it is not
# ours to touch.
policy=/usr/sbin/policy-rc.d
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\n# temporary, from operator-tools.sh install\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod 755 "$policy"
  # shellcheck disable=SC2064 # expand now: the trap must remove this very file
  trap "${sudo[*]} rm -f '$policy'" EXIT
fi

say "installing ${packages[*]} with apt-get"
log=$(mktemp)
# --no-install-recommends: prometheus recommends its node exporter, a service of its own.
if ! "${sudo[@]}" apt-get -qq -o DPkg::Lock::Timeout=600 update >"$log" 2>&1 ||
  ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0 \
    "${packages[@]}" >>"$log" 2>&1; then
  tail -n 40 "$log" >&2
  rm -f "$log"
  say "apt-get install ${packages[*]} failed"
  exit 1
fi
rm -f "$log"

# Belt and braces: where no policy was honoured, the distro's Prometheus runs as its own user.
if [[ ! -e /run/systemd/system ]] && pgrep -u prometheus -x prometheus >/dev/null 2>&1; then
  say "stopping the distro prometheus service that the package started"
  "${sudo[@]}" service prometheus stop >/dev/null 2>&1 || true
fi
say "installed $(prometheus --version 2>&1 | head -n 1), docker-compose $(docker-compose version --short 2>/dev/null)"
