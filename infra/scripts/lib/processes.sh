# What servers.sh and slurm.sh share: ports picked without racing, and processes told apart
# from stale pid files. Sourced, never run; the caller defines die, RESERVED_PORTS (the servers'
# well-known ports, never picked) and PORT_TAKEN (what its servers log when a port was taken).

declare -A LISTENING=()

# Ports with a listening TCP socket on any address, from the kernel's own tables
# (no dependency on ss/netstat, and no race-prone connect probes).
scan_listening_ports() {
  local file local_address state
  LISTENING=()
  for file in /proc/net/tcp /proc/net/tcp6; do
    [[ -r $file ]] || continue
    # Columns: sl local_address rem_address st ...; st 0A is LISTEN.
    while read -r _ local_address _ state _; do
      if [[ $state == 0A ]]; then LISTENING[$((16#${local_address##*:}))]=1; fi
    done <"$file"
  done
}

port_free() { [[ -z ${LISTENING[$1]:-} ]]; }

# Random ports below the kernel's ephemeral range, so outgoing connections (which take
# their local port from that range) cannot be holding one, and away from the servers'
# well-known defaults, so a distro PostgreSQL or RabbitMQ started later still fits.
PICK_LOW=10000 PICK_HIGH=32767
init_port_range() {
  local eph_low eph_high
  read -r eph_low eph_high </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || return 0
  if ((eph_low - 1 - PICK_LOW >= 2000)); then
    PICK_HIGH=$((eph_low - 1))
  else
    PICK_LOW=$((eph_high + 1)) PICK_HIGH=65535
  fi
}

# Sets PICKED to a free port not among the given ports already taken by this run.
PICKED=""
pick_port() {
  local taken=" $* $RESERVED_PORTS " port tries
  for ((tries = 0; tries < 200; tries++)); do
    port=$((PICK_LOW + (RANDOM * 32768 + RANDOM) % (PICK_HIGH - PICK_LOW + 1)))
    if port_free "$port" && [[ $taken != *" $port "* ]]; then
      PICKED=$port
      return 0
    fi
  done
  die "found no free TCP port between $PICK_LOW and $PICK_HIGH"
}

# True if PID is alive and is the program NAME. Checking the name as well as the pid
# keeps a stale pid file, whose number the kernel has since given to another program,
# from being taken for a running server (and from getting that program killed).
pid_is() {
  local pid=$1 name=$2 stat state
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  # "PID (COMM) STATE ...": a zombie (Z) is a process that has already ended.
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  state=${stat##*) }
  [[ ${stat#* (} == "$name) "* && ${state%% *} != Z ]]
}

# True while PID runs: a child that has exited but not been waited for is a zombie,
# which /proc still lists.
process_alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

size_of() { stat -c %s -- "$1" 2>/dev/null || echo 0; }

# True if what FILE gained past byte OFFSET says that a port was taken. Not `grep -q`: it stops
# at the first match, and under pipefail the SIGPIPE that tail then gets would read as no match.
port_taken_since() {
  local matches
  matches=$(tail -c "+$(($2 + 1))" -- "$1" 2>/dev/null | grep -ciE "$PORT_TAKEN") || true
  ((matches > 0))
}
