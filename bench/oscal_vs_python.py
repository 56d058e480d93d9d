#!/usr/bin/env python3
"""Python reference figures for bench/oscal_vs_python.sh, timed in-process after start-up.

  parse     json.loads of the NIST SP 800-53 rev5.0.1 catalog text, already in memory
  validate  jsonschema's Draft7Validator (Debian python3-jsonschema) validating the parsed catalog
            against a copy of oscal_complete_schema-1.1.3.json whose \\p{..} classes are translated,
            because Python's `re` rejects \\p{L}: \\p{L} -> [^\\W\\d_] (Unicode letters) and
            \\p{N} -> \\d (Unicode decimal digits; \\p{N} also has letter-like and other numbers)

Usage: oscal_vs_python.py --catalog FILE --schema FILE [--runs N] [--validate-runs N] [--write-schema FILE]
Prints "note ..." lines, then one line per figure: result NAME BEST_MS MEDIAN_MS RUNS
"""
import argparse
import json
import re
import statistics
import sys
import time

import jsonschema

TRANSLATIONS = {r"\p{L}": r"[^\W\d_]", r"\p{N}": r"\d"}


def translate(node, counts):
    """Rewrites every "pattern" value and "patternProperties" key of the schema in place."""
    if isinstance(node, dict):
        for key, value in list(node.items()):
            if key == "pattern" and isinstance(value, str):
                node[key] = translate_pattern(value, counts)
            elif key == "patternProperties" and isinstance(value, dict):
                node[key] = {translate_pattern(k, counts): v for k, v in value.items()}
                for v in node[key].values():
                    translate(v, counts)
            else:
                translate(value, counts)
    elif isinstance(node, list):
        for item in node:
            translate(item, counts)


def translate_pattern(pattern, counts):
    for source, target in TRANSLATIONS.items():
        counts[source] = counts.get(source, 0) + pattern.count(source)
        pattern = pattern.replace(source, target)
    if re.search(r"\\[pP]\{", pattern):
        sys.exit(f"oscal_vs_python.py: untranslated Unicode class left in pattern {pattern!r}")
    re.compile(pattern)  # Python accepts it now
    return pattern


def measure(name, runs, work):
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000.0)
    print(f"result {name} {min(times):.3f} {statistics.median(times):.3f} {runs}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--catalog", required=True)
    parser.add_argument("--schema", required=True)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--validate-runs", type=int, default=5)
    parser.add_argument("--write-schema", help="also write the translated schema copy here")
    args = parser.parse_args()

    # Start-up: read the files, translate and check the schema, build the validator.
    with open(args.catalog, encoding="utf-8") as f:
        text = f.read()
    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    counts = {}
    translate(schema, counts)
    if args.write_schema:
        with open(args.write_schema, "w", encoding="utf-8") as f:
            json.dump(schema, f, indent=2)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    catalog = json.loads(text)
    errors = list(validator.iter_errors(catalog))
    if errors:
        sys.exit(f"oscal_vs_python.py: the catalog does not validate in Python: {errors[0].message}")
    total = sum(counts.values())
    print(f"note schema copy: {total} \\p classes translated in the schema's one Unicode pattern (TokenDatatype): "
          + ", ".join(f"{k} x{v} -> {TRANSLATIONS[k]}" for k, v in counts.items()))
    print(f"note jsonschema {version()}, "
          f"Python {sys.version.split()[0]}, Draft7Validator without format checking")

    measure("parse", args.runs, lambda: json.loads(text))

    def validate():
        if next(validator.iter_errors(catalog), None) is not None:
            sys.exit("oscal_vs_python.py: validation failed")

    # iter_errors is lazy: exhausting it (it yields nothing for a valid catalog) walks everything.
    measure("validate", args.validate_runs, validate)


def version():
    from importlib.metadata import version as dist_version
    try:
        return dist_version("jsonschema")
    except Exception:  # noqa: BLE001 - only for the note
        return "?"


if __name__ == "__main__":
    main()
