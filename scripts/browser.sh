#!/usr/bin/env bash
# Debian's chromium for the browser tests (tests/browser), installed with apt-get when missing.
# Playwright drives it through executable_path: no `playwright install`, no browser download.
#
#   bash scripts/browser.sh        install if needed, print CHROMIUM_PATH=...
set -euo pipefail

path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$path" ]; then
  echo "browser.sh: $path not found; installing Debian's chromium package" >&2
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "browser.sh: not root and no sudo: install chromium yourself" >&2; exit 1; }
    sudo=(sudo -n)
  fi
  command -v apt-get >/dev/null 2>&1 || { echo "browser.sh: no apt-get: install chromium yourself" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends chromium >&2
fi
[ -x "$path" ] || { echo "browser.sh: chromium is still missing at $path" >&2; exit 1; }
echo "CHROMIUM_PATH=$path"
