"""Training throughput (tokens/s) for the micro twin and the SmolLM2-135M LoRA twin, on whatever device is here.

Usage (from the repository root, venv active):  python bench/train_throughput.py [--threads 1] [--skip-135m]

It times a few real optimizer steps on the Ada persona (the measurement), then prints the figures recorded by the
full training runs, where they exist in build/ (the reference: those runs shared the machine with other work).
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import torch

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from twin_finetune.base_models import BUNDLED_GGUF, load_model, load_tokenizer  # noqa: E402
from twin_finetune.config import load_config  # noqa: E402
from twin_finetune.dataset import expand  # noqa: E402
from twin_finetune.labels import encode  # noqa: E402
from twin_finetune.micro import BATCH_SIZE, new_model, render_plain, train_tokenizer  # noqa: E402
from twin_finetune.seeds import load_seeds  # noqa: E402
from twin_finetune.train import add_lora, collate, pick_device  # noqa: E402

PERSONA = Path("finetune/personas/ada")
RECORDED = {"micro": Path("build/ada-twin/micro/train-report.json"), "135m": Path("build/ada-twin-135m/adapter/train-report.json")}


def time_steps(model, data, pad_id: int, batch_size: int, steps: int) -> float:
    """tokens/s over `steps` optimizer steps, after one warm-up step."""
    device = pick_device()
    model.to(device).train()
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    tokens, elapsed = 0, 0.0
    for step in range(steps + 1):
        batch = {k: v.to(device) for k, v in collate(data[step * batch_size:(step + 1) * batch_size], pad_id).items()}
        start = time.perf_counter()
        model(**batch).loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        if device.type == "cuda":
            torch.cuda.synchronize()
        if step:  # step 0 warms up allocators and kernels
            elapsed += time.perf_counter() - start
            tokens += int(batch["attention_mask"].sum())
    return tokens / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--skip-135m", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    config = load_config(PERSONA)
    train = [e for e in expand(load_seeds(config.seeds_path, config), config) if e.split == "train"]
    where = f"{pick_device()}, {torch.get_num_threads()} torch thread(s)"

    tokenizer = train_tokenizer([render_plain(e) for e in train])
    data = [encode(tokenizer, e.messages) for e in train]
    rate = time_steps(new_model(tokenizer, config.context_window), data, tokenizer.pad_token_id, BATCH_SIZE, 10)
    print(f"micro twin (~1M params, full training, batch {BATCH_SIZE}): {rate:,.0f} tokens/s on {where}")

    if not args.skip_135m:
        tokenizer = load_tokenizer(BUNDLED_GGUF)
        data = [encode(tokenizer, e.messages) for e in train]
        model = add_lora(load_model(BUNDLED_GGUF), config.train)
        rate = time_steps(model, data, tokenizer.pad_token_id, config.train.batch_size, 3)
        print(f"SmolLM2-135M LoRA r={config.train.lora_r} (batch {config.train.batch_size}): {rate:,.0f} tokens/s on {where}")

    for name, path in RECORDED.items():
        if path.exists():
            r = json.loads(path.read_text())
            print(f"recorded full run, {name}: {r['tokens_per_s']:,.0f} tokens/s over {r['epochs']} epochs "
                  f"({r['wall_s'] / 60:.1f} min) on {r['device']}, {r['torch_threads']} thread(s) [{path}]")


if __name__ == "__main__":
    main()
