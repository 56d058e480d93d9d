# shellcheck shell=bash
# shellcheck disable=SC2154,SC2034  # the caller's globals, read and set on purpose (see below)
# Shell functions shared by the benchmark drivers that seed their own databases (audit_bodies.sh,
# cloud_services.sh). Sourced, not run. They use the caller's globals: tmp (the run's temp dir),
# PG_CLUSTER (scripts/pg-test-cluster.sh), PG_DSN_GIVEN (ISMAP_BENCH_PG_DSN, read before unsetting
# it), PG_PORT, child_pid, and the caller's say and die; they set pg_started, pg_created_db,
# pg_admin_dsn and pg_dsn.

# bounded SECONDS OUT CMD...: runs CMD in the background under a timeout, output to OUT, waits.
bounded() {
  local secs=$1 out=$2 rc=0
  shift 2
  timeout "$secs" "$@" >"$out" 2>&1 &
  child_pid=$!
  wait "$child_pid" || rc=$?
  child_pid=""
  return "$rc"
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pg_new_database NAME: a fresh database NAME in the cluster ISMAP_BENCH_PG_DSN names, or in a
# throwaway PostgreSQL 15 cluster started in $tmp/pg (fsync=off) on PG_PORT or the first free port
# in 55600-55699. Sets pg_dsn to the new database's DSN (a later dbname= overrides in a key=value
# DSN; a URI gets a new path). pg_cleanup drops and stops what this made.
pg_new_database() {
  local name=$1
  if [[ -n "$PG_DSN_GIVEN" ]]; then
    pg_admin_dsn="$PG_DSN_GIVEN"
    say
    say "== PostgreSQL from ISMAP_BENCH_PG_DSN"
  else
    [[ -x /usr/lib/postgresql/15/bin/initdb ]] || die "PostgreSQL 15 server binaries not found (bash scripts/install-deps.sh)"
    local pg_port="${PG_PORT:-}"
    if [[ -z "$pg_port" ]]; then
      for p in $(seq 55600 55699); do
        if ! port_in_use "$p" && [[ ! -e "/tmp/.s.PGSQL.$p" ]]; then
          pg_port=$p
          break
        fi
      done
      [[ -n "$pg_port" ]] || die "no free port in 55600-55699 for PostgreSQL (set PG_PORT)"
    fi
    say
    say "== starting a throwaway PostgreSQL 15 cluster on 127.0.0.1:$pg_port (fsync=off)"
    pg_started=1
    pg_admin_dsn="$(timeout 120 bash "$PG_CLUSTER" start "$tmp/pg" "$pg_port")" ||
      die "PostgreSQL did not start (KEEP_TMP=1 keeps $tmp/pg/server.log)"
  fi
  timeout 60 psql -X -q "$pg_admin_dsn" -c "CREATE DATABASE $name" || die "cannot create database $name"
  pg_created_db="$name"
  if [[ "$pg_admin_dsn" == postgres://* || "$pg_admin_dsn" == postgresql://* ]]; then
    local scheme="${pg_admin_dsn%%://*}://" rest="${pg_admin_dsn#*://}" query=""
    [[ "$rest" != *\?* ]] || query="?${rest#*\?}"
    pg_dsn="$scheme${rest%%[/?]*}/$name$query"
  else
    pg_dsn="$pg_admin_dsn dbname=$name"
  fi
}

# pg_cleanup WHO: drops the database and stops the cluster pg_new_database made (from the EXIT trap).
pg_cleanup() {
  local who=$1
  if [[ -n "${pg_created_db:-}" && -n "${pg_admin_dsn:-}" ]]; then
    timeout 60 psql -X -q "$pg_admin_dsn" -c "DROP DATABASE IF EXISTS $pg_created_db" >/dev/null 2>&1 ||
      echo "$who: could not drop database $pg_created_db" >&2
  fi
  if ((${pg_started:-0})); then
    timeout 60 bash "$PG_CLUSTER" stop "$tmp/pg" >/dev/null 2>&1 || echo "$who: could not stop PostgreSQL in $tmp/pg" >&2
  fi
}

# run_seeding_timer NAME TIMER TITLE ARGS...: the whole run of an in-process benchmark that seeds its
# own database (public_search.sh, procurement_check.sh). For each backend of $BACKENDS ("sqlite
# postgres" by default), a fresh SQLite file or PostgreSQL database (pg_new_database), then TIMER
# --database DB ARGS... under a one-hour bound; the figures printed and written to
# bench/out/NAME.txt after TITLE. Sets its own temp dir and EXIT trap; needs ROOT and PG_CLUSTER.
run_seeding_timer() {
  local name=$1 timer=$2 title=$3
  shift 3
  PG_DSN_GIVEN="${ISMAP_BENCH_PG_DSN:-}"
  unset ISMAP_BENCH_PG_DSN
  OUT_TXT="$ROOT/bench/out/$name.txt"
  BENCH_NAME=$name
  tmp="$(mktemp -d "/tmp/ismap-$name.XXXXXX")"
  chmod 755 "$tmp"  # the PostgreSQL cluster inside runs as the postgres user
  child_pid=""
  pg_started=0
  pg_created_db=""
  pg_admin_dsn=""
  trap seeding_timer_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  mkdir -p "$ROOT/bench/out"
  : >"$OUT_TXT"
  say "== $name: $title"
  say "   build: $(dirname "$(dirname "$timer")")"
  say "   date: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  local backend db
  for backend in ${BACKENDS:-sqlite postgres}; do
    if [[ "$backend" == sqlite ]]; then
      db="sqlite:$tmp/ismap.db"
    else
      pg_new_database "ismap_bench_${name}_$$"
      db="$pg_dsn"
    fi
    say
    say "== $backend"
    bounded 3600 "$tmp/$backend.txt" "$timer" --database "$db" "$@" || { cat "$tmp/$backend.txt" >&2; die "$backend failed"; }
    grep -v '^NOTICE' "$tmp/$backend.txt" | tee -a "$OUT_TXT"
  done
  say
  say "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

say() { echo "$@" | tee -a "$OUT_TXT"; }

# shellcheck disable=SC2317  # invoked by the trap
seeding_timer_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  pg_cleanup "$BENCH_NAME"
  if [[ "${KEEP_TMP:-0}" == 1 ]]; then echo "$BENCH_NAME: kept $tmp" >&2; else rm -rf "$tmp"; fi
  exit "$rc"
}
