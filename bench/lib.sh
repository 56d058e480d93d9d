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
