"""The random-weight Whisper fixture (twin_finetune.whisper_fixture): its ONNX layout is the one transformers.js
loads, and onnxruntime running it the way transformers.js does (merged decoder, use_cache_branch) greedily decodes
the same ids as PyTorch."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
import torch
from transformers import WhisperFeatureExtractor
from twin_finetune.whisper_fixture import build_whisper


@pytest.fixture(scope="module")
def whisper_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("whisper")
    build_whisper(out, "fixture")
    return out


def greedy_onnx(
    whisper_dir: Path,
    features: np.ndarray,
    init: list[int],
    eos: int,
    steps: int,
    suppress: set[int],
    begin_suppress: set[int],
) -> list[int]:
    """Runs encoder_model + decoder_model_merged as transformers.js feeds them."""
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    encoder = ort.InferenceSession(str(whisper_dir / "onnx" / "encoder_model.onnx"), opts)
    decoder = ort.InferenceSession(str(whisper_dir / "onnx" / "decoder_model_merged.onnx"), opts)
    hidden = encoder.run(None, {"input_features": features})[0]
    metas = {i.name: i for i in decoder.get_inputs()}
    past = {}
    for name, meta in metas.items():
        if name.startswith("past_key_values"):
            shape = [d if isinstance(d, int) else (1 if d == "batch_size" else 0) for d in meta.shape]
            past[name] = np.zeros(shape, dtype=np.float32)
    ids, tokens = list(init), []
    feed_ids = np.array([ids], dtype=np.int64)
    for step in range(steps):
        feeds = {
            "input_ids": feed_ids,
            "encoder_hidden_states": hidden,
            **past,
            "use_cache_branch": np.array([step > 0]),
        }
        outs = dict(zip([o.name for o in decoder.get_outputs()], decoder.run(None, feeds), strict=True))
        logits = outs["logits"][0, -1].copy()
        logits[list(suppress)] = -np.inf
        if step == 0:
            logits[list(begin_suppress)] = -np.inf
        token = int(logits.argmax())
        tokens.append(token)
        if token == eos:
            break
        for name, value in outs.items():
            # As transformers.js does: the encoder's K/V come from the first step only (later steps return none).
            if name.startswith("present") and (step == 0 or ".decoder." in name):
                past[name.replace("present", "past_key_values")] = value
        feed_ids = np.array([[token]], dtype=np.int64)
    return tokens


def test_layout(whisper_dir: Path):
    assert sorted(p.name for p in (whisper_dir / "onnx").iterdir()) == [
        "decoder_model_merged.onnx",
        "decoder_model_merged_quantized.onnx",
        "encoder_model.onnx",
        "encoder_model_quantized.onnx",
    ]
    for name in [
        "config.json",
        "generation_config.json",
        "preprocessor_config.json",
        "tokenizer.json",
        "tokenizer_config.json",
    ]:
        assert (whisper_dir / name).is_file(), name
    decoder = ort.InferenceSession(str(whisper_dir / "onnx" / "decoder_model_merged.onnx"))
    names = {i.name for i in decoder.get_inputs()}
    assert {
        "input_ids",
        "encoder_hidden_states",
        "use_cache_branch",
        "past_key_values.0.decoder.key",
        "past_key_values.1.encoder.value",
    } <= names
    outputs = {o.name for o in decoder.get_outputs()}
    assert {"logits", "present.0.decoder.key", "present.1.encoder.value"} <= outputs


def test_greedy_matches_pytorch(whisper_dir: Path):
    generation = json.loads((whisper_dir / "generation_config.json").read_text())
    # Rebuild the same weights in PyTorch (same seed) and compare step by step without generate()'s extras.
    from twin_finetune.whisper_fixture import VOCAB, build_model, build_tokenizer

    tokenizer = build_tokenizer(**VOCAB["fixture"])
    ids = {"eos": generation["eos_token_id"], "sot": generation["decoder_start_token_id"]}
    model = build_model("fixture", tokenizer.get_vocab_size(), ids)
    extractor = WhisperFeatureExtractor(feature_size=80)
    t = np.arange(16000 * 2) / 16000
    audio = (0.1 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    features = extractor(audio, sampling_rate=16000, return_tensors="np").input_features.astype(np.float32)
    init = [generation["decoder_start_token_id"], generation["no_timestamps_token_id"]]
    suppress, begin = set(generation["suppress_tokens"]), set(generation["begin_suppress_tokens"])
    steps = 12
    onnx_tokens = greedy_onnx(whisper_dir, features, init, generation["eos_token_id"], steps, suppress, begin)

    torch_tokens, seq = [], list(init)
    with torch.no_grad():
        enc = model.model.encoder(torch.from_numpy(features)).last_hidden_state
        for step in range(len(onnx_tokens)):
            logits = model(encoder_outputs=(enc,), decoder_input_ids=torch.tensor([seq])).logits[0, -1].numpy().copy()
            logits[list(suppress)] = -np.inf
            if step == 0:
                logits[list(begin)] = -np.inf
            token = int(logits.argmax())
            torch_tokens.append(token)
            seq.append(token)
    assert onnx_tokens == torch_tokens
    # Long enough that cached steps (use_cache_branch true, one new token on a growing past) were compared too.
    assert len(onnx_tokens) >= 4, onnx_tokens
