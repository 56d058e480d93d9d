#!/usr/bin/env bash
# Issue 8: the public API's list and the public list page served by ismap (from its in-memory
# snapshot, http/public_cache.hpp) against nginx serving the same bytes from files, on 127.0.0.1.
#
#   bash bench/portal_vs_nginx.sh [BUILD_DIR]        # default build/release; builds nothing
#
# Needs in BUILD_DIR: src/cli/ismap and bench/ismap_cloud_service_seed
# (cmake --build BUILD_DIR --target ismap ismap_cloud_service_seed), a release build.
# Seeds a fresh SQLite register (SERVICES services, of which about two thirds are registered: at
# least 100 are required), starts `ismap serve` on it, fetches the exact bytes of
# GET /api/v1/services and GET /cloud-services (anonymous, identity encoding: what wrk asks for),
# writes them to files that nginx serves with the same content types, checks both servers return
# the same bytes, then runs wrk against each URL on both servers in the same run (64 keep-alive
# connections, WARMUP s of warm-up, DURATION s measured). Prints requests/s, p50 and p99 per
# server and URL, the ratios ismap/nginx against the targets (>= 0.7 x requests/s, p99 <= 2 x),
# and writes bench/out/portal_vs_nginx.json. See bench/README.md.
#
# Environment:
#   DURATION       seconds per measured wrk run (default 15)
#   WARMUP         seconds of warm-up before each measured run (default 3)
#   CONNECTIONS    keep-alive connections (default 64)
#   SERVICES       services to seed (default 200); PROVIDERS (default 40); APPLICATIONS (default 1000)
#   PORT1, PORT2   ports of ismap and nginx (default 28090, 28091)
#   KEEP_TMP       1 keeps the temp dir (database, bodies, configs, raw wrk output)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
BUILD="${1:-$ROOT/build/release}"
BUILD="$(cd "$BUILD" 2>/dev/null && pwd)" || { echo "portal_vs_nginx: no build dir ${1:-build/release}" >&2; exit 1; }
readonly BUILD
readonly DURATION="${DURATION:-15}" WARMUP="${WARMUP:-3}" CONNECTIONS="${CONNECTIONS:-64}"
readonly SERVICES="${SERVICES:-200}" PROVIDERS="${PROVIDERS:-40}" APPLICATIONS="${APPLICATIONS:-1000}"
readonly PORT1="${PORT1:-28090}" PORT2="${PORT2:-28091}"
readonly ISMAP="$BUILD/src/cli/ismap" SEEDER="$BUILD/bench/ismap_cloud_service_seed"
readonly OUT_DIR="$ROOT/bench/out" OUT_JSON="$ROOT/bench/out/portal_vs_nginx.json"
readonly MIN_REGISTERED=100 RPS_TARGET=0.7 P99_TARGET=2
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

die() {
  echo "portal_vs_nginx: $*" >&2
  exit 1
}
say() { echo "$@"; }

for b in "$ISMAP" "$SEEDER"; do
  [[ -x "$b" ]] || die "$b not built (cmake --build $BUILD --target ismap ismap_cloud_service_seed)"
done
for tool in wrk nginx curl sha256sum awk timeout python3; do
  command -v "$tool" >/dev/null || die "$tool not found (bash scripts/install-deps.sh installs it)"
done
for n in "$DURATION" "$CONNECTIONS" "$SERVICES" "$PROVIDERS" "$APPLICATIONS"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "DURATION, CONNECTIONS, SERVICES, PROVIDERS and APPLICATIONS must be positive whole numbers"
done
[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "WARMUP must be a whole number of seconds"

# --- processes and cleanup -----------------------------------------------------------------------
tmp="$(mktemp -d /tmp/ismap-portal-bench.XXXXXX)"
ismap_pid="" nginx_pid="" child_pid=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in $child_pid $ismap_pid $nginx_pid; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in $child_pid $ismap_pid $nginx_pid; do
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ "${KEEP_TMP:-0}" == 1 ]]; then
    echo "portal_vs_nginx: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use "$PORT1" && die "something already listens on 127.0.0.1:$PORT1 (set PORT1)"
port_in_use "$PORT2" && die "something already listens on 127.0.0.1:$PORT2 (set PORT2)"

# wait_200 URL PID NAME: poll until URL answers 200, the process dies, or 20 s pass.
wait_200() {
  local url=$1 pid=$2 name=$3 deadline=$((SECONDS + 20)) code
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || return 1
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)
    [[ "$code" == 200 ]] && return 0
    sleep 0.1
  done
  echo "portal_vs_nginx: $name did not answer 200 on $url within 20 s" >&2
  return 1
}

# --- 1. the register -----------------------------------------------------------------------------
say "== seeding SQLite: $PROVIDERS providers, $SERVICES services, $APPLICATIONS applications"
bounded 1800 "$tmp/seed.txt" "$SEEDER" --database "sqlite:$tmp/ismap.db" --providers "$PROVIDERS" \
  --services "$SERVICES" --applications "$APPLICATIONS" --big-provider-applications 20 ||
  { cat "$tmp/seed.txt" >&2; die "seeding failed"; }

# --- 2. ismap ------------------------------------------------------------------------------------
env ISMAP_STORAGE_SQLITE_PATH="$tmp/ismap.db" \
  "$ISMAP" serve --listen "127.0.0.1:$PORT1" >/dev/null 2>"$tmp/ismap.err" &
ismap_pid=$!
if ! wait_200 "http://127.0.0.1:$PORT1/healthz" "$ismap_pid" ismap; then
  cat "$tmp/ismap.err" >&2
  die "ismap did not start"
fi

# --- 3. the bytes --------------------------------------------------------------------------------
readonly PATHS=(/api/v1/services /cloud-services)
declare -A FILE=([/api/v1/services]=services.json [/cloud-services]=cloud-services.html)
declare -A TYPE BYTES SHA
mkdir -p "$tmp/www"
for p in "${PATHS[@]}"; do
  f="$tmp/www/${FILE[$p]}"
  TYPE[$p]=$(curl -fsS --max-time 10 -H 'Accept-Encoding: identity' -o "$f" -w '%{content_type}' "http://127.0.0.1:$PORT1$p") ||
    die "ismap did not answer GET $p"
  BYTES[$p]=$(wc -c <"$f")
  SHA[$p]=$(sha256sum "$f" | cut -d' ' -f1)
done
registered=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["total"])' "$tmp/www/services.json" 2>/dev/null ||
  python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$tmp/www/services.json")
((registered >= MIN_REGISTERED)) || die "only $registered services on the public list; at least $MIN_REGISTERED needed (raise SERVICES)"
say "== $registered registered services; /api/v1/services is ${BYTES[/api/v1/services]} bytes, /cloud-services ${BYTES[/cloud-services]} bytes"

# --- 4. nginx ------------------------------------------------------------------------------------
mkdir -p "$tmp/nginx-temp"
cat >"$tmp/nginx.conf" <<EOF
user root;
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/nginx.err warn;
events {
  worker_connections 4096;
}
http {
  access_log /dev/null;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  keepalive_timeout 65s;
  client_body_temp_path $tmp/nginx-temp/client;
  proxy_temp_path $tmp/nginx-temp/proxy;
  fastcgi_temp_path $tmp/nginx-temp/fastcgi;
  uwsgi_temp_path $tmp/nginx-temp/uwsgi;
  scgi_temp_path $tmp/nginx-temp/scgi;
  types {}
  server {
    listen 127.0.0.1:$PORT2;
    location = /api/v1/services {
      default_type "${TYPE[/api/v1/services]}";
      alias $tmp/www/services.json;
    }
    location = /cloud-services {
      default_type "${TYPE[/cloud-services]}";
      alias $tmp/www/cloud-services.html;
    }
  }
}
EOF
nginx -e "$tmp/nginx.err" -c "$tmp/nginx.conf" -p "$tmp" -g 'daemon off;' 2>"$tmp/nginx.stderr" &
nginx_pid=$!
if ! wait_200 "http://127.0.0.1:$PORT2/api/v1/services" "$nginx_pid" nginx; then
  cat "$tmp/nginx.stderr" "$tmp/nginx.err" >&2 2>/dev/null || true
  die "nginx did not start"
fi
for p in "${PATHS[@]}"; do
  for port in "$PORT1" "$PORT2"; do
    got=$(curl -fsS --max-time 10 "http://127.0.0.1:$port$p" | sha256sum | cut -d' ' -f1)
    [[ "$got" == "${SHA[$p]}" ]] || die "GET $p on port $port returned other bytes than the first answer (${got:0:16} vs ${SHA[$p]:0:16})"
  done
done
say "== both servers return the same bytes for ${PATHS[*]}"

# --- 5. measure ----------------------------------------------------------------------------------
# to_ms VALUE: wrk prints latencies as 812.00us, 1.23ms, 1.02s or 2.00m.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else { exit 1 }
  }'
}
# parse FILE: "rps p50_ms p99_ms non2xx socket_errors" from wrk --latency output.
parse() {
  local f=$1 rps p50 p99 non2xx errors
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$f")
  p50=$(awk '$1 == "50%" { print $2 }' "$f")
  p99=$(awk '$1 == "99%" { print $2 }' "$f")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$f")
  errors=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$f")
  [[ -n "$rps" && -n "$p50" && -n "$p99" ]] || return 1
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") ${non2xx:-0} ${errors:-0}"
}

declare -A RPS P50 P99 NON2XX ERRS
raw="$tmp/wrk-all.txt"
: >"$raw"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
run() {  # run SERVER PORT PATH
  local name=$1 port=$2 p=$3 f r
  f="$tmp/wrk-$name-${FILE[$p]}.txt"
  if ((WARMUP > 0)); then
    bounded "$((WARMUP + 30))" /dev/null wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$port$p"
  fi
  say "== $name GET $p, $CONNECTIONS connections, ${DURATION}s"
  bounded "$((DURATION + 30))" "$f" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$port$p" ||
    { cat "$f" >&2; die "wrk failed for $name $p"; }
  { echo "### $name $p"; cat "$f"; echo; } >>"$raw"
  r=$(parse "$f") || { cat "$f" >&2; die "cannot parse wrk output for $name $p"; }
  read -r "RPS[$name,$p]" "P50[$name,$p]" "P99[$name,$p]" "NON2XX[$name,$p]" "ERRS[$name,$p]" <<<"$r"
  if [[ "${NON2XX[$name,$p]}" != 0 || "${ERRS[$name,$p]}" != 0 ]]; then
    say "   warning: ${NON2XX[$name,$p]} non-2xx/3xx responses, ${ERRS[$name,$p]} socket errors"
  fi
}
# Alternate which server goes first, so neither always runs on a warmer machine.
order=0
for p in "${PATHS[@]}"; do
  if ((order % 2 == 0)); then
    run ismap "$PORT1" "$p"
    run nginx "$PORT2" "$p"
  else
    run nginx "$PORT2" "$p"
    run ismap "$PORT1" "$p"
  fi
  order=$((order + 1))
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
kill -0 "$ismap_pid" 2>/dev/null || die "ismap exited during the run: $(cat "$tmp/ismap.err")"
kill -0 "$nginx_pid" 2>/dev/null || die "nginx exited during the run"

# --- 6. report -----------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "null" }'; }
verdict() {  # verdict VALUE OP LIMIT -> PASS/FAIL
  awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { ok = (op == ">=") ? (v >= l) : (v <= l); print (ok ? "PASS" : "FAIL") }'
}
say
say "ismap vs nginx, same bytes: $registered registered services, wrk -t2 -c$CONNECTIONS, ${DURATION}s per run, $(nproc) CPUs"
say "load average before: $load_before   after: $load_after"
say
printf '%-18s %-6s %9s %10s %9s %9s %7s %8s\n' path server bytes req/s "p50 ms" "p99 ms" non2xx sockerr
for p in "${PATHS[@]}"; do
  for s in ismap nginx; do
    printf '%-18s %-6s %9s %10.0f %9.3f %9.3f %7s %8s\n' "$p" "$s" "${BYTES[$p]}" "${RPS[$s,$p]}" "${P50[$s,$p]}" \
      "${P99[$s,$p]}" "${NON2XX[$s,$p]}" "${ERRS[$s,$p]}"
  done
done
say
printf '%-18s %18s %18s %8s\n' path "req/s ismap/nginx" "p99 ismap/nginx" verdict
declare -A RR PR OK
all_pass=true
for p in "${PATHS[@]}"; do
  RR[$p]=$(ratio "${RPS[ismap,$p]}" "${RPS[nginx,$p]}")
  PR[$p]=$(ratio "${P99[ismap,$p]}" "${P99[nginx,$p]}")
  OK[$p]=false
  if [[ $(verdict "${RR[$p]}" '>=' "$RPS_TARGET") == PASS && $(verdict "${PR[$p]}" '<=' "$P99_TARGET") == PASS ]]; then
    OK[$p]=true
  else
    all_pass=false
  fi
  printf '%-18s %18s %18s %8s\n' "$p" "${RR[$p]}" "${PR[$p]}" "$([[ ${OK[$p]} == true ]] && echo PASS || echo FAIL)"
done
say "targets: requests/s >= $RPS_TARGET x nginx, p99 <= $P99_TARGET x nginx"

mkdir -p "$OUT_DIR"
{
  echo "{"
  echo "  \"benchmark\": \"portal_vs_nginx\","
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"git_commit\": \"$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)\","
  echo "  \"registered_services\": $registered,"
  echo "  \"connections\": $CONNECTIONS, \"duration_s\": $DURATION, \"warmup_s\": $WARMUP, \"wrk_threads\": 2, \"cpus\": $(nproc),"
  echo "  \"loadavg_before\": \"$load_before\", \"loadavg_after\": \"$load_after\","
  echo "  \"results\": ["
  first=1
  for p in "${PATHS[@]}"; do
    for s in ismap nginx; do
      ((first)) || echo ","
      first=0
      printf '    {"path": "%s", "server": "%s", "bytes": %s, "requests_per_s": %s, "p50_ms": %s, "p99_ms": %s, "non_2xx_3xx": %s, "socket_errors": %s}' \
        "$p" "$s" "${BYTES[$p]}" "${RPS[$s,$p]}" "${P50[$s,$p]}" "${P99[$s,$p]}" "${NON2XX[$s,$p]}" "${ERRS[$s,$p]}"
    done
  done
  echo
  echo "  ],"
  echo "  \"ratios\": ["
  first=1
  for p in "${PATHS[@]}"; do
    ((first)) || echo ","
    first=0
    printf '    {"path": "%s", "requests_per_s_ismap_over_nginx": %s, "p99_ismap_over_nginx": %s, "pass": %s}' \
      "$p" "${RR[$p]}" "${PR[$p]}" "${OK[$p]}"
  done
  echo
  echo "  ],"
  echo "  \"targets\": {\"requests_per_s_ratio_min\": $RPS_TARGET, \"p99_ratio_max\": $P99_TARGET, \"pass\": $all_pass}"
  echo "}"
} >"$OUT_JSON"
cp "$raw" "$OUT_DIR/portal_vs_nginx.wrk.txt"
say
say "wrote $OUT_JSON (raw wrk output: $OUT_DIR/portal_vs_nginx.wrk.txt)"
