"""Greedy parity: the exported ONNX model must decode exactly the tokens PyTorch decodes (fp32).

It also writes `reference.json` beside the build: prompts, their ids and the expected greedy ids per dtype, so the
browser tests can check transformers.js against onnxruntime without running Python.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from .generate import OrtDecoder, TorchDecoder, greedy
from .manifest import ONNX_FILES
from .progress import Progress


class ParityError(AssertionError):
    pass


def check_parity(model_dir: Path, build_dir: Path, conversations: list[list[dict]], max_new_tokens: int = 24) -> dict:
    tokenizer = AutoTokenizer.from_pretrained(build_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    stop_ids = {tokenizer.convert_tokens_to_ids(t) for t in ("<|im_end|>", "<|endoftext|>")}
    torch_decoder = TorchDecoder(model)
    ort = {
        d: OrtDecoder.for_model_dir(build_dir, f) for d, f in ONNX_FILES.items() if (build_dir / "onnx" / f).exists()
    }
    cases = []
    progress = Progress("parity", len(conversations), unit="prompt")
    for messages in conversations:
        text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        prompt_ids = tokenizer(text, add_special_tokens=False)["input_ids"]
        args = dict(stop_ids=stop_ids, max_new_tokens=max_new_tokens)
        expected = greedy(torch_decoder, prompt_ids, **args).ids
        got = {dtype: greedy(decoder, prompt_ids, **args).ids for dtype, decoder in ort.items()}
        if got["fp32"] != expected:
            raise ParityError(f"fp32 ONNX greedy ids {got['fp32']} != PyTorch {expected} for {text!r}")
        cases.append({"messages": messages, "text": text, "prompt_ids": prompt_ids, "torch": expected, "expected": got})
        progress.advance()
    progress.close()
    reference = {
        "max_new_tokens": max_new_tokens,
        "stop_tokens": ["<|im_end|>", "<|endoftext|>"],
        "note": "greedy, no repetition penalty; expected[dtype] from onnxruntime CPU, torch from PyTorch fp32",
        "cases": cases,
    }
    (build_dir / "reference.json").write_text(json.dumps(reference, indent=1, ensure_ascii=False) + "\n")
    agree = {d: sum(c["expected"][d] == c["torch"] for c in cases) for d in ort}
    return {"cases": len(cases), "exact_match_with_torch": agree}
