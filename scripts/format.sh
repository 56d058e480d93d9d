#!/usr/bin/env bash
# Formats every C++ file with .clang-format, or with --check lists the files that differ and fails.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'bench/*.hpp')
if [ "${1:-}" = "--check" ]; then
  if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/ismap-format.log; then
    echo "Formatting differs from .clang-format in:" >&2
    grep -oE '^[^:]+\.(cpp|hpp)' /tmp/ismap-format.log | sort -u >&2
    echo "Run: bash scripts/format.sh" >&2
    exit 1
  fi
  echo "format: ${#files[@]} files match .clang-format"
else
  clang-format -i "${files[@]}"
fi
