"""How closely a twin's q8 build follows its fp32 build, for each count of channels kept in fp32 (outlier_channels.py).

A twin's q8 reply should be its fp32 reply. This exports the merged model's fp32 ONNX once, has fp32 answer each
question greedily (repetition penalty as the twin is configured), then builds q8 with 0, 4, 8 … fp32 channels per
product input and reads every build's logits along fp32's replies in one pass each. Printed per build: how often its
top token is fp32's, how many replies it would follow to the end, the mean KL divergence from fp32, and its size
(before the export's ORT optimization, which fuses ops around the same integer products).
The questions are the persona's first wording of each note and its off-map questions, never the held-out ones.
    .venv/bin/python bench/q8_fidelity.py --persona finetune/personas/ada --model build/ada-twin-135m/merged
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer
from twin_finetune.config import load_config
from twin_finetune.dataset import expand
from twin_finetune.export_onnx import SHARED_FILES, export_fp32, quantize_q8
from twin_finetune.generate import OrtDecoder, greedy
from twin_finetune.labels import render
from twin_finetune.outlier_channels import loud_channels
from twin_finetune.pipeline import parity_conversations
from twin_finetune.seeds import QARecord, load_offmap, load_seeds


def log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persona", type=Path, required=True)
    parser.add_argument("--model", type=Path, required=True, help="a merged twin (HF layout)")
    parser.add_argument("--channels", default="0,4,8,16", help="fp32 channels per product input, one build each")
    parser.add_argument("--questions", type=int, default=60, help="first wordings of this many notes")
    args = parser.parse_args()
    torch.set_num_threads(1)
    config = load_config(args.persona)
    records = load_seeds(config.seeds_path, config)
    firsts = [r.q[0] for r in records if isinstance(r, QARecord)][: args.questions]
    questions = firsts + load_offmap(config.offmap_path)
    examples = expand(records, config)
    calibration_messages = parity_conversations(examples, load_offmap(config.offmap_path), config.system)

    work = Path(tempfile.mkdtemp(prefix="q8-fidelity-"))
    try:
        for name in SHARED_FILES:
            shutil.copy(args.model / name, work / name)
        tokenizer = AutoTokenizer.from_pretrained(work)
        model = AutoModelForCausalLM.from_pretrained(args.model, dtype=torch.float32, attn_implementation="eager")
        fp32 = work / "onnx" / "model.onnx"
        export_fp32(model, fp32)
        model_config = json.loads((work / "config.json").read_text())

        def decoder(path: Path) -> OrtDecoder:
            head_dim = model_config["hidden_size"] // model_config["num_attention_heads"]
            layers, heads = model_config["num_hidden_layers"], model_config["num_key_value_heads"]
            return OrtDecoder(path, layers, heads, head_dim)

        def ids(messages: list[dict]) -> list[int]:
            return tokenizer(render(tokenizer, messages, add_generation_prompt=True), add_special_tokens=False)[
                "input_ids"
            ]

        stop_ids = {tokenizer.convert_tokens_to_ids(t) for t in ("<|im_end|>", "<|endoftext|>")}
        reference = decoder(fp32)
        prompts = [
            ids([{"role": "system", "content": config.system}, {"role": "user", "content": q}]) for q in questions
        ]
        replies = []
        for prompt in prompts:
            generation = greedy(
                reference,
                prompt,
                stop_ids=stop_ids,
                max_new_tokens=config.sampling.max_new_tokens,
                repetition_penalty=config.sampling.repetition_penalty,
            )
            replies.append(generation.ids + ([min(stop_ids)] if generation.stopped else []))

        def reply_logits(path: Path) -> list[np.ndarray]:
            """Logits at each reply position (the one predicting it), from one pass over prompt + reply."""
            out = []
            session = decoder(path)
            for prompt, reply in zip(prompts, replies, strict=True):
                out.append(session.feed_keeping(prompt + reply, len(reply) + 1)[:-1])
                session.reset()
            return out

        fp32_logits = reply_logits(fp32)
        calibration = [ids(m) for m in calibration_messages]
        print(f"{len(questions)} questions, {sum(map(len, replies))} reply tokens from fp32")
        print("| fp32 channels per input | top token as fp32 | replies followed to the end | KL from fp32 | q8 size |")
        print("|---|---|---|---|---|")
        for channels in [int(c) for c in args.channels.split(",")]:
            q8 = work / "onnx" / f"q8-{channels}.onnx"
            quantize_q8(fp32, q8, loud_channels(fp32, calibration, channels))
            same = followed = 0
            divergence = []
            for expected, got in zip(fp32_logits, reply_logits(q8), strict=True):
                agree = expected.argmax(-1) == got.argmax(-1)
                same += int(agree.sum())
                followed += int(agree.all())
                p = np.exp(log_softmax(expected))
                divergence.append(float((p * (log_softmax(expected) - log_softmax(got))).sum(-1).mean()))
            total = sum(map(len, replies))
            print(
                f"| {channels} | {100 * same / total:.2f}% | {followed}/{len(replies)} | {np.mean(divergence):.5f} | "
                f"{q8.stat().st_size / 1e6:.1f} MB |",
                flush=True,
            )
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
