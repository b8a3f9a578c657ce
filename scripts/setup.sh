#!/usr/bin/env bash
# Set up a fresh machine for GWR Reader: a virtual environment with the pinned Python
# packages, and the npm packages (lunr.js, administrative divisions). Idempotent.
#   bash scripts/setup.sh         # what building the site needs
#   bash scripts/setup.sh --dev   # plus the test tools and Chromium for browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
npm ci --no-audit --no-fund --loglevel=error

if [ "${1:-}" = "--dev" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
  if [ ! -x /usr/bin/chromium ]; then
    sudo_cmd=""
    [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
  fi
fi
