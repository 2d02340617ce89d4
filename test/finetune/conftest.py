"""Shared fixtures: the fixture persona, the real SmolLM2 tokenizer (from the bundled GGUF), a micro tokenizer, and
tiny random-weight models in both real architectures, built on the fly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedModel, Qwen2Config, Qwen2ForCausalLM
from twin_finetune.base_models import BUNDLED_GGUF, load_tokenizer, save_model
from twin_finetune.config import TwinConfig, load_config
from twin_finetune.dataset import Example, expand
from twin_finetune.micro import render_plain, train_tokenizer
from twin_finetune.seeds import load_seeds

os.environ.setdefault("HF_HUB_OFFLINE", "1")
torch.set_num_threads(1)

REPO = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "fixtures" / "persona"


@pytest.fixture(scope="session")
def config() -> TwinConfig:
    return load_config(FIXTURE)


@pytest.fixture(scope="session")
def examples(config: TwinConfig) -> list[Example]:
    return expand(load_seeds(config.seeds_path, config), config)


@pytest.fixture(scope="session")
def smollm2_tokenizer():
    return load_tokenizer(BUNDLED_GGUF)


@pytest.fixture(scope="session")
def micro_tokenizer(examples: list[Example]):
    return train_tokenizer([render_plain(e) for e in examples if e.split == "train"])


def tiny_model(architecture: str, vocab_size: int) -> PreTrainedModel:
    """A random-weight model with the real architecture's code paths (GQA, RoPE; qwen2's qkv bias, untied head)."""
    torch.manual_seed(0)
    shape = dict(
        vocab_size=vocab_size,
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=256,
        bos_token_id=1,
        eos_token_id=2,
        pad_token_id=2,
    )
    if architecture == "llama":
        return LlamaForCausalLM(LlamaConfig(tie_word_embeddings=True, **shape))
    return Qwen2ForCausalLM(Qwen2Config(tie_word_embeddings=False, **shape))


@pytest.fixture(scope="session", params=["llama", "qwen2"])
def tiny_model_dir(request, tmp_path_factory, micro_tokenizer) -> Path:
    out = tmp_path_factory.mktemp(f"tiny-{request.param}")
    save_model(tiny_model(request.param, len(micro_tokenizer)), micro_tokenizer, out)
    return out
