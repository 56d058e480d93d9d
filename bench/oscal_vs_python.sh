#!/usr/bin/env bash
# The OSCAL engine against Python references, in the same run, each timed inside its own process
# after start-up (see bench/oscal_benchmark.cpp and bench/oscal_vs_python.py):
#   parse       JsonDocument::Parse vs json.loads of the NIST SP 800-53 rev5.0.1 catalog (3.2 MB) in memory
#   validate    JsonSchema (RE2) vs jsonschema Draft7Validator, OSCAL 1.1.3 complete schema, compiled once
#   resolution  NIST and FedRAMP HIGH baselines against the 5.0.1 catalog (no Python reference)
#
#   bash bench/oscal_vs_python.sh                 builds the release preset first
#   BENCH_BIN=build/release/bench/ismap_oscal_benchmark bash bench/oscal_vs_python.sh   skip the build
#   RUNS=50 PY_VALIDATE_RUNS=10 bash bench/oscal_vs_python.sh
#
# Targets: validation >= 20x faster than jsonschema, parsing >= 5x faster than json.loads, NIST HIGH
# resolution < 20 ms (medians). PASS/FAIL is printed; the exit code is 0 unless a benchmark could not run.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
PY_RUNS=${PY_RUNS:-20}
PY_VALIDATE_RUNS=${PY_VALIDATE_RUNS:-5}
DATA=${DATA:-$(cd .. && pwd)/shared/data}
CATALOG=$DATA/oscal/nist-sp800-53-rev5/NIST_SP-800-53_rev5.0.1_catalog.json
SCHEMA=$DATA/oscal/schema/oscal_complete_schema-1.1.3.json

if [ -z "${BENCH_BIN:-}" ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target ismap_oscal_benchmark ismap_catalog_import_benchmark >/dev/null
  BENCH_BIN=build/release/bench/ismap_oscal_benchmark
fi
IMPORT_BIN=${IMPORT_BIN:-$(dirname "$BENCH_BIN")/ismap_catalog_import_benchmark}
python3 -c 'import jsonschema' 2>/dev/null || { echo "needs python3-jsonschema (Debian package)" >&2; exit 1; }
mkdir -p bench/out
out=bench/out/oscal_vs_python.txt

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
cpp=$("$BENCH_BIN" --data "$DATA" --runs "$RUNS")
py=$(python3 bench/oscal_vs_python.py --catalog "$CATALOG" --schema "$SCHEMA" --runs "$PY_RUNS" \
  --validate-runs "$PY_VALIDATE_RUNS" --write-schema bench/out/oscal_complete_schema-1.1.3.python-re.json)

# ---- SQLite import ------------------------------------------------------------------------------
# The full import of the catalog into a fresh SQLite database (read, parse, validate, convert, store
# 1,189 controls and the ledger event, commit), as `ismap catalog import` does it; target < 1 s.
# IMPORT_BENCH_CMD replaces the command (it prints "result sqlite_import BEST_MS MEDIAN_MS RUNS").
IMPORT_BENCH_CMD=${IMPORT_BENCH_CMD:-"$IMPORT_BIN $CATALOG ${IMPORT_RUNS:-5}"}
extra=$(bash -c "$IMPORT_BENCH_CMD" | tee /dev/stderr | grep '^result sqlite_import ' || true)
# -------------------------------------------------------------------------------------------------

{
  echo "$py" | grep '^note ' | sed 's/^note /python: /'
  printf '%s\n%s\n%s\n' "$(echo "$cpp" | grep '^result ' | sed 's/^/cpp /')" \
    "$(echo "$py" | grep '^result ' | sed 's/^/py /')" "$(echo "$extra" | grep '^result ' | sed 's/^/cpp /')" |
    awk -v runs="$RUNS" -v pyruns="$PY_RUNS" -v pyvruns="$PY_VALIDATE_RUNS" '
      $2 == "result" { best[$1, $3] = $4; med[$1, $3] = $5; n[$1, $3] = $6 }
      function row(label, name, cmp, target, unit,    c, p, ratio, ok) {
        c = med["cpp", name]; p = med["py", name]
        if (c == "") { printf "%-34s %12s %12s %9s  %-12s %s\n", label, "-", "-", "-", target, "not measured"; return }
        if (p != "") {
          ratio = p / c
          ok = (ratio >= cmp) ? "PASS" : "FAIL"
          printf "%-34s %9.3f ms %9.1f ms %8.1fx  %-12s %s\n", label, c, p, ratio, target, ok
        } else if (cmp > 0) {
          ok = (c < cmp) ? "PASS" : "FAIL"
          printf "%-34s %9.3f ms %12s %9s  %-12s %s\n", label, c, "-", "-", target, ok
        } else {
          printf "%-34s %9.3f ms %12s %9s  %-12s %s\n", label, c, "-", "-", "-", ""
        }
      }
      END {
        printf "\nmedians (best in the detail below); ismap %s runs, python %s parse / %s validation runs\n", runs, pyruns, pyvruns
        printf "%-34s %12s %12s %9s  %-12s %s\n", "figure", "ismap", "python", "ratio", "target", "result"
        row("parse catalog (3.2 MB)", "parse", 5, ">= 5x")
        row("validate catalog, schema 1.1.3", "validate", 20, ">= 20x")
        row("resolve NIST HIGH (parsed catalog)", "resolve_nist_high", 20, "< 20 ms")
        row("resolve NIST HIGH (+ catalog parse)", "resolve_nist_high_from_text", 20, "< 20 ms")
        row("resolve FedRAMP HIGH (parsed)", "resolve_fedramp_high", 0, "")
        row("resolve FedRAMP HIGH (+ parse)", "resolve_fedramp_high_from_text", 0, "")
        row("import catalog into SQLite", "sqlite_import", 1000, "< 1000 ms")
        printf "\ndetail (ms): side figure best median runs\n"
        for (k in best) { split(k, part, SUBSEP); printf "  %-4s %-32s %9.3f %9.3f %4d\n", part[1], part[2], best[k], med[k], n[k] }
      }'
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
