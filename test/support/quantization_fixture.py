"""Builds the quantization fixture for the browser parity tests (test/engines/parity.ts): a random-weight llama on
the micro twin's tokenizer, exported by the project's own exporter to fp32, q8 and q4, with the reference.json the
parity step writes (PyTorch's greedy ids, and ONNX Runtime's per build).

The micro twin is too sure of its answers for quantization to change them: its fp32, q8 and q4 builds decode the
same ids, so a reference from it cannot tell which build ran. This model's weights are wide enough (std 0.2) that
its logits spread and its close calls are decided differently by 8 and 4 bits: every build has reference prompts
whose greedy ids differ from PyTorch's. The build fails if that stops being so.

Usage: python test/support/quantization_fixture.py <out dir>
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import torch
from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM
from twin_finetune.base_models import save_model
from twin_finetune.export_onnx import export_build
from twin_finetune.parity import check_parity

REPO = Path(__file__).resolve().parents[2]
SYSTEM = {"role": "system", "content": "You are Ada Marlowe's on-device twin."}
QUESTIONS = ["hi", "Who are you?", "Tell me a story", "Where do you live?", "books?", "Show me your projects"]


def random_llama(vocab_size: int) -> LlamaForCausalLM:
    torch.manual_seed(0)
    return LlamaForCausalLM(
        LlamaConfig(
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
            tie_word_embeddings=True,
            initializer_range=0.2,
        )
    )


def build(out: Path) -> None:
    torch.set_num_threads(1)
    tokenizer = AutoTokenizer.from_pretrained(REPO / "models" / "ada-twin")
    with tempfile.TemporaryDirectory() as weights:
        save_model(random_llama(len(tokenizer)), tokenizer, Path(weights))
        conversations = [[SYSTEM, {"role": "user", "content": q}] for q in QUESTIONS]
        export_build(Path(weights), out, conversations)
        result = check_parity(Path(weights), out, conversations)
    unchanged = [
        dtype
        for dtype, agree in result["exact_match_with_torch"].items()
        if dtype != "fp32" and agree == len(QUESTIONS)
    ]
    if unchanged:
        raise SystemExit(
            f"quantization changes no greedy reply in {unchanged}: the fixture cannot tell the builds apart"
        )


if __name__ == "__main__":
    target = Path(sys.argv[1])
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    build(partial)
    # Complete or absent: a build that stopped halfway is never taken for the fixture.
    partial.rename(target)
