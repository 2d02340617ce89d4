"""A few input channels of each int8 product kept in fp32, the ones that would otherwise set its activation scale.

Per-token int8 (per_token_int8.py) gives each token's row 127 levels up to its largest value. In SmolLM2 that value
sits in the same few hidden channels in every layer (channel 247 in most of them): after RMSNorm those channels run
10-20 times a token's RMS, so they alone set the scale and every other channel of the row gets a handful of levels.
A fine-tuned twin answering a reworded question often stands between two of its notes, and that rounding is enough to
tip it: Ada's 135M twin scored 0.50 ROUGE-L on reworded questions in fp32 and 0.46-0.50 in q8 across runs.

So, as in LLM.int8(), those channels leave the int8 product: x · W becomes (x with them zeroed) · W in int8, plus
x[channels] · W[channels] in fp32. The channels are fixed at export, found by running the fp32 model over calibration
prompts, because they are a property of the weights (the same ones light up whatever the text). Each product input
gets its own few channels; products that share an input (q, k, v; gate, up) share the mask and the gather.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

from .per_token_int8 import weight_products

# Channels kept in fp32 per product input: enough to pass the few that stand far above a token's RMS in SmolLM2;
# each costs one fp32 row of every product that reads the input.
CHANNELS_PER_INPUT = 8


def loud_channels(fp32: Path, prompts: list[list[int]], count: int = CHANNELS_PER_INPUT) -> dict[str, np.ndarray]:
    """The channels to keep in fp32, per input of a weight product of the decoder `fp32`, from a pass over prompts."""
    model = onnx.load(str(fp32))
    inputs = sorted(set(product_inputs(model.graph, weight_products(model.graph)).values()))
    return loudest_channels(calibrate(model, prompts, inputs), count)


def product_inputs(graph: onnx.GraphProto, products: list[str]) -> dict[str, str]:
    """Each named product's activation input."""
    return {node.name: node.input[0] for node in graph.node if node.name in products}


def calibrate(model: onnx.ModelProto, prompts: list[list[int]], inputs: list[str]) -> dict[str, np.ndarray]:
    """Per input, each channel's largest |x| over a token's RMS, over every token of the prompts (an fp32 decoder,
    which gains the inputs as outputs)."""
    for name in inputs:
        model.graph.output.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, None))
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    feeds = _empty_cache_feeds(session)
    peaks: dict[str, np.ndarray] = {}
    for ids in prompts:
        feeds |= {
            "input_ids": np.array([ids], np.int64),
            "attention_mask": np.ones((1, len(ids)), np.int64),
            "position_ids": np.arange(len(ids), dtype=np.int64)[None],
        }
        for name, x in zip(inputs, session.run(inputs, feeds), strict=True):
            rows = x.reshape(-1, x.shape[-1])
            ratio = np.abs(rows) / np.sqrt(np.square(rows).mean(-1, keepdims=True) + 1e-12)
            peaks[name] = np.maximum(peaks.get(name, 0), ratio.max(0))
    return peaks


def _empty_cache_feeds(session: ort.InferenceSession) -> dict[str, np.ndarray]:
    """A first pass: every past key/value empty; all logits kept (they are not read)."""
    feeds: dict[str, np.ndarray] = {}
    for spec in session.get_inputs():
        if spec.name.startswith("past_key_values"):
            _, heads, _, dim = spec.shape
            feeds[spec.name] = np.zeros((1, heads, 0, dim), np.float32)
        elif spec.name == "num_logits_to_keep":
            feeds[spec.name] = np.array(1, np.int64)
    return feeds


def loudest_channels(peaks: dict[str, np.ndarray], count: int = CHANNELS_PER_INPUT) -> dict[str, np.ndarray]:
    """The `count` channels with the highest peaks, per input, in channel order."""
    return {name: np.sort(np.argsort(-peak, kind="stable")[:count]) for name, peak in peaks.items()}


def split_channels(model: onnx.ModelProto, products: list[str], channels: dict[str, np.ndarray]) -> None:
    """Rewrite each named product y = x · W as (x · mask) · W + x[channels] · W[channels], in place.

    The product keeps its name and weight, so per_token_int8 still makes it int8 and a tied embedding can still be
    read from the head's weight; the new fp32 MatMul is not a weight product by name, so it stays fp32.
    """
    graph = model.graph
    weights = {init.name: init for init in graph.initializer}
    split_inputs: dict[str, tuple[str, str]] = {}
    for node in [n for n in graph.node if n.name in products]:
        x, weight_name = node.input
        chosen = channels.get(x)
        if chosen is None or len(chosen) == 0:
            continue
        if x not in split_inputs:
            split_inputs[x] = _split_input(graph, node, x, chosen)
        rest, picked = split_inputs[x]
        prefix = f"{node.name}/fp32_channels"
        rows = numpy_helper.to_array(weights[weight_name])[chosen]
        graph.initializer.append(numpy_helper.from_array(np.ascontiguousarray(rows, np.float32), f"{prefix}/rows"))
        y = node.output[0]
        node.input[0], node.output[0] = rest, f"{prefix}/int8_part"
        position = list(graph.node).index(node)
        graph.node.insert(position, helper.make_node("MatMul", [picked, f"{prefix}/rows"], [f"{prefix}/fp32_part"]))
        graph.node.insert(position + 2, helper.make_node("Add", [f"{prefix}/int8_part", f"{prefix}/fp32_part"], [y]))


def _split_input(graph: onnx.GraphProto, first_reader: onnx.NodeProto, x: str, chosen: np.ndarray) -> tuple[str, str]:
    """Nodes, placed before the input's first product, giving x with the channels zeroed and the channels alone."""
    prefix = f"{first_reader.name}/fp32_channels/input"
    width = next(init.dims[0] for init in graph.initializer if init.name == first_reader.input[1])
    mask = np.ones(width, np.float32)
    mask[chosen] = 0
    graph.initializer.extend(
        [
            numpy_helper.from_array(mask, f"{prefix}/mask"),
            numpy_helper.from_array(chosen.astype(np.int64), f"{prefix}/channels"),
        ]
    )
    position = list(graph.node).index(first_reader)
    rest, picked = f"{prefix}/rest", f"{prefix}/picked"
    graph.node.insert(position, helper.make_node("Mul", [x, f"{prefix}/mask"], [rest]))
    graph.node.insert(position + 1, helper.make_node("Gather", [x, f"{prefix}/channels"], [picked], axis=-1))
    return rest, picked
