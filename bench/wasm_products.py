"""One ONNX file per weight product of SmolLM2-135M, for bench/ort-raw.mjs --products to time in ORT-web's WASM.

Each product two ways: the int8 MatMulInteger our q8 build runs (uint8 activations around 128, int8 weights), and a
plain fp32 MatMul, whose weights ORT pre-packs at session creation. The LM head comes twice: in one piece, and as
the q8 build stores it, 32 column blocks multiplied as a batch (per_token_int8.py's COLUMN_BLOCK). Random weights:
the time does not depend on them.
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
# name: (in, out, column blocks, how many in one decode step of the 30-layer model: int8 as the q8 build runs them,
# fp32 in its own fastest form)
PRODUCTS = {
    "q_proj and o_proj": (HIDDEN, HIDDEN, 1, (60, 60)),
    "k_proj and v_proj": (HIDDEN, KV, 1, (60, 60)),
    "gate_proj and up_proj": (HIDDEN, MLP, 1, (60, 60)),
    "down_proj": (MLP, HIDDEN, 1, (30, 30)),
    "lm_head in one piece": (HIDDEN, VOCAB, 1, (0, 1)),
    "lm_head in 32 column blocks (the q8 build's)": (HIDDEN, VOCAB, 32, (1, 0)),
}


def product_model(inputs: int, outputs: int, int8: bool, blocks: int) -> onnx.ModelProto:
    rng = np.random.default_rng(0)
    shape = (blocks, inputs, outputs // blocks) if blocks > 1 else (inputs, outputs)
    if int8:
        weight = numpy_helper.from_array(rng.integers(-127, 128, shape, dtype=np.int8), "weight")
        zero_point = numpy_helper.from_array(np.array(128, np.uint8), "zero_point")
        nodes = [helper.make_node("MatMulInteger", ["x", "weight", "zero_point"], ["y" if blocks == 1 else "blocks"])]
        initializers, x_type, y_type = [weight, zero_point], TensorProto.UINT8, TensorProto.INT32
    else:
        weight = numpy_helper.from_array((rng.standard_normal(shape) * 0.02).astype(np.float32), "weight")
        nodes = [helper.make_node("MatMul", ["x", "weight"], ["y" if blocks == 1 else "blocks"])]
        initializers, x_type, y_type = [weight], TensorProto.FLOAT, TensorProto.FLOAT
    if blocks > 1:
        # [blocks, tokens, width] back to [1, tokens, outputs], as the q8 graph does.
        initializers.append(numpy_helper.from_array(np.array([1, -1, outputs], np.int64), "row_shape"))
        nodes += [
            helper.make_node("Transpose", ["blocks"], ["rows"], perm=[1, 0, 2]),
            helper.make_node("Reshape", ["rows", "row_shape"], ["y"]),
        ]
    graph = helper.make_graph(
        nodes,
        "product",
        [helper.make_tensor_value_info("x", x_type, [1, "tokens", inputs])],
        [helper.make_tensor_value_info("y", y_type, [1, "tokens", outputs])],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 9
    return model


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for inputs, outputs, blocks, _ in PRODUCTS.values():
        for int8 in (True, False):
            stem = f"{inputs}x{outputs}x{blocks}.{'int8' if int8 else 'fp32'}"
            onnx.save(product_model(inputs, outputs, int8, blocks), str(out_dir / f"{stem}.onnx"))
    # The LM head runs for a prompt's last position only.
    listing = [
        {
            "name": n,
            "inputs": i,
            "outputs": o,
            "blocks": b,
            "int8Count": c[0],
            "fp32Count": c[1],
            "lastPositionOnly": n.startswith("lm_head"),
        }
        for n, (i, o, b, c) in PRODUCTS.items()
    ]
    (out_dir / "products.json").write_text(json.dumps(listing, indent=2) + "\n")
    print(f"{len(PRODUCTS) * 2} product models in {out_dir}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/bench/products"))
