"""A fine-tuned SmolLM2-135M twin as Q8_0 GGUF, so the engine bench can run wllama on the twin's own weights.

A twin is a LoRA of SmolLM2-135M-Instruct merged into its weights (`twin-finetune build` leaves them in
build/<id>/merged): same shapes, same tokenizer, same chat template. So the base model's Q8_0 GGUF (made by
requantize_gguf.py) is the template: its metadata and tensor list are kept, and each tensor's data is replaced by the
twin's weight, quantized as the template's tensor is (Q8_0, or F32 for the norms). llama.cpp stores the query and
key projections with each head's rotary halves interleaved, so those two are permuted as its own converter does.
    .venv/bin/python bench/twin_gguf.py build/tobias-twin-135m/merged build/bench/gguf/tobias-twin-135m-q8_0.gguf
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import gguf
import numpy as np
from safetensors.numpy import load_file

TEMPLATE = Path("build/bench/gguf/smollm2-135m-q8_0.gguf")
LAYER_TENSORS = {
    "attn_norm": "input_layernorm",
    "attn_q": "self_attn.q_proj",
    "attn_k": "self_attn.k_proj",
    "attn_v": "self_attn.v_proj",
    "attn_output": "self_attn.o_proj",
    "ffn_norm": "post_attention_layernorm",
    "ffn_gate": "mlp.gate_proj",
    "ffn_up": "mlp.up_proj",
    "ffn_down": "mlp.down_proj",
}


def hf_name(gguf_name: str) -> str:
    """token_embd.weight → model.embed_tokens.weight, blk.3.attn_q → model.layers.3.self_attn.q_proj, and so on."""
    stem = gguf_name.removesuffix(".weight")
    if stem == "token_embd":
        return "model.embed_tokens.weight"
    if stem == "output_norm":
        return "model.norm.weight"
    _, layer, kind = stem.split(".")
    return f"model.layers.{layer}.{LAYER_TENSORS[kind]}.weight"


def interleave_rotary_halves(weight: np.ndarray, heads: int) -> np.ndarray:
    """Hugging Face keeps each head's rotary pairs as (first half, second half); llama.cpp as adjacent pairs."""
    rows, columns = weight.shape
    return weight.reshape(heads, 2, rows // heads // 2, columns).swapaxes(1, 2).reshape(rows, columns)


def main(merged: Path, out: Path) -> None:
    config = json.loads((merged / "config.json").read_text())
    weights = load_file(str(merged / "model.safetensors"))
    template = gguf.GGUFReader(str(TEMPLATE))
    writer = gguf.GGUFWriter(str(out), arch=config["model_type"])
    for field in template.fields.values():
        # The writer adds the header fields and the architecture itself; the name is the twin's.
        if field.name.startswith("GGUF.") or field.name in ("general.architecture", "general.name"):
            continue
        value_type = field.types[0]
        item_type = field.types[-1] if value_type == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(field.name, field.contents(), value_type, sub_type=item_type)
    writer.add_name(f"{merged.parent.name} (twin-chat twin of SmolLM2-135M-Instruct)")
    heads = {"attn_q": config["num_attention_heads"], "attn_k": config["num_key_value_heads"]}
    for tensor in template.tensors:
        weight = weights[hf_name(tensor.name)].astype(np.float32)
        kind = tensor.name.split(".")[-2]
        if kind in heads:
            weight = interleave_rotary_halves(weight, heads[kind])
        if tensor.tensor_type == gguf.GGMLQuantizationType.F32:
            writer.add_tensor(tensor.name, weight)
        else:
            data = gguf.quants.quantize(weight, tensor.tensor_type)
            writer.add_tensor(tensor.name, data, raw_shape=data.shape, raw_dtype=tensor.tensor_type)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    print(f"{out}  {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
