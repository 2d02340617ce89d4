"""The shapes of a twin, read from its Hugging Face `config.json`.

SmolLM2 is a llama; Qwen2.5 is a qwen2, which is a llama whose q/k/v projections carry a bias. Nothing else
differs for the model definition, so one dataclass describes both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..manifest import ARCHITECTURES

# Tokens one prefill call takes at most: web-llm splits longer prompts into chunks of this many.
PREFILL_CHUNK = 1024


@dataclass(frozen=True)
class Architecture:
    model_type: str
    vocab_size: int
    hidden_size: int
    intermediate_size: int
    num_layers: int
    num_heads: int
    num_kv_heads: int
    head_dim: int
    rms_norm_eps: float
    rope_theta: float
    tie_word_embeddings: bool
    qkv_bias: bool
    context_window: int
    bos_token_id: int | None

    @property
    def prefill_chunk(self) -> int:
        return min(PREFILL_CHUNK, self.context_window)

    @classmethod
    def from_hf(cls, config: dict) -> Architecture:
        model_type = config["model_type"]
        if model_type not in ARCHITECTURES:
            raise ValueError(f"model_type {model_type!r} is not one of {ARCHITECTURES}")
        heads = config["num_attention_heads"]
        # transformers 5 moved rope_theta into rope_parameters; older configs keep it at the top level.
        rope = config.get("rope_parameters") or {}
        if rope.get("rope_type", "default") != "default":
            raise ValueError(f"RoPE type {rope['rope_type']!r} is not supported (only the default rotary embedding)")
        return cls(
            model_type=model_type,
            vocab_size=config["vocab_size"],
            hidden_size=config["hidden_size"],
            intermediate_size=config["intermediate_size"],
            num_layers=config["num_hidden_layers"],
            num_heads=heads,
            num_kv_heads=config.get("num_key_value_heads") or heads,
            head_dim=config.get("head_dim") or config["hidden_size"] // heads,
            rms_norm_eps=config["rms_norm_eps"],
            rope_theta=rope.get("rope_theta", config.get("rope_theta", 10000.0)),
            tie_word_embeddings=config.get("tie_word_embeddings", False),
            qkv_bias=model_type == "qwen2" or config.get("attention_bias", False),
            context_window=config["max_position_embeddings"],
            bos_token_id=config.get("bos_token_id"),
        )

    @classmethod
    def from_model_dir(cls, model_dir: Path) -> Architecture:
        return cls.from_hf(json.loads((model_dir / "config.json").read_text()))
