"""One ONNX file per weight product of SmolLM2-135M, for bench/ort-raw.mjs --products to time in ORT-web's WASM.

Each product two ways: the int8 MatMulInteger our q8 build runs (uint8 activations around 128, int8 weights), and a
plain fp32 MatMul, whose weights ORT pre-packs at session creation. Random weights: the time does not depend on them.
    .venv/bin/python bench/wasm_products.py build/bench/products
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HIDDEN, MLP, KV, VOCAB = 576, 1536, 192, 49152
# name: (in, out, how many in one decode step of the 30-layer model)
PRODUCTS = {
    "q_proj and o_proj": (HIDDEN, HIDDEN, 60),
    "k_proj and v_proj": (HIDDEN, KV, 60),
    "gate_proj and up_proj": (HIDDEN, MLP, 60),
    "down_proj": (MLP, HIDDEN, 30),
    "lm_head": (HIDDEN, VOCAB, 1),
}


def product_model(inputs: int, outputs: int, int8: bool) -> onnx.ModelProto:
    rng = np.random.default_rng(0)
    if int8:
        weight = numpy_helper.from_array(rng.integers(-127, 128, (inputs, outputs), dtype=np.int8), "weight")
        zero_point = numpy_helper.from_array(np.array(128, np.uint8), "zero_point")
        node = helper.make_node("MatMulInteger", ["x", "weight", "zero_point"], ["y"])
        initializers, x_type, y_type = [weight, zero_point], TensorProto.UINT8, TensorProto.INT32
    else:
        weight = numpy_helper.from_array((rng.standard_normal((inputs, outputs)) * 0.02).astype(np.float32), "weight")
        node = helper.make_node("MatMul", ["x", "weight"], ["y"])
        initializers, x_type, y_type = [weight], TensorProto.FLOAT, TensorProto.FLOAT
    graph = helper.make_graph(
        [node], "product",
        [helper.make_tensor_value_info("x", x_type, [1, "tokens", inputs])],
        [helper.make_tensor_value_info("y", y_type, [1, "tokens", outputs])],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 9
    return model


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, (inputs, outputs, count) in PRODUCTS.items():
        for int8 in (True, False):
            stem = f"{inputs}x{outputs}.{'int8' if int8 else 'fp32'}"
            onnx.save(product_model(inputs, outputs, int8), str(out_dir / f"{stem}.onnx"))
    listing = [{"name": name, "inputs": i, "outputs": o, "count": c} for name, (i, o, c) in PRODUCTS.items()]
    (out_dir / "products.json").write_text(json.dumps(listing, indent=2) + "\n")
    print(f"{len(PRODUCTS) * 2} product models in {out_dir}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/bench/products"))
