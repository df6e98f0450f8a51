#!/usr/bin/env bash
# Installs Debian's Chromium, the browser the portal's tests drive through Playwright
# (tests/Portal.Tests). Playwright's own browser download is never used: it needs a way out to
# Microsoft's CDN, and CI has the Debian mirror only. Does nothing when /usr/bin/chromium is there.
#
# Usage: browser.sh install
set -Eeuo pipefail

say() { printf 'browser.sh: %s\n' "$*"; }

[[ ${1:-} == install ]] || { echo "Usage: browser.sh install" >&2; exit 2; }
if [[ -x /usr/bin/chromium ]]; then
  say "$(/usr/bin/chromium --version 2>/dev/null || echo chromium) is already installed"
  exit 0
fi
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
say "installing chromium with apt-get"
log=$(mktemp)
if ! "${sudo[@]}" apt-get -qq -o DPkg::Lock::Timeout=600 update >"$log" 2>&1 ||
  ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0 \
    chromium fonts-dejavu-core >>"$log" 2>&1; then
  tail -n 40 "$log" >&2
  rm -f "$log"
  say "apt-get install chromium failed"
  exit 1
fi
rm -f "$log"
say "installed $(/usr/bin/chromium --version 2>/dev/null)"
