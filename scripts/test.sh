#!/usr/bin/env bash
# The README's second command: installs what is missing, checks formatting, starts a throwaway
# PostgreSQL cluster, builds with the `ci` preset (warnings are errors) and runs every test with
# CTest on both backends, then the browser tests in e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/format.sh --check

pg_dir=$(mktemp -d /tmp/ismap-pg.XXXXXX)
# A free loopback port unless one is given (another PostgreSQL may already hold 5432 or 55432).
pg_port=${ISMAP_TEST_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
cleanup() {
  bash scripts/pg-test-cluster.sh stop "$pg_dir" >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap cleanup EXIT
ISMAP_TEST_PG_DSN=$(bash scripts/pg-test-cluster.sh start "$pg_dir" "$pg_port")
export ISMAP_TEST_PG_DSN
# PostgreSQL tests fail (never skip) when the cluster is missing, and one test stops and restarts it.
export ISMAP_TEST_REQUIRE_PG=1
export ISMAP_TEST_PG_STOP="bash $PWD/scripts/pg-test-cluster.sh stop $pg_dir"
export ISMAP_TEST_PG_START="bash $PWD/scripts/pg-test-cluster.sh restart $pg_dir $pg_port"

cmake --workflow --preset ci

# Pages in a real browser (Chromium via playwright-core), with axe-core accessibility checks.
bash e2e/run.sh
