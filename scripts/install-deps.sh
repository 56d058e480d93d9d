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
