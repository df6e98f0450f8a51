# Sourced by test.sh and bench.sh: a PostgreSQL and a RabbitMQ of this run's own, in a fresh
# folder under .data/, stopped when the script exits whatever happens. The folder is removed
# after a clean run and kept, with whatever the run wrote there, after a failing one.

start_run_servers() {
  infra/scripts/servers.sh install
  mkdir -p .data
  run_dir=$(mktemp -d "$PWD/.data/$1-XXXXXX")
  trap stop_run_servers EXIT
  infra/scripts/servers.sh start "$run_dir"
  # shellcheck source=/dev/null
  source "$run_dir/servers.env"
}

stop_run_servers() {
  local status=$?
  infra/scripts/servers.sh stop "$run_dir" >/dev/null 2>&1 || true
  if ((status == 0)); then rm -rf "$run_dir"; else echo "Kept for inspection (servers' data, logs): $run_dir" >&2; fi
}
