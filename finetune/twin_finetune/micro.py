"""The micro twin: a ~1M-parameter llama trained from scratch on one persona, small enough to commit.

It parrots the persona's answers and knows nothing else, which is exactly what a demo and a browser test need: a
real fine-tuned transformer, real tokenizer, real ONNX build, no download. It has a BPE tokenizer of its own
(trained on the persona's training text) with SmolLM2's special tokens, ids and exact chat template, so every
prompt the browser builds for SmolLM2 is a valid prompt for it too.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

from .base_models import BUNDLED_GGUF, load_tokenizer, save_model
from .config import TwinConfig
from .conversations import training_plan
from .dataset import Example
from .train import TrainReport, encode_plan, train_loop

# Its MLC builds for web-llm (when the toolchain is installed): full precision, which the tests compare with PyTorch
# token for token, and the 4-bit build a GPU without shader-f16 runs.
MICRO_MLC = ["q0f32", "q4f32_1"]
# What the manifest's `base` says about this twin.
MICRO_BASE = "micro llama (from scratch, ~1M params, own BPE tokenizer)"
# Same ids as SmolLM2: 0, 1, 2.
SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
VOCAB_SIZE = 1536
SHAPE = dict(hidden_size=128, intermediate_size=384, num_hidden_layers=4, num_attention_heads=4, num_key_value_heads=2)
# Enough for exact recall of every note in fresh chats and deep into a conversation (finetune/README.md, "The micro
# twin"): a twin trained inside visits sees each question behind many histories, so it needs more passes to be sure.
EPOCHS = 150
LEARNING_RATE = 3e-3
ANSWERS_PER_STEP = 16


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)


def train_tokenizer(texts: list[str]) -> PreTrainedTokenizerFast:
    """Byte-level BPE like SmolLM2's (any text is encodable), with its special tokens and chat template."""
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.Digits(individual_digits=True), pre_tokenizers.ByteLevel(add_prefix_space=False)]
    )
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    bpe.train_from_iterator(texts, trainer)
    return PreTrainedTokenizerFast(
        tokenizer_object=bpe,
        bos_token="<|im_start|>",
        eos_token="<|im_end|>",
        pad_token="<|im_end|>",
        unk_token="<|endoftext|>",
        chat_template=load_tokenizer(BUNDLED_GGUF).chat_template,
    )


def new_model(tokenizer: PreTrainedTokenizerFast, context_window: int) -> LlamaForCausalLM:
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        max_position_embeddings=context_window,
        tie_word_embeddings=True,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        **SHAPE,
    )
    return LlamaForCausalLM(config)


def train_micro(config: TwinConfig, train: list[Example], out_dir: Path, epochs: int = EPOCHS) -> TrainReport:
    """Tokenizer, model, full-parameter training; saves an HF folder (safetensors + tokenizer) to out_dir."""
    seed_everything(config.train.seed)
    tokenizer = train_tokenizer([render_plain(e) for e in train])
    model = new_model(tokenizer, config.context_window)
    print(f"micro: vocab {len(tokenizer)}, {sum(p.numel() for p in model.parameters()):,} parameters")
    plan = encode_plan(tokenizer, training_plan(train, config.system, epochs, ANSWERS_PER_STEP, config.train.seed))
    # fp32: a model this small trains fast anyway, and from scratch it is safest at full precision.
    report = train_loop(model, plan, learning_rate=LEARNING_RATE, precision="fp32")
    save_model(model, tokenizer, out_dir)
    return report


def render_plain(example: Example) -> str:
    """The text the tokenizer learns from: the conversation without the special tokens (they are added whole)."""
    return "\n".join(f"{m['role']}\n{m['content']}" for m in example.messages)
