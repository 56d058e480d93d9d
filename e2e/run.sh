#!/usr/bin/env bash
# Real-browser page and accessibility tests: Playwright (playwright-core) drives Debian's Chromium,
# axe-core checks WCAG 2.1 A/AA, Node's built-in runner runs e2e/*.test.js against `ismap serve --demo`.
# Needs the server binary: build/ci/src/cli/ismap, or ISMAP_BIN. Screenshots go to e2e/out/.
set -euo pipefail
cd "$(dirname "$0")"

# Never let a tool download a browser of its own: Chromium comes from Debian.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# Debian packages: Chromium, and a Japanese font so that pages and screenshots render real glyphs.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed" || missing+=(fonts-noto-cjk)
if ((${#missing[@]})); then
  echo "e2e: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm packages, exactly as locked; reinstalled only when node_modules is missing or the lock changed.
stamp=node_modules/.ismap-e2e-lock.sha256
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "e2e: npm ci"
  npm ci --no-audit --no-fund
  echo "$want" >"$stamp"
fi

ismap_bin="${ISMAP_BIN:-$(cd .. && pwd)/build/ci/src/cli/ismap}"
if [ ! -x "$ismap_bin" ]; then
  echo "e2e: ismap binary not found at $ismap_bin (build with the ci preset first, or set ISMAP_BIN)" >&2
  exit 1
fi
export ISMAP_BIN="$ismap_bin"

# TAP reporter on any terminal, so the run always ends with the runner's `# pass N` / `# fail N`.
node --test --test-reporter=tap
