#!/usr/bin/env bash
# Installs the exact Debian 12 packages ismap needs to build, test and benchmark.
# Idempotent: packages already present are skipped, and apt is only asked when something is missing.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config clang-format clang-tidy
  # libraries (headers come from the -dev packages)
  libboost-dev libsqlite3-dev sqlite3 libssl-dev libfmt-dev libspdlog-dev libcli11-dev
  libtomlplusplus-dev nlohmann-json3-dev libkainjow-mustache-dev libpq-dev libsodium-dev libqrencode-dev libre2-dev rapidjson-dev libsimdjson-dev
  # criteria import and export: CSV (libcsv), XLSX read (libzip + expat) and write (libxlsxwriter)
  libcsv-dev libzip-dev libexpat1-dev libxlsxwriter-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev wrk nginx-light curl python3 python3-jsonschema postgresql-15
  # documents and notifications: content sniffing (libmagic), e-mail over SMTP (libcurl)
  libmagic-dev libcurl4-openssl-dev
  # the public snapshot's pre-compressed (gzip) bodies
  zlib1g-dev
  # browser tests (e2e/): Debian's Chromium, driven by npm playwright-core; Japanese glyphs
  chromium fonts-noto-cjk
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages the build compiles into the binary (src/web/package.json: the Digital Agency design
# system's tokens, served as /static/design-tokens.css), exactly as locked. The configure step stops
# with a message naming this script when they are missing. Reinstalled only when node_modules is
# missing or the lock changed. Node.js and npm come with the machine; Debian's are the fallback.
if ! command -v npm >/dev/null 2>&1; then
  echo "install-deps: installing nodejs npm"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
web_dir="$(cd "$(dirname "$0")/.." && pwd)/src/web"
stamp="$web_dir/node_modules/.ismap-web-lock.sha256"
want="$(sha256sum "$web_dir/package-lock.json" | cut -d' ' -f1)"
if [ ! -d "$web_dir/node_modules" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "install-deps: npm ci in src/web"
  (cd "$web_dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
fi
