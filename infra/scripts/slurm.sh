#!/usr/bin/env bash
# Runs a private one-node Slurm 22.05 (Debian's slurmctld, slurmd and munge) with every
# file it writes inside one folder, for tests of the node agent's Slurm allocations. Like
# servers.sh: no systemd, no /etc/slurm, no /var, no fixed ports, and several runs can live
# side by side. It runs as root (slurmd must, to run the prolog and epilog as root the way
# a real node does), with proctrack/linuxproc (no cgroups), a munged of its own on a private
# socket and key, and GPUs declared in gres.conf over links to /dev/null instead of /dev/nvidia*.
#
# Usage:
#   slurm.sh install
#   slurm.sh start DIR --gpus N --prolog PATH --epilog PATH [--partition NAME]...
#   slurm.sh stop  DIR
#
# `start` writes DIR/slurm.env (`export SLURM_CONF=...`) for clients (sbatch, scontrol) to
# `source`; the node is named `node0` and the first partition is the default.
#   etc/      slurm.conf, gres.conf, an empty plugstack.conf
#   dev/      nvidia0..nvidia(N-1), the files gres.conf names (links to /dev/null)
#   munge/    key, socket, pid, log, seed
#   state/    StateSaveLocation;  spool/ SlurmdSpoolDir;  log/ both daemons' logs

set -Eeuo pipefail
trap 'say "failed (exit $?) at line $LINENO: $BASH_COMMAND"' ERR

readonly LOOPBACK=127.0.0.1
readonly NODE=node0
# Moving ports and starting again, when another program took a picked port before the bind.
readonly BIND_TRIES=5
# Slurm's own defaults: never picked, so a Slurm of the machine's still fits.
RESERVED_PORTS="6817 6818 6819"
# shellcheck source=infra/scripts/lib/processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/processes.sh"

say() { printf 'slurm.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

usage() { sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//' >&2; }

# ---------------------------------------------------------------------------------
# install

cmd_install() {
  local -a packages=()
  # shellcheck source=infra/scripts/lib/apt.sh
  source "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"
  mapfile -t packages < <(missing_packages /usr/sbin/slurmctld=slurmctld /usr/sbin/slurmd=slurmd /usr/bin/sbatch=slurm-client /usr/sbin/munged=munge)
  if ((${#packages[@]} == 0)); then
    say "slurmctld, slurmd, slurm-client and munge are already installed"
    return 0
  fi
  apt_update
  apt_install "${packages[@]}"
  say "installed ${packages[*]}"
}

# ---------------------------------------------------------------------------------
# ports, picked as servers.sh picks them (lib/processes.sh): free in the kernel's
# tables, below the ephemeral range, away from Slurm's defaults

CTLD_PORT="" SLURMD_PORT=""
choose_ports() {
  scan_listening_ports
  init_port_range
  pick_port
  CTLD_PORT=$PICKED
  pick_port "$CTLD_PORT"
  SLURMD_PORT=$PICKED
}

# What slurmctld and slurmd log when their port is taken.
readonly PORT_TAKEN='address already in use|unable to bind'

# ---------------------------------------------------------------------------------
# processes

pid_of() { if [[ -f $1 ]]; then tr -d '[:space:]' <"$1"; fi; }

# Sends TERM to the daemon a pid file names, and KILL if it has not gone within 10 s.
stop_daemon() {
  local pidfile=$1 name=$2 pid tries
  pid=$(pid_of "$pidfile")
  pid_is "$pid" "$name" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((tries = 0; tries < 100; tries++)); do
    pid_is "$pid" "$name" || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------------------------
# start

DIR=""
load_dir() {
  DIR=$(cd -- "$1" && pwd -P)
  # munged's and slurmd's unix sockets live here: sun_path holds 107 bytes.
  ((${#DIR} + 24 <= 107)) || die "path too long for a unix socket: $DIR (use a shorter DIR)"
}

start_munge() {
  local m=$DIR/munge
  mkdir -p "$m"
  # munged wants its socket's folder searchable by all; --force lets it run under a folder that is
  # not (mktemp -d makes them 0700): only root talks to this munged.
  chmod 711 "$m"
  [[ -s $m/munge.key ]] || mungekey --create --keyfile="$m/munge.key" 2>>"$m/munged.log"
  chmod 600 "$m/munge.key"
  munged --force --socket="$m/munge.socket" --key-file="$m/munge.key" --pid-file="$m/munged.pid" \
    --log-file="$m/munged.log" --seed-file="$m/munged.seed" ||
    { tail -n 20 "$m/munged.log" >&2; die "munged did not start"; }
}

write_config() {
  local gpus=$1 prolog=$2 epilog=$3
  shift 3
  local last=$((gpus - 1)) partition default=YES
  {
    echo "# written by slurm.sh start (ports change from run to run)"
    echo "ClusterName=metering-$(basename "$DIR" | tr -c 'a-z0-9\n' '-' | cut -c1-20)"
    echo "SlurmctldHost=$(hostname -s)($LOOPBACK)"
    echo "SlurmctldPort=$CTLD_PORT"
    echo "SlurmdPort=$SLURMD_PORT"
    echo "SlurmUser=root"
    echo "SlurmdUser=root"
    echo "AuthType=auth/munge"
    echo "CredType=cred/munge"
    echo "AuthInfo=socket=$DIR/munge/munge.socket"
    echo "StateSaveLocation=$DIR/state"
    echo "SlurmdSpoolDir=$DIR/spool"
    echo "SlurmctldPidFile=$DIR/run/slurmctld.pid"
    echo "SlurmdPidFile=$DIR/run/slurmd.pid"
    echo "SlurmctldLogFile=$DIR/log/slurmctld.log"
    echo "SlurmdLogFile=$DIR/log/slurmd.log"
    echo "PlugStackConfig=$DIR/etc/plugstack.conf"
    echo "ProctrackType=proctrack/linuxproc"
    echo "TaskPlugin=task/none"
    echo "JobAcctGatherType=jobacct_gather/none"
    echo "AccountingStorageType=accounting_storage/none"
    echo "JobCompType=jobcomp/none"
    echo "MpiDefault=none"
    echo "SwitchType=switch/none"
    echo "SchedulerType=sched/builtin"
    echo "SelectType=select/cons_tres"
    echo "SelectTypeParameters=CR_Core"
    echo "GresTypes=gpu"
    # The node declares more CPUs than a CI machine has, so that several jobs run at once.
    echo "SlurmdParameters=config_overrides"
    echo "ReturnToService=2"
    echo "Prolog=$prolog"
    echo "Epilog=$epilog"
    # The prolog runs when the job is allocated, not at its first step: a GPU is held from then.
    echo "PrologFlags=Alloc"
    echo "NodeName=$NODE NodeHostname=$(hostname -s) NodeAddr=$LOOPBACK CPUs=16 RealMemory=1000 Gres=gpu:$gpus State=UNKNOWN"
    for partition; do
      echo "PartitionName=$partition Nodes=$NODE Default=$default MaxTime=INFINITE State=UP"
      default=NO
    done
  } >"$DIR/etc/slurm.conf"
  echo "Name=gpu File=$DIR/dev/nvidia[0-$last]" >"$DIR/etc/gres.conf"
  : >"$DIR/etc/plugstack.conf"
  local gpu
  # Slurm takes a GPU's file only if it is a character device (else the prolog is told of no
  # GPU): links to /dev/null are, with no mknod needed.
  for ((gpu = 0; gpu < gpus; gpu++)); do ln -sfn /dev/null "$DIR/dev/nvidia$gpu"; done
}

# Both daemons in the foreground (-D) as background jobs of their own session, so a daemon
# that dies at once is seen at once rather than after a timeout.
launch() {
  local conf=$DIR/etc/slurm.conf
  (cd "$DIR" && exec setsid /usr/sbin/slurmctld -D -c -f "$conf") </dev/null >>"$DIR/log/slurmctld.console" 2>&1 &
  CTLD_JOB=$!
  (cd "$DIR" && exec setsid /usr/sbin/slurmd -D -f "$conf" -N "$NODE") </dev/null >>"$DIR/log/slurmd.console" 2>&1 &
  SLURMD_JOB=$!
}

# Until the node has registered and is idle; false if a daemon exits first or 60 s pass.
wait_idle() {
  local tries state
  for ((tries = 0; tries < 600; tries++)); do
    process_alive "$CTLD_JOB" || { say "slurmctld exited while starting"; return 1; }
    process_alive "$SLURMD_JOB" || { say "slurmd exited while starting"; return 1; }
    state=$(SLURM_CONF=$DIR/etc/slurm.conf sinfo -h -n "$NODE" -o %t 2>/dev/null) || state=""
    if [[ $state == idle ]]; then return 0; fi
    sleep 0.1
  done
  say "the node did not become idle within 60 s (last state: '${state:-none}')"
  return 1
}

show_logs() {
  local log
  for log in "$DIR"/log/slurmctld.log "$DIR"/log/slurmd.log "$DIR"/log/*.console; do
    [[ -s $log ]] || continue
    say "last lines of $log:"
    tail -n 15 "$log" | sed 's/^/    /' >&2
  done
}

cmd_start() {
  local dir="" gpus="" prolog="" epilog=""
  local -a partitions=()
  while (($#)); do
    case $1 in
      --gpus) gpus=$2; shift 2 ;;
      --prolog) prolog=$2; shift 2 ;;
      --epilog) epilog=$2; shift 2 ;;
      --partition) partitions+=("$2"); shift 2 ;;
      -*) die "unknown option $1" ;;
      *) [[ -z $dir ]] || die "only one DIR"; dir=$1; shift ;;
    esac
  done
  [[ -n $dir && $gpus =~ ^[1-9][0-9]*$ && -x $prolog && -x $epilog ]] || { usage; exit 1; }
  ((${#partitions[@]})) || partitions=(gpu)
  [[ -x /usr/sbin/slurmctld && -x /usr/sbin/slurmd && -x /usr/sbin/munged ]] ||
    die "Slurm or munge is not installed; run: slurm.sh install"
  mkdir -p -- "$dir"
  load_dir "$dir"
  mkdir -p "$DIR"/{etc,dev,state,spool,log,run}
  pid_is "$(pid_of "$DIR/run/slurmctld.pid")" slurmctld && die "$DIR already runs a slurmctld; run: slurm.sh stop $DIR"

  start_munge
  local tries ctld_from slurmd_from
  for ((tries = 1; ; tries++)); do
    choose_ports
    write_config "$gpus" "$prolog" "$epilog" "${partitions[@]}"
    ctld_from=$(size_of "$DIR/log/slurmctld.log")
    slurmd_from=$(size_of "$DIR/log/slurmd.log")
    launch
    if wait_idle; then break; fi
    stop_daemons
    if ((tries < BIND_TRIES)) && { port_taken_since "$DIR/log/slurmctld.log" "$ctld_from" ||
      port_taken_since "$DIR/log/slurmd.log" "$slurmd_from"; }; then
      say "a port picked free was taken before the daemons bound it; again on new ports"
      continue
    fi
    show_logs
    stop_munge
    die "Slurm did not start in $DIR"
  done
  echo "export SLURM_CONF=$DIR/etc/slurm.conf" >"$DIR/slurm.env"
  echo "slurm: slurmctld 127.0.0.1:$CTLD_PORT, slurmd $NODE 127.0.0.1:$SLURMD_PORT, $gpus GPUs; env: source $DIR/slurm.env"
}

# ---------------------------------------------------------------------------------
# stop

stop_daemons() {
  stop_daemon "$DIR/run/slurmd.pid" slurmd
  stop_daemon "$DIR/run/slurmctld.pid" slurmctld
}

stop_munge() {
  munged --stop --socket="$DIR/munge/munge.socket" >/dev/null 2>&1 || true
}

cmd_stop() {
  (($# == 1)) || { usage; exit 1; }
  [[ -d $1 ]] || return 0
  load_dir "$1"
  rm -f -- "$DIR/slurm.env"
  # Jobs still running when the test ends are cancelled, not orphaned: slurmstepd and the
  # job's processes outlive slurmd.
  if pid_is "$(pid_of "$DIR/run/slurmctld.pid")" slurmctld; then
    local tries
    SLURM_CONF=$DIR/etc/slurm.conf scancel --full --state=RUNNING "--nodelist=$NODE" >/dev/null 2>&1 || true
    SLURM_CONF=$DIR/etc/slurm.conf scancel --state=PENDING >/dev/null 2>&1 || true
    for ((tries = 0; tries < 100; tries++)); do
      [[ -z $(SLURM_CONF=$DIR/etc/slurm.conf squeue -h -o %i 2>/dev/null) ]] && break
      sleep 0.1
    done
  fi
  stop_daemons
  stop_munge
  echo "slurm: stopped ($DIR)"
}

main() {
  (($#)) || { usage; exit 1; }
  local command=$1
  shift
  case $command in
    install) cmd_install ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    -h | --help | help) usage ;;
    *) usage; exit 1 ;;
  esac
}

main "$@"
