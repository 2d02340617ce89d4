#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine: Chromium (the browser the tests drive; never a
# downloaded one), the npm packages, and the Python environment of finetune/. Safe to run again: each step is
# skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing_debs=()
[ -x /usr/bin/chromium ] || missing_debs+=(chromium)
command -v espeak-ng >/dev/null || missing_debs+=(espeak-ng)
if [ ${#missing_debs[@]} -gt 0 ]; then
  echo "== apt-get install ${missing_debs[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing_debs[@]}" >/dev/null
fi

echo "== npm ci"
npm ci --no-audit --no-fund --loglevel=error

if [ ! -x .venv/bin/python ]; then
  echo "== python venv"
  python3 -m venv .venv
fi
if ! .venv/bin/python -c "import twin_finetune" 2>/dev/null || [ finetune/requirements.txt -nt .venv/.installed ]; then
  echo "== pip install finetune (torch==2.13.0 takes the CPU wheel)"
  .venv/bin/pip install -q --disable-pip-version-check -r finetune/requirements.txt -e finetune
  touch .venv/.installed
fi
