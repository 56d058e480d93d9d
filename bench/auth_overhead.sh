#!/usr/bin/env bash
# What a signed-in request costs over an anonymous one on the same route, and argon2id per hash.
#   bash bench/auth_overhead.sh        (DURATION=10 by default; ISMAP_BIN to skip the build)
# Starts `ismap serve --demo` on loopback (MFA off for the run, so a password alone logs in),
# logs in as a demo user, then loads GET / with wrk twice in the same run: without a cookie and
# with the session cookie (session lookup, user and organisation read on every request).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-28090}

if [ -z "${ISMAP_BIN:-}" ]; then
  bash scripts/install-deps.sh
  cmake --preset release >/dev/null
  cmake --build --preset release >/dev/null
  ISMAP_BIN=build/release/src/cli/ismap
fi
bench_bin=$(dirname "$ISMAP_BIN")/../../bench/ismap_password_benchmark

tmp=$(mktemp -d /tmp/ismap-auth-bench.XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

env -u ISMAP_BIN ISMAP_STORAGE_SQLITE_PATH="$tmp/ismap.db" ISMAP_AUTH_MFA_REQUIRED=false ISMAP_LOG_ACCESS=false \
  "$ISMAP_BIN" serve --demo --listen "127.0.0.1:$PORT" >/dev/null 2>"$tmp/server.err" &
server_pid=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

cookie=$(curl -fs -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"email":"agency-member@demo.ismap.example","password":"demo-agency_member-password"}' \
  "http://127.0.0.1:$PORT/api/v1/session" | awk -F'[ ;]' 'tolower($1)=="set-cookie:" {print $2}')
[ -n "$cookie" ] || { echo "login failed" >&2; cat "$tmp/server.err" >&2; exit 1; }

run() {  # label, extra wrk args...
  local label=$1; shift
  timeout $((DURATION + 30)) wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "http://127.0.0.1:$PORT/" >"$tmp/$label.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/$label.txt")
  p50=$(awk '$1=="50%" {print $2}' "$tmp/$label.txt")
  p99=$(awk '$1=="99%" {print $2}' "$tmp/$label.txt")
  printf '%-14s %10s req/s   p50 %-8s p99 %s\n' "$label" "$rps" "$p50" "$p99"
  echo "$rps" >"$tmp/$label.rps"
}

echo "GET / on ismap (SQLite), wrk -t2 -c$CONNECTIONS, ${DURATION}s each, alternating, same run"
run anonymous-1
run signed-in-1 -H "Cookie: $cookie"
run anonymous-2
run signed-in-2 -H "Cookie: $cookie"
awk -v a1="$(cat "$tmp/anonymous-1.rps")" -v a2="$(cat "$tmp/anonymous-2.rps")" \
  -v s1="$(cat "$tmp/signed-in-1.rps")" -v s2="$(cat "$tmp/signed-in-2.rps")" \
  'BEGIN { a = (a1 + a2) / 2; s = (s1 + s2) / 2;
           printf "mean: anonymous %.0f req/s, signed-in %.0f req/s, ratio %.3f, per request %+.1f us\n",
                  a, s, s / a, 1e6 / s - 1e6 / a }'

if [ -x "$bench_bin" ]; then
  echo
  "$bench_bin" --benchmark_format=console 2>/dev/null | grep -E "BM_|Benchmark"
fi
