#!/usr/bin/env bash
# Installs Debian's Chromium for the docs browser test (test/docs/), only when it is missing.
# playwright-core never downloads a browser here; the test launches /usr/bin/chromium.
# Non-interactive on purpose: CI runs this as root with no terminal.
set -euo pipefail

CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"

if [ -x "$CHROMIUM_BIN" ]; then
  echo "install-chromium: $CHROMIUM_BIN already present ($("$CHROMIUM_BIN" --version 2>/dev/null || echo unknown version))"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo -n"
else
  SUDO=""
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium

if [ ! -x "$CHROMIUM_BIN" ]; then
  echo "install-chromium: apt-get finished but $CHROMIUM_BIN is still missing" >&2
  exit 1
fi
echo "install-chromium: installed $("$CHROMIUM_BIN" --version)"
