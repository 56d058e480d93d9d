#!/usr/bin/env bash
# Issue 7: with 1,159-entry statements, the time to save, load and rule-check one, and to render
# the reviewers' queue and the biggest provider's dashboard with 10,000 applications in the
# database, on SQLite and PostgreSQL, in-process. Target: each under 50 ms (p99).
#
#   bash bench/cloud_services.sh [BUILD_DIR]        # default build/release; builds nothing
#
# Needs in BUILD_DIR: bench/ismap_cloud_service_seed and bench/ismap_cloud_service_benchmark
# (cmake --build BUILD_DIR --target ismap_cloud_service_seed ismap_cloud_service_benchmark).
# Seeds a fresh SQLite file and a fresh PostgreSQL database (in the cluster ISMAP_BENCH_PG_DSN
# names, or in a throwaway PostgreSQL 15 cluster started here and stopped at the end), times both
# with ismap_cloud_service_benchmark, prints the figures and writes them to
# bench/out/cloud_services.txt. See bench/README.md.
#
# Environment:
#   ITERATIONS     measured iterations of each step (default 200)
#   WARMUP         unmeasured iterations first (default 20)
#   PROVIDERS      providers to seed (default 300)
#   SERVICES       services to seed, one statement each (default 2000)
#   APPLICATIONS   applications to seed (default 10000)
#   BIG            applications of provider 0001, whose dashboard is timed (default 200)
#   SEED           seed of the generator (default 7)
#   BACKENDS       "sqlite postgres" (default) or one of them
#   PG_PORT        port of the throwaway cluster (default: first free in 55600-55699)
#   ISMAP_BENCH_PG_DSN  an existing PostgreSQL (key=value DSN or URI) in which to create the database
#   KEEP_TMP       1 keeps the temp dir (databases, raw outputs)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
BUILD="${1:-$ROOT/build/release}"
BUILD="$(cd "$BUILD" 2>/dev/null && pwd)" || { echo "cloud_services: no build dir ${1:-build/release}" >&2; exit 1; }
readonly BUILD
readonly ITERATIONS="${ITERATIONS:-200}" WARMUP="${WARMUP:-20}" PROVIDERS="${PROVIDERS:-300}"
readonly SERVICES="${SERVICES:-2000}" APPLICATIONS="${APPLICATIONS:-10000}" BIG="${BIG:-200}" SEED="${SEED:-7}"
readonly BACKENDS="${BACKENDS:-sqlite postgres}"
readonly SEEDER="$BUILD/bench/ismap_cloud_service_seed" TIMER="$BUILD/bench/ismap_cloud_service_benchmark"
readonly PG_CLUSTER="$ROOT/scripts/pg-test-cluster.sh" OUT_DIR="$ROOT/bench/out"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
readonly OUT_TXT="$OUT_DIR/cloud_services.txt"
readonly TARGET_MS=50
PG_DSN_GIVEN="${ISMAP_BENCH_PG_DSN:-}"
unset ISMAP_BENCH_PG_DSN

die() {
  echo "cloud_services: $*" >&2
  exit 1
}

for b in "$SEEDER" "$TIMER"; do
  [[ -x "$b" ]] || die "$b not built (cmake --build $BUILD --target ismap_cloud_service_seed ismap_cloud_service_benchmark)"
done
for tool in awk timeout; do
  command -v "$tool" >/dev/null || die "$tool not found"
done
for n in "$ITERATIONS" "$PROVIDERS" "$SERVICES" "$APPLICATIONS" "$BIG"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "ITERATIONS, PROVIDERS, SERVICES, APPLICATIONS and BIG must be positive whole numbers"
done
[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "WARMUP must be a whole number"
for b in $BACKENDS; do
  [[ "$b" == sqlite || "$b" == postgres ]] || die "BACKENDS: '$b' is neither sqlite nor postgres"
done
[[ " $BACKENDS " != *" postgres "* ]] || command -v psql >/dev/null || die "psql not found (bash scripts/install-deps.sh)"

# --- processes and cleanup -----------------------------------------------------------------------
tmp="$(mktemp -d /tmp/ismap-cloud-services.XXXXXX)"
chmod 755 "$tmp"  # the PostgreSQL cluster inside runs as the postgres user
child_pid=""
pg_started=0
pg_created_db=""
pg_admin_dsn=""

# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$child_pid" ]]; then
    kill -TERM "$child_pid" 2>/dev/null || true
    wait "$child_pid" 2>/dev/null || true
  fi
  pg_cleanup cloud_services
  if [[ "${KEEP_TMP:-0}" == 1 ]]; then
    echo "cloud_services: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$OUT_DIR"
: >"$OUT_TXT"
say() { echo "$@" | tee -a "$OUT_TXT"; }
say "== cloud_services: $PROVIDERS providers, $SERVICES services (a 1,159-entry statement each), $APPLICATIONS applications ($BIG of provider 0001), seed $SEED; $ITERATIONS iterations after $WARMUP warm-up"
say "   build: $BUILD"
say "   date: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

seed_args=(--providers "$PROVIDERS" --services "$SERVICES" --applications "$APPLICATIONS"
  --big-provider-applications "$BIG" --seed "$SEED")
declare -A dsn

# --- 1. the databases ----------------------------------------------------------------------------
if [[ " $BACKENDS " == *" sqlite "* ]]; then
  mkdir -p "$tmp/sqlite"
  dsn[sqlite]="sqlite:$tmp/sqlite/ismap.db"
  say
  say "== seeding SQLite ($tmp/sqlite/ismap.db)"
  bounded 3600 "$tmp/seed-sqlite.txt" "$SEEDER" --database "${dsn[sqlite]}" "${seed_args[@]}" ||
    { cat "$tmp/seed-sqlite.txt" >&2; die "seeding SQLite failed"; }
  grep -v '^result ' "$tmp/seed-sqlite.txt" | tee -a "$OUT_TXT"
  say "   file: $(du -h "$tmp/sqlite/ismap.db" | cut -f1)"
fi

if [[ " $BACKENDS " == *" postgres "* ]]; then
  pg_db="ismap_bench_cloud_services_$$"
  pg_new_database "$pg_db"
  dsn[postgres]="$pg_dsn"
  say "== seeding PostgreSQL (database $pg_db)"
  bounded 7200 "$tmp/seed-postgres.txt" "$SEEDER" --database "${dsn[postgres]}" "${seed_args[@]}" ||
    { cat "$tmp/seed-postgres.txt" >&2; die "seeding PostgreSQL failed"; }
  grep -v '^NOTICE\|^result ' "$tmp/seed-postgres.txt" | tee -a "$OUT_TXT"
  # A running system's autovacuum would have analysed the new tables by now; do it explicitly so the
  # planner has statistics, as it would in production.
  timeout 1800 psql -X -q "${dsn[postgres]}" -c "VACUUM ANALYZE" || die "VACUUM ANALYZE failed"
  say "   (VACUUM ANALYZE done; database size $(psql -X -A -t "${dsn[postgres]}" -c "SELECT pg_size_pretty(pg_database_size(current_database()))"))"
fi

# --- 2. in-process timings -----------------------------------------------------------------------
for backend in $BACKENDS; do
  say
  say "== in-process, $backend (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  bounded 3600 "$tmp/timing-$backend.txt" "$TIMER" --database "${dsn[$backend]}" --iterations "$ITERATIONS" \
    --warmup "$WARMUP" || { cat "$tmp/timing-$backend.txt" >&2; die "timing on $backend failed"; }
  grep -v '^result ' "$tmp/timing-$backend.txt" | tee -a "$OUT_TXT"
done

# --- 3. the summary ------------------------------------------------------------------------------
say
say "== summary (ms; p50 / p99 / max over $ITERATIONS iterations; target: p99 under $TARGET_MS ms)"
say "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
{
  printf '%-20s' step
  for backend in $BACKENDS; do
    printf ' %26s %-5s' "$backend p50/p99/max" ""
  done
  printf '\n'
  for step in save_use_case load_use_case load_json load_total rule_check rule_check_broken queue_use_case queue_json \
    queue_total dashboard_use_case dashboard_json dashboard_total; do
    printf '%-20s' "$step"
    for backend in $BACKENDS; do
      awk -v s="$step" -v t="$TARGET_MS" '$1 == "result" && $3 == s {
        printf " %26s %-5s", sprintf("%s / %s / %s", $4, $5, $6), ($5 < t ? "met" : "MISS") }' "$tmp/timing-$backend.txt"
    done
    printf '\n'
  done
} | tee -a "$OUT_TXT"
say "(met/MISS: p99 against $TARGET_MS ms; the issue's figures are save_use_case, load_total, rule_check, queue_total, dashboard_total)"
say "written: $OUT_TXT"
