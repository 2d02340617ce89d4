"""What a correct GPU must compute for a build, worked out in PyTorch with the build's own weights.

A 4-bit build computes with its dequantized weights (and a float16 one rounds its norms and biases), so the
reference runs PyTorch on exactly those weights: then the only difference left is the GPU's arithmetic.

- `known_answer`: the first step's top log-probabilities for a fixed question. The element asks web-llm for
  them before the twin's first reply; a GPU that computes garbage (drivers that claim shader-f16 and get it
  wrong do exist) misses them, and the element steps down to the next engine.
- `greedy_reference`: greedy ids for the parity prompts, plain and with a repetition penalty that counts only
  generated tokens (generate.greedy, as the eval decodes), which the browser tests hold web-llm to; and, to show
  that the test tells the two apart, the ids a penalty that also counted the prompt would give.
"""

from __future__ import annotations

import numpy as np
import torch
from transformers import PreTrainedModel, PreTrainedTokenizerBase

from ..generate import TorchDecoder, greedy
from .quantization import Quantization, dequantize, quantize

TOP_K = 5  # web-llm returns at most 5 top log-probabilities
# How far a correct GPU's log-probabilities may stray: float32 builds agree to ~1e-3, float16 ones to ~0.1.
TOLERANCE = {"float32": 0.05, "float16": 0.3}
PENALTY = 3.0  # strong enough to change most of a micro twin's greedy replies (1.5 changes none)
STOP_TOKENS = ("<|im_end|>", "<|endoftext|>")


def effective_state_dict(model: PreTrainedModel, quantization: Quantization) -> dict[str, torch.Tensor]:
    """The model's weights as the build stores them: 4-bit matrices dequantized, small vectors in its dtype."""
    state = {}
    for name, tensor in model.state_dict().items():
        value = tensor.float().numpy()
        if value.ndim == 2 and quantization.quantized:
            value = dequantize(*quantize(value, quantization.dtype))
        else:
            value = value.astype(quantization.dtype).astype(np.float32)
        state[name] = torch.from_numpy(np.ascontiguousarray(value))
    return state


def build_model(model: PreTrainedModel, quantization: Quantization) -> PreTrainedModel:
    """A copy of `model` computing with the build's weights (the model itself for q0f32)."""
    if quantization.name == "q0f32":
        return model
    clone = type(model)(model.config)
    clone.load_state_dict(effective_state_dict(model, quantization))
    return clone.eval()


def prompt_ids(tokenizer: PreTrainedTokenizerBase, messages: list[dict]) -> list[int]:
    text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    return tokenizer(text, add_special_tokens=False)["input_ids"]


@torch.no_grad()
def known_answer(
    model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, system: str, question: str, dtype: str
) -> dict:
    ids = prompt_ids(tokenizer, [{"role": "system", "content": system}, {"role": "user", "content": question}])
    logprobs = torch.log_softmax(model(torch.tensor([ids])).logits[0, -1].float(), dim=-1)
    top = torch.topk(logprobs, TOP_K)
    return {
        "question": question,
        "top_logprobs": [
            {"token": tokenizer.decode([i]), "id": i, "logprob": round(lp, 5)}
            for i, lp in zip(top.indices.tolist(), top.values.tolist(), strict=True)
        ],
        "tolerance": TOLERANCE[dtype],
    }


def greedy_counting_prompt(decoder: TorchDecoder, ids: list[int], stop_ids: set[int], max_new_tokens: int) -> list[int]:
    """Greedy ids under a repetition penalty over prompt and reply alike: what the engines must not do."""
    decoder.reset()
    logits, seen, out = decoder.feed(ids), set(ids), []
    for _ in range(max_new_tokens):
        counted = np.array(sorted(seen))
        logits = logits.copy()
        logits[counted] = np.where(logits[counted] > 0, logits[counted] / PENALTY, logits[counted] * PENALTY)
        token = int(np.argmax(logits))
        if token in stop_ids:
            break
        out.append(token)
        seen.add(token)
        logits = decoder.feed([token])
    return out


def greedy_reference(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    conversations: list[list[dict]],
    max_new_tokens: int = 24,
) -> dict:
    stop_ids = {tokenizer.convert_tokens_to_ids(t) for t in STOP_TOKENS}
    decoder = TorchDecoder(model)
    cases = []
    for messages in conversations:
        ids = prompt_ids(tokenizer, messages)
        replies = {
            "greedy": greedy(decoder, ids, stop_ids=stop_ids, max_new_tokens=max_new_tokens).ids,
            "penalized": greedy(
                decoder, ids, stop_ids=stop_ids, max_new_tokens=max_new_tokens, repetition_penalty=PENALTY
            ).ids,
            "penalized_with_prompt": greedy_counting_prompt(decoder, ids, stop_ids, max_new_tokens),
        }
        # web-llm's chat API streams text, not ids: the texts are what it must say.
        texts = {f"{name}_text": tokenizer.decode(reply) for name, reply in replies.items()}
        cases.append({"messages": messages, "prompt_ids": ids, **replies, **texts})
    return {
        "max_new_tokens": max_new_tokens,
        "stop_tokens": list(STOP_TOKENS),
        "repetition_penalty": PENALTY,
        "note": "PyTorch with this build's weights, greedy; `penalized` counts generated tokens only, "
        "`penalized_with_prompt` the prompt's too",
        "cases": cases,
    }
