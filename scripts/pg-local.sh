#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback, for tests and scripts/run-cluster.sh (never for production data).
#   scripts/pg-local.sh start DIR [PORT]   initdb in DIR (a new folder), start on 127.0.0.1:PORT (default: a random one),
#                                          create database "screener"; prints the connection string on stdout
#   scripts/pg-local.sh stop DIR           fast shutdown and delete DIR (safe to call twice)
# PostgreSQL refuses to run as root: as root the cluster belongs to the "postgres" system user (runuser).
set -euo pipefail
cmd=${1:-}; dir=${2:-}
[[ -n "$cmd" && -n "$dir" ]] || { echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2; }
bin=${CHESTSCREENER_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[[ -x "$bin/initdb" ]] || { echo "pg-local: PostgreSQL server binaries not found (apt-get install postgresql, or set CHESTSCREENER_PG_BIN)" >&2; exit 3; }
as_owner() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
  start)
    port=${3:-$((20000 + RANDOM % 20000))}
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U screener --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # Test settings: no fsync (a crash loses nothing that matters here), socket inside DIR, loopback TCP only.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U screener screener
    echo "Host=127.0.0.1;Port=$port;Username=screener;Database=screener"
    ;;
  stop)
    if [[ -f "$dir/data/postmaster.pid" ]]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
