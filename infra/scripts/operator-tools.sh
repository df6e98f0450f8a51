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
# shellcheck source=infra/scripts/lib/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"
mapfile -t packages < <(missing_packages prometheus=prometheus docker-compose=docker-compose)
if ((${#packages[@]} == 0)); then
  say "$(prometheus --version 2>&1 | head -n 1) and $(docker-compose version --short 2>/dev/null | sed 's/^/docker-compose /') are already installed"
  exit 0
fi
apt_update
apt_install "${packages[@]}"

# Belt and braces: where no policy was honoured, the distro's Prometheus runs as its own user.
if [[ ! -e /run/systemd/system ]] && pgrep -u prometheus -x prometheus >/dev/null 2>&1; then
  say "stopping the distro prometheus service that the package started"
  "${APT_SUDO[@]}" service prometheus stop >/dev/null 2>&1 || true
fi
say "installed $(prometheus --version 2>&1 | head -n 1), docker-compose $(docker-compose version --short 2>/dev/null)"
