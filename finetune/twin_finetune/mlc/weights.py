"""A twin's weights in web-llm's layout: `tensor-cache.json` and the shards it indexes.

Our parameter names (model.py's attribute paths) are filled from the Hugging Face checkpoint: q/k/v are stacked
into one `qkv` matrix (and their biases into one vector), gate/up into `gate_up`, and 4-bit builds pack every
matrix as quantization.py describes. The same checkpoint and quantization always give the same bytes: shards
are filled in parameter order and the JSON is written with sorted keys.

tensor-cache.json (what web-llm's TVM runtime reads):
    {"metadata": {"ParamSize": n, "ParamBytes": bytes},
     "records": [{"dataPath": "params_shard_0.bin", "format": "raw-shard", "nbytes": ...,
                  "records": [{"name", "shape", "dtype", "format": "raw", "nbytes", "byteOffset"}, ...]}, ...]}
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file

from .architecture import Architecture
from .quantization import Quantization, quantize

SHARD_BYTES = 32 << 20  # web-llm fetches and caches one shard per request


def load_checkpoint(model_dir: Path) -> dict[str, np.ndarray]:
    """Every tensor of a Hugging Face safetensors checkpoint (one file or several), as float32 numpy arrays."""
    tensors: dict[str, np.ndarray] = {}
    for path in sorted(model_dir.glob("*.safetensors")):
        tensors.update({name: value.astype(np.float32) for name, value in load_file(path).items()})
    if not tensors:
        raise FileNotFoundError(f"{model_dir}: no *.safetensors checkpoint")
    return tensors


def _matrix(name: str, weight: np.ndarray, quantization: Quantization) -> Iterator[tuple[str, np.ndarray]]:
    if quantization.quantized:
        packed, scale = quantize(weight, quantization.dtype)
        yield f"{name}.q_weight", packed
        yield f"{name}.q_scale", scale
    else:
        yield f"{name}.weight", weight.astype(quantization.dtype)


def convert(checkpoint: dict[str, np.ndarray], arch: Architecture, quantization: Quantization) -> dict[str, np.ndarray]:
    """Our parameters, by name, from a checkpoint's tensors."""
    hf = lambda name: checkpoint[f"model.{name}"]  # noqa: E731
    dtype = quantization.dtype
    params = dict(_matrix("embed_tokens", hf("embed_tokens.weight"), quantization))
    for i in range(arch.num_layers):
        layer = f"layers.{i}"
        attn, mlp = f"{layer}.self_attn", f"{layer}.mlp"
        params[f"{layer}.attn_norm.weight"] = hf(f"{layer}.input_layernorm.weight").astype(dtype)
        qkv = np.concatenate([hf(f"{attn}.{p}_proj.weight") for p in "qkv"])
        params.update(_matrix(f"{layer}.attn.qkv", qkv, quantization))
        if arch.qkv_bias:
            params[f"{layer}.attn.qkv_bias"] = np.concatenate([hf(f"{attn}.{p}_proj.bias") for p in "qkv"]).astype(
                dtype
            )
        params.update(_matrix(f"{layer}.attn.o", hf(f"{attn}.o_proj.weight"), quantization))
        params[f"{layer}.mlp_norm.weight"] = hf(f"{layer}.post_attention_layernorm.weight").astype(dtype)
        gate_up = np.concatenate([hf(f"{mlp}.gate_proj.weight"), hf(f"{mlp}.up_proj.weight")])
        params.update(_matrix(f"{layer}.mlp.gate_up", gate_up, quantization))
        params.update(_matrix(f"{layer}.mlp.down", hf(f"{mlp}.down_proj.weight"), quantization))
    params["norm.weight"] = hf("norm.weight").astype(dtype)
    if not arch.tie_word_embeddings:
        params.update(_matrix("lm_head", checkpoint["lm_head.weight"], quantization))
    return params


def write_tensor_cache(params: dict[str, np.ndarray], order: list[str], out_dir: Path) -> list[Path]:
    """Shards of at most SHARD_BYTES (a larger tensor gets a shard of its own) plus tensor-cache.json."""
    missing = sorted(set(order) - set(params))
    if missing:
        raise KeyError(f"the model expects parameters the checkpoint did not give: {missing}")
    shards: list[list[str]] = [[]]
    size = 0
    for name in order:
        if shards[-1] and size + params[name].nbytes > SHARD_BYTES:
            shards.append([])
            size = 0
        shards[-1].append(name)
        size += params[name].nbytes
    records, files = [], []
    for index, names in enumerate(shards):
        path = out_dir / f"params_shard_{index}.bin"
        offset, entries = 0, []
        with path.open("wb") as f:
            for name in names:
                data = np.ascontiguousarray(params[name]).tobytes()
                entries.append(
                    {
                        "name": name,
                        "shape": list(params[name].shape),
                        "dtype": str(params[name].dtype),
                        "format": "raw",
                        "nbytes": len(data),
                        "byteOffset": offset,
                    }
                )
                f.write(data)
                offset += len(data)
        records.append({"dataPath": path.name, "format": "raw-shard", "nbytes": offset, "records": entries})
        files.append(path)
    metadata = {"ParamSize": len(order), "ParamBytes": sum(params[name].nbytes for name in order)}
    index_path = out_dir / "tensor-cache.json"
    index_path.write_text(json.dumps({"metadata": metadata, "records": records}, indent=1, sort_keys=True) + "\n")
    return [index_path, *files]
