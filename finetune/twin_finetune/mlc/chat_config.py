"""`mlc-chat-config.json`: what web-llm reads beside the weights (its ChatConfig).

The conversation template renders exactly the ChatML the twin was trained on (SmolLM2's and Qwen2.5's
template): `<|im_start|>role\\ncontent<|im_end|>\\n` per message, then `<|im_start|>assistant\\n`. The element
always sends the twin's system prompt as the first message; `system_message` is only web-llm's default.
Sampling defaults are the twin's own; the element passes them with every request anyway.

One field is ours, not web-llm's: `turn_end_token_ids`, the ids of `<|im_end|>\n`. When a request continues the
conversation web-llm holds, it prefills only the new turn, starting at `<|im_start|>user`: the `<|im_end|>\n`
that closes the previous reply is never fed (the sampled stop token ends the reply without a forward pass), and
a twin given a prompt without it replies with nonsense. The worker feeds these ids after each reply instead
(src/worker/webllm-model.ts).
"""

from __future__ import annotations

import json
from pathlib import Path

from tokenizers import Tokenizer

from ..config import TwinConfig
from .architecture import Architecture
from .quantization import Quantization

STOP_TOKENS = ("<|im_end|>", "<|endoftext|>")


def token_postproc_method(tokenizer_json: dict) -> str:
    """How web-llm turns the vocabulary into text for grammar-constrained decoding: byte-level BPE (SmolLM2,
    Qwen2.5, the micro twins) stores bytes as printable characters; other tokenizers store text with byte
    fallback tokens."""
    decoders = tokenizer_json.get("decoder") or {}
    kinds = (
        [d.get("type") for d in decoders.get("decoders", [])]
        if decoders.get("type") == "Sequence"
        else [decoders.get("type")]
    )
    return "byte_level" if "ByteLevel" in kinds else "byte_fallback"


def chatml_template(system: str, stop_ids: list[int]) -> dict:
    return {
        "name": "chatml",
        "system_template": "<|im_start|>system\n{system_message}<|im_end|>\n",
        "system_message": system,
        "roles": {"user": "<|im_start|>user", "assistant": "<|im_start|>assistant", "tool": "<|im_start|>user"},
        "role_content_sep": "\n",
        "role_empty_sep": "\n",
        "seps": ["<|im_end|>\n"],
        "stop_str": [STOP_TOKENS[0]],
        "stop_token_ids": stop_ids,
        "system_prefix_token_ids": None,
        "add_role_after_system_message": True,
    }


def chat_config(arch: Architecture, quantization: Quantization, twin: TwinConfig, tokenizer_json: dict) -> dict:
    vocab = {token["content"]: token["id"] for token in tokenizer_json.get("added_tokens", [])}
    stop_ids = [vocab[token] for token in STOP_TOKENS if token in vocab]
    return {
        "version": "0.1.0",
        "model_type": arch.model_type,
        "quantization": quantization.name,
        "vocab_size": arch.vocab_size,
        "context_window_size": twin.context_window,
        "sliding_window_size": -1,
        "attention_sink_size": -1,
        "prefill_chunk_size": arch.prefill_chunk,
        "tensor_parallel_shards": 1,
        "temperature": twin.sampling.temperature,
        "top_p": twin.sampling.top_p,
        "repetition_penalty": twin.sampling.repetition_penalty,
        "frequency_penalty": 0.0,
        "presence_penalty": 0.0,
        "bos_token_id": arch.bos_token_id,
        "conv_template": chatml_template(twin.system, stop_ids),
        "turn_end_token_ids": Tokenizer.from_str(json.dumps(tokenizer_json))
        .encode(STOP_TOKENS[0] + "\n", add_special_tokens=False)
        .ids,
        "tokenizer_files": ["tokenizer.json"],
        "tokenizer_info": {
            "token_postproc_method": token_postproc_method(tokenizer_json),
            "prepend_space_in_encode": False,
            "strip_space_in_decode": False,
        },
    }


def write_chat_config(config: dict, out_dir: Path) -> Path:
    path = out_dir / "mlc-chat-config.json"
    path.write_text(json.dumps(config, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
