#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the sql plugin's tests, on a Unix socket
# in a private temporary folder (no TCP port).
#
#   pg_cluster.sh start STATE_FILE   initdb + pg_ctl start; writes the cluster
#                                    folder into STATE_FILE and prints it
#   pg_cluster.sh stop STATE_FILE    pg_ctl stop -m immediate, folder removed
#
# PostgreSQL refuses to run as root: when run as root, the server runs as the
# user `nobody` (setpriv), and the folder is readable by it. Inside the folder:
#   data/      the cluster (owned by the server's user)
#   socket/    the Unix socket .s.PGSQL.5432
# Roles: the superuser `esf_admin` (trust), `esf_reader` (password
# 'reader-secret', scram-sha-256) and the calling OS user (peer).
set -euo pipefail

cmd="${1:-}"
state="${2:-}"
[[ -n "$cmd" && -n "$state" ]] || { echo "usage: $0 start|stop STATE_FILE" >&2; exit 2; }

bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[[ -x "$bindir/initdb" ]] || { echo "pg_cluster.sh: PostgreSQL server not installed (run scripts/install-deps.sh)" >&2; exit 1; }

as_server() {
  if [[ "$(id -u)" -eq 0 ]]; then setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; else "$@"; fi
}

stop_cluster() {
  local dir="$1"
  [[ -d "$dir" ]] || return 0
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_server "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "$cmd" in
start)
  # A cluster left behind by an interrupted run goes first.
  if [[ -f "$state" ]]; then stop_cluster "$(cat "$state")"; rm -f "$state"; fi
  dir="$(mktemp -d /tmp/esfreport-pg.XXXXXX)"
  chmod 755 "$dir"
  mkdir -p "$dir/data" "$dir/socket"
  if [[ "$(id -u)" -eq 0 ]]; then chown nobody:nogroup "$dir/data" "$dir/socket"; fi
  chmod 700 "$dir/data"
  os_user="$(id -un)"
  as_server "$bindir/initdb" -D "$dir/data" -U esf_admin --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
  {
    echo "local all esf_reader scram-sha-256"
    [[ "$os_user" != esf_admin ]] && echo "local all $os_user peer"
    echo "local all all trust"
  } | as_server tee "$dir/data/pg_hba.conf" >/dev/null
  as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 30 \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir/socket' -c unix_socket_permissions=0777 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=16MB -c max_connections=40" \
    start >/dev/null || { cat "$dir/data/server.log" >&2; stop_cluster "$dir"; exit 1; }
  chmod 755 "$dir/socket"
  "$bindir/psql" -h "$dir/socket" -U esf_admin -d postgres -v ON_ERROR_STOP=1 -q <<SQL
CREATE ROLE esf_reader LOGIN PASSWORD 'reader-secret';
CREATE ROLE "$os_user" LOGIN;
SQL
  echo "$dir" >"$state"
  echo "$dir"
  ;;
stop)
  if [[ -f "$state" ]]; then stop_cluster "$(cat "$state")"; rm -f "$state"; fi
  ;;
*) echo "usage: $0 start|stop STATE_FILE" >&2; exit 2 ;;
esac
