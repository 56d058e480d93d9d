#!/usr/bin/env bash
# Issue 9: an agency's procurement check of a profile requiring 1,200 controls against 10,000
# registered services with full statements, on SQLite and PostgreSQL, in-process (today's list kept
# in memory as `ismap serve` keeps it, adoption bitmaps, every gap; with and without saving the
# record; and the first check after start). Target: p99 under 100 ms.
#
#   bash bench/procurement_check.sh [BUILD_DIR]    # default build/release; builds nothing
#
# Needs in BUILD_DIR: bench/ismap_procurement_check_benchmark
# (cmake --build BUILD_DIR --target ismap_procurement_check_benchmark). Seeds a fresh SQLite file and a
# fresh PostgreSQL database (in the cluster ISMAP_BENCH_PG_DSN names, or in a throwaway PostgreSQL
# 15 cluster started here and stopped at the end), prints the figures and writes them to
# bench/out/procurement_check.txt. See bench/README.md.
#
# Environment:
#   SERVICES       registered services to seed (default 10000)
#   CONTROLS       controls the profile requires (default 1200)
#   ITERATIONS     measured iterations of each step (default 100); WARMUP (default 10)
#   BACKENDS       "sqlite postgres" (default) or one of them
#   PG_PORT        port of the throwaway cluster (default: first free in 55600-55699)
#   ISMAP_BENCH_PG_DSN  an existing PostgreSQL in which to create the database
#   KEEP_TMP       1 keeps the temp dir
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
BUILD="${1:-$ROOT/build/release}"
BUILD="$(cd "$BUILD" 2>/dev/null && pwd)" || { echo "procurement_check: no build dir ${1:-build/release}" >&2; exit 1; }
readonly BUILD
readonly SERVICES="${SERVICES:-10000}" CONTROLS="${CONTROLS:-1200}" ITERATIONS="${ITERATIONS:-100}" WARMUP="${WARMUP:-10}"
readonly TIMER="$BUILD/bench/ismap_procurement_check_benchmark"
readonly PG_CLUSTER="$ROOT/scripts/pg-test-cluster.sh"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

die() {
  echo "procurement_check: $*" >&2
  exit 1
}

[[ -x "$TIMER" ]] || die "$TIMER not built (cmake --build $BUILD --target ismap_procurement_check_benchmark)"
for n in "$SERVICES" "$CONTROLS" "$ITERATIONS"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "SERVICES, CONTROLS and ITERATIONS must be positive whole numbers"
done

run_seeding_timer procurement_check "$TIMER" "$CONTROLS controls against $SERVICES registered services; $ITERATIONS iterations after $WARMUP warm-up" \
  --services "$SERVICES" --controls "$CONTROLS" --iterations "$ITERATIONS" --warmup "$WARMUP"
