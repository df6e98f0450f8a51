#!/usr/bin/env bash
# Creates and removes the broker user of one GPU node, through RabbitMQ's management HTTP API
# (the plugin servers.sh enables; any production broker with management works the same way).
# A node's user may write to the reports' exchange and do nothing else: no queue to read, nothing
# to declare or bind, no other exchange to write to. Its name is the node's id: metering accepts a
# report only from the broker user of the node it is for (docs/architecture/metering.md#node-identity).
#
# Usage:
#   node-user.sh add NODE [--vhost VHOST] [--password-file FILE]
#   node-user.sh remove NODE [--vhost VHOST]
#
# Environment: RABBITMQ_API (default http://127.0.0.1:15672), RABBITMQ_ADMIN_USER and
# RABBITMQ_ADMIN_PASSWORD (default guest, which RabbitMQ accepts from loopback only).
set -Eeuo pipefail

readonly EXCHANGE=gpu-usage
API=${RABBITMQ_API:-http://127.0.0.1:15672}
API=${API%/}

usage() {
  cat <<'USAGE'
Usage:
  node-user.sh add NODE [--vhost VHOST] [--password-file FILE]
      Create (or update) the broker user NODE with write permission on the exchange gpu-usage of
      VHOST (default /) and nothing else. The password is read from FILE, or generated and
      printed on standard output when no FILE is given. Declares the exchange if it does not
      exist yet, the same way metering declares it, so the node's reports are kept in its spool
      (returned unroutable) until metering has run, rather than refused.
  node-user.sh remove NODE [--vhost VHOST]
      Delete the user (and so its permissions) and close its open connections.
Environment: RABBITMQ_API, RABBITMQ_ADMIN_USER, RABBITMQ_ADMIN_PASSWORD
USAGE
}

die() { printf 'node-user.sh: %s\n' "$*" >&2; exit 1; }

# The API names a virtual host by its URL-encoded name ("/" is %2F).
urlencode() {
  local text=$1 out="" c i
  for ((i = 0; i < ${#text}; i++)); do
    c=${text:i:1}
    case $c in
      [A-Za-z0-9._~-]) out+=$c ;;
      *) printf -v c '%%%02X' "'$c"; out+=$c ;;
    esac
  done
  printf '%s' "$out"
}

json_string() {
  local text=$1
  text=${text//\\/\\\\}
  text=${text//\"/\\\"}
  printf '"%s"' "$text"
}

# METHOD PATH [BODY]: the admin's credentials (a curl config) and the body (stdin) never go on
# the command line, where other users of the machine could read them.
api() {
  local method=$1 path=$2 body=${3:-} status response
  response=$(mktemp)
  status=$(curl -sS -o "$response" -w '%{http_code}' -X "$method" -H 'content-type: application/json' \
    --config <(printf 'user = %s\n' "$(json_string "${RABBITMQ_ADMIN_USER:-guest}:${RABBITMQ_ADMIN_PASSWORD:-guest}")") \
    ${body:+--data-binary @-} "$API/api/$path" <<<"$body") || { rm -f "$response"; die "cannot reach $API"; }
  local reason
  reason=$(<"$response")
  rm -f "$response"
  if [[ $status == 2* || ($method == DELETE && $status == 404) ]]; then return 0; fi
  if [[ $method == PUT && $path == users/* && $status == 400 && $reason == *'"user_already_exists"'* ]]; then return 2; fi
  die "$method /api/$path answered $status: $reason"
}

# Two adds of one new user at once (an operator's scripts run side by side, or test classes) both
# find no such user, and the broker refuses the later as a duplicate. The user exists by then, so
# the same PUT again updates it.
put_user() {
  local path=$1 body=$2 answer=0
  api PUT "$path" "$body" || answer=$?
  if ((answer == 2)); then api PUT "$path" "$body" || die "PUT /api/$path was refused twice as a duplicate"; fi
}

valid_name() {
  [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die "'$1' is not a node id (letters, digits, '.', '_' and '-')"
}

cmd_add() {
  local node=$1 vhost=$2 password_file=$3 password generated=""
  if [[ -n $password_file ]]; then
    password=$(<"$password_file")
    [[ -n $password ]] || die "$password_file is empty"
  else
    password=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
    generated=yes
  fi
  local v
  v=$(urlencode "$vhost")
  put_user "users/$(urlencode "$node")" "{\"password\":$(json_string "$password"),\"tags\":\"\"}"
  # Metering's endpoint declares this exchange with these very arguments; an inequivalent
  # declaration would be refused (PRECONDITION_FAILED), so they must stay the same.
  api PUT "exchanges/$v/$EXCHANGE" '{"type":"fanout","durable":true,"auto_delete":false,"internal":false,"arguments":{}}'
  # An empty pattern matches no resource at all.
  api PUT "permissions/$v/$(urlencode "$node")" "{\"configure\":\"\",\"write\":\"^$EXCHANGE\$\",\"read\":\"\"}"
  if [[ -n $generated ]]; then printf '%s\n' "$password"; fi
  printf 'node-user.sh: %s may write to exchange %s of vhost %s, nothing else\n' "$node" "$EXCHANGE" "$vhost" >&2
}

cmd_remove() {
  local node=$1
  api DELETE "users/$(urlencode "$node")"
  # A deleted user's open connections would otherwise keep the rights their channels already checked.
  api DELETE "connections/username/$(urlencode "$node")"
  printf 'node-user.sh: removed %s and closed its connections\n' "$node" >&2
}

main() {
  (($# >= 2)) || { usage >&2; exit 1; }
  local command=$1 node=$2 vhost=/ password_file=""
  shift 2
  valid_name "$node"
  while (($#)); do
    case $1 in
      --vhost) (($# >= 2)) || die "--vhost needs a value"; vhost=$2; shift 2 ;;
      --password-file) (($# >= 2)) || die "--password-file needs a value"; password_file=$2; shift 2 ;;
      *) die "unknown argument $1" ;;
    esac
  done
  case $command in
    add) cmd_add "$node" "$vhost" "$password_file" ;;
    remove) [[ -z $password_file ]] || die "remove takes no --password-file"; cmd_remove "$node" ;;
    *) usage >&2; exit 1 ;;
  esac
}

main "$@"
