"""The training loop, shared by the LoRA twin and the from-scratch micro twin. Reads top to bottom like nanoGPT.

It takes a model and encoded conversations (labels already masked, see labels.py) and returns per-epoch losses.
Nothing here is CPU-specific: on a CUDA machine the same code runs on the GPU, and for a LoRA twin it takes the
base weights and returns only the adapter, so only small files travel.
"""
from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from transformers import PreTrainedModel

from .config import TrainConfig
from .labels import IGNORE, Encoded


WARMUP_FRACTION = 0.05


@dataclass
class TrainReport:
    epochs: int
    steps: int
    examples: int
    tokens: int  # input tokens processed, padding excluded, over all epochs
    wall_s: float
    tokens_per_s: float
    device: str
    torch_threads: int
    epoch_losses: list[float]


def collate(batch: list[Encoded], pad_id: int) -> dict[str, torch.Tensor]:
    """Right-pad a batch. Labels are padded with IGNORE, never derived from ids, so pad == <|im_end|> is safe."""
    width = max(len(e.input_ids) for e in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    labels = torch.full((len(batch), width), IGNORE, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for row, e in enumerate(batch):
        n = len(e.input_ids)
        ids[row, :n] = torch.tensor(e.input_ids)
        labels[row, :n] = torch.tensor(e.labels)
        mask[row, :n] = 1
    return {"input_ids": ids, "attention_mask": mask, "labels": labels}


def pick_device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train_loop(
    model: PreTrainedModel,
    data: list[Encoded],
    *,
    pad_id: int,
    epochs: int,
    learning_rate: float,
    batch_size: int,
    seed: int,
    log: Callable[[str], None] = print,
) -> TrainReport:
    device = next(model.parameters()).device
    generator = torch.Generator().manual_seed(seed)
    steps_per_epoch = math.ceil(len(data) / batch_size)
    total_steps = epochs * steps_per_epoch
    warmup = max(1, int(total_steps * WARMUP_FRACTION))
    params = [p for p in model.parameters() if p.requires_grad]
    # No weight decay: a twin is meant to memorise its answers, not to generalise away from them.
    optimizer = torch.optim.AdamW(params, lr=learning_rate, weight_decay=0.0)
    # Linear warmup, then cosine decay to zero: the last epochs polish the memorised answers at a small lr.
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda s: (s + 1) / warmup if s < warmup else 0.5 * (1 + math.cos(math.pi * (s - warmup) / max(1, total_steps - warmup))),
    )

    model.train()
    tokens, step, epoch_losses = 0, 0, []
    start = time.perf_counter()
    for epoch in range(epochs):
        order = torch.randperm(len(data), generator=generator).tolist()
        losses = []
        for first in range(0, len(order), batch_size):
            batch = collate([data[i] for i in order[first : first + batch_size]], pad_id)
            batch = {k: v.to(device) for k, v in batch.items()}
            loss = model(**batch).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad(set_to_none=True)
            losses.append(loss.item())
            tokens += int(batch["attention_mask"].sum())
            step += 1
        epoch_losses.append(sum(losses) / len(losses))
        elapsed = time.perf_counter() - start
        log(f"epoch {epoch + 1}/{epochs}  loss {epoch_losses[-1]:.4f}  {tokens / elapsed:.0f} tok/s  {elapsed:.0f}s")
    model.eval()
    wall = time.perf_counter() - start
    return TrainReport(epochs, step, len(data), tokens, wall, tokens / wall, str(device), torch.get_num_threads(), epoch_losses)


def add_lora(model: PreTrainedModel, config: TrainConfig) -> PeftModel:
    """LoRA on every linear projection of every block (q, k, v, o, gate, up, down); the LM head stays frozen."""
    lora = LoraConfig(
        r=config.lora_r,
        lora_alpha=config.lora_alpha,
        lora_dropout=config.lora_dropout,
        target_modules="all-linear",
        task_type="CAUSAL_LM",
    )
    return get_peft_model(model, lora)


def write_report(report: TrainReport, path: Path, **extra: object) -> None:
    path.write_text(json.dumps({**asdict(report), **extra}, indent=2) + "\n")
