"""A copy of an ONNX build whose q8 file is ONNX Runtime's MatMulNBits instead, for bench/ort-raw.mjs to time.

MatMulNBits keeps its weights as 4- or 8-bit blocks; with `accuracy_level` 4 ONNX Runtime multiplies them in int8
and packs them once, at session creation, where its CPU kernels have such a path. Our q8 build's MatMulInteger
widens its weights on every call on WASM (docs/benchmarks.md), so this is the lever to measure against it.

  .venv/bin/python bench/nbits_build.py models/tobias-twin-135m build/bench/nbits8-acc4 --bits 8
  node bench/ort-raw.mjs models/tobias-twin-135m build/bench/nbits8-acc4
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import onnx
from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("build", type=Path, help="an ONNX build folder with onnx/model.onnx (fp32)")
parser.add_argument("out", type=Path)
parser.add_argument("--bits", type=int, choices=(4, 8), default=8)
parser.add_argument("--accuracy-level", type=int, default=4)
args = parser.parse_args()

(args.out / "onnx").mkdir(parents=True, exist_ok=True)
for file in args.build.iterdir():
    if file.is_file():
        shutil.copy(file, args.out / file.name)
quantizer = MatMulNBitsQuantizer(
    onnx.load(str(args.build / "onnx" / "model.onnx")),
    bits=args.bits,
    block_size=32,
    is_symmetric=True,
    accuracy_level=args.accuracy_level,
)
quantizer.process()
# Under the q8 file's name, which bench/ort-raw.mjs loads by default.
quantizer.model.save_model_to_file(str(args.out / "onnx" / "model_quantized.onnx"))
print(f"{args.out}: MatMulNBits, {args.bits} bits, accuracy level {args.accuracy_level}")
