#!/usr/bin/env python3
"""Rewrites the key table of docs/configuration.md from `ismap config keys`.

Usage: python3 scripts/update-config-doc.py build/ci/src/cli/ismap
The test ConfigurationDocTest.DocumentsEveryKey fails when a key is missing from the page.
"""
import re
import subprocess
import sys

binary = sys.argv[1] if len(sys.argv) > 1 else "build/ci/src/cli/ismap"
lines = subprocess.run([binary, "config", "keys"], check=True, capture_output=True, text=True).stdout.splitlines()
rows = []
i = 0
while i < len(lines):
    match = re.match(r"^(\S+) = (.*)$", lines[i])
    description = lines[i + 1].strip()
    env = lines[i + 2].strip().replace("environment: ", "")
    rows.append(f"| `{match.group(1)}` | `{match.group(2)}` | `{env}` | {description} |")
    i += 3

path = "docs/configuration.md"
text = open(path, encoding="utf-8").read()
head = text[: text.index("## Keys")]
table = "## Keys\n\n| key | default | environment | meaning |\n|---|---|---|---|\n" + "\n".join(rows) + "\n"
open(path, "w", encoding="utf-8").write(head + table)
