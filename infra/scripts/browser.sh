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
# shellcheck source=infra/scripts/lib/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"
apt_update
apt_install chromium fonts-dejavu-core
say "installed $(/usr/bin/chromium --version 2>/dev/null)"
