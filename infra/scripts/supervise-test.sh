#!/usr/bin/env bash
# Checks supervise (supervise.sh), which `make up` runs every service under, on dummy commands:
# a command that keeps exiting is started again and again, each restart said on stderr with a wait
# that doubles up to its maximum, its log keeps every run's output; SIGTERM to the supervisor stops
# it and the command it runs, and nothing restarts. Run by `make test`; takes about 5 s.
set -Eeuo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=infra/scripts/supervise.sh
source infra/scripts/supervise.sh

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "supervise-test: $*" >&2; exit 1; }
until_true() { # SECONDS CONDITION...: polls the condition until it holds or the time is up
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}
lines() { [[ -f $2 ]] && (($(grep -c -- "$3" "$2") >= $1)); }

pids=()
RESTART_DELAY=1 RESTART_DELAY_MAX=2 supervise crashing "$dir/crashing.log" bash -c 'echo "run $$"; exit 3' 2>"$dir/terminal"
crashing=${pids[-1]}
until_true 20 lines 3 "$dir/terminal" "crashing exited" || fail "three restarts were not said: $(cat "$dir/terminal")"
kill -TERM "$crashing"
wait "$crashing" || true

said=$(grep -o 'crashing exited (status 3) after [0-9]* s; restarting it in [0-9]* s' "$dir/terminal" | head -n 3 | sed 's/after [0-9]* s/after N s/')
expected="crashing exited (status 3) after N s; restarting it in 1 s
crashing exited (status 3) after N s; restarting it in 2 s
crashing exited (status 3) after N s; restarting it in 2 s"
[[ $said == "$expected" ]] || fail "the terminal said: $said"
(($(grep -c '^run ' "$dir/crashing.log") >= 3)) || fail "the log lost earlier runs: $(cat "$dir/crashing.log")"
grep -q "Its log: $dir/crashing.log" "$dir/terminal" || fail "the terminal does not name the log"

supervise running "$dir/running.log" bash -c "echo \$\$ >'$dir/running.pid'; exec sleep 600" 2>>"$dir/terminal"
running=${pids[-1]}
until_true 10 test -s "$dir/running.pid" || fail "the running command never started"
child=$(cat "$dir/running.pid")
kill -TERM "$running"
until_true 10 bash -c "! kill -0 $running 2>/dev/null" || fail "the supervisor did not stop on SIGTERM"
! kill -0 "$child" 2>/dev/null || fail "the command outlived its supervisor"
! grep -q "running exited" "$dir/terminal" || fail "a stopped command was restarted: $(cat "$dir/terminal")"
echo "supervise-test: passed"
