#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests, on loopback, in a directory of its own.
#   pg-test-cluster.sh start DIR PORT   initialise (once) and start; prints the test DSN
#   pg-test-cluster.sh stop DIR         stop (fast: in-flight transactions are aborted)
#   pg-test-cluster.sh restart DIR PORT start again after a stop
# As root it runs the server as the `postgres` user (initdb refuses root). fsync is off: the
# cluster holds nothing worth keeping.
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
cmd=${1:?start|stop|restart}
dir=${2:?directory}
port=${3:-55432}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$dir/data" -U ismap -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log"
  fi
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c max_connections=200" \
    start >/dev/null
  echo "host=127.0.0.1 port=$port user=ismap dbname=postgres"
}

case "$cmd" in
  start | restart) start ;;
  stop) as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null ;;
  *) echo "usage: $0 start|stop|restart DIR [PORT]" >&2; exit 2 ;;
esac
