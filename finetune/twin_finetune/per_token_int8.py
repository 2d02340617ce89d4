"""int8 products with one activation scale per token instead of one per tensor.

ORT's dynamic quantization (DynamicQuantizeMatMul) gives a product's whole input one scale. A few tokens (chat
markers, line breaks) carry values far larger than the rest, so when a prompt runs in one pass they set the scale
and every other token keeps a handful of levels. A fine-tuned twin then stops reciting its notes: the Tobias 135M
twin recalled 0 of 15 training answers exactly in ORT's q8, 5 of 15 when its prompt ran one token at a time, and 9
of 15 in fp32; with every product quantized per token, 8 of 15. (Scaling channels instead, SmoothQuant, made it
worse: the outliers are tokens, not channels.) A row's scale also no longer depends on the other rows in its pass,
so checking drafts or reusing the KV cache changes a reply's q8 tokens only where float rounding tips a near tie.

Each product is built from plain ONNX ops that ORT-web's WASM build runs: each row x of the input is quantized
symmetrically, q = round(x / s) with s = max|x| / 127, stored as uint8 around 128, multiplied by the int8 weights
(one scale per output column) in MatMulInteger, and scaled back, y = (q · W) * s * w_scale.

A product wider than COLUMN_BLOCK columns (the LM head) keeps its weights as a stack of column blocks, [blocks, K,
width], multiplied as one batched MatMulInteger. ORT-web's WASM int8 product repacks its weights on every call, and
it does so with far better locality a block at a time: SmolLM2-135M's 49152-column head took 8.3 ms a token in one
piece and 5.3 ms in 32 blocks (`bench/wasm_products.py`, `node bench/ort-raw.mjs --products`). The integer
products are the same, so the logits are too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# Columns per block: a [576, 1536] int8 block (SmolLM2's MLP width) is under 1 MB, and multiplies at about twice the
# rate of the head in one piece.
COLUMN_BLOCK = 1536
# Narrower blocks would cost more in calls than they save; a width with no divisor in between stays in one piece.
NARROWEST_BLOCK = 256


def column_block(columns: int) -> int | None:
    """The block width for a product with this many columns: its widest divisor up to COLUMN_BLOCK, or None for one
    piece (a product no wider than that, or one whose widths in between do not divide it)."""
    if columns <= COLUMN_BLOCK:
        return None
    width = next(w for w in range(COLUMN_BLOCK, 0, -1) if columns % w == 0)
    return width if width >= NARROWEST_BLOCK else None


def weight_products(graph: onnx.GraphProto) -> list[str]:
    """Names of the MatMuls by a weight (projections and LM head), to leave out of quantize_dynamic for this."""
    weights = {init.name for init in graph.initializer}
    return [node.name for node in graph.node if node.op_type == "MatMul" and node.input[1] in weights]


def quantize_per_token(model: onnx.ModelProto, names: list[str]) -> None:
    """Replace each named fp32 MatMul (weight an initializer [K, N]) with the per-token int8 product, in place."""
    graph = model.graph
    weights = {init.name: init for init in graph.initializer}
    nodes = list(graph.node)
    constants = _shared_constants(graph)
    for node in nodes:
        if node.name not in names:
            continue
        x, weight_name = node.input
        weight = numpy_helper.to_array(weights[weight_name]).astype(np.float32)
        # One scale per output column: each column is a separate dot product, so it may have its own range.
        column_scale = np.maximum(np.abs(weight).max(axis=0), 1e-12) / 127
        quantized = np.clip(np.round(weight / column_scale), -127, 127).astype(np.int8)
        graph.initializer.remove(weights[weight_name])
        prefix = _prefix(node.name)
        rows, columns = quantized.shape
        width = column_block(columns)
        if width:
            quantized = np.ascontiguousarray(quantized.reshape(rows, columns // width, width).transpose(1, 0, 2))
            row_shape = numpy_helper.from_array(np.array([1, -1, columns], np.int64), f"{prefix}/row_shape")
            graph.initializer.append(row_shape)
        graph.initializer.extend(
            [
                numpy_helper.from_array(quantized, f"{prefix}/weight_int8"),
                numpy_helper.from_array(column_scale.astype(np.float32), f"{prefix}/weight_scale"),
            ]
        )
        position = list(graph.node).index(node)
        graph.node.remove(node)
        product = _per_token_product(prefix, x, node.output[0], constants, blocked=width is not None)
        for offset, new in enumerate(product):
            graph.node.insert(position + offset, new)


def _shared_constants(graph: onnx.GraphProto) -> dict[str, str]:
    """Scalars every per-token product uses, added once."""
    values = {
        "127": numpy_helper.from_array(np.array(127, np.float32), "per_token/127"),
        "128": numpy_helper.from_array(np.array(128, np.float32), "per_token/128"),
        "zero_point": numpy_helper.from_array(np.array(128, np.uint8), "per_token/zero_point"),
        "tiny": numpy_helper.from_array(np.array(1e-12, np.float32), "per_token/tiny"),
        "last_axis": numpy_helper.from_array(np.array([-1], np.int64), "per_token/last_axis"),
    }
    graph.initializer.extend(values.values())
    return {key: tensor.name for key, tensor in values.items()}


def _per_token_product(prefix: str, x: str, y: str, c: dict[str, str], blocked: bool) -> list[onnx.NodeProto]:
    n = lambda name: f"{prefix}/{name}"  # noqa: E731 - short names keep the op list readable
    if blocked:
        # [1, T, K] · [blocks, K, width] → [blocks, T, width] → [T, blocks, width] → [1, T, blocks · width].
        product = [
            helper.make_node("MatMulInteger", [n("uint8"), n("weight_int8"), c["zero_point"]], [n("int32_blocks")]),
            helper.make_node("Transpose", [n("int32_blocks")], [n("int32_rows")], perm=[1, 0, 2]),
            helper.make_node("Reshape", [n("int32_rows"), n("row_shape")], [n("int32")]),
        ]
    else:
        product = [helper.make_node("MatMulInteger", [n("uint8"), n("weight_int8"), c["zero_point"]], [n("int32")])]
    return [
        helper.make_node("Abs", [x], [n("abs")]),
        helper.make_node("ReduceMax", [n("abs"), c["last_axis"]], [n("max")], keepdims=1),
        helper.make_node("Max", [n("max"), c["tiny"]], [n("max_safe")]),
        helper.make_node("Div", [n("max_safe"), c["127"]], [n("scale")]),
        helper.make_node("Div", [x, n("scale")], [n("scaled")]),
        # |x / s| <= 127 by the choice of s, so no clip: each op here costs prefill time.
        helper.make_node("Round", [n("scaled")], [n("rounded")]),
        helper.make_node("Add", [n("rounded"), c["128"]], [n("shifted")]),
        helper.make_node("Cast", [n("shifted")], [n("uint8")], to=TensorProto.UINT8),
        *product,
        helper.make_node("Cast", [n("int32")], [n("float")], to=TensorProto.FLOAT),
        helper.make_node("Mul", [n("float"), n("scale")], [n("per_token")]),
        helper.make_node("Mul", [n("per_token"), n("weight_scale")], [y]),
    ]


def embed_from_head(model: onnx.ModelProto, gather: str, head: str) -> None:
    """Read a tied embedding from the LM head's int8 weight instead of keeping a second copy (28 MB on SmolLM2-135M).

    Column t of the head's [hidden, vocab] int8 matrix times its column scale is token t's embedding row, so the
    embedding comes out quantized per token, finer than ORT's one-scale uint8 copy. Run after quantize_per_token.
    """
    graph = model.graph
    node = next(n for n in graph.node if n.name == gather)
    table, ids = node.input
    weight, scale = f"{_prefix(head)}/weight_int8", f"{_prefix(head)}/weight_scale"
    n = lambda name: f"{gather}/from_head/{name}"  # noqa: E731 - short names keep the op list readable
    graph.initializer.append(numpy_helper.from_array(np.array([-1], np.int64), n("last_axis")))
    dims = next(init.dims for init in graph.initializer if init.name == weight)
    rows = _columns_as_rows(weight, ids, dims, graph, n)
    replacement = [
        *rows,
        helper.make_node("Cast", [n("rows")], [n("float")], to=TensorProto.FLOAT),
        helper.make_node("Gather", [scale, ids], [n("scale")], axis=0),
        helper.make_node("Unsqueeze", [n("scale"), n("last_axis")], [n("scale_column")]),
        helper.make_node("Mul", [n("float"), n("scale_column")], [node.output[0]]),
    ]
    position = list(graph.node).index(node)
    graph.node.remove(node)
    for offset, new in enumerate(replacement):
        graph.node.insert(position + offset, new)
    if not any(table in other.input for other in graph.node):
        graph.initializer.remove(next(init for init in graph.initializer if init.name == table))


def _columns_as_rows(
    weight: str, ids: str, dims: Sequence[int], graph: onnx.GraphProto, n: Callable[[str], str]
) -> list[onnx.NodeProto]:
    """Nodes giving n("rows") [batch, length, hidden]: the weight's column for each id, int8."""
    if len(dims) == 2:
        # [hidden, vocab] gathered on the vocab axis: [hidden, batch, length] → [batch, length, hidden].
        return [
            helper.make_node("Gather", [weight, ids], [n("columns")], axis=1),
            helper.make_node("Transpose", [n("columns")], [n("rows")], perm=[1, 2, 0]),
        ]
    # Column blocks [blocks, hidden, width]: id t is column t % width of block t // width. Gathering that column from
    # every block is blocks · hidden bytes a token; then each token keeps its own block's.
    _, hidden, width = dims
    graph.initializer.extend(
        [
            numpy_helper.from_array(np.array(width, np.int64), n("width")),
            numpy_helper.from_array(np.array([2, 3], np.int64), n("block_axes")),
            numpy_helper.from_array(np.array([1, hidden], np.int64), n("one_row")),
            numpy_helper.from_array(np.array([2], np.int64), n("block_axis")),
        ]
    )
    return [
        helper.make_node("Mod", [ids, n("width")], [n("column")]),
        helper.make_node("Div", [ids, n("width")], [n("block")]),
        helper.make_node("Gather", [weight, n("column")], [n("every_block")], axis=2),
        # [blocks, hidden, batch, length] → [batch, length, blocks, hidden]
        helper.make_node("Transpose", [n("every_block")], [n("per_token")], perm=[2, 3, 0, 1]),
        helper.make_node("Unsqueeze", [n("block"), n("block_axes")], [n("block_1x1")]),
        helper.make_node("Shape", [ids], [n("ids_shape")]),
        helper.make_node("Concat", [n("ids_shape"), n("one_row")], [n("pick_shape")], axis=0),
        helper.make_node("Expand", [n("block_1x1"), n("pick_shape")], [n("pick")]),
        helper.make_node("GatherElements", [n("per_token"), n("pick")], [n("picked")], axis=2),
        helper.make_node("Squeeze", [n("picked"), n("block_axis")], [n("rows")]),
    ]


def _prefix(product: str) -> str:
    return f"{product}/per_token"
