#!/usr/bin/env bash
# Mixed storage workload on SQLite and PostgreSQL, with one and with two ismap instances.
#
# For each of {sqlite, postgres} x {1, 2 instances}: a fresh database, fresh `ismap serve`
# process(es) on 127.0.0.1, then bench/ismap_storage_load (appends with ledger events, point
# reads, list reads) for DURATION seconds over CONNECTIONS keep-alive connections spread over the
# instances. Prints operations/s and p99 per backend and instance count, writes
# bench/out/storage_mixed.json, and finally runs `ismap ledger verify` on every database.
# See bench/README.md.
#
# Environment:
#   DURATION     seconds of measured load per run (default 10)
#   CONNECTIONS  client connections, spread round-robin over the instances (default 16)
#   MIX          operation weights (default append:20,point:50,list:30)
#   SEED         seed of the request choices (default 1)
#   PREFILL      organizations created before each measured run (default 200)
#   BACKENDS     which backends to run (default "sqlite postgres")
#   INSTANCES    instance counts to run (default "1 2")
#   BASE_PORT    first ismap port; the second instance uses BASE_PORT+1 (default 18280)
#   PG_PORT      port of the throwaway PostgreSQL cluster (default: first free in 55600-55699)
#   ISMAP_BIN    an ismap binary; when unset the release preset is built
#   LOAD_BIN     an ismap_storage_load binary; default: the one built next to ISMAP_BIN
#   KEEP_TMP     1 = keep the temp dir (server logs, PostgreSQL cluster, SQLite files)
# Other ISMAP_* variables (e.g. ISMAP_STORAGE_POOL_SIZE, ISMAP_WORKERS_THREADS) are passed to the
# servers unchanged, except the ones this script sets itself; they are listed in the output.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
readonly DURATION="${DURATION:-10}"
readonly CONNECTIONS="${CONNECTIONS:-16}"
readonly MIX="${MIX:-append:20,point:50,list:30}"
readonly SEED="${SEED:-1}"
readonly PREFILL="${PREFILL:-200}"
read -r -a BACKEND_LIST <<<"${BACKENDS:-sqlite postgres}"
read -r -a INSTANCE_LIST <<<"${INSTANCES:-1 2}"
readonly BASE_PORT="${BASE_PORT:-18280}"
readonly OUT_DIR="$ROOT/bench/out"
readonly OUT_JSON="$OUT_DIR/storage_mixed.json"
readonly OUT_TXT="$OUT_DIR/storage_mixed.txt"
readonly PG_CLUSTER="$ROOT/scripts/pg-test-cluster.sh"
# The operator token only guards this run's throwaway databases.
readonly TOKEN="bench-storage-mixed-operator-token-0123456789abcdef"

die() {
  echo "storage_mixed: $*" >&2
  exit 1
}

for tool in curl awk timeout psql sed; do
  command -v "$tool" >/dev/null || die "$tool not found (bash scripts/install-deps.sh installs it)"
done
[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "DURATION must be a positive whole number of seconds"
[[ "$CONNECTIONS" =~ ^[1-9][0-9]*$ ]] || die "CONNECTIONS must be a positive whole number"
[[ "$BASE_PORT" =~ ^[1-9][0-9]*$ ]] || die "BASE_PORT must be a port"
for b in "${BACKEND_LIST[@]}"; do
  [[ "$b" == sqlite || "$b" == postgres ]] || die "BACKENDS: '$b' is neither sqlite nor postgres"
done
for n in "${INSTANCE_LIST[@]}"; do
  [[ "$n" =~ ^[12]$ ]] || die "INSTANCES: '$n' is neither 1 nor 2"
done

# --- 1. the binaries -----------------------------------------------------------------------------
if [[ -z "${ISMAP_BIN:-}" ]]; then
  cd "$ROOT"
  echo "== building the release preset (ismap and bench/ismap_storage_load)"
  cmake --preset release >/dev/null
  cmake --build --preset release
  ISMAP_BIN="$ROOT/build/release/src/cli/ismap"
fi
[[ -x "$ISMAP_BIN" ]] || die "ISMAP_BIN=$ISMAP_BIN is not an executable"
ISMAP_BIN="$(cd "$(dirname "$ISMAP_BIN")" && pwd)/$(basename "$ISMAP_BIN")"
if [[ -z "${LOAD_BIN:-}" ]]; then
  # <build dir>/src/cli/ismap -> <build dir>/bench/ismap_storage_load
  LOAD_BIN="$(dirname "$(dirname "$(dirname "$ISMAP_BIN")")")/bench/ismap_storage_load"
fi
[[ -x "$LOAD_BIN" ]] || die "no load tool at $LOAD_BIN (build the ismap_storage_load target, or set LOAD_BIN)"

readonly ISMAP="$ISMAP_BIN" LOAD="$LOAD_BIN"

# ismap treats every ISMAP_* variable as configuration and refuses unknown ones; the ones this
# script controls are removed here and set per process below, the rest are passed through.
unset ISMAP_BIN ISMAP_HTTP_LISTEN ISMAP_AUTH_OPERATOR_TOKEN ISMAP_LOG_ACCESS ISMAP_DATABASE_URL \
  ISMAP_STORAGE_KIND ISMAP_STORAGE_SQLITE_PATH ISMAP_STORAGE_POSTGRES_DSN
PASSED_THROUGH="$(compgen -e | grep '^ISMAP_' | while read -r v; do printf '%s=%s ' "$v" "${!v}"; done || true)"

# --- processes and cleanup -----------------------------------------------------------------------
tmp="$(mktemp -d /tmp/ismap-storage-mixed.XXXXXX)"
chmod 755 "$tmp"  # the PostgreSQL cluster inside runs as the postgres user
server_pids=()
load_pid=""
pg_started=0

# stop_pid PID SECONDS: SIGTERM, wait up to SECONDS, then SIGKILL. Leaves the exit status in
# $stopped_rc (not printed: `wait` only works in this shell, never in a $(...) subshell).
stopped_rc=0
stop_pid() {
  local pid=$1 limit=$2 rc=0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq $((limit * 10))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "storage_mixed: pid $pid still running after ${limit} s, killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || rc=$?
  stopped_rc=$rc
}

# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$load_pid" ]]; then
    stop_pid "$load_pid" 5
  fi
  for pid in "${server_pids[@]}"; do
    stop_pid "$pid" 15
  done
  if ((pg_started)); then
    timeout 60 bash "$PG_CLUSTER" stop "$tmp/pg" >/dev/null 2>&1 || echo "storage_mixed: could not stop PostgreSQL in $tmp/pg" >&2
  fi
  if [[ "${KEEP_TMP:-0}" == 1 ]]; then
    echo "storage_mixed: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
for p in "$BASE_PORT" $((BASE_PORT + 1)); do
  ! port_in_use "$p" || die "something already listens on 127.0.0.1:$p (set BASE_PORT)"
done

# wait_200 URL PID NAME: poll until URL answers 200, the process dies, or 20 s pass.
wait_200() {
  local url=$1 pid=$2 name=$3 deadline=$((SECONDS + 20)) code
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || { echo "storage_mixed: $name exited during start-up" >&2; return 1; }
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)
    [[ "$code" == 200 ]] && return 0
    sleep 0.1
  done
  echo "storage_mixed: $name did not answer 200 on $url within 20 s" >&2
  return 1
}

# --- 2. PostgreSQL -------------------------------------------------------------------------------
pg_dsn=""
if [[ " ${BACKEND_LIST[*]} " == *" postgres "* ]]; then
  [[ -x /usr/lib/postgresql/15/bin/initdb ]] || die "PostgreSQL 15 server binaries not found (bash scripts/install-deps.sh)"
  pg_port="${PG_PORT:-}"
  if [[ -z "$pg_port" ]]; then
    for p in $(seq 55600 55699); do
      if ! port_in_use "$p" && [[ ! -e "/tmp/.s.PGSQL.$p" ]]; then
        pg_port=$p
        break
      fi
    done
    [[ -n "$pg_port" ]] || die "no free port in 55600-55699 for PostgreSQL (set PG_PORT)"
  fi
  echo "== starting a throwaway PostgreSQL 15 cluster on 127.0.0.1:$pg_port"
  pg_started=1
  pg_dsn="$(timeout 120 bash "$PG_CLUSTER" start "$tmp/pg" "$pg_port")" || die "PostgreSQL did not start (see $tmp/pg/server.log; KEEP_TMP=1 keeps it)"
fi

# --- 3. the runs ---------------------------------------------------------------------------------
# env_for BACKEND N: the storage variables of run N's database (printed one per line, for env).
env_for() {
  local backend=$1 n=$2
  if [[ "$backend" == sqlite ]]; then
    echo "ISMAP_STORAGE_KIND=sqlite"
    echo "ISMAP_STORAGE_SQLITE_PATH=$tmp/sqlite-$n/ismap.db"
  else
    echo "ISMAP_STORAGE_KIND=postgres"
    echo "ISMAP_DATABASE_URL=${pg_dsn/dbname=postgres/dbname=bench_mixed_$n}"
  fi
  echo "ISMAP_AUTH_OPERATOR_TOKEN=$TOKEN"
  echo "ISMAP_LOG_ACCESS=false"
}

mkdir -p "$OUT_DIR"
: >"$OUT_TXT"
echo "== storage_mixed: ${DURATION} s per run, $CONNECTIONS connections, mix $MIX, seed $SEED, prefill $PREFILL"
echo "   ismap: $ISMAP"
echo "   load:  $LOAD"
echo "   extra server settings: ${PASSED_THROUGH:-none}"
echo "   load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

rows=()        # backend|instances|total|append|append_p99|point_p99|list_p99|errors
run_jsons=()   # one JSON object per run
databases=()   # backend:n, for the ledger verification at the end
any_errors=0

for backend in "${BACKEND_LIST[@]}"; do
  for n in "${INSTANCE_LIST[@]}"; do
    name="$backend-$n"
    echo
    echo "== $backend, $n instance(s)"
    if [[ "$backend" == postgres ]]; then
      timeout 30 psql -X -q "$pg_dsn" -c "CREATE DATABASE bench_mixed_$n" \
        || die "cannot create database bench_mixed_$n"
    else
      rm -rf "$tmp/sqlite-$n"
      mkdir -p "$tmp/sqlite-$n"
    fi
    mapfile -t run_env < <(env_for "$backend" "$n")
    databases+=("$backend:$n")

    # Start the instances one after the other: the first applies the migrations and starts the
    # ledger, the second finds them done.
    ports=()
    server_pids=()
    for ((i = 0; i < n; i++)); do
      port=$((BASE_PORT + i))
      env "${run_env[@]}" "$ISMAP" serve --listen "127.0.0.1:$port" \
        >"$tmp/$name.server$i.out" 2>"$tmp/$name.server$i.err" &
      server_pids+=($!)
      if ! wait_200 "http://127.0.0.1:$port/healthz" "${server_pids[$i]}" "ismap #$i ($name)"; then
        cat "$tmp/$name.server$i.err" >&2
        die "ismap did not start"
      fi
      ports+=("$port")
    done

    load_rc=0
    timeout $((DURATION + 180)) "$LOAD" --connections "$CONNECTIONS" --seconds "$DURATION" --mix "$MIX" \
      --seed "$SEED" --prefill "$PREFILL" --token "$TOKEN" --json "$tmp/$name.json" "${ports[@]}" \
      >"$tmp/$name.load.txt" 2>&1 &
    load_pid=$!
    wait "$load_pid" || load_rc=$?
    load_pid=""
    cat "$tmp/$name.load.txt"
    { echo "== $backend, $n instance(s)"; cat "$tmp/$name.load.txt"; } >>"$OUT_TXT"
    case "$load_rc" in
      0) ;;
      3) any_errors=1 ;;  # ran, but with failed requests: recorded, reported below
      124) die "the load tool did not finish in time ($name)" ;;
      *) die "the load tool failed ($name, exit $load_rc)" ;;
    esac

    # The servers' own view: requests refused by the worker queue, then a clean stop.
    rejected=()
    alive=1
    for ((i = 0; i < n; i++)); do
      kill -0 "${server_pids[$i]}" 2>/dev/null || alive=0
      r=$(curl -s --max-time 5 "http://127.0.0.1:${ports[$i]}/metrics" | awk '$1 == "ismap_worker_rejected_total" {print $2}')
      rejected+=("${r:-null}")
    done
    exits=()
    for pid in "${server_pids[@]}"; do
      stop_pid "$pid" 15
      exits+=("$stopped_rc")
    done
    server_pids=()
    ((alive)) || die "an ismap instance died during the $name run (logs: $tmp/$name.server*.err; KEEP_TMP=1 keeps them)"
    warnings=0
    for ((i = 0; i < n; i++)); do
      w=$(grep -c -E '\] \[(warning|error|critical)\]' "$tmp/$name.server$i.err" || true)
      warnings=$((warnings + w))
      if ((w > 0)); then
        echo "   server #$i logged $w warning/error lines, first ones:"
        grep -E '\] \[(warning|error|critical)\]' "$tmp/$name.server$i.err" | head -5 | sed 's/^/     /'
      fi
    done
    echo "   servers: exit codes ${exits[*]} (0 = clean stop), worker-queue rejections ${rejected[*]}, log warnings/errors $warnings"

    summary=$(grep '^summary ' "$tmp/$name.load.txt") || die "no summary line from the load tool ($name)"
    field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$summary"; }
    rows+=("$backend|$n|$(field total_ops_s)|$(field append_ops_s)|$(field append_p99_ms)|$(field point_p99_ms)|$(field list_p99_ms)|$(field errors)")
    run_jsons+=("{\"backend\":\"$backend\",\"instances\":$n,\"ports\":[$(IFS=,; echo "${ports[*]}")],\"server_exit_codes\":[$(IFS=,; echo "${exits[*]}")],\"worker_rejected_total\":[$(IFS=,; echo "${rejected[*]}")],\"server_log_warnings\":$warnings,\"load\":$(cat "$tmp/$name.json")}")
  done
done

# --- 4. the ledgers ------------------------------------------------------------------------------
echo
echo "== ledger verify"
verify_jsons=()
verify_failed=0
for db in "${databases[@]}"; do
  backend=${db%%:*}
  n=${db##*:}
  mapfile -t run_env < <(env_for "$backend" "$n")
  rc=0
  out=$(timeout 120 env "${run_env[@]}" "$ISMAP" ledger verify 2>&1) || rc=$?
  printf '%-9s %d instance(s): %s\n' "$backend" "$n" "$out"
  ok=false
  if [[ $rc == 0 && "$out" == "ledger OK"* ]]; then ok=true; else verify_failed=1; fi
  out_escaped=$(printf '%s' "$out" | sed 's/\\/\\\\/g; s/"/\\"/g' | tr '\n' ' ')
  verify_jsons+=("{\"backend\":\"$backend\",\"instances\":$n,\"ok\":$ok,\"exit_code\":$rc,\"output\":\"$out_escaped\"}")
done

# --- 5. the table --------------------------------------------------------------------------------
echo
echo "== storage_mixed results: ${DURATION} s per run, $CONNECTIONS connections, mix $MIX"
echo "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
{
  printf '%-9s %9s %12s %12s %16s %15s %14s %7s\n' backend instances "total ops/s" "append ops/s" "append p99 ms" "point p99 ms" "list p99 ms" errors
  for row in "${rows[@]}"; do
    IFS='|' read -r b n total app app99 pt99 li99 err <<<"$row"
    printf '%-9s %9s %12s %12s %16s %15s %14s %7s\n' "$b" "$n" "$total" "$app" "$app99" "$pt99" "$li99" "$err"
  done
} | tee -a "$OUT_TXT"

{
  printf '{\n  "benchmark": "storage_mixed",\n'
  printf '  "date": "%s",\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '  "duration_s": %s,\n  "connections": %s,\n  "mix": "%s",\n  "seed": %s,\n  "prefill": %s,\n' \
    "$DURATION" "$CONNECTIONS" "$MIX" "$SEED" "$PREFILL"
  printf '  "extra_server_settings": "%s",\n' "$(printf '%s' "${PASSED_THROUGH:-}" | sed 's/\\/\\\\/g; s/"/\\"/g')"
  printf '  "nproc": %s,\n' "$(nproc)"
  printf '  "runs": [%s],\n' "$(IFS=,; echo "${run_jsons[*]}")"
  printf '  "ledger_verify": [%s]\n}\n' "$(IFS=,; echo "${verify_jsons[*]}")"
} >"$OUT_JSON"
echo "written: $OUT_JSON, $OUT_TXT"

if ((any_errors)); then
  echo "storage_mixed: some requests failed (non-2xx or transport errors); see the per-run output above" >&2
fi
((verify_failed == 0)) || die "a ledger did not verify"
exit $((any_errors ? 3 : 0))
