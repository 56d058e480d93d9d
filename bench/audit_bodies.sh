#!/usr/bin/env bash
# Issue 6: the time to render the evaluator's queue and the public audit body list with 1,000 audit
# bodies and 10,000 applications in the database, on SQLite and PostgreSQL, in-process and over HTTP.
#
#   bash bench/audit_bodies.sh [BUILD_DIR]        # default build/release; builds nothing
#
# Needs in BUILD_DIR: src/cli/ismap, bench/ismap_audit_body_seed, bench/ismap_audit_body_benchmark
# (cmake --build BUILD_DIR --target ismap ismap_audit_body_seed ismap_audit_body_benchmark).
# Seeds a fresh SQLite file and a fresh PostgreSQL database (in the cluster ISMAP_BENCH_PG_DSN names,
# or in a throwaway PostgreSQL 15 cluster started here and stopped at the end), times both with
# ismap_audit_body_benchmark, then serves each database in turn with `ismap serve` (second factor
# off, so that the seeded evaluator's password session is a full one; cookies without Secure, as
# the server is plain HTTP on the loopback) and measures with wrk (or a curl loop without wrk):
#   the public list:       the page GET /audit-bodies (HTML), GET /api/v1/audit-bodies (JSON) and
#                          GET /api/v1/audit-bodies?format=csv, as the public (no cookie);
#   the evaluator's queue: the page GET /audit-bodies/queue (HTML, 500 lines) and
#                          GET /api/v1/audit-bodies/queue (JSON, 50 items), as the seeded evaluator
#                          (cookie ismap_session=TOKEN; the seeder logs in with --session-file).
# Each URL is first checked with curl: 200 and the content expected, or the script stops. See
# bench/README.md.
#
# Environment:
#   ITERATIONS     measured iterations of each in-process step (default 200)
#   WARMUP         unmeasured iterations first (default 20)
#   BODIES         audit bodies to seed (default 1000)
#   APPLICATIONS   applications to seed (default 10000)
#   SEED           seed of the generator (default 6)
#   DURATION       seconds of each measured wrk run (default 10)
#   CONNECTIONS    wrk connections (default 8)
#   HTTP_BACKENDS  backends to serve over HTTP (default "sqlite postgres"; one of them alone)
#   PORT           ismap's port (default: first free in 18680-18699)
#   PG_PORT        port of the throwaway cluster (default: first free in 55600-55699)
#   ISMAP_BENCH_PG_DSN  an existing PostgreSQL (key=value DSN or URI) in which to create the database
#   KEEP_TMP       1 keeps the temp dir (databases, server logs, raw outputs)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
BUILD="${1:-$ROOT/build/release}"
BUILD="$(cd "$BUILD" 2>/dev/null && pwd)" || { echo "audit_bodies: no build dir ${1:-build/release}" >&2; exit 1; }
readonly BUILD
readonly ITERATIONS="${ITERATIONS:-200}" WARMUP="${WARMUP:-20}" BODIES="${BODIES:-1000}"
readonly APPLICATIONS="${APPLICATIONS:-10000}" SEED="${SEED:-6}" DURATION="${DURATION:-10}"
readonly CONNECTIONS="${CONNECTIONS:-8}" HTTP_BACKENDS="${HTTP_BACKENDS:-sqlite postgres}"
readonly ISMAP="$BUILD/src/cli/ismap" SEEDER="$BUILD/bench/ismap_audit_body_seed"
readonly TIMER="$BUILD/bench/ismap_audit_body_benchmark"
readonly PG_CLUSTER="$ROOT/scripts/pg-test-cluster.sh" OUT_DIR="$ROOT/bench/out"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
readonly OUT_TXT="$OUT_DIR/audit_bodies.txt"
PG_DSN_GIVEN="${ISMAP_BENCH_PG_DSN:-}"
# ismap treats every ISMAP_* variable as configuration and refuses unknown ones.
unset ISMAP_BENCH_PG_DSN

die() {
  echo "audit_bodies: $*" >&2
  exit 1
}

for b in "$ISMAP" "$SEEDER" "$TIMER"; do
  [[ -x "$b" ]] || die "$b not built (cmake --build $BUILD --target ismap ismap_audit_body_seed ismap_audit_body_benchmark)"
done
for tool in curl awk timeout psql; do
  command -v "$tool" >/dev/null || die "$tool not found (bash scripts/install-deps.sh installs it)"
done
for n in "$ITERATIONS" "$BODIES" "$APPLICATIONS" "$DURATION" "$CONNECTIONS"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "ITERATIONS, BODIES, APPLICATIONS, DURATION and CONNECTIONS must be positive whole numbers"
done
for b in $HTTP_BACKENDS; do
  [[ "$b" == sqlite || "$b" == postgres ]] || die "HTTP_BACKENDS: '$b' is neither sqlite nor postgres"
done

# --- processes and cleanup -----------------------------------------------------------------------
tmp="$(mktemp -d /tmp/ismap-audit-bodies.XXXXXX)"
chmod 755 "$tmp"  # the PostgreSQL cluster inside runs as the postgres user
server_pid=""
child_pid=""
pg_started=0
pg_created_db=""
pg_admin_dsn=""

stop_pid() {  # stop_pid PID SECONDS: SIGTERM, then SIGKILL after SECONDS
  local pid=$1 limit=$2
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq $((limit * 10))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [[ -z "$child_pid" ]] || stop_pid "$child_pid" 5
  [[ -z "$server_pid" ]] || stop_pid "$server_pid" 15
  pg_cleanup audit_bodies
  if [[ "${KEEP_TMP:-0}" == 1 ]]; then
    echo "audit_bodies: kept $tmp" >&2
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
say "== audit_bodies: $BODIES bodies, $APPLICATIONS applications, seed $SEED; $ITERATIONS iterations after $WARMUP warm-up"
say "   build: $BUILD"
say "   date: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- 1. the databases ----------------------------------------------------------------------------
sqlite_db="$tmp/sqlite/ismap.db"
mkdir -p "$tmp/sqlite"
say
say "== seeding SQLite ($sqlite_db)"
bounded 1800 "$tmp/seed-sqlite.txt" "$SEEDER" --database "sqlite:$sqlite_db" --bodies "$BODIES" \
  --applications "$APPLICATIONS" --seed "$SEED" --session-file "$tmp/session-sqlite.txt" || { cat "$tmp/seed-sqlite.txt" >&2; die "seeding SQLite failed"; }
tee -a "$OUT_TXT" <"$tmp/seed-sqlite.txt"

pg_db="ismap_bench_audit_bodies_$$"
pg_new_database "$pg_db"
say "== seeding PostgreSQL (database $pg_db)"
bounded 3600 "$tmp/seed-postgres.txt" "$SEEDER" --database "$pg_dsn" --bodies "$BODIES" \
  --applications "$APPLICATIONS" --seed "$SEED" --session-file "$tmp/session-postgres.txt" || { cat "$tmp/seed-postgres.txt" >&2; die "seeding PostgreSQL failed"; }
grep -v '^NOTICE' "$tmp/seed-postgres.txt" | tee -a "$OUT_TXT"
# A running system's autovacuum would have analysed the new tables by now; do it explicitly so the
# planner has statistics, as it would in production.
timeout 300 psql -X -q "$pg_dsn" -c "VACUUM ANALYZE" || die "VACUUM ANALYZE failed"
say "   (VACUUM ANALYZE done)"

# --- 2. in-process timings -----------------------------------------------------------------------
for backend in sqlite postgres; do
  db="sqlite:$sqlite_db"
  [[ "$backend" == sqlite ]] || db="$pg_dsn"
  say
  say "== in-process, $backend (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  bounded 3600 "$tmp/timing-$backend.txt" "$TIMER" --database "$db" --iterations "$ITERATIONS" --warmup "$WARMUP" ||
    { cat "$tmp/timing-$backend.txt" >&2; die "timing on $backend failed"; }
  grep -v '^result ' "$tmp/timing-$backend.txt" | tee -a "$OUT_TXT"
done

# --- 3. over HTTP --------------------------------------------------------------------------------
port="${PORT:-}"
if [[ -z "$port" ]]; then
  for p in $(seq 18680 18699); do
    if ! port_in_use "$p"; then
      port=$p
      break
    fi
  done
  [[ -n "$port" ]] || die "no free port in 18680-18699 (set PORT)"
fi
port_in_use "$port" && die "something already listens on 127.0.0.1:$port"

# to_ms VALUE: wrk prints latencies as 812.00us, 1.23ms, 1.02s or 2.00m.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
    else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.2f", v * 60000 }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
    else { exit 1 }
  }'
}

http_rows=()  # backend|what|requests/s|p50|p99|max|requests|errors
measure() {  # measure BACKEND WHAT URL [COOKIE]
  local backend=$1 what=$2 url=$3 cookie=${4:-} f="$tmp/http-$1-$2.txt"
  local header=()
  [[ -z "$cookie" ]] || header=(-H "Cookie: $cookie")
  say "   $what: GET $url${cookie:+ (as the evaluator)}"
  if command -v wrk >/dev/null; then
    bounded 60 /dev/null wrk -t1 -c"$CONNECTIONS" -d3s "${header[@]}" "$url" || true  # warm-up
    bounded $((DURATION + 60)) "$f" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency \
      "${header[@]}" "$url" || die "wrk failed on $url"
    cat "$f" >>"$OUT_TXT"
    local rps p50 p99 max n non2xx errors
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$f")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")
    max=$(to_ms "$(awk '$1 == "Latency" { print $4 }' "$f")")
    n=$(awk '/requests in/ { print $1 }' "$f")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$f")
    errors=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$f")
    http_rows+=("$backend|$what|$rps|$p50|$p99|$max|$n|$((${non2xx:-0} + ${errors:-0}))")
    ((${non2xx:-0} == 0)) || die "$url: $non2xx responses other than 2xx under wrk (see $f; KEEP_TMP=1 keeps it)"
  else
    # One connection, sequential requests for DURATION seconds: curl's time_total per request.
    local end=$((SECONDS + DURATION))
    : >"$f"
    while ((SECONDS < end)); do
      curl -s -o /dev/null --max-time 10 "${header[@]}" -w '%{http_code} %{time_total}\n' "$url" >>"$f" ||
        echo "000 0" >>"$f"
    done
    http_rows+=("$backend|$what|$(sort -k2 -n "$f" | awk -v d="$DURATION" '
      { code[NR] = $1; t[NR] = $2 * 1000; if ($1 != 200) bad++ }
      END { n = NR; i50 = int(n * 0.5 + 0.999999); i99 = int(n * 0.99 + 0.999999);
            printf "%.1f|%.2f|%.2f|%.2f|%d|%d", n / d, t[i50], t[i99], t[n], n, bad + 0 }')")
  fi
}

# check URL EXPECTED [COOKIE]: GET answers 200 and its body contains EXPECTED (fixed string), or die.
# Prints the body's size and how many times EXPECTED occurs.
check() {
  local url=$1 expected=$2 cookie=${3:-} body="$tmp/check.body" code
  local header=()
  [[ -z "$cookie" ]] || header=(-H "Cookie: $cookie")
  code=$(curl -s -o "$body" --max-time 60 "${header[@]}" -w '%{http_code}' "$url") || die "curl failed on $url"
  [[ "$code" == 200 ]] || { head -c 2000 "$body" >&2; echo >&2; die "GET $url answered $code, not 200"; }
  local hits
  hits=$(grep -o -F -- "$expected" "$body" | wc -l)
  ((hits > 0)) || { head -c 2000 "$body" >&2; echo >&2; die "GET $url: 200 but no '$expected' in the body"; }
  say "   check GET $url${cookie:+ (evaluator)}: 200, $(wc -c <"$body") bytes, '$expected' x $hits"
}

for backend in $HTTP_BACKENDS; do
  read -r session_token _csrf <"$tmp/session-$backend.txt" || die "no session file for $backend"
  [[ -n "$session_token" ]] || die "empty session token for $backend"
  cookie="ismap_session=$session_token"
  # Second factor off (the seeded evaluator has no TOTP), cookies without Secure (plain HTTP), and
  # a day's idle timeout so that the session opened at the end of seeding outlives the timings.
  server_env=(ISMAP_LOG_ACCESS=false ISMAP_HTTP_LISTEN="127.0.0.1:$port" ISMAP_AUTH_MFA_REQUIRED=false
    ISMAP_AUTH_COOKIE_SECURE=false ISMAP_AUTH_SESSION_IDLE_MINUTES=1440)
  if [[ "$backend" == sqlite ]]; then
    server_env+=(ISMAP_STORAGE_KIND=sqlite ISMAP_STORAGE_SQLITE_PATH="$sqlite_db")
  else
    server_env+=(ISMAP_STORAGE_KIND=postgres ISMAP_STORAGE_POSTGRES_DSN="$pg_dsn")
  fi
  say
  say "== over HTTP, $backend: ismap serve on 127.0.0.1:$port (demo off, access log off, MFA off), wrk $CONNECTIONS connections, ${DURATION} s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  # From the temp dir, so that no ismap.toml of the caller's directory is read.
  (cd "$tmp" && exec env "${server_env[@]}" "$ISMAP" serve >"$tmp/serve-$backend.out" 2>"$tmp/serve-$backend.err") &
  server_pid=$!
  deadline=$((SECONDS + 20))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/healthz" || true)" == 200 ]]; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/serve-$backend.err" >&2; die "ismap serve exited during start-up"; }
    ((SECONDS < deadline)) || die "ismap serve did not answer within 20 s"
    sleep 0.1
  done
  site="http://127.0.0.1:$port"
  check "$site/audit-bodies" "合成監査法人"
  check "$site/api/v1/audit-bodies" '"registration_id"'
  check "$site/api/v1/audit-bodies?format=csv" "合成監査法人"
  check "$site/audit-bodies/queue" "合成監査法人" "$cookie"
  check "$site/api/v1/audit-bodies/queue" '"applicant_name_ja":"合成監査法人' "$cookie"
  measure "$backend" list_page "$site/audit-bodies"
  measure "$backend" list_json "$site/api/v1/audit-bodies"
  measure "$backend" list_csv "$site/api/v1/audit-bodies?format=csv"
  measure "$backend" queue_page "$site/audit-bodies/queue" "$cookie"
  measure "$backend" queue_json "$site/api/v1/audit-bodies/queue" "$cookie"
  stop_pid "$server_pid" 15
  server_pid=""
done

# --- 4. the summary ------------------------------------------------------------------------------
say
say "== summary (ms; in-process p50 / p99 / max over $ITERATIONS iterations)"
say "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
{
  printf '%-28s %28s %28s\n' "step" "sqlite p50/p99/max" "postgres p50/p99/max"
  for step in queue_use_case queue_json queue_total queue_page500_use_case queue_last_page_total list_use_case \
    list_json list_csv list_json_total list_csv_total; do
    cells=()
    for backend in sqlite postgres; do
      cells+=("$(awk -v s="$step" '$1 == "result" && $3 == s { printf "%s / %s / %s", $4, $5, $6 }' "$tmp/timing-$backend.txt")")
    done
    printf '%-28s %28s %28s\n' "$step" "${cells[0]}" "${cells[1]}"
  done
  echo
  printf '%-9s %-11s %12s %9s %9s %9s %9s %7s\n' backend what "requests/s" "p50 ms" "p99 ms" "max ms" requests errors
  for row in "${http_rows[@]}"; do
    IFS='|' read -r b f rps p50 p99 max n err <<<"$row"
    printf '%-9s %-11s %12s %9s %9s %9s %9s %7s\n' "$b" "$f" "$rps" "$p50" "$p99" "$max" "$n" "$err"
  done
} | tee -a "$OUT_TXT"
say "written: $OUT_TXT"
