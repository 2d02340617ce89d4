"""Any `WhisperForConditionalGeneration` in the layout transformers.js 4.x loads: config, generation and
preprocessor configs, tokenizer files, and onnx/{encoder_model,decoder_model_merged}{,_quantized}.onnx (fp32, q8).

transformers.js loads a Whisper as `onnx/encoder_model.onnx` (input_features → last_hidden_state) and
`onnx/decoder_model_merged.onnx` (models/session_config.js, MODEL_TYPES.Seq2Seq). The merged decoder takes
input_ids, encoder_hidden_states, past_key_values.N.{decoder,encoder}.{key,value} and use_cache_branch, and returns
logits and present.N.{decoder,encoder}.{key,value}. optimum-onnx (capped below transformers 4.58) is not usable with
transformers 5, so the decoder is exported here by hand in two TorchScript exports, glued with one ONNX `If`:

- `cross_kv`: encoder_hidden_states → every layer's cross-attention K/V (run once, on the first step);
- `core`: input_ids + self-attention past + cross K/V → logits + self-attention present.

The merged graph picks the cross K/V with `If(use_cache_branch)`: the past encoder K/V inputs, or `cross_kv` on
encoder_hidden_states. Only the small cross_kv graph sits in a branch; the decoder's weights are stored once.

The encoder takes a window of any length up to 30 s: a shorter one (fewer mel frames) is encoded with the first
positions only, as whisper.cpp's `audio_ctx` does, so a short clip need not pay for 30 s of encoder.
"""

from __future__ import annotations

import json
from pathlib import Path

import onnx
import torch
from tokenizers import Tokenizer
from transformers import DynamicCache, EncoderDecoderCache, WhisperForConditionalGeneration

from .export_onnx import quantize_q8, share_tied_embedding

OPSET = 18
SAMPLING_RATE = 16000
# Whisper's audio front end (fixed by the architecture: 30 s windows, 10 ms hop, 25 ms window).
N_FFT, HOP, CHUNK_S = 400, 160, 30
# config.json's mark that the encoder takes windows shorter than 30 s (read by src/worker/whisper-model.ts); an
# export without it, such as the hub's, gets the full window.
SHORT_WINDOWS_KEY = "twin_chat_short_windows"


class Encoder(torch.nn.Module):
    """input_features (batch, mels, 2 × frames) → last_hidden_state (batch, frames, d_model), for any number of
    frames up to the model's 1500. transformers' own encoder insists on the full 30 s window; this one runs its
    layers on the first `frames` positions, and on a full window computes exactly what it does."""

    def __init__(self, model: WhisperForConditionalGeneration):
        super().__init__()
        self.encoder = model.model.encoder

    def forward(self, input_features):
        encoder = self.encoder
        hidden = torch.nn.functional.gelu(encoder.conv1(input_features))
        hidden = torch.nn.functional.gelu(encoder.conv2(hidden)).permute(0, 2, 1)
        hidden = hidden + encoder.embed_positions.weight[: hidden.shape[1]]
        for layer in encoder.layers:
            hidden = layer(hidden, None)
        return encoder.layer_norm(hidden)


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
        cross_cache = DynamicCache(
            ddp_cache_data=[(past[4 * i + 2], past[4 * i + 3]) for i in range(self.n)], config=config
        )
        cache = EncoderDecoderCache(self_cache, cross_cache)
        for i in range(self.n):
            cache.is_updated[i] = True  # cross K/V are given: the attention reads them instead of projecting
        past_len = past[0].shape[2]
        position_ids = (torch.arange(input_ids.shape[1]) + past_len).unsqueeze(0)
        # Cross-attention needs key_value_states to be non-None to take the cross path; its values are unused.
        dummy = past[2].new_zeros(1, 1, config.d_model)
        out = self.model.model.decoder(
            input_ids=input_ids, encoder_hidden_states=dummy, cache=cache, position_ids=position_ids, use_cache=True
        )
        logits = self.model.proj_out(out.last_hidden_state)
        presents = [t for layer in cache.self_attention_cache.layers for t in (layer.keys, layer.values)]
        return (logits, *presents)


def _export(module, args, path: Path, inputs: list[str], outputs: list[str], axes: dict) -> onnx.ModelProto:
    with torch.no_grad():
        torch.onnx.export(
            module,
            args,
            str(path),
            input_names=inputs,
            output_names=outputs,
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )
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
    cross = _export(
        CrossKV(model),
        (enc,),
        scratch / "cross_kv.onnx",
        ["encoder_hidden_states"],
        cross_names,
        {
            "encoder_hidden_states": {0: "batch_size", 1: "encoder_sequence_length"},
            **{c: {0: "batch_size", 2: "encoder_sequence_length_out"} for c in cross_names},
        },
    )

    past_len, new = 2, 3
    core_inputs, core_args, axes = (
        ["input_ids"],
        [torch.randint(0, config.vocab_size, (1, new))],
        {
            "input_ids": {0: "batch_size", 1: "decoder_sequence_length"},
            "logits": {0: "batch_size", 1: "decoder_sequence_length"},
        },
    )
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
    core = _export(
        DecoderCore(model), tuple(core_args), scratch / "decoder_core.onnx", core_inputs, ["logits", *presents], axes
    )

    # The merged graph: core's graph, with its cross.* inputs produced by If(use_cache_branch).
    graph = core.graph
    cross_inputs = [v for v in graph.input if v.name.startswith("cross.")]
    for v in cross_inputs:
        graph.input.remove(v)
    past_encoder = []
    for i in range(n):
        for kind in ("key", "value"):
            past_encoder.append(
                onnx.helper.make_tensor_value_info(
                    f"past_key_values.{i}.encoder.{kind}",
                    onnx.TensorProto.FLOAT,
                    ["batch_size", heads, "encoder_sequence_length_out", head_dim],
                )
            )
    graph.input.extend(
        [
            onnx.helper.make_tensor_value_info(
                "encoder_hidden_states",
                onnx.TensorProto.FLOAT,
                ["batch_size", "encoder_sequence_length", config.d_model],
            ),
            *past_encoder,
            onnx.helper.make_tensor_value_info("use_cache_branch", onnx.TensorProto.BOOL, [1]),
        ]
    )
    # then: the cached cross K/V, unchanged, and empty encoder presents. else: cross_kv on the encoder's output, which
    # is also the encoder presents. transformers.js keeps the first step's encoder presents and drops later ones (as
    # with optimum's exports), and every output is copied out of ORT-web's WASM heap, so later steps return nothing
    # there instead of every layer's cross K/V again (18 MB a token with a 30 s window).
    present_encoder = [f"present.{i}.encoder.{kind}" for i in range(n) for kind in ("key", "value")]
    empty = onnx.helper.make_tensor("empty_cross_kv", onnx.TensorProto.FLOAT, [1, heads, 0, head_dim], [])
    then_graph = onnx.helper.make_graph(
        [
            *(
                onnx.helper.make_node("Identity", [p.name], [f"then.{c}"])
                for p, c in zip(past_encoder, cross_names, strict=True)
            ),
            *(onnx.helper.make_node("Constant", [], [f"then.{e}"], value=empty) for e in present_encoder),
        ],
        "use_cache",
        [],
        [
            onnx.helper.make_tensor_value_info(f"then.{c}", onnx.TensorProto.FLOAT, None)
            for c in [*cross_names, *present_encoder]
        ],
    )
    else_graph = cross.graph
    _prefixed(else_graph, "else.", keep={"encoder_hidden_states"})
    del else_graph.input[:]
    else_graph.name = "compute_cross_kv"
    for c, e in zip(cross_names, present_encoder, strict=True):
        else_graph.node.append(onnx.helper.make_node("Identity", [f"else.{c}"], [f"else.{e}"]))
        else_graph.output.append(onnx.helper.make_tensor_value_info(f"else.{e}", onnx.TensorProto.FLOAT, None))
    if_node = onnx.helper.make_node(
        "If",
        ["use_cache_branch"],
        [*cross_names, *present_encoder],
        name="cross_kv_branch",
        then_branch=then_graph,
        else_branch=else_graph,
    )
    graph.node.insert(0, if_node)
    graph.output.extend(
        onnx.helper.make_tensor_value_info(
            name, onnx.TensorProto.FLOAT, ["batch_size", heads, "encoder_sequence_length_out", head_dim]
        )
        for name in present_encoder
    )
    onnx.checker.check_model(core)
    onnx.save(core, str(out))


def export_encoder(model: WhisperForConditionalGeneration, out: Path) -> None:
    config = model.config
    features = torch.randn(1, config.num_mel_bins, 2 * config.max_source_positions)
    _export(
        Encoder(model),
        (features,),
        out,
        ["input_features"],
        ["last_hidden_state"],
        {
            "input_features": {0: "batch_size", 2: "feature_frames"},
            "last_hidden_state": {0: "batch_size", 1: "encoder_sequence_length"},
        },
    )
    onnx.checker.check_model(str(out))


def quantize(onnx_dir: Path) -> None:
    """`<name>_quantized.onnx`, the dtype transformers.js calls q8 (the element's default on WASM), quantized as the
    twin is: int8 products with one activation scale per token (per_token_int8.py), the decoder's tied embedding
    read from its LM head's int8 weight. On Whisper tiny.en that hears as well as fp32 (bench/speech.mjs), where ORT's
    one scale per product misheard "rust" as "rest" in the real-weights test's question."""
    for name in ("encoder_model", "decoder_model_merged"):
        quantize_q8(onnx_dir / f"{name}.onnx", onnx_dir / f"{name}_quantized.onnx")
    # proj_out is tied to embed_tokens; the exporter folds a second, transposed copy (80 MB at tiny.en's size).
    share_tied_embedding(onnx_dir / "decoder_model_merged.onnx")
    onnx.checker.check_model(str(onnx_dir / "decoder_model_merged.onnx"))


def write_configs(model: WhisperForConditionalGeneration, tokenizer: Tokenizer, generation: dict, out: Path) -> None:
    """config.json, generation_config.json (`generation`, as given), preprocessor_config.json, tokenizer files."""
    config = model.config.to_dict()
    config.pop("transformers_version", None)
    config["architectures"] = ["WhisperForConditionalGeneration"]
    config[SHORT_WINDOWS_KEY] = True
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    (out / "generation_config.json").write_text(json.dumps(generation, indent=2) + "\n")
    preprocessor = {
        "feature_extractor_type": "WhisperFeatureExtractor",
        "processor_class": "WhisperProcessor",
        "feature_size": model.config.num_mel_bins,
        "sampling_rate": SAMPLING_RATE,
        "hop_length": HOP,
        "n_fft": N_FFT,
        "chunk_length": CHUNK_S,
        "n_samples": CHUNK_S * SAMPLING_RATE,
        "nb_max_frames": CHUNK_S * SAMPLING_RATE // HOP,
        "padding_side": "right",
        "padding_value": 0.0,
        "return_attention_mask": False,
    }
    (out / "preprocessor_config.json").write_text(json.dumps(preprocessor, indent=2) + "\n")
    tokenizer.save(str(out / "tokenizer.json"))
    tokenizer_config = {
        "tokenizer_class": "WhisperTokenizer",
        "bos_token": "<|endoftext|>",
        "eos_token": "<|endoftext|>",
        "unk_token": "<|endoftext|>",
        "pad_token": "<|endoftext|>",
        "model_max_length": 1024,
        "add_prefix_space": False,
        "clean_up_tokenization_spaces": True,
    }
    (out / "tokenizer_config.json").write_text(json.dumps(tokenizer_config, indent=2) + "\n")


def export_whisper(model: WhisperForConditionalGeneration, tokenizer: Tokenizer, generation: dict, out: Path) -> int:
    """Writes the whole layout into `out`; returns its size in bytes."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "onnx").mkdir(exist_ok=True)
    scratch = out / "onnx-parts"
    scratch.mkdir(exist_ok=True)
    write_configs(model, tokenizer, generation, out)
    export_encoder(model, out / "onnx" / "encoder_model.onnx")
    export_decoder_merged(model, out / "onnx" / "decoder_model_merged.onnx", scratch)
    for part in scratch.iterdir():
        part.unlink()
    scratch.rmdir()
    quantize(out / "onnx")
    return sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
