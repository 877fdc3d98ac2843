#!/usr/bin/env bash
# Installs, from Debian's own archive, exactly what building, running and testing
# MedTune Workbench need. Idempotent and non-interactive: packages already present are
# skipped, and nothing is done when everything is there.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config
  # Qt 6 (Core, Gui, Widgets, Sql + SQLite driver, Test, Concurrent, PrintSupport, Svg)
  qt6-base-dev libqt6sql6-sqlite libqt6svg6-dev
  # team review on a server: Qt's PostgreSQL driver, and the server the tests start
  libqt6sql6-psql postgresql
  # Qt Linguist tools for translations
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  # plots
  libqcustomplot-dev libqcustomplot2.1-qt6
  # tokenizer
  libsentencepiece-dev sentencepiece
  # SHA-256 of Hub downloads (OpenSSL's libcrypto); CA certificates for HTTPS to the Hub
  libssl-dev ca-certificates
  # libtorch (CPU) and what its CMake config needs
  libtorch-dev libgloo-dev libopenblas0
  # fonts, so that offscreen widgets and plots render text
  fonts-dejavu-core
  # the package test: Debian packaging tools and the AppStream and desktop-entry validators
  dpkg-dev appstream desktop-file-utils
  # looking at what users see (docs/screenshots): a real X server for the workbench, the
  # PDF report's pages as PNG (pdftoppm), screenshots of an X display and cropping (import, convert)
  xvfb poppler-utils imagemagick
  # the fuzz harnesses: clang with its libFuzzer, ASan and UBSan runtimes (libclang-common-14-dev)
  clang
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
