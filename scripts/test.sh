#!/usr/bin/env bash
# The README's second command: installs what is missing, checks formatting, builds with the `ci`
# preset (warnings are errors) and runs every test with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/format.sh --check
cmake --workflow --preset ci
