"""Export a causal LM to the ONNX layout transformers.js 4.x loads, with a KV cache, fp32 + q8 + q4.

optimum-onnx cannot be used with transformers 5 (it is capped below 4.58), so this is a small hand-written
`torch.onnx.export` wrapper (opset 18, TorchScript exporter) whose input and output names are the ones
transformers.js feeds and reads: input_ids, attention_mask, position_ids, past_key_values.N.key/value →
logits, present.N.key/value.
"""
from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import onnx
import onnx.numpy_helper
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer
from transformers import AutoModelForCausalLM, DynamicCache, PreTrainedModel

from .manifest import ARCHITECTURES, ONNX_FILES, SHARED_FILES

# Importing the 4-bit quantizer sets the root logger to INFO, after which both quantizers log every node.
logging.getLogger().setLevel(logging.WARNING)

OPSET = 18


class WithPast(torch.nn.Module):
    """Flat tensors in and out: the cache becomes 2 × layers named inputs and outputs."""

    def __init__(self, model: PreTrainedModel):
        super().__init__()
        self.model = model
        self.layers = model.config.num_hidden_layers

    def forward(self, input_ids, attention_mask, position_ids, *past):
        cache = DynamicCache(ddp_cache_data=[(past[2 * i], past[2 * i + 1]) for i in range(self.layers)], config=self.model.config)
        out = self.model(
            input_ids=input_ids,
            attention_mask=attention_mask,
            position_ids=position_ids,
            past_key_values=cache,
            use_cache=True,
        )
        presents = [t for layer in out.past_key_values.layers for t in (layer.keys, layer.values)]
        return (out.logits, *presents)


def export_fp32(model: PreTrainedModel, path: Path) -> None:
    config = model.config
    if config.model_type not in ARCHITECTURES:
        raise ValueError(f"model_type {config.model_type!r} is not one of {ARCHITECTURES}")
    layers, heads = config.num_hidden_layers, config.num_key_value_heads
    head_dim = getattr(config, "head_dim", None) or config.hidden_size // config.num_attention_heads
    # Trace with a non-empty past so the graph concatenates the cache; an empty past (first step) also works.
    batch, new, past_len = 1, 3, 2
    past = [torch.randn(batch, heads, past_len, head_dim) for _ in range(2 * layers)]
    args = (
        torch.randint(0, config.vocab_size, (batch, new)),
        torch.ones(batch, past_len + new, dtype=torch.long),
        torch.arange(past_len, past_len + new).unsqueeze(0),
        *past,
    )
    past_names = [f"past_key_values.{i}.{kind}" for i in range(layers) for kind in ("key", "value")]
    present_names = [f"present.{i}.{kind}" for i in range(layers) for kind in ("key", "value")]
    axes = {
        "input_ids": {0: "batch_size", 1: "sequence_length"},
        "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
        "position_ids": {0: "batch_size", 1: "sequence_length"},
        "logits": {0: "batch_size", 1: "sequence_length"},
        **{n: {0: "batch_size", 2: "past_sequence_length"} for n in past_names},
        **{n: {0: "batch_size", 2: "total_sequence_length"} for n in present_names},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(
            WithPast(model.eval()),
            args,
            str(path),
            input_names=["input_ids", "attention_mask", "position_ids", *past_names],
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
    weights = {init.name: init for init in graph.initializer}
    gathers = [n.input[0] for n in graph.node if n.op_type == "Gather" and n.input[0] in weights]
    for node in graph.node:
        if node.op_type != "MatMul" or node.input[1] not in weights:
            continue
        head = onnx.numpy_helper.to_array(weights[node.input[1]])
        for name in gathers:
            embedding = onnx.numpy_helper.to_array(weights[name])
            if head.shape == embedding.T.shape and (head == embedding.T).all():
                graph.initializer.remove(weights[node.input[1]])
                transposed = f"{name}_transposed"
                graph.node.insert(0, onnx.helper.make_node("Transpose", [name], [transposed], perm=[1, 0]))
                node.input[1] = transposed
                break
    onnx.save(model, str(path))


def quantize(onnx_dir: Path) -> None:
    """q8: dynamic int8 (what transformers.js loads on WASM). q4: 4-bit MatMulNBits, block 32 (WebGPU-friendly)."""
    fp32 = onnx_dir / ONNX_FILES["fp32"]
    quantize_dynamic(str(fp32), str(onnx_dir / ONNX_FILES["q8"]), weight_type=QuantType.QInt8)
    q4 = MatMulNBitsQuantizer(onnx.load(str(fp32)), block_size=32, is_symmetric=True)
    q4.process()
    q4.model.save_model_to_file(str(onnx_dir / ONNX_FILES["q4"]))


def export_build(model_dir: Path, out_dir: Path) -> None:
    """model_dir (HF layout, e.g. <work>/merged) → out_dir with config, tokenizer files and onnx/."""
    # Eager attention: its mask is plain tensor math, which traces; SDPA's shortcuts branch on tensor values.
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32, attn_implementation="eager")
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in SHARED_FILES:
        shutil.copy(model_dir / name, out_dir / name)
    config = json.loads((out_dir / "config.json").read_text())
    config.pop("transformers_version", None)
    (out_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    export_fp32(model, out_dir / "onnx" / ONNX_FILES["fp32"])
    quantize(out_dir / "onnx")
    if model.config.tie_word_embeddings:
        share_tied_embedding(out_dir / "onnx" / ONNX_FILES["fp32"])
        onnx.checker.check_model(str(out_dir / "onnx" / ONNX_FILES["fp32"]))
