# Sourced by up.sh (and supervise-test.sh): keeps a process running, restarting it whenever it
# exits, so one service's crash costs that service a restart, not the whole system.
#
# Settings (environment): RESTART_DELAY (1: seconds before the first restart), RESTART_DELAY_MAX
# (60: the longest wait), RESTART_STABLE_AFTER (60: a process that ran this many seconds before
# exiting is restarted after RESTART_DELAY again, rather than after the next, longer wait).

# supervise NAME LOG COMMAND...: runs COMMAND in the background, its output appended to LOG, and
# again each time it exits, waiting twice as long after each exit that followed a short run, and
# saying so on stderr. Ends, stopping COMMAND first, on SIGTERM or SIGINT. Its pid is appended to
# the caller's `pids` array.
supervise() {
  local name=$1 log=$2
  shift 2
  (
    child=
    stopping=
    # A signal interrupts `wait` at once; the child is stopped and waited for, then nothing restarts.
    trap 'stopping=1; [[ -n $child ]] && kill "$child" 2>/dev/null' TERM INT
    delay=${RESTART_DELAY:-1}
    while [[ -z $stopping ]]; do
      started=$SECONDS
      echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) starting $name" >>"$log"
      "$@" >>"$log" 2>&1 &
      child=$!
      status=0
      # The shell's own report of a killed child ("Killed") would only repeat the status said below.
      wait "$child" 2>/dev/null || status=$?
      # Interrupted by a signal: the child may still be stopping.
      while kill -0 "$child" 2>/dev/null; do wait "$child" 2>/dev/null || status=$?; done
      child=
      [[ -n $stopping ]] && break
      ran=$((SECONDS - started))
      ((ran >= ${RESTART_STABLE_AFTER:-60})) && delay=${RESTART_DELAY:-1}
      echo "$(date -u +%H:%M:%SZ) $name exited (status $status) after ${ran} s; restarting it in ${delay} s. Its log: $log" >&2
      echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) $name exited (status $status); restarting in ${delay} s" >>"$log"
      sleep "$delay" &
      child=$!
      wait "$child" || true
      child=
      delay=$((delay * 2 > ${RESTART_DELAY_MAX:-60} ? ${RESTART_DELAY_MAX:-60} : delay * 2))
    done
  ) &
  pids+=($!)
}
