#!/usr/bin/env bash
# Static-file throughput and latency of ismap against nginx, on 127.0.0.1 only.
#
# Both servers serve the same 20480-byte HTML file: ismap from memory (http.static_dir), nginx from
# disk with sendfile. wrk drives each with 64 and then 256 keep-alive connections; the table gives
# requests/s and the p50/p99 latency of each, and the ismap/nginx ratios. See bench/README.md.
#
# Environment:
#   DURATION   seconds per measured wrk run (default 15)
#   WARMUP     seconds of warm-up before each measured run (default 3)
#   ISMAP_BIN  an ismap binary to use; when unset the release preset is built
#   PORT1      port for ismap (default 28080)
#   PORT2      port for nginx (default 28081)
#   KEEP_TMP   1 = keep the temp dir (configs, logs, raw wrk output) for inspection
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
readonly DURATION="${DURATION:-15}"
readonly WARMUP="${WARMUP:-3}"
readonly PORT1="${PORT1:-28080}"
readonly PORT2="${PORT2:-28081}"
readonly CONNECTIONS=(64 256)
readonly FILE_BYTES=20480
readonly OUT_DIR="$ROOT/bench/out"
readonly OUT_JSON="$OUT_DIR/http_vs_nginx.json"

die() {
  echo "http_vs_nginx: $*" >&2
  exit 1
}

for tool in wrk nginx curl sha256sum awk timeout; do
  command -v "$tool" >/dev/null || die "$tool not found (bash scripts/install-deps.sh installs it)"
done
[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "DURATION must be a positive whole number of seconds"
[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "WARMUP must be a whole number of seconds"

# --- 1. the binary -------------------------------------------------------------------------------
if [[ -z "${ISMAP_BIN:-}" ]]; then
  cd "$ROOT"
  if [[ -f scripts/install-deps.sh ]]; then
    bash scripts/install-deps.sh
  fi
  echo "== building the release preset"
  cmake --preset release >/dev/null
  cmake --build --preset release
  ISMAP_BIN="$ROOT/build/release/src/cli/ismap"
fi
[[ -x "$ISMAP_BIN" ]] || die "ISMAP_BIN=$ISMAP_BIN is not an executable"
ISMAP_BIN="$(cd "$(dirname "$ISMAP_BIN")" && pwd)/$(basename "$ISMAP_BIN")"

# --- processes and cleanup -----------------------------------------------------------------------
tmp="$(mktemp -d /tmp/ismap-bench.XXXXXX)"
ismap_pid=""
nginx_pid=""
wrk_pid=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in $wrk_pid $ismap_pid $nginx_pid; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in $wrk_pid $ismap_pid $nginx_pid; do
    # ismap drains for up to http.shutdown_grace_ms; don't wait forever on either.
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ "${KEEP_TMP:-0}" == 1 ]]; then
    echo "http_vs_nginx: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 2. the file ---------------------------------------------------------------------------------
mkdir -p "$tmp/static"
# Deterministic HTML: numbered lorem paragraphs, padded with a comment to exactly FILE_BYTES bytes.
awk -v size="$FILE_BYTES" 'BEGIN {
  head = "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>ismap bench</title></head>\n<body>\n"
  foot = "</body>\n</html>\n"
  text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua."
  out = head
  for (i = 1; ; i++) {
    line = sprintf("<p id=\"p%04d\">%s</p>\n", i, text)
    if (length(out) + length(line) + length(foot) + 9 > size) break
    out = out line
  }
  pad = size - length(out) - length(foot) - 8   # "<!--" + "-->\n" = 8 bytes
  filler = ""
  for (j = 0; j < pad; j++) filler = filler "x"
  printf "%s<!--%s-->\n%s", out, filler, foot
}' >"$tmp/static/bench.html"
actual_bytes=$(wc -c <"$tmp/static/bench.html")
[[ "$actual_bytes" -eq "$FILE_BYTES" ]] || die "bench.html is $actual_bytes bytes, expected $FILE_BYTES"
file_sha=$(sha256sum "$tmp/static/bench.html" | cut -d' ' -f1)

readonly URL1="http://127.0.0.1:$PORT1/static/bench.html"
readonly URL2="http://127.0.0.1:$PORT2/static/bench.html"

port_free() {  # nothing accepts connections on 127.0.0.1:PORT
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
port_free "$PORT1" || die "something already listens on 127.0.0.1:$PORT1 (set PORT1)"
port_free "$PORT2" || die "something already listens on 127.0.0.1:$PORT2 (set PORT2)"

# wait_200 URL PID NAME: poll until URL answers 200, the process dies, or 10 s pass.
wait_200() {
  local url=$1 pid=$2 name=$3 deadline=$((SECONDS + 10)) code
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || return 1
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)
    [[ "$code" == 200 ]] && return 0
    sleep 0.1
  done
  echo "http_vs_nginx: $name did not answer 200 on $url within 10 s" >&2
  return 1
}

# --- 3. ismap ------------------------------------------------------------------------------------
# ismap rejects unknown ISMAP_* variables as configuration, so ISMAP_BIN must not reach it.
env -u ISMAP_BIN \
  ISMAP_HTTP_STATIC_DIR="$tmp/static" \
  ISMAP_STORAGE_SQLITE_PATH="$tmp/ismap.db" \
  "$ISMAP_BIN" serve --listen "127.0.0.1:$PORT1" >/dev/null 2>"$tmp/ismap.err" &
ismap_pid=$!
if ! wait_200 "http://127.0.0.1:$PORT1/healthz" "$ismap_pid" ismap; then
  cat "$tmp/ismap.err" >&2
  die "ismap did not start"
fi

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
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
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

  server {
    listen 127.0.0.1:$PORT2;
    location /static/ {
      root $tmp;
    }
  }
}
EOF
nginx -e "$tmp/nginx.err" -c "$tmp/nginx.conf" -p "$tmp" -g 'daemon off;' 2>"$tmp/nginx.stderr" &
nginx_pid=$!
if ! wait_200 "$URL2" "$nginx_pid" nginx; then
  cat "$tmp/nginx.stderr" "$tmp/nginx.err" >&2 2>/dev/null || true
  die "nginx did not start"
fi

# --- 5. same bytes from both ---------------------------------------------------------------------
sha1=$(curl -fsS --max-time 5 "$URL1" | sha256sum | cut -d' ' -f1)
sha2=$(curl -fsS --max-time 5 "$URL2" | sha256sum | cut -d' ' -f1)
[[ "$sha1" == "$file_sha" ]] || die "ismap body differs from bench.html ($sha1 vs $file_sha)"
[[ "$sha2" == "$file_sha" ]] || die "nginx body differs from bench.html ($sha2 vs $file_sha)"
echo "== both servers return the same $FILE_BYTES bytes (sha256 ${file_sha:0:16}...)"

# --- 6. measure ----------------------------------------------------------------------------------
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
  # "Socket errors: connect 0, read 0, write 0, timeout 0" -> the sum
  errors=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$f")
  [[ -n "$rps" && -n "$p50" && -n "$p99" ]] || return 1
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") ${non2xx:-0} ${errors:-0}"
}

declare -A RPS P50 P99 NON2XX ERRS SRV_CPU WRK_CPU OTHER_CPU

# CPU accounting per measured run, as % of the whole machine (100 = every core busy):
# the server's processes, wrk, and everything else (user+nice+system time not spent in either;
# interrupt/softirq time of the loopback traffic is left out). A high "other" means something
# outside the benchmark (a compile, tests) took CPU during that run and its figures are suspect.
HZ="$(getconf CLK_TCK)"
readonly HZ
machine_ticks() {  # "busy total" from /proc/stat; busy = user + nice + system
  awk '$1 == "cpu" { t = 0; for (i = 2; i <= NF; i++) t += $i; print $2 + $3 + $4, t }' /proc/stat
}
server_ticks() {  # user+system ticks of the server's processes (nginx: master and workers)
  local pids=$1
  if [[ $1 == "$nginx_pid" ]]; then
    pids="$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')"
  fi
  # shellcheck disable=SC2086
  for p in $pids; do cat "/proc/$p/stat" 2>/dev/null || true; done |
    awk '{ sub(/^.*\) /, ""); s += $12 + $13 } END { print s + 0 }'
}
# user+system ticks of this shell's waited-for children (the wrk runs), from `times` output,
# which must be taken in this shell (a $(...) subshell has no children of its own).
children_ticks() {
  awk -v hz="$HZ" 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, /m|s/); t += a[1] * 60 + a[2] }
    printf "%d", t * hz }' "$tmp/times"
}
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b > 0) ? 100 * a / b : 0 }'; }
raw="$tmp/wrk-all.txt"
: >"$raw"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# wrk runs in the background and is waited for, so a TERM/INT to this script acts at once.
wrk_bounded() {  # wrk_bounded SECONDS OUTFILE WRK-ARGS...
  local secs=$1 out=$2
  shift 2
  timeout "$((secs + 30))" wrk "$@" >"$out" &
  wrk_pid=$!
  wait "$wrk_pid"
  wrk_pid=""
}

run() {  # run SERVER URL CONNECTIONS
  local name=$1 url=$2 c=$3 f="$tmp/wrk-$1-$3.txt"
  if ((WARMUP > 0)); then
    wrk_bounded "$WARMUP" /dev/null -t2 -c"$c" -d"${WARMUP}s" "$url"
  fi
  echo "== $name, $c connections, ${DURATION}s"
  local pid busy0 all0 srv0 kids0 busy1 all1 srv1 kids1
  pid=$([[ $name == ismap ]] && echo "$ismap_pid" || echo "$nginx_pid")
  read -r busy0 all0 < <(machine_ticks)
  srv0=$(server_ticks "$pid")
  times >"$tmp/times"
  kids0=$(children_ticks)
  wrk_bounded "$DURATION" "$f" -t2 -c"$c" -d"${DURATION}s" --latency "$url"
  read -r busy1 all1 < <(machine_ticks)
  srv1=$(server_ticks "$pid")
  times >"$tmp/times"
  kids1=$(children_ticks)
  SRV_CPU[$name,$c]=$(pct $((srv1 - srv0)) $((all1 - all0)))
  WRK_CPU[$name,$c]=$(pct $((kids1 - kids0)) $((all1 - all0)))
  local other=$(((busy1 - busy0) - (srv1 - srv0) - (kids1 - kids0)))
  OTHER_CPU[$name,$c]=$(pct $((other < 0 ? 0 : other)) $((all1 - all0)))
  { echo "### $name c=$c"; cat "$f"; echo; } >>"$raw"
  local r
  r=$(parse "$f") || { cat "$f" >&2; die "cannot parse wrk output for $name c=$c"; }
  read -r "RPS[$name,$c]" "P50[$name,$c]" "P99[$name,$c]" "NON2XX[$name,$c]" "ERRS[$name,$c]" <<<"$r"
  if [[ "${NON2XX[$name,$c]}" != 0 || "${ERRS[$name,$c]}" != 0 ]]; then
    echo "   warning: ${NON2XX[$name,$c]} non-2xx/3xx responses, ${ERRS[$name,$c]} socket errors" >&2
    grep -E 'Non-2xx|Socket errors' "$f" >&2 || true
  fi
}

order=0
for c in "${CONNECTIONS[@]}"; do
  if ((order % 2 == 0)); then
    run ismap "$URL1" "$c"
    run nginx "$URL2" "$c"
  else
    run nginx "$URL2" "$c"
    run ismap "$URL1" "$c"
  fi
  order=$((order + 1))
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

kill -0 "$ismap_pid" 2>/dev/null || die "ismap exited during the run: $(cat "$tmp/ismap.err")"
kill -0 "$nginx_pid" 2>/dev/null || die "nginx exited during the run: $(cat "$tmp/nginx.stderr" "$tmp/nginx.err" 2>/dev/null)"

# --- 7. report -----------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "null" }'; }
verdict() {  # verdict VALUE OP LIMIT -> PASS/FAIL
  awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
    ok = (op == ">=") ? (v >= l) : (v <= l); print (ok ? "PASS" : "FAIL") }'
}

echo
echo "ismap vs nginx: GET /static/bench.html ($FILE_BYTES bytes), wrk -t2, ${DURATION}s per run, $(nproc) CPUs"
echo "load average before: $load_before   after: $load_after"
echo
printf '%-12s %-6s %10s %9s %9s %7s %8s %8s %6s %6s\n' connections server req/s "p50 ms" "p99 ms" non2xx sockerr "srv cpu" "wrk" other
suspect=""
for c in "${CONNECTIONS[@]}"; do
  for s in ismap nginx; do
    printf '%-12s %-6s %10.0f %9.3f %9.3f %7s %8s %7s%% %5s%% %5s%%\n' "$c" "$s" \
      "${RPS[$s,$c]}" "${P50[$s,$c]}" "${P99[$s,$c]}" "${NON2XX[$s,$c]}" "${ERRS[$s,$c]}" \
      "${SRV_CPU[$s,$c]}" "${WRK_CPU[$s,$c]}" "${OTHER_CPU[$s,$c]}"
    if ((OTHER_CPU[$s,$c] > 10)); then
      suspect+=" $s/$c"
    fi
  done
done
echo "(cpu columns: % of all $(nproc) CPUs during the measured run; other = processes outside the benchmark)"
if [[ -n "$suspect" ]]; then
  echo "WARNING: more than 10% of the CPU went to other processes during:$suspect -- rerun on an idle machine"
fi
echo
printf '%-12s %18s %18s\n' connections "req/s ismap/nginx" "p99 ismap/nginx"
declare -A RR PR
for c in "${CONNECTIONS[@]}"; do
  RR[$c]=$(ratio "${RPS[ismap,$c]}" "${RPS[nginx,$c]}")
  PR[$c]=$(ratio "${P99[ismap,$c]}" "${P99[nginx,$c]}")
  printf '%-12s %18s %18s\n' "$c" "${RR[$c]}" "${PR[$c]}"
done
echo
echo "targets:"
echo "  ismap req/s >= 0.75 x nginx at 64 connections: ${RR[64]} -> $(verdict "${RR[64]}" '>=' 0.75)"
for c in "${CONNECTIONS[@]}"; do
  echo "  ismap p99 <= 1.5 x nginx p99 at $c connections: ${PR[$c]} -> $(verdict "${PR[$c]}" '<=' 1.5)"
done

mkdir -p "$OUT_DIR"
{
  echo "{"
  echo "  \"benchmark\": \"http_vs_nginx\","
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"git_commit\": \"$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)\","
  echo "  \"file_bytes\": $FILE_BYTES,"
  echo "  \"duration_s\": $DURATION,"
  echo "  \"warmup_s\": $WARMUP,"
  echo "  \"wrk_threads\": 2,"
  echo "  \"cpus\": $(nproc),"
  echo "  \"loadavg_before\": \"$load_before\","
  echo "  \"loadavg_after\": \"$load_after\","
  echo "  \"results\": ["
  first=1
  for c in "${CONNECTIONS[@]}"; do
    for s in ismap nginx; do
      ((first)) || echo ","
      first=0
      printf '    {"connections": %d, "server": "%s", "requests_per_s": %s, "p50_ms": %s, "p99_ms": %s, "non_2xx_3xx": %s, "socket_errors": %s, "server_cpu_pct": %s, "wrk_cpu_pct": %s, "other_cpu_pct": %s}' \
        "$c" "$s" "${RPS[$s,$c]}" "${P50[$s,$c]}" "${P99[$s,$c]}" "${NON2XX[$s,$c]}" "${ERRS[$s,$c]}" \
        "${SRV_CPU[$s,$c]}" "${WRK_CPU[$s,$c]}" "${OTHER_CPU[$s,$c]}"
    done
  done
  echo
  echo "  ],"
  echo "  \"ratios\": ["
  first=1
  for c in "${CONNECTIONS[@]}"; do
    ((first)) || echo ","
    first=0
    printf '    {"connections": %d, "requests_per_s_ismap_over_nginx": %s, "p99_ismap_over_nginx": %s}' \
      "$c" "${RR[$c]}" "${PR[$c]}"
  done
  echo
  echo "  ],"
  echo "  \"targets\": {"
  echo "    \"requests_per_s_ratio_at_64_min\": 0.75,"
  echo "    \"p99_ratio_max\": 1.5,"
  echo "    \"requests_per_s_at_64_pass\": $([[ $(verdict "${RR[64]}" '>=' 0.75) == PASS ]] && echo true || echo false),"
  p99_pass=true
  for c in "${CONNECTIONS[@]}"; do
    [[ $(verdict "${PR[$c]}" '<=' 1.5) == PASS ]] || p99_pass=false
  done
  echo "    \"p99_pass\": $p99_pass"
  echo "  }"
  echo "}"
} >"$OUT_JSON"
cp "$raw" "$OUT_DIR/http_vs_nginx.wrk.txt"
echo
echo "wrote $OUT_JSON (raw wrk output: $OUT_DIR/http_vs_nginx.wrk.txt)"
