#!/usr/bin/env bash
# `npm test`: installs what the tests need, builds, then runs every suite — browser tests in real Chromium,
# the package checks, and the Python fine-tune suite. Fails on the first suite that fails.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh

echo "== typecheck"
npx tsc --noEmit -p tsconfig.json
echo "== build"
npm run build --silent

echo "== browser tests (web-test-runner, Debian Chromium)"
npx web-test-runner
echo "== node tests (package contents, the demo served from a sub-path)"
node --test test/package/ test/demo/
echo "== finetune tests (pytest)"
HF_HUB_OFFLINE=1 .venv/bin/python -m pytest -q test/finetune
