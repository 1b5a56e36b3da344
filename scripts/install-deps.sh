#!/usr/bin/env bash
# Installs every Debian package esfreport needs to build, test and run its
# example. Idempotent, and fast when everything is already there (no apt-get
# update unless something is missing).
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libboost-dev libboost-filesystem-dev     # Boost.DLL (header-only) needs Boost.Filesystem
  libpoco-dev                              # Poco Foundation/JSON (manifest, ledger), Data (sql plugin)
  libssl-dev                               # libcrypto: SHA-256 of every input at the CPU's SHA-extension speed
  libexpat1-dev zlib1g-dev                 # xlsx plugin: XML parts and inflating (also pulled in by Poco)
  libtomlplusplus-dev                      # TOML configuration and templates
  libxlsxwriter-dev                        # XLSX writer
  libcairo2-dev libpango1.0-dev            # PDF
  fonts-dejavu-core                        # the font embedded in the PDFs
  catch2                                   # unit tests (2.13)
  python3-openpyxl                         # independent XLSX reader in tests
  poppler-utils qpdf                       # pdftotext/pdffonts/pdftoppm and qpdf --check in tests
  chromium                                 # headless browser test of the HTML report
  postgresql libpq-dev                     # the sql plugin: libpq headers, a throw-away server in tests
  clang libclang-rt-dev                    # fuzzing: clang with libFuzzer and the sanitizer runtimes
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
