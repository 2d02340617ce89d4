"""Training throughput of the SmolLM2-135M LoRA twin: the plain fp32 loop against ours, lever by lever, in one run.

Usage (from the repository root):
    .venv/bin/python bench/train_throughput.py [--threads N] [--steps 6] [--loss-curves 3]

Every row times the same optimizer steps: steps spread over the plan ours trains Ada on (conversations.py:
examples inside a shuffled visit, 8 answers a step), after one warm-up step, so tokens/s compare like with like.
The plain loop is the one the project used to train with: each step's conversations as one padded batch, the
model's own loss over the full 49,152-wide LM head at every position, fp32, LoRA dropout 0.05. Each next row adds
one lever. Then it prints what an epoch costs, each example alone against ours, and, with --loss-curves N, the
per-epoch losses of N epochs of the Tobias twin trained from the same plan by the plain fp32 loop and by ours.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import torch

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from twin_finetune.base_models import BUNDLED_GGUF, load_model, load_tokenizer  # noqa: E402
from twin_finetune.config import TrainConfig, TwinConfig, load_config  # noqa: E402
from twin_finetune.conversations import training_plan  # noqa: E402
from twin_finetune.dataset import Example, expand  # noqa: E402
from twin_finetune.labels import IGNORE, Encoded, encode  # noqa: E402
from twin_finetune.seeds import load_seeds  # noqa: E402
from twin_finetune.train import (  # noqa: E402
    add_lora,
    compile_decoder_layers,
    encode_plan,
    pick_precision,
    store_frozen_weights_in_bf16,
    train_loop,
    train_step,
)

PERSONAS = {"ada": Path("finetune/personas/ada"), "tobias": Path("finetune/personas/tobias")}


def train_examples(persona: str) -> tuple[TwinConfig, list[Example]]:
    config = load_config(PERSONAS[persona])
    return config, [e for e in expand(load_seeds(config.seeds_path, config), config) if e.split == "train"]


def padded_step(model, step: list[Encoded], precision: str, pad_id: int) -> float:
    """The plain loop's step: one right-padded batch, the model's own loss (LM head at every position)."""
    width = max(len(e.input_ids) for e in step)
    ids = torch.full((len(step), width), pad_id)
    labels = torch.full((len(step), width), IGNORE)
    mask = torch.zeros((len(step), width), dtype=torch.long)
    for row, e in enumerate(step):
        ids[row, : len(e.input_ids)] = torch.tensor(e.input_ids)
        labels[row, : len(e.labels)] = torch.tensor(e.labels)
        mask[row, : len(e.input_ids)] = 1
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16"):
        loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
    loss.backward()
    return loss.item()


def tokens_per_s(
    model, steps: list[list[Encoded]], run_step: Callable[[object, list[Encoded]], float], precision: str
) -> tuple[float, float]:
    """Tokens/s over the timed steps, and the seconds of the warm-up step (where torch.compile compiles)."""
    if precision == "bf16":
        store_frozen_weights_in_bf16(model)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    tokens, elapsed, warm_up = 0, 0.0, 0.0
    for index, step in enumerate(steps):
        start = time.perf_counter()
        run_step(model, step)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        if index:  # the first step warms up allocators and kernels
            elapsed += time.perf_counter() - start
            tokens += sum(len(e.input_ids) for e in step)
        else:
            warm_up = time.perf_counter() - start
    return tokens / elapsed, warm_up


class Row(NamedTuple):
    name: str
    recipe: TrainConfig
    precision: str
    attention: str
    run_step: Callable[[object, list[Encoded]], float]
    compiled: bool = False


def lever_rows(config: TwinConfig, steps: list[list[Encoded]], pad_id: int, precision: str) -> None:
    """The same optimizer steps of ours' real plan, run by the plain loop and then with one lever more a row."""
    plain_recipe = dataclasses.replace(config.train, lora_dropout=0.05)  # the recipe the plain loop trained with
    ours_recipe = dataclasses.replace(config.train, lora_dropout=0.0)

    def ours(model, step: list[Encoded]) -> float:
        return train_step(model, step, precision)

    rows = [
        Row("plain fp32 loop: padded batches, full LM head, LoRA dropout 0.05", plain_recipe, "fp32", "sdpa",
            lambda m, s: padded_step(m, s, "fp32", pad_id)),
        Row(f"+ {precision} products (frozen weights stored {precision}, fp32 LoRA and loss)", plain_recipe, precision,
            "sdpa", lambda m, s: padded_step(m, s, precision, pad_id)),
        Row("+ LM head only where labels are, no padding", plain_recipe, precision, "sdpa", ours),
        Row("+ no LoRA dropout", ours_recipe, precision, "sdpa", ours),
        Row("+ eager attention on the CPU", ours_recipe, precision, "eager", ours),
        Row("+ decoder layers compiled (torch.compile): ours", ours_recipe, precision, "eager", ours, compiled=True),
    ]  # fmt: skip
    print(f"| loop | tokens/s ({torch.get_num_threads()} threads) | × plain |\n|---|---|---|")
    plain = None
    for row in rows:
        torch.manual_seed(0)
        base = load_model(BUNDLED_GGUF)
        base.set_attn_implementation(row.attention)
        model = add_lora(base, row.recipe)
        if row.compiled and not compile_decoder_layers(model, torch.device("cpu")):
            continue
        rate, warm_up_s = tokens_per_s(model, steps, row.run_step, row.precision)
        plain = plain or rate
        compile_note = f" (compiling in the warm-up step: {warm_up_s:.0f} s)" if row.compiled else ""
        print(f"| {row.name}{compile_note} | {rate:,.0f} | {rate / plain:.2f}× |", flush=True)


def epoch_cost(tokenizer, config: TwinConfig, train: list[Example], name: str) -> None:
    """Tokens an epoch holds: the old plan (each example alone) against ours (examples inside a visit)."""
    alone = sum(len(encode(tokenizer, e.messages).input_ids) for e in train)
    plan = encode_plan(tokenizer, training_plan(train, config.system, 3, config.train.batch_size, config.train.seed))
    ours = [sum(len(c.input_ids) for step in epoch for c in step) for epoch in plan]
    print(
        f"{name}: {alone:,} tokens an epoch with each example alone; ours, behind a visit's history: "
        f"{', '.join(f'{t:,}' for t in ours)} (epochs 1–3), {len(plan[0])} steps an epoch"
    )


def loss_curves(epochs: int) -> None:
    config, train = train_examples("tobias")
    config = dataclasses.replace(config, train=dataclasses.replace(config.train, lora_dropout=0.0))
    tokenizer = load_tokenizer(BUNDLED_GGUF)
    plan = encode_plan(
        tokenizer, training_plan(train, config.system, epochs, config.train.batch_size, config.train.seed)
    )
    curves = {}
    for name, precision, compiled in (("fp32", "fp32", False), ("ours", "bf16", True)):
        torch.manual_seed(config.train.seed)
        base = load_model(BUNDLED_GGUF)
        base.set_attn_implementation("eager")  # as the train step runs on a CPU
        model = add_lora(base, config.train)
        if compiled:
            compile_decoder_layers(model, torch.device("cpu"))
        report = train_loop(
            model, plan, learning_rate=config.train.learning_rate, precision=precision, log=lambda _: None
        )
        curves[name] = report
        print(f"{name}: {report.wall_s:.0f} s, {report.tokens_per_s:,.0f} tokens/s", flush=True)
    print(
        f"| epoch (Tobias, {epochs} of a {epochs}-epoch schedule) | plain fp32 loss | ours (bf16, compiled) loss |\n"
        "|---|---|---|"
    )
    for epoch, (a, b) in enumerate(zip(curves["fp32"].epoch_losses, curves["ours"].epoch_losses, strict=True), start=1):
        print(f"| {epoch} | {a:.4f} | {b:.4f} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, help="torch threads (default: every core)")
    parser.add_argument("--steps", type=int, default=6, help="timed steps a row")
    parser.add_argument("--loss-curves", type=int, default=0, metavar="EPOCHS")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    precision = pick_precision(torch.device("cpu"))
    config, train = train_examples("ada")
    tokenizer = load_tokenizer(BUNDLED_GGUF)
    plan = encode_plan(tokenizer, training_plan(train, config.system, 1, config.train.batch_size, config.train.seed))
    # Steps spread over the epoch: a visit's history grows as it goes, so its first steps carry little context.
    steps = plan[0][:: len(plan[0]) // (args.steps + 1)][: args.steps + 1]
    print(
        f"SmolLM2-135M LoRA r={config.train.lora_r}: {args.steps} steps spread over Ada's training plan (after one "
        f"warm-up step, {sum(len(c.input_ids) for s in steps[1:] for c in s):,} tokens), CPU, "
        f"{torch.get_num_threads()} torch threads, fast precision {precision}"
    )
    lever_rows(config, steps, tokenizer.pad_token_id, precision)
    for persona in PERSONAS:
        epoch_cost(tokenizer, *train_examples(persona), persona)
    if args.loss_curves:
        loss_curves(args.loss_curves)


if __name__ == "__main__":
    main()
