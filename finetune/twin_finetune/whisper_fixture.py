"""A random-weight Whisper in the real architecture, in the layout transformers.js 4.x loads (speech tests, bench).

No Whisper weights or tokenizer are reachable here (no hub), so this builds both:

- the model: `WhisperForConditionalGeneration` from a config — `fixture` is tiny (fast tests), `tiny-en` has
  whisper-tiny.en's exact shapes (d_model 384, 4+4 layers, 6 heads, 80 mels, 1500 frames, vocab 51864) for the
  real-time-factor bench, where weights do not change the compute;
- the tokenizer: a byte-level BPE `tokenizer.json` with the 256 byte tokens, some whole words, and Whisper's special
  tokens in Whisper's order at the end (`<|endoftext|>` … `<|notimestamps|>`, then timestamps), so every id
  transformers.js treats as special or as a timestamp sits where it expects it.

transformers.js loads a Whisper as `onnx/encoder_model.onnx` (input_features → last_hidden_state) and
`onnx/decoder_model_merged.onnx` (models/session_config.js, MODEL_TYPES.Seq2Seq). The merged decoder takes
input_ids, encoder_hidden_states, past_key_values.N.{decoder,encoder}.{key,value} and use_cache_branch, and returns
logits and present.N.{decoder,encoder}.{key,value}. optimum-onnx (capped below transformers 4.58) is not usable with
transformers 5, so the decoder is exported here by hand in two TorchScript exports, glued with one ONNX `If`:

- `cross_kv`: encoder_hidden_states → every layer's cross-attention K/V (run once, on the first step);
- `core`: input_ids + self-attention past + cross K/V → logits + self-attention present.

The merged graph picks the cross K/V with `If(use_cache_branch)`: the past encoder K/V inputs, or `cross_kv` on
encoder_hidden_states. Only the small cross_kv graph sits in a branch; the decoder's weights are stored once.
"""
from __future__ import annotations

import json
from pathlib import Path

import onnx
import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers
from transformers import DynamicCache, EncoderDecoderCache, WhisperConfig, WhisperForConditionalGeneration

from .export_onnx import share_tied_embedding

OPSET = 18
SAMPLING_RATE = 16000
# Whisper's audio front end (fixed by the architecture: 30 s windows, 10 ms hop, 25 ms window).
N_FFT, HOP, CHUNK_S = 400, 160, 30

WORDS = ["hello", "world", "twin", "chat", "speech", "test", "tell", "me", "about", "your", "projects", "books",
         "rust", "music", "talk", "the", "a", "is", "on", "device"]

SHAPES = {
    # Small enough to export in seconds and run in a test in well under a second, still every code path.
    "fixture": dict(d_model=64, encoder_layers=2, decoder_layers=2, encoder_attention_heads=4,
                    decoder_attention_heads=4, encoder_ffn_dim=128, decoder_ffn_dim=128, num_mel_bins=80,
                    max_source_positions=1500, max_target_positions=64),
    # openai/whisper-tiny.en's config.
    "tiny-en": dict(d_model=384, encoder_layers=4, decoder_layers=4, encoder_attention_heads=6,
                    decoder_attention_heads=6, encoder_ffn_dim=1536, decoder_ffn_dim=1536, num_mel_bins=80,
                    max_source_positions=1500, max_target_positions=448),
}
# tiny.en: 50256 text tokens, then <|endoftext|> … <|notimestamps|> (with 99 language tokens), then 1501 timestamps.
VOCAB = {"fixture": dict(text=256 + 2 * len(WORDS), languages=1, timestamps=0),
         "tiny-en": dict(text=50256, languages=99, timestamps=1501)}


def special_tokens(languages: int, timestamps: int) -> list[str]:
    langs = ["<|en|>"] + [f"<|lang{i}|>" for i in range(1, languages)]
    head = ["<|endoftext|>", "<|startoftranscript|>", *langs, "<|translate|>", "<|transcribe|>", "<|startoflm|>",
            "<|startofprev|>", "<|nocaptions|>", "<|notimestamps|>"]
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
    config = WhisperConfig(vocab_size=vocab_size, pad_token_id=ids["eos"], bos_token_id=ids["eos"],
                           eos_token_id=ids["eos"], decoder_start_token_id=ids["sot"], begin_suppress_tokens=None,
                           suppress_tokens=None, **SHAPES[shape])
    # Eager attention: its causal mask is plain tensor math that traces with the past length; SDPA's is_causal
    # shortcut is decided in Python at trace time (prompt length 3) and would be frozen into the graph.
    config._attn_implementation = "eager"
    return WhisperForConditionalGeneration(config).eval()


class Encoder(torch.nn.Module):
    def __init__(self, model: WhisperForConditionalGeneration):
        super().__init__()
        self.encoder = model.model.encoder

    def forward(self, input_features):
        return self.encoder(input_features=input_features).last_hidden_state


class CrossKV(torch.nn.Module):
    """encoder_hidden_states → (key, value) of every decoder layer's cross-attention, as (batch, heads, frames, dim)."""

    def __init__(self, model: WhisperForConditionalGeneration):
        super().__init__()
        self.layers = model.model.decoder.layers
        self.heads = model.config.decoder_attention_heads

    def forward(self, encoder_hidden_states):
        b, t, d = encoder_hidden_states.shape
        out = []
        for layer in self.layers:
            attn = layer.encoder_attn
            for proj in (attn.k_proj, attn.v_proj):
                out.append(proj(encoder_hidden_states).view(b, t, self.heads, d // self.heads).transpose(1, 2))
        return tuple(out)


class DecoderCore(torch.nn.Module):
    """input_ids + self-attention past + cross K/V → logits + self-attention present (the real decoder code)."""

    def __init__(self, model: WhisperForConditionalGeneration):
        super().__init__()
        self.model = model
        self.n = model.config.decoder_layers

    def forward(self, input_ids, *past):
        config = self.model.config
        self_cache = DynamicCache(ddp_cache_data=[(past[4 * i], past[4 * i + 1]) for i in range(self.n)], config=config)
        cross_cache = DynamicCache(ddp_cache_data=[(past[4 * i + 2], past[4 * i + 3]) for i in range(self.n)], config=config)
        cache = EncoderDecoderCache(self_cache, cross_cache)
        for i in range(self.n):
            cache.is_updated[i] = True  # cross K/V are given: the attention reads them instead of projecting
        past_len = past[0].shape[2]
        position_ids = (torch.arange(input_ids.shape[1]) + past_len).unsqueeze(0)
        # Cross-attention needs key_value_states to be non-None to take the cross path; its values are unused.
        dummy = past[2].new_zeros(1, 1, config.d_model)
        out = self.model.model.decoder(input_ids=input_ids, encoder_hidden_states=dummy, cache=cache,
                                       position_ids=position_ids, use_cache=True)
        logits = self.model.proj_out(out.last_hidden_state)
        presents = [t for layer in cache.self_attention_cache.layers for t in (layer.keys, layer.values)]
        return (logits, *presents)


def _export(module, args, path: Path, inputs: list[str], outputs: list[str], axes: dict) -> onnx.ModelProto:
    with torch.no_grad():
        torch.onnx.export(module, args, str(path), input_names=inputs, output_names=outputs, dynamic_axes=axes,
                          opset_version=OPSET, dynamo=False)
    return onnx.load(str(path))


def _prefixed(graph: onnx.GraphProto, prefix: str, keep: set[str]) -> None:
    """Renames every value and node of `graph` except `keep` (names shared with the outer graph)."""
    def rename(name: str) -> str:
        return name if not name or name in keep else prefix + name

    for node in graph.node:
        node.name = prefix + node.name
        node.input[:] = [rename(n) for n in node.input]
        node.output[:] = [rename(n) for n in node.output]
    for init in graph.initializer:
        init.name = rename(init.name)
    for value in [*graph.output, *graph.value_info]:
        value.name = rename(value.name)


def export_decoder_merged(model: WhisperForConditionalGeneration, out: Path, scratch: Path) -> None:
    config = model.config
    n, heads = config.decoder_layers, config.decoder_attention_heads
    head_dim = config.d_model // heads
    frames = 7  # any length: the encoder length is dynamic in both graphs
    enc = torch.randn(1, frames, config.d_model)
    cross_names = [f"cross.{i}.{kind}" for i in range(n) for kind in ("key", "value")]
    cross = _export(CrossKV(model), (enc,), scratch / "cross_kv.onnx", ["encoder_hidden_states"], cross_names,
                    {"encoder_hidden_states": {0: "batch_size", 1: "encoder_sequence_length"},
                     **{c: {0: "batch_size", 2: "encoder_sequence_length_out"} for c in cross_names}})

    past_len, new = 2, 3
    core_inputs, core_args, axes = ["input_ids"], [torch.randint(0, config.vocab_size, (1, new))], {
        "input_ids": {0: "batch_size", 1: "decoder_sequence_length"},
        "logits": {0: "batch_size", 1: "decoder_sequence_length"},
    }
    for i in range(n):
        for kind in ("key", "value"):
            name = f"past_key_values.{i}.decoder.{kind}"
            core_inputs.append(name)
            core_args.append(torch.randn(1, heads, past_len, head_dim))
            axes[name] = {0: "batch_size", 2: "past_decoder_sequence_length"}
        for kind in ("key", "value"):
            core_inputs.append(f"cross.{i}.{kind}")
            core_args.append(torch.randn(1, heads, frames, head_dim))
            axes[f"cross.{i}.{kind}"] = {0: "batch_size", 2: "encoder_sequence_length_out"}
    presents = [f"present.{i}.decoder.{kind}" for i in range(n) for kind in ("key", "value")]
    for p in presents:
        axes[p] = {0: "batch_size", 2: "past_decoder_sequence_length + 1"}
    core = _export(DecoderCore(model), tuple(core_args), scratch / "decoder_core.onnx", core_inputs,
                   ["logits", *presents], axes)

    # The merged graph: core's graph, with its cross.* inputs produced by If(use_cache_branch).
    graph = core.graph
    cross_inputs = [v for v in graph.input if v.name.startswith("cross.")]
    for v in cross_inputs:
        graph.input.remove(v)
    past_encoder = []
    for i in range(n):
        for kind in ("key", "value"):
            past_encoder.append(onnx.helper.make_tensor_value_info(
                f"past_key_values.{i}.encoder.{kind}", onnx.TensorProto.FLOAT,
                ["batch_size", heads, "encoder_sequence_length_out", head_dim]))
    graph.input.extend([
        onnx.helper.make_tensor_value_info("encoder_hidden_states", onnx.TensorProto.FLOAT,
                                           ["batch_size", "encoder_sequence_length", config.d_model]),
        *past_encoder,
        onnx.helper.make_tensor_value_info("use_cache_branch", onnx.TensorProto.BOOL, [1]),
    ])
    # then: the cached cross K/V, unchanged. else: cross_kv on the encoder's output.
    then_graph = onnx.helper.make_graph(
        [onnx.helper.make_node("Identity", [p.name], [f"then.{c}"]) for p, c in zip(past_encoder, cross_names)],
        "use_cache", [], [onnx.helper.make_tensor_value_info(f"then.{c}", onnx.TensorProto.FLOAT, None) for c in cross_names])
    else_graph = cross.graph
    _prefixed(else_graph, "else.", keep={"encoder_hidden_states"})
    del else_graph.input[:]
    else_graph.name = "compute_cross_kv"
    if_node = onnx.helper.make_node("If", ["use_cache_branch"], cross_names, name="cross_kv_branch",
                                    then_branch=then_graph, else_branch=else_graph)
    graph.node.insert(0, if_node)
    # present.N.encoder.*: the cross K/V in use (transformers.js keeps its own copy after the first step).
    for i in range(n):
        for kind in ("key", "value"):
            name = f"present.{i}.encoder.{kind}"
            graph.node.append(onnx.helper.make_node("Identity", [f"cross.{i}.{kind}"], [name]))
            graph.output.append(onnx.helper.make_tensor_value_info(
                name, onnx.TensorProto.FLOAT, ["batch_size", heads, "encoder_sequence_length_out", head_dim]))
    onnx.checker.check_model(core)
    onnx.save(core, str(out))
    # proj_out is tied to embed_tokens; the exporter folds a second, transposed copy (80 MB at tiny.en's size).
    share_tied_embedding(out)
    onnx.checker.check_model(str(out))


def export_encoder(model: WhisperForConditionalGeneration, out: Path) -> None:
    config = model.config
    features = torch.randn(1, config.num_mel_bins, 2 * config.max_source_positions)
    _export(Encoder(model), (features,), out, ["input_features"], ["last_hidden_state"],
            {"input_features": {0: "batch_size"}, "last_hidden_state": {0: "batch_size"}})
    onnx.checker.check_model(str(out))


def write_layout(model: WhisperForConditionalGeneration, tokenizer: Tokenizer, out: Path, ids: dict[str, int],
                 suppress: list[int]) -> None:
    config = model.config.to_dict()
    config.pop("transformers_version", None)
    config["architectures"] = ["WhisperForConditionalGeneration"]
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    generation = {
        "decoder_start_token_id": ids["sot"], "eos_token_id": ids["eos"], "pad_token_id": ids["eos"],
        "bos_token_id": ids["eos"], "no_timestamps_token_id": ids["notimestamps"], "is_multilingual": False,
        "max_length": model.config.max_target_positions, "begin_suppress_tokens": [ids["eos"]],
        "suppress_tokens": suppress,
    }
    (out / "generation_config.json").write_text(json.dumps(generation, indent=2) + "\n")
    preprocessor = {
        "feature_extractor_type": "WhisperFeatureExtractor", "processor_class": "WhisperProcessor",
        "feature_size": model.config.num_mel_bins, "sampling_rate": SAMPLING_RATE, "hop_length": HOP, "n_fft": N_FFT,
        "chunk_length": CHUNK_S, "n_samples": CHUNK_S * SAMPLING_RATE, "nb_max_frames": CHUNK_S * SAMPLING_RATE // HOP,
        "padding_side": "right", "padding_value": 0.0, "return_attention_mask": False,
    }
    (out / "preprocessor_config.json").write_text(json.dumps(preprocessor, indent=2) + "\n")
    tokenizer.save(str(out / "tokenizer.json"))
    tokenizer_config = {
        "tokenizer_class": "WhisperTokenizer", "bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>",
        "unk_token": "<|endoftext|>", "pad_token": "<|endoftext|>", "model_max_length": 1024,
        "add_prefix_space": False, "clean_up_tokenization_spaces": True,
    }
    (out / "tokenizer_config.json").write_text(json.dumps(tokenizer_config, indent=2) + "\n")


def quantize_q8(onnx_dir: Path) -> None:
    """`<name>_quantized.onnx`: dynamic int8, the dtype transformers.js calls q8 (the element's default on WASM)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    for name in ("encoder_model", "decoder_model_merged"):
        quantize_dynamic(str(onnx_dir / f"{name}.onnx"), str(onnx_dir / f"{name}_quantized.onnx"), weight_type=QuantType.QInt8)


def build_whisper(out: Path, shape: str = "fixture", seed: int = 0) -> dict:
    """Writes config, generation and preprocessor configs, tokenizer files and onnx/{encoder_model,decoder_model_merged}
    {,_quantized}.onnx (fp32 and q8)."""
    vocab = VOCAB[shape]
    tokenizer = build_tokenizer(**vocab)
    ids = {"eos": tokenizer.token_to_id("<|endoftext|>"), "sot": tokenizer.token_to_id("<|startoftranscript|>"),
           "notimestamps": tokenizer.token_to_id("<|notimestamps|>")}
    model = build_model(shape, tokenizer.get_vocab_size(), ids, seed)
    # The fixture may only say whole words (and stop): a random model's transcript is then always visible text.
    words = set(word_ids(tokenizer)) | {ids["eos"]}
    suppress = [i for i in range(tokenizer.get_vocab_size()) if i not in words] if shape == "fixture" else []
    out.mkdir(parents=True, exist_ok=True)
    (out / "onnx").mkdir(exist_ok=True)
    scratch = out / "onnx-parts"
    scratch.mkdir(exist_ok=True)
    write_layout(model, tokenizer, out, ids, suppress)
    export_encoder(model, out / "onnx" / "encoder_model.onnx")
    export_decoder_merged(model, out / "onnx" / "decoder_model_merged.onnx", scratch)
    for part in scratch.iterdir():
        part.unlink()
    scratch.rmdir()
    quantize_q8(out / "onnx")
    return {"shape": shape, "vocab_size": tokenizer.get_vocab_size(), **ids,
            "bytes": sum(p.stat().st_size for p in out.rglob("*") if p.is_file())}
