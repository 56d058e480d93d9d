#!/usr/bin/env bash
# Issue 8: the public cloud service list's filtered search with 10,000 registered services, on
# SQLite and PostgreSQL, in-process (free text through the FTS5 trigram / pg_trgm index, filters,
# order and page over today's lines kept in memory, JSON included). Target: p99 under 20 ms.
#
#   bash bench/public_search.sh [BUILD_DIR]        # default build/release; builds nothing
#
# Needs in BUILD_DIR: bench/ismap_public_search_benchmark
# (cmake --build BUILD_DIR --target ismap_public_search_benchmark). Seeds a fresh SQLite file and a
# fresh PostgreSQL database (in the cluster ISMAP_BENCH_PG_DSN names, or in a throwaway PostgreSQL
# 15 cluster started here and stopped at the end), prints the figures and writes them to
# bench/out/public_search.txt. See bench/README.md.
#
# Environment:
#   SERVICES       registered services to seed (default 10000)
#   ITERATIONS     measured iterations of each query (default 300); WARMUP (default 30)
#   BACKENDS       "sqlite postgres" (default) or one of them
#   PG_PORT        port of the throwaway cluster (default: first free in 55600-55699)
#   ISMAP_BENCH_PG_DSN  an existing PostgreSQL in which to create the database
#   KEEP_TMP       1 keeps the temp dir
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
BUILD="${1:-$ROOT/build/release}"
BUILD="$(cd "$BUILD" 2>/dev/null && pwd)" || { echo "public_search: no build dir ${1:-build/release}" >&2; exit 1; }
readonly BUILD
readonly SERVICES="${SERVICES:-10000}" ITERATIONS="${ITERATIONS:-300}" WARMUP="${WARMUP:-30}"
readonly TIMER="$BUILD/bench/ismap_public_search_benchmark"
readonly PG_CLUSTER="$ROOT/scripts/pg-test-cluster.sh"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

die() {
  echo "public_search: $*" >&2
  exit 1
}

[[ -x "$TIMER" ]] || die "$TIMER not built (cmake --build $BUILD --target ismap_public_search_benchmark)"
for n in "$SERVICES" "$ITERATIONS"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "SERVICES and ITERATIONS must be positive whole numbers"
done

run_seeding_timer public_search "$TIMER" "$SERVICES registered services; $ITERATIONS iterations after $WARMUP warm-up" \
  --services "$SERVICES" --iterations "$ITERATIONS" --warmup "$WARMUP"
