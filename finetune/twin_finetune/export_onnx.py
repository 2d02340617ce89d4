"""Export a causal LM to the ONNX layout transformers.js 4.x loads, with a KV cache, fp32 + q8 + q4.

optimum-onnx cannot be used with transformers 5 (it is capped below 4.58), so this is a small hand-written
`torch.onnx.export` of export_forward.LeanDecoder (opset 18, TorchScript exporter) whose input and output names are
the ones transformers.js feeds and reads: input_ids, attention_mask, position_ids, num_logits_to_keep,
past_key_values.N.key/value → logits, present.N.key/value. Batch is fixed at 1.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import numpy as np
import onnx
import onnx.numpy_helper
import onnxruntime as ort
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer
from transformers import AutoModelForCausalLM, AutoTokenizer, PreTrainedModel

from .export_forward import LeanDecoder
from .labels import render
from .manifest import ONNX_FILES, SHARED_FILES
from .outlier_channels import loud_channels, split_channels
from .per_token_int8 import embed_from_head, quantize_per_token, weight_products
from .progress import Progress

# Importing the 4-bit quantizer sets the root logger to INFO, after which both quantizers log every node.
logging.getLogger().setLevel(logging.WARNING)

OPSET = 18
# config.json's list of the dtypes whose file is saved already optimized by ORT (read by src/worker/session-options.ts).
PREOPTIMIZED_KEY = "twin_chat_preoptimized"


def export_fp32(model: PreTrainedModel, path: Path) -> None:
    decoder = LeanDecoder(model.eval())
    config = model.config
    layers = config.num_hidden_layers
    # Trace with a non-empty past so the graph concatenates the cache; an empty past (first step) also works.
    batch, new, past_len = 1, 3, 2
    past = [torch.randn(batch, decoder.kv_heads, past_len, decoder.head_dim) for _ in range(2 * layers)]
    args = (
        torch.randint(0, config.vocab_size, (batch, new)),
        torch.ones(batch, past_len + new, dtype=torch.long),
        torch.arange(past_len, past_len + new).unsqueeze(0),
        torch.tensor(1, dtype=torch.long),
        *past,
    )
    past_names = [f"past_key_values.{i}.{kind}" for i in range(layers) for kind in ("key", "value")]
    present_names = [f"present.{i}.{kind}" for i in range(layers) for kind in ("key", "value")]
    axes = {
        "input_ids": {1: "sequence_length"},
        "attention_mask": {1: "total_sequence_length"},
        "position_ids": {1: "sequence_length"},
        "logits": {1: "kept_sequence_length"},
        **{n: {2: "past_sequence_length"} for n in past_names},
        **{n: {2: "total_sequence_length"} for n in present_names},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(
            decoder,
            args,
            str(path),
            input_names=["input_ids", "attention_mask", "position_ids", "num_logits_to_keep", *past_names],
            output_names=["logits", *present_names],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )
    onnx.checker.check_model(str(path))


def share_tied_embedding(path: Path) -> None:
    """Store a tied embedding once: the exporter constant-folds lm_head's transpose into a second copy.

    The LM head then reads Transpose(embedding) instead, which ORT folds back at load time. This keeps the micro
    twin under its size budget and saves ~113 MB on SmolLM2-135M. Run after quantizing, since the quantizers
    only touch MatMuls whose weight is an initializer.
    """
    model = onnx.load(str(path))
    graph = model.graph
    tied = tied_embedding(graph)
    if tied:
        gather, head = tied
        name = gather.input[0]
        graph.initializer.remove(next(init for init in graph.initializer if init.name == head.input[1]))
        transposed = f"{name}_transposed"
        graph.node.insert(0, onnx.helper.make_node("Transpose", [name], [transposed], perm=[1, 0]))
        head.input[1] = transposed
    onnx.save(model, str(path))


def tied_embedding(graph: onnx.GraphProto) -> tuple[onnx.NodeProto, onnx.NodeProto] | None:
    """The embedding's Gather and the LM head's MatMul when the head's weight is the embedding transposed."""
    weights = {init.name: init for init in graph.initializer}
    gathers = [n for n in graph.node if n.op_type == "Gather" and n.input[0] in weights]
    for node in graph.node:
        if node.op_type != "MatMul" or node.input[1] not in weights:
            continue
        head = onnx.numpy_helper.to_array(weights[node.input[1]])
        for gather in gathers:
            embedding = onnx.numpy_helper.to_array(weights[gather.input[0]])
            if head.shape == embedding.T.shape and (head == embedding.T).all():
                return gather, node
    return None


def optimize_for_wasm(path: Path) -> None:
    """Save the graph as ORT's CPU provider optimizes it, so the browser's session creation has less to do.

    The extended level folds constants and fuses RMSNorm (SimplifiedLayerNormalization), SiLU and the int8
    products (MatMulIntegerToFloat, DynamicQuantizeMatMul): ORT contrib ops of the CPU provider, which ORT-web's
    WASM build includes. It stops short of the layout level, whose NCHWc ops are specific to the machine. For the
    q8 build only (WASM's); WebGPU loads fp32, whose ops must stay the ones its provider implements.
    """
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    optimized = path.with_suffix(".optimized.onnx")
    options.optimized_model_filepath = str(optimized)
    ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    optimized.replace(path)


def quantize_q8(fp32: Path, q8: Path, fp32_channels: dict[str, np.ndarray] | None = None) -> None:
    """int8 weights, activations quantized per token (see per_token_int8.py) but for the input channels given, kept
    in fp32 (see outlier_channels.py), a tied embedding read from the head's int8 weight. Run before
    share_tied_embedding, which hides the tie."""
    fp32_graph = onnx.load(str(fp32)).graph
    products = weight_products(fp32_graph)
    tied = tied_embedding(fp32_graph)
    # ORT's dynamic quantizer still does the rest: an untied embedding's int8 Gather.
    untouched = products + ([tied[0].name] if tied else [])
    quantize_dynamic(str(fp32), str(q8), weight_type=QuantType.QInt8, nodes_to_exclude=untouched)
    model = onnx.load(str(q8))
    split_channels(model, products, fp32_channels or {})
    quantize_per_token(model, products)
    if tied:
        embed_from_head(model, gather=tied[0].name, head=tied[1].name)
    onnx.save(model, str(q8))


def quantize(onnx_dir: Path, calibration: list[list[int]]) -> None:
    """q8 (what transformers.js loads on WASM), its loud channels found over the calibration prompts, saved optimized.
    q4: 4-bit MatMulNBits, block 32 (WebGPU-friendly)."""
    fp32 = onnx_dir / ONNX_FILES["fp32"]
    q8 = onnx_dir / ONNX_FILES["q8"]
    quantize_q8(fp32, q8, loud_channels(fp32, calibration))
    optimize_for_wasm(q8)
    q4 = MatMulNBitsQuantizer(onnx.load(str(fp32)), block_size=32, is_symmetric=True)
    q4.process()
    q4.model.save_model_to_file(str(onnx_dir / ONNX_FILES["q4"]))


def export_build(model_dir: Path, out_dir: Path, calibration: list[list[dict]]) -> None:
    """model_dir (HF layout, e.g. <work>/merged) → out_dir with config, tokenizer files and onnx/. The calibration
    conversations (chat messages, e.g. the parity prompts) find the q8 build's fp32 channels."""
    # Eager attention: its mask is plain tensor math, which traces; SDPA's shortcuts branch on tensor values.
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32, attn_implementation="eager")
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in SHARED_FILES:
        shutil.copy(model_dir / name, out_dir / name)
    config = json.loads((out_dir / "config.json").read_text())
    config.pop("transformers_version", None)
    # The browser skips ORT's graph optimizer for these files (src/worker/session-options.ts): see optimize_for_wasm.
    config[PREOPTIMIZED_KEY] = ["q8"]
    (out_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    progress = Progress("export", 3, unit="stage")
    export_fp32(model, out_dir / "onnx" / ONNX_FILES["fp32"])
    progress.advance("fp32 written")
    tokenizer = AutoTokenizer.from_pretrained(out_dir)
    texts = [render(tokenizer, messages, add_generation_prompt=True) for messages in calibration]
    prompts = [tokenizer(text, add_special_tokens=False)["input_ids"] for text in texts]
    quantize(out_dir / "onnx", prompts)
    progress.advance("q8 and q4 written")
    if model.config.tie_word_embeddings:
        share_tied_embedding(out_dir / "onnx" / ONNX_FILES["fp32"])
        onnx.checker.check_model(str(out_dir / "onnx" / ONNX_FILES["fp32"]))
    progress.advance("done")
    progress.close()
