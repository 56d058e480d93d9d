#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the release binary and starts the
# server on SQLite (./var/ismap.db) with demo data at http://localhost:8080. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/src/cli/ismap serve --demo "$@"
