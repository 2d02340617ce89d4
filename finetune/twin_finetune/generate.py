"""Greedy decoding with a KV cache, identical for PyTorch and onnxruntime, so parity and eval compare like with like.

The repetition penalty counts generated tokens only, never the prompt, exactly as the browser engines do: a penalty
on the prompt would push the twin away from the very words of the question it should echo.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import onnxruntime as ort
import torch
from transformers import DynamicCache, PreTrainedModel


class Decoder(Protocol):
    def reset(self) -> None: ...

    def feed(self, ids: list[int]) -> np.ndarray:
        """Append ids to the sequence; returns the logits for the next token."""


@dataclass
class Generation:
    ids: list[int]  # generated ids, stop token excluded
    stopped: bool  # a stop token came within max_new_tokens


def greedy(
    decoder: Decoder,
    prompt_ids: list[int],
    *,
    stop_ids: set[int],
    max_new_tokens: int,
    repetition_penalty: float = 1.0,
) -> Generation:
    decoder.reset()
    logits = decoder.feed(prompt_ids)
    generated: list[int] = []
    for _ in range(max_new_tokens):
        if repetition_penalty != 1.0 and generated:
            seen = np.array(sorted(set(generated)))
            scores = logits[seen]
            logits = logits.copy()
            logits[seen] = np.where(scores > 0, scores / repetition_penalty, scores * repetition_penalty)
        token = int(np.argmax(logits))
        if token in stop_ids:
            return Generation(generated, True)
        generated.append(token)
        logits = decoder.feed([token])
    return Generation(generated, False)


class TorchDecoder:
    def __init__(self, model: PreTrainedModel):
        self.model = model.eval()
        self.cache: DynamicCache | None = None

    def reset(self) -> None:
        self.cache = DynamicCache(config=self.model.config)

    @torch.no_grad()
    def feed(self, ids: list[int]) -> np.ndarray:
        out = self.model(input_ids=torch.tensor([ids]), past_key_values=self.cache, use_cache=True)
        return out.logits[0, -1].float().numpy()


class OrtDecoder:
    """Drives an exported model the way transformers.js does: explicit mask, positions and past tensors."""

    def __init__(self, onnx_path: Path, num_layers: int, num_kv_heads: int, head_dim: int, threads: int = 1):
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self.shape = (num_layers, num_kv_heads, head_dim)
        # As transformers.js does when generating: logits for the last position only, where the model can skip the rest.
        self.takes_logits_to_keep = "num_logits_to_keep" in {i.name for i in self.session.get_inputs()}
        self.reset()

    @classmethod
    def for_model_dir(cls, model_dir: Path, file_name: str, threads: int = 1) -> OrtDecoder:
        import json

        c = json.loads((model_dir / "config.json").read_text())
        head_dim = c.get("head_dim") or c["hidden_size"] // c["num_attention_heads"]
        return cls(model_dir / "onnx" / file_name, c["num_hidden_layers"], c["num_key_value_heads"], head_dim, threads)

    def reset(self) -> None:
        layers, heads, dim = self.shape
        empty = np.zeros((1, heads, 0, dim), dtype=np.float32)
        self.past = {f"past_key_values.{i}.{kind}": empty for i in range(layers) for kind in ("key", "value")}
        self.length = 0

    def feed(self, ids: list[int]) -> np.ndarray:
        return self.feed_keeping(ids, 1)[-1]

    def feed_keeping(self, ids: list[int], positions: int) -> np.ndarray:
        """feed, returning the logits of the last `positions` positions (0: every one) instead of the next token's."""
        n = len(ids)
        inputs = {
            "input_ids": np.array([ids], dtype=np.int64),
            "attention_mask": np.ones((1, self.length + n), dtype=np.int64),
            "position_ids": np.arange(self.length, self.length + n, dtype=np.int64)[None, :],
            **({"num_logits_to_keep": np.array(positions, dtype=np.int64)} if self.takes_logits_to_keep else {}),
            **self.past,
        }
        names = [o.name for o in self.session.get_outputs()]
        outputs = dict(zip(names, self.session.run(names, inputs), strict=True))
        self.past = {
            name.replace("present", "past_key_values"): v for name, v in outputs.items() if name.startswith("present")
        }
        self.length += n
        return outputs["logits"][0, -positions:]
