# How the project's scripts install Debian packages (apt-get, with sudo when not root). Sourced,
# never run; the caller defines say. Each function exits the script, with apt-get's own last
# lines, when apt-get fails.

APT_SUDO=()
[[ $(id -u) -eq 0 ]] || APT_SUDO=(sudo)

# Prints, one per line, the PACKAGE of each FILE=PACKAGE whose FILE is missing: an absolute path
# that must be executable, or a command that must be on PATH.
missing_packages() { # FILE=PACKAGE...
  local pair file
  for pair in "$@"; do
    file=${pair%%=*}
    if [[ $file == /* ]]; then [[ -x $file ]] && continue; else command -v "$file" >/dev/null && continue; fi
    printf '%s\n' "${pair#*=}"
  done
}

apt_failed() { # LOG WHAT
  tail -n 40 "$1" >&2
  rm -f "$1"
  say "$2 failed"
  exit 1
}

# apt-get has a built-in wait for the dpkg lock (DPkg::Lock::Timeout) but not for the package
# lists lock that `update` takes, so another apt-get running at the same time (CI images often
# have one) would make update fail at once. Retry that case only.
apt_update() {
  local log deadline=$((SECONDS + 600))
  log=$(mktemp)
  until "${APT_SUDO[@]}" apt-get -qq -o DPkg::Lock::Timeout=600 update >"$log" 2>&1; do
    if ! grep -q 'Could not get lock' "$log" || ((SECONDS > deadline)); then apt_failed "$log" "apt-get update"; fi
    sleep 2
  done
  rm -f "$log"
}

# Installs PACKAGES from the lists apt_update read, without their recommendations (services of
# their own, such as prometheus' node exporter or sysstat), and without starting any service a
# package ships: a policy-rc.d that answers 101 ("action forbidden") stops invoke-rc.d while it
# runs. Container images often ship one already, and then it is not ours to touch.
apt_install() { # PACKAGE...
  local policy=/usr/sbin/policy-rc.d guard="" log
  if [[ ! -e $policy ]]; then
    guard=$policy
    printf '#!/bin/sh\n# temporary, from the project'"'"'s apt_install\nexit 101\n' | "${APT_SUDO[@]}" tee "$policy" >/dev/null
    "${APT_SUDO[@]}" chmod 755 "$policy"
    # shellcheck disable=SC2064 # expand now: the trap must remove this very file
    trap "${APT_SUDO[*]} rm -f '$policy'" EXIT
  fi
  say "installing $* with apt-get"
  log=$(mktemp)
  "${APT_SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0 "$@" >"$log" 2>&1 ||
    apt_failed "$log" "apt-get install $*"
  rm -f "$log"
  if [[ -n $guard ]]; then
    "${APT_SUDO[@]}" rm -f "$guard"
    trap - EXIT
  fi
}
