"""bench/twin_gguf.py: the twin's tensors land under llama.cpp's names, with q/k rows in llama.cpp's rotary order."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

_spec = importlib.util.spec_from_file_location("twin_gguf", Path(__file__).parents[2] / "bench" / "twin_gguf.py")
twin_gguf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(twin_gguf)


def test_rotary_pairs_become_adjacent_rows_per_head():
    heads, head_dim, hidden = 3, 8, 5
    weight = np.random.default_rng(0).standard_normal((heads * head_dim, hidden)).astype(np.float32)
    permuted = twin_gguf.interleave_rotary_halves(weight, heads)
    half = head_dim // 2
    for head in range(heads):
        rows = weight[head * head_dim : (head + 1) * head_dim]
        ggml = permuted[head * head_dim : (head + 1) * head_dim]
        # Hugging Face rotates row j with row j + half; llama.cpp rotates row 2j with row 2j + 1.
        np.testing.assert_array_equal(ggml[0::2], rows[:half])
        np.testing.assert_array_equal(ggml[1::2], rows[half:])


def test_gguf_names_map_to_hugging_face_names():
    assert twin_gguf.hf_name("token_embd.weight") == "model.embed_tokens.weight"
    assert twin_gguf.hf_name("output_norm.weight") == "model.norm.weight"
    assert twin_gguf.hf_name("blk.7.attn_k.weight") == "model.layers.7.self_attn.k_proj.weight"
    assert twin_gguf.hf_name("blk.0.ffn_down.weight") == "model.layers.0.mlp.down_proj.weight"
    assert twin_gguf.hf_name("blk.29.ffn_norm.weight") == "model.layers.29.post_attention_layernorm.weight"
