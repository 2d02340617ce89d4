#!/usr/bin/env bash
# `npm test`: installs what the tests need, then runs every suite — the checks of the code's shape (types, lint,
# format, import order), the build, the browser tests in real Chromium, the package and demo checks, and the Python
# fine-tune suite. One failing suite never hides the others: each runs, each result is printed at the end, and the
# command fails if any suite failed.
set -uo pipefail
cd "$(dirname "$0")/.."

# Installing is the one step the others cannot do without.
bash scripts/install-test-deps.sh || exit 1

results=()
failed=0

# suite NAME COMMAND...: runs one suite, keeps going whatever it returns, and remembers its result and time.
suite() {
  local name=$1
  shift
  echo "== $name"
  local started=$SECONDS
  if "$@"; then
    results+=("ok    $name ($((SECONDS - started)) s)")
  else
    results+=("FAIL  $name ($((SECONDS - started)) s)")
    failed=1
  fi
}

suite "typecheck (tsc)" npx tsc --noEmit -p tsconfig.json
suite "lint (eslint)" npx eslint --max-warnings 0 .
suite "format (prettier)" npx prettier --check --log-level warn .
suite "python lint (ruff check)" .venv/bin/ruff check --quiet .
suite "python format (ruff format)" .venv/bin/ruff format --check --quiet .
suite "import order (ARCHITECTURE.md)" node scripts/check-imports.mjs
suite "shared lists (architectures)" node scripts/generate-architectures.mjs --check
suite "build" npm run build --silent
suite "browser tests (web-test-runner, Debian Chromium)" npx web-test-runner
suite "node tests (package contents, bundled apps and examples, the demo served from a sub-path)" node --test test/package/ test/demo/
suite "finetune tests (pytest)" env HF_HUB_OFFLINE=1 .venv/bin/python -m pytest -q test/finetune

echo "== summary (node $(node --version))"
printf '  %s\n' "${results[@]}"
exit $failed
