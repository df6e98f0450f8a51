#!/usr/bin/env bash
# Runs a private PostgreSQL 15 and RabbitMQ 3.10 as ordinary processes, with every
# file they write inside one data folder. Development and CI machines have no Docker
# engine and no systemd, and several runs (a developer's `make up` and a test run, or
# two test runs) must be able to live side by side, so nothing here uses fixed ports,
# the distro's clusters, /var or the default Erlang port mapper.
#
# Usage:
#   servers.sh install
#   servers.sh start  DIR [--pg-port N] [--amqp-port N]
#   servers.sh stop   DIR
#   servers.sh status DIR
#
# `start` writes DIR/servers.env (`export NAME=value` lines) for other scripts to
# `source`. Layout of DIR:
#   servers.state    ports and node name, so stop/status/a later start can find them
#   servers.env      connection settings, written last: its presence means "started"
#   postgres/        owned by the postgres user when run as root; socket and log here
#     data/          PGDATA
#   rabbitmq/        HOME (Erlang cookie), mnesia, logs, pid file, config

set -Eeuo pipefail

# The servers' well-known ports: never picked, so a distro PostgreSQL or RabbitMQ started later still fits.
RESERVED_PORTS="5432 5672 15672 25672 4369"
# shellcheck source=infra/scripts/lib/processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/processes.sh"
# shellcheck source=infra/scripts/lib/apt.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"

# Our own stdout and stderr, kept as fds 3 and 4: when set -e fires inside a function
# whose output is redirected to a log, the traps below run with that redirection still
# in place, and their messages would vanish into the log. Daemons get these closed
# (`3>&- 4>&-`): a server holding the caller's pipe open would hang `$(servers.sh ...)`.
exec 3>&2 4>&1

# set -e alone exits without a word; name the command that failed (a failing start
# step is reported by on_start_exit instead). Subshells inherit the trap, so report
# only in the main shell, once.
on_err() {
  local status=$?
  ((BASH_SUBSHELL)) || [[ -n $CURRENT_STEP ]] || say "failed (exit $status) at line $1: $2"
}
trap 'on_err $LINENO "$BASH_COMMAND"' ERR

readonly PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
readonly RABBIT_BIN=${RABBIT_BIN:-/usr/lib/rabbitmq/bin}
readonly DATABASE=metering
# Superuser name fixed regardless of who runs initdb, so the connection string is the
# same for root (who runs PostgreSQL as `postgres`) and for an ordinary user.
readonly PG_SUPERUSER=postgres
# PostgreSQL refuses to run as root; this account comes with the distro package.
readonly PG_OS_USER=postgres
readonly LOOPBACK=127.0.0.1

usage() {
  cat <<'EOF'
Usage:
  servers.sh install
      Install postgresql-15 and rabbitmq-server with apt-get if missing (sudo when not
      root), and Slurm with munge (slurm.sh install). Leaves no distro service running.
  servers.sh start DIR [--pg-port N] [--amqp-port N]
      Start PostgreSQL and RabbitMQ with their data in DIR, on 127.0.0.1 only, on free
      ports unless given. Writes DIR/servers.env. Fails if DIR's servers already run.
  servers.sh stop DIR
      Stop the servers DIR's own files name. Pieces already stopped are fine.
  servers.sh status DIR
      Print whether each server is running; exit 0 only if both are.
  servers.sh down DIR rabbitmq|postgres
  servers.sh up DIR rabbitmq|postgres
      Stop or start one server of DIR's set on its same ports (fault tests).
EOF
}

say() { printf 'servers.sh: %s\n' "$*" >&3; }
die() { say "$*"; exit 1; }

is_root() { [[ $(id -u) -eq 0 ]]; }

# ---------------------------------------------------------------------------------
# install

cmd_install() {
  local -a packages=() sudo=()
  is_root || sudo=(sudo)

  mapfile -t packages < <(missing_packages /usr/lib/postgresql/15/bin/pg_ctl=postgresql /usr/lib/rabbitmq/bin/rabbitmq-server=rabbitmq-server)
  if ((${#packages[@]} == 0)); then
    say "postgresql 15 and rabbitmq-server are already installed"
    return 0
  fi

  apt_update

  # `postgresql` is the distro's current major version; ask for 15 by name where the
  # archive has it, since that is the version the project runs.
  if [[ ${packages[0]} == postgresql ]] && apt-cache show postgresql-15 >/dev/null 2>&1; then
    packages[0]=postgresql-15
  fi
  # The postgresql package creates a cluster `main` on port 5432 and, like rabbitmq-server,
  # would start its service (apt_install stops that).
  local clusters_before=""
  clusters_before=$(online_clusters)
  apt_install "${packages[@]}"

  # Belt and braces: a policy-rc.d that allowed starts (or none honoured) may have
  # left the distro's cluster running on 5432. Stop only clusters our install started.
  local cluster
  for cluster in $(online_clusters); do
    if ! grep -qx -- "$cluster" <<<"$clusters_before"; then
      say "stopping the distro cluster $cluster that the package started"
      "${sudo[@]}" pg_ctlcluster "${cluster%/*}" "${cluster#*/}" stop || true
    fi
  done
  if [[ ! -e /run/systemd/system ]] && pgrep -u rabbitmq -x beam.smp >/dev/null 2>&1; then
    say "stopping the distro rabbitmq-server service that the package started"
    "${sudo[@]}" service rabbitmq-server stop >/dev/null 2>&1 || true
  fi
  say "installed ${packages[*]}"
}

# "15/main" lines for the distro's running clusters (none before postgresql-common).
online_clusters() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 0
  pg_lsclusters -h 2>/dev/null | awk '$4 == "online" { print $1 "/" $2 }'
}

# ---------------------------------------------------------------------------------
# state of DIR

# Set by load_dir / read_state / choose_ports; shared by the commands below.
DIR="" PG_DIR="" PG_DATA="" RABBIT_DIR="" RABBIT_PIDFILE="" STATE_FILE="" ENV_FILE=""
NODENAME="" PG_PORT="" AMQP_PORT="" MGMT_PORT="" DIST_PORT="" EPMD_PORT=""

load_dir() {
  local dir=$1 create=$2
  if [[ $create == yes ]]; then
    mkdir -p -- "$dir"
  elif [[ ! -d $dir ]]; then
    return 1
  fi
  DIR=$(cd -- "$dir" && pwd -P)
  PG_DIR=$DIR/postgres
  PG_DATA=$PG_DIR/data
  RABBIT_DIR=$DIR/rabbitmq
  RABBIT_PIDFILE=$RABBIT_DIR/rabbitmq.pid
  STATE_FILE=$DIR/servers.state
  ENV_FILE=$DIR/servers.env
}

# Parsed rather than sourced: only known keys with plain values are taken.
read_state() {
  [[ -f $STATE_FILE ]] || return 1
  local key value
  while IFS='=' read -r key value; do
    case $key in
      NODENAME)
        if [[ $value =~ ^[A-Za-z0-9_-]+$ ]]; then NODENAME=$value; fi ;;
      PG_PORT | AMQP_PORT | MGMT_PORT | DIST_PORT | EPMD_PORT)
        if [[ $value =~ ^[0-9]+$ ]]; then printf -v "$key" '%s' "$value"; fi ;;
    esac
  done <"$STATE_FILE"
}

write_state() {
  local tmp=$STATE_FILE.tmp
  {
    echo "# written by servers.sh start; read by stop, status and the next start"
    echo "NODENAME=$NODENAME"
    echo "PG_PORT=$PG_PORT"
    echo "AMQP_PORT=$AMQP_PORT"
    echo "MGMT_PORT=$MGMT_PORT"
    echo "DIST_PORT=$DIST_PORT"
    echo "EPMD_PORT=$EPMD_PORT"
  } >"$tmp"
  mv -f -- "$tmp" "$STATE_FILE"
}

pg_pid() { if [[ -f $PG_DATA/postmaster.pid ]]; then head -n 1 "$PG_DATA/postmaster.pid"; fi; }
rabbit_pid() { if [[ -f $RABBIT_PIDFILE ]]; then tr -d '[:space:]' <"$RABBIT_PIDFILE"; fi; }

pg_running() { pid_is "$(pg_pid)" postgres; }
rabbit_running() { pid_is "$(rabbit_pid)" beam.smp; }

# ---------------------------------------------------------------------------------
# ports

# Explicit ports must be free; otherwise keep the ports of DIR's previous run when
# they are still free (stable ports for a developer's long-lived DIR), else pick.
choose_ports() {
  local want_pg=$1 want_amqp=$2 name port previous
  local -a taken=()
  [[ -z $want_pg ]] || taken+=("$want_pg")
  [[ -z $want_amqp ]] || taken+=("$want_amqp")
  scan_listening_ports
  init_port_range
  for name in PG_PORT AMQP_PORT MGMT_PORT DIST_PORT EPMD_PORT; do
    previous=${!name}
    port=""
    case $name in
      PG_PORT) port=$want_pg ;;
      AMQP_PORT) port=$want_amqp ;;
    esac
    if [[ -n $port ]]; then
      port_free "$port" || die "port $port is already in use on this machine"
    elif [[ -n $previous ]] && port_free "$previous" && [[ " ${taken[*]} " != *" $previous "* ]]; then
      port=$previous
    else
      pick_port "${taken[@]}"
      port=$PICKED
    fi
    taken+=("$port")
    printf -v "$name" '%s' "$port"
  done
}

# Ports are picked free, but another program can bind one before the server does: nothing
# reserves a port between the check and the bind. `start` therefore starts a server that
# failed for that reason again on ports picked anew, a few times. A port given on the
# command line is never moved, and neither are the ports of `up` (clients know them).
readonly BIND_TRIES=5
# What PostgreSQL, the node (AMQP, management, distribution) and the node or the CLI (epmd) say.
readonly PORT_TAKEN='eaddrinuse|address already in use|could not bind to distribution port|dist_port_use_check_fail|register/listen error|nodistribution'
MOVABLE_PORTS=()

# SERVER NAME...: picks a new free port for each named setting that may move; false if none may.
move_ports() {
  local server=$1 name moved=()
  shift
  scan_listening_ports
  for name; do
    [[ " ${MOVABLE_PORTS[*]} " == *" $name "* ]] || continue
    pick_port "$PG_PORT" "$AMQP_PORT" "$MGMT_PORT" "$DIST_PORT" "$EPMD_PORT"
    moved+=("$name ${!name} -> $PICKED")
    printf -v "$name" '%s' "$PICKED"
  done
  ((${#moved[@]})) || return 1
  say "$server could not bind a port that was free when picked (another program took it); again on new ports: ${moved[*]}"
  write_state
}

check_port_arg() {
  if [[ ! $2 =~ ^[0-9]+$ ]] || (($2 < 1024 || $2 > 65535)); then
    die "$1 needs a port number from 1024 to 65535, got '$2'"
  fi
}

# ---------------------------------------------------------------------------------
# PostgreSQL

# Runs a PostgreSQL program as the account that owns the data: `postgres` when we are
# root (the server refuses root), ourselves otherwise. From / because root's working
# directory is often one that user may not enter.
as_pg() {
  if is_root; then
    (cd / && runuser -u "$PG_OS_USER" -- "$@")
  else
    "$@"
  fi
}

prepare_postgres_dir() {
  mkdir -p -- "$PG_DIR"
  is_root || return 0
  chown "$PG_OS_USER:" "$PG_DIR"
  if ! as_pg test -w "$PG_DIR"; then
    # mktemp -d makes DIR 0700; the postgres user needs to pass through it (search
    # permission only, no listing).
    chmod a+x -- "$DIR"
    as_pg test -w "$PG_DIR" ||
      die "the $PG_OS_USER user cannot reach $PG_DIR: a parent folder is closed to other users; use a DIR elsewhere (the repository or /tmp)"
  fi
  # Created by its owner: the redirections below, run as root, would otherwise create
  # it as root's, and the server could not write to it.
  as_pg touch "$PG_DIR/postgres.log"
}

start_postgres() {
  local log=$PG_DIR/postgres.log
  # The server's socket path has a hard limit of 107 bytes.
  ((${#PG_DIR} + 16 <= 107)) || die "path too long for a unix socket: $PG_DIR (use a shorter DIR)"

  if [[ ! -f $PG_DATA/PG_VERSION ]]; then
    step "creating the PostgreSQL cluster (initdb)" "$log"
    # --locale=C: the same collation on every machine whatever its LANG, and no
    # dependence on generated locales. --no-sync: a fresh test cluster need not
    # survive a power cut, and fsyncing initdb's files costs seconds.
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_SUPERUSER" -A trust -E UTF8 \
      --locale=C --no-sync >>"$log" 2>&1
  fi

  step "starting PostgreSQL" "$log"
  # Settings on the command line, not in postgresql.conf, because ports change from
  # run to run. pg_ctl hands -o to /bin/sh, hence the quoting of the socket path.
  # max_connections: the default 100 is less than the test suites hold at once (every
  # service instance under test keeps its leaders' connections and a pool), which made
  # tests fail with 53300 "too many clients" where nothing was wrong.
  local socket_dir
  socket_dir=$(printf '%q' "$PG_DIR")
  local tries=1 from
  from=$(size_of "$log")
  # shellcheck disable=SC2094 # the server and pg_ctl both only append to the log
  until as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$log" -w -t 60 -s \
    -o "-p $PG_PORT -k $socket_dir -c listen_addresses=$LOOPBACK -c max_connections=300" start >>"$log" 2>&1 3>&- 4>&-; do
    if ((tries++ >= BIND_TRIES)) || ! port_taken_since "$log" "$from" || ! move_ports PostgreSQL PG_PORT; then return 1; fi
    from=$(size_of "$log")
  done

  step "creating the database $DATABASE" "$log"
  # CREATE DATABASE cannot run inside a transaction, and `psql -c` wraps several
  # statements in one; \gexec from stdin runs the generated statement on its own.
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$LOOPBACK" -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres >>"$log" 2>&1 <<SQL
SELECT 'CREATE DATABASE $DATABASE' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DATABASE')
\gexec
SQL
}

stop_postgres() {
  local pid
  pid=$(pg_pid)
  if ! pid_is "$pid" postgres; then
    echo "postgres: was not running"
    return 0
  fi
  if as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 -s stop >>"$PG_DIR/postgres.log" 2>&1; then
    echo "postgres: stopped (pid $pid)"
  else
    tail -n 20 "$PG_DIR/postgres.log" >&2 || true
    say "postgres: pg_ctl stop failed (pid $pid)"
    return 1
  fi
}

# ---------------------------------------------------------------------------------
# RabbitMQ

# Everything RabbitMQ and its CLI read comes from here, so nothing of /etc/rabbitmq,
# /var/lib/rabbitmq, /var/log or the shared port mapper on 4369 is used. rabbitmqctl
# finds the node through the same HOME (cookie), node name and ERL_EPMD_PORT.
rabbit_env() {
  export HOME=$RABBIT_DIR/home
  export RABBITMQ_NODENAME=$NODENAME@localhost
  export RABBITMQ_NODE_IP_ADDRESS=$LOOPBACK
  export RABBITMQ_NODE_PORT=$AMQP_PORT
  export RABBITMQ_DIST_PORT=$DIST_PORT
  export RABBITMQ_MNESIA_BASE=$RABBIT_DIR/mnesia
  export RABBITMQ_LOG_BASE=$RABBIT_DIR/log
  export RABBITMQ_PID_FILE=$RABBIT_PIDFILE
  export RABBITMQ_CONFIG_FILE=$RABBIT_DIR/rabbitmq.conf
  export RABBITMQ_ADVANCED_CONFIG_FILE=$RABBIT_DIR/advanced.config
  export RABBITMQ_ENABLED_PLUGINS_FILE=$RABBIT_DIR/enabled_plugins
  # Never exists: keeps /etc/rabbitmq/rabbitmq-env.conf from overriding the above.
  export RABBITMQ_CONF_ENV_FILE=$RABBIT_DIR/rabbitmq-env.conf
  export ERL_EPMD_PORT=$EPMD_PORT
  export ERL_EPMD_ADDRESS=$LOOPBACK
  # A crashing VM writes its dump to the working directory by default.
  export ERL_CRASH_DUMP=$RABBIT_DIR/erl_crash.dump
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  # The CLI is an Erlang node too; keep its distribution listener on loopback as well.
  export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

# fds 3 and 4 closed: the CLI's VM starts the port mapper when none is running yet.
# exec: the CLI's VM is then this very process, and killing it leaves nothing behind.
rabbitmqctl() { (rabbit_env && exec "$RABBIT_BIN/rabbitmqctl" "$@") 3>&- 4>&-; }

prepare_rabbit_dir() {
  mkdir -p -- "$RABBIT_DIR/home" "$RABBIT_DIR/mnesia" "$RABBIT_DIR/log"
  # Written before the node starts so the node and the CLI cannot race to create
  # different cookies.
  local cookie=$RABBIT_DIR/home/.erlang.cookie
  if [[ ! -s $cookie ]]; then
    (umask 077 && od -An -N16 -tx1 /dev/urandom | tr -d ' \n' | tr 'a-f' 'A-F' >"$cookie")
    chmod 400 -- "$cookie"
  fi
  cat >"$RABBIT_DIR/rabbitmq.conf" <<EOF
# written by servers.sh start (ports change from run to run)
management.tcp.ip = $LOOPBACK
management.tcp.port = $MGMT_PORT
EOF
  echo '[rabbitmq_management].' >"$RABBIT_DIR/enabled_plugins"
  # A pid file left by a killed node would satisfy `rabbitmqctl wait` at once.
  rm -f -- "$RABBIT_PIDFILE"
}

# Not `rabbitmq-server -detached`: that discards the console, which is the only place
# an error found before the node's logging is up (a bad config file, say) is written,
# and the VM then dies before writing its pid file, so `rabbitmqctl wait` sits out its
# whole timeout. Started as our own background job in a session of its own instead,
# the console goes to a file and we can tell when the node dies while booting. The
# rabbitmq-server script stays as the VM's parent and turns SIGTERM into a clean stop.
RABBIT_LAUNCHER="" RABBIT_CONSOLE_FROM=0 RABBIT_LOG_FROM=0 RABBIT_CLI_FROM=0
launch_rabbit() {
  step "launching RabbitMQ" "$RABBIT_DIR/log/console.log"
  RABBIT_CONSOLE_FROM=$(size_of "$RABBIT_DIR/log/console.log")
  RABBIT_LOG_FROM=$(size_of "$RABBIT_DIR/log/$NODENAME@localhost.log")
  RABBIT_CLI_FROM=$(size_of "$RABBIT_DIR/log/cli.log")
  # From DIR so the VM's working directory is not wherever the caller happened to be.
  (rabbit_env && cd "$RABBIT_DIR" && exec setsid "$RABBIT_BIN/rabbitmq-server") \
    </dev/null >>"$RABBIT_DIR/log/console.log" 2>&1 3>&- 4>&- &
  RABBIT_LAUNCHER=$!
}

# `rabbitmqctl wait` returns once the node has booted; if the node dies first, say so
# at once rather than after the wait's timeout. (Polled: `wait -n` misses a job that
# has already ended.)
wait_rabbit() {
  step "waiting for RabbitMQ to boot" "$RABBIT_DIR/log/$NODENAME@localhost.log"
  # A single subshell that execs, so $! is the CLI's VM itself and can be killed.
  (rabbit_env && exec "$RABBIT_BIN/rabbitmqctl" -q wait --timeout 120 "$RABBIT_PIDFILE") \
    >>"$RABBIT_DIR/log/cli.log" 2>&1 3>&- 4>&- &
  local waiter=$!
  while process_alive "$waiter"; do
    if ! process_alive "$RABBIT_LAUNCHER"; then
      kill -KILL "$waiter" 2>/dev/null || true # only the CLI, nothing to save
      wait "$waiter" 2>/dev/null || true
      step "booting RabbitMQ: the node exited" "$RABBIT_DIR/log/console.log"
      show_log "$RABBIT_DIR/log/$NODENAME@localhost.log"
      return 1
    fi
    sleep 0.1
  done
  wait "$waiter"
}

# True if the node launched last said that a port was taken.
rabbit_port_taken() {
  port_taken_since "$RABBIT_DIR/log/console.log" "$RABBIT_CONSOLE_FROM" ||
    port_taken_since "$RABBIT_DIR/log/$NODENAME@localhost.log" "$RABBIT_LOG_FROM" ||
    port_taken_since "$RABBIT_DIR/log/cli.log" "$RABBIT_CLI_FROM"
}

# wait_rabbit, and while the node died because a port was taken, launches it again on new ports.
wait_rabbit_moving_ports() {
  local tries=1
  until wait_rabbit; do
    if ((tries++ >= BIND_TRIES)) || ! rabbit_port_taken; then return 1; fi
    # The port mapper the node started stays on the old port unless stopped there.
    stop_booting_rabbit >/dev/null || true
    stop_epmd >/dev/null || true
    move_ports RabbitMQ AMQP_PORT MGMT_PORT DIST_PORT EPMD_PORT || return 1
    prepare_rabbit_dir
    launch_rabbit
  done
}

# The port mapper is started by the node's VM and outlives it. `-names` answers only if
# an epmd listens there, so nothing else on that port is sent a kill.
stop_epmd() {
  [[ -n $EPMD_PORT ]] || return 0
  local epmd tries
  epmd=$(command -v epmd || compgen -G '/usr/lib/erlang/erts-*/bin/epmd' | head -n 1) || return 0
  ERL_EPMD_ADDRESS=$LOOPBACK "$epmd" -port "$EPMD_PORT" -names >/dev/null 2>&1 || return 0
  # It refuses while a node is registered; the CLI node of a stop just finished may
  # still be deregistering.
  for ((tries = 0; tries < 50; tries++)); do
    if ERL_EPMD_ADDRESS=$LOOPBACK "$epmd" -port "$EPMD_PORT" -kill >/dev/null 2>&1; then
      echo "epmd: stopped (port $EPMD_PORT)"
      return 0
    fi
    sleep 0.1
  done
  say "epmd on port $EPMD_PORT refused to stop (a node is still registered)"
  return 1
}

stop_rabbit() {
  local pid tries
  pid=$(rabbit_pid)
  if ! pid_is "$pid" beam.smp; then
    echo "rabbitmq: was not running"
    rm -f -- "$RABBIT_PIDFILE"
    return 0
  fi
  # rabbitmqctl stop PIDFILE returns once the VM has exited.
  if rabbitmqctl -q stop "$RABBIT_PIDFILE" >>"$RABBIT_DIR/log/cli.log" 2>&1; then
    echo "rabbitmq: stopped (pid $pid)"
    return 0
  fi
  # The CLI could not reach the node (a wedged VM, a lost cookie): SIGTERM also makes
  # the VM shut down cleanly; SIGKILL only if that does not finish.
  say "rabbitmq: rabbitmqctl stop failed; sending SIGTERM to pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for ((tries = 0; tries < 300; tries++)); do
    pid_is "$pid" beam.smp || { echo "rabbitmq: stopped (pid $pid)"; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  echo "rabbitmq: killed (pid $pid)"
}

# ---------------------------------------------------------------------------------
# commands

# What start is doing now and where that step logs, for the report on failure.
CURRENT_STEP="" CURRENT_LOG=""
step() { CURRENT_STEP=$1 CURRENT_LOG=$2; }

# Prints the part of a log that explains a failure: RabbitMQ's cause is in its first
# [error] lines (what follows is supervisor noise and the shutdown), PostgreSQL's at
# the end.
show_log() {
  local log=$1
  [[ -s $log ]] || return 0
  if grep -q '\[error\]' "$log"; then
    say "first errors in $log:"
    grep -m 15 '\[error\]' "$log" | sed 's/^/    /' >&3
  else
    say "last lines of $log:"
    tail -n 30 "$log" | sed 's/^/    /' >&3
  fi
}

# On a failed start: show why, then take down whatever did start, so the next start
# on DIR begins clean and nothing is left holding ports.
on_start_exit() {
  local status=$1
  if ((status == 0)); then return 0; fi
  trap - EXIT
  exec 1>&4 2>&3
  say "start failed (exit $status) while ${CURRENT_STEP:-preparing $DIR}"
  if [[ -n $CURRENT_LOG ]]; then show_log "$CURRENT_LOG"; fi
  if [[ $CURRENT_LOG == "$RABBIT_DIR"/log/*@localhost.log ]]; then show_log "$RABBIT_DIR/log/cli.log"; fi
  say "stopping what was started"
  CURRENT_STEP=""
  stop_all >&2 || true
  stop_booting_rabbit >&2 || true
  exit "$status"
}

# A node interrupted before it wrote its pid file is invisible to stop_all; its
# launcher (the rabbitmq-server script) turns SIGTERM into a stop of the VM.
stop_booting_rabbit() {
  local tries
  if [[ -z $RABBIT_LAUNCHER ]] || ! process_alive "$RABBIT_LAUNCHER"; then return 0; fi
  kill -TERM "$RABBIT_LAUNCHER" 2>/dev/null || true
  for ((tries = 0; tries < 300; tries++)); do
    process_alive "$RABBIT_LAUNCHER" || break
    sleep 0.1
  done
  if process_alive "$RABBIT_LAUNCHER"; then
    say "rabbitmq: the booting node did not stop; its launcher is pid $RABBIT_LAUNCHER"
    return 1
  fi
  echo "rabbitmq: stopped while booting"
  stop_epmd
}

cmd_start() {
  local dir="" want_pg="" want_amqp=""
  while (($#)); do
    case $1 in
      --pg-port | --amqp-port)
        (($# >= 2)) || die "$1 needs a value"
        check_port_arg "$1" "$2"
        if [[ $1 == --pg-port ]]; then want_pg=$2; else want_amqp=$2; fi
        shift 2 ;;
      --pg-port=* | --amqp-port=*)
        check_port_arg "${1%%=*}" "${1#*=}"
        if [[ $1 == --pg-port=* ]]; then want_pg=${1#*=}; else want_amqp=${1#*=}; fi
        shift ;;
      -*) die "unknown option $1" ;;
      *) [[ -z $dir ]] || die "only one DIR, got '$dir' and '$1'"; dir=$1; shift ;;
    esac
  done
  [[ -n $dir ]] || { usage >&2; exit 1; }
  [[ -x $PG_BIN/pg_ctl && -x $RABBIT_BIN/rabbitmq-server ]] ||
    die "PostgreSQL 15 or RabbitMQ is not installed; run: servers.sh install"
  if [[ -n $want_pg && $want_pg == "$want_amqp" ]]; then die "--pg-port and --amqp-port are the same"; fi

  load_dir "$dir" yes
  local running=()
  if pg_running; then running+=("postgres pid $(pg_pid)"); fi
  if rabbit_running; then running+=("rabbitmq pid $(rabbit_pid)"); fi
  if ((${#running[@]})); then
    die "$DIR already has running servers (${running[*]}); run: servers.sh stop $DIR"
  fi

  read_state || true
  # An epmd left by a node that was killed rather than stopped would otherwise be
  # orphaned once new ports are chosen.
  stop_epmd >/dev/null || true
  [[ -n $NODENAME ]] || NODENAME=metering-$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
  choose_ports "$want_pg" "$want_amqp"
  MOVABLE_PORTS=(MGMT_PORT DIST_PORT EPMD_PORT)
  [[ -n $want_pg ]] || MOVABLE_PORTS+=(PG_PORT)
  [[ -n $want_amqp ]] || MOVABLE_PORTS+=(AMQP_PORT)
  rm -f -- "$ENV_FILE"
  write_state

  trap 'on_start_exit $?' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  prepare_rabbit_dir
  prepare_postgres_dir
  # RabbitMQ takes several seconds to boot and PostgreSQL about one: boot the broker
  # in the background while PostgreSQL is set up, then wait for it.
  launch_rabbit
  start_postgres
  wait_rabbit_moving_ports
  step "" ""
  write_env

  trap - EXIT INT TERM
  echo "postgres: 127.0.0.1:$PG_PORT database $DATABASE, user $PG_SUPERUSER (pid $(pg_pid))"
  echo "rabbitmq: amqp 127.0.0.1:$AMQP_PORT, management http://127.0.0.1:$MGMT_PORT/ (pid $(rabbit_pid))"
  echo "env: source $ENV_FILE"
}

write_env() {
  local tmp=$ENV_FILE.tmp
  cat >"$tmp" <<EOF
# written by servers.sh start for $DIR; source it
export METERING_PG_PORT=$PG_PORT
export METERING_AMQP_PORT=$AMQP_PORT
export METERING_RABBIT_MGMT_PORT=$MGMT_PORT
export ConnectionStrings__Postgres="Host=$LOOPBACK;Port=$PG_PORT;Database=$DATABASE;Username=$PG_SUPERUSER"
export RabbitMq__Host=$LOOPBACK
export RabbitMq__Port=$AMQP_PORT
export RabbitMq__ManagementPort=$MGMT_PORT
export RabbitMq__Username=guest
export RabbitMq__Password=guest
export RabbitMq__VirtualHost=/
EOF
  mv -f -- "$tmp" "$ENV_FILE"
}

# RabbitMQ's stop takes seconds and PostgreSQL's a fraction of one; run them together.
stop_all() {
  local pg_job status=0
  rm -f -- "$ENV_FILE"
  stop_postgres &
  pg_job=$!
  stop_rabbit || status=1
  stop_epmd || status=1
  wait "$pg_job" || status=1
  return "$status"
}

cmd_stop() {
  (($# == 1)) || { usage >&2; exit 1; }
  if ! load_dir "$1" no || [[ ! -f $DIR/servers.state ]]; then
    say "nothing to stop in $1 (no servers.state)"
    return 0
  fi
  read_state
  stop_all
}

cmd_status() {
  (($# == 1)) || { usage >&2; exit 1; }
  if ! load_dir "$1" no || [[ ! -f $DIR/servers.state ]]; then
    echo "postgres: not running (no servers in $1)"
    echo "rabbitmq: not running"
    return 3
  fi
  read_state
  local status=0
  if pg_running; then
    echo "postgres: running (pid $(pg_pid)) on 127.0.0.1:$PG_PORT"
  else
    echo "postgres: not running"
    status=3
  fi
  if rabbit_running; then
    echo "rabbitmq: running (pid $(rabbit_pid)) amqp 127.0.0.1:$AMQP_PORT, management 127.0.0.1:$MGMT_PORT"
  else
    echo "rabbitmq: not running"
    status=3
  fi
  return "$status"
}

# For fault tests: stop or start one server of DIR's running set, on the same ports, so
# the processes connected to it see a real outage and a real recovery.
cmd_one() {
  local action=$1
  (($# == 3)) || { usage >&2; exit 1; }
  load_dir "$2" no && [[ -f $DIR/servers.state ]] || die "no servers in $2"
  read_state
  case $action:$3 in
    down:rabbitmq) stop_rabbit ;;
    down:postgres) stop_postgres ;;
    up:rabbitmq) rabbit_running || { launch_rabbit; wait_rabbit; } ;;
    up:postgres) pg_running || start_postgres ;;
    *) die "unknown server '$3': rabbitmq or postgres" ;;
  esac
}

main() {
  (($#)) || { usage >&2; exit 1; }
  local command=$1
  shift
  case $command in
    install)
      (($# == 0)) || die "install takes no arguments"
      cmd_install
      # The Slurm the node agent's Slurm test runs against (slurm.sh).
      "$(dirname "$0")/slurm.sh" install ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" || exit ;;
    status) cmd_status "$@" || exit ;;
    down | up) cmd_one "$command" "$@" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 1 ;;
  esac
}

main "$@"
