#!/usr/bin/env bash
# `npm start`: installs dependencies when they are missing or out of date, builds dist/, and serves the repository
# as static files so the demo blog post is at <url>/demo/ (PORT picks the port; a busy one falls back to a free one).
set -euo pipefail
cd "$(dirname "$0")/.."

# `npm ls` fails when any declared dependency is missing or does not satisfy package.json.
if ! npm ls --depth=0 >/dev/null 2>&1; then
  # onnxruntime-node (a dependency of transformers.js the browser never uses) would fetch CUDA libraries from
  # outside the npm registry on install; see scripts/install-test-deps.sh.
  ONNXRUNTIME_NODE_INSTALL=skip npm install
fi
npm run build
exec node scripts/serve-static.mjs --root . --path demo/
