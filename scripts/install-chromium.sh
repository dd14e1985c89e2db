#!/usr/bin/env bash
# Makes sure the browser the docs tests launch is there; `npm test` runs this first (pretest).
# The tests launch $CHROMIUM_PATH, by default /usr/bin/chromium (playwright-core never downloads a
# browser). When that default is missing and this machine allows it (root, or passwordless sudo, and
# apt-get), Debian's `chromium` package is installed; otherwise this says what to do and fails, so
# `npm test` stops before the suite instead of failing two suites later.
# Non-interactive on purpose: CI runs it as root with no terminal.
set -euo pipefail

DEFAULT_BIN=/usr/bin/chromium
CHROMIUM_BIN="${CHROMIUM_PATH:-$DEFAULT_BIN}"

if [ -x "$CHROMIUM_BIN" ]; then
  exit 0
fi

fail() {
  echo "install-chromium: $1" >&2
  echo "install-chromium: the docs tests need Chromium. Install Debian's package (as root: apt-get install chromium)" >&2
  echo "install-chromium: or point CHROMIUM_PATH at a Chromium or Chrome executable, then run npm test again." >&2
  exit 1
}

if [ "$CHROMIUM_BIN" != "$DEFAULT_BIN" ]; then
  fail "CHROMIUM_PATH is set to $CHROMIUM_BIN, which is not an executable file."
fi
if ! command -v apt-get >/dev/null 2>&1; then
  fail "$DEFAULT_BIN is missing and this machine has no apt-get to install it with."
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  fail "$DEFAULT_BIN is missing, and installing it needs root (or passwordless sudo)."
fi

# A package that is recorded as installed but lost its files is reinstalled.
REINSTALL=()
if dpkg-query -W -f '${Status}' chromium 2>/dev/null | grep -q "install ok installed"; then
  REINSTALL=(--reinstall)
fi

echo "install-chromium: $DEFAULT_BIN is missing; installing Debian's chromium package"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q || fail "apt-get update failed."
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${REINSTALL[@]}" chromium || fail "apt-get install chromium failed."

if [ ! -x "$DEFAULT_BIN" ]; then
  fail "apt-get finished but $DEFAULT_BIN is still missing."
fi
echo "install-chromium: installed $("$DEFAULT_BIN" --version 2>/dev/null || echo chromium)"
