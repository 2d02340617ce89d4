"""The LoRA twin: fetch base weights, train an adapter on the persona, merge it back.

Each step reads and writes folders, so the slow one (train) can run on another machine: copy `base/` and the
dataset there, run `twin-finetune train`, and copy back `adapter/` — a few megabytes.
"""

from __future__ import annotations

from pathlib import Path

import torch
from peft import PeftModel

from .base_models import load_model, load_tokenizer, save_model
from .config import TwinConfig
from .conversations import training_plan
from .dataset import read_dataset
from .train import (
    add_lora,
    compile_decoder_layers,
    encode_plan,
    pick_device,
    pick_precision,
    train_loop,
    write_report,
)


def fetch_base(source: str, out_dir: Path) -> None:
    """Materialise the base (hub id, local folder or the bundled GGUF) as plain safetensors + tokenizer."""
    save_model(load_model(source), load_tokenizer(source), out_dir)


def train_adapter(config: TwinConfig, base_dir: Path, dataset_dir: Path, adapter_dir: Path, epochs: int | None) -> None:
    torch.manual_seed(config.train.seed)
    tokenizer = load_tokenizer(str(base_dir))
    epochs = epochs or config.train.epochs
    examples = read_dataset(dataset_dir / "train.jsonl")
    plan = encode_plan(
        tokenizer, training_plan(examples, config.system, epochs, config.train.batch_size, config.train.seed)
    )
    device = pick_device()
    base = load_model(str(base_dir)).to(device)
    if device.type == "cpu":
        # On a CPU, plain matrix products beat the fused SDPA kernel at these lengths (bench/train_throughput.py).
        base.set_attn_implementation("eager")
    model = add_lora(base, config.train)
    model.print_trainable_parameters()
    compiled = compile_decoder_layers(model, device)
    report = train_loop(model, plan, learning_rate=config.train.learning_rate, precision=pick_precision(device))
    model.save_pretrained(adapter_dir)
    write_report(
        report,
        adapter_dir / "train-report.json",
        base=str(base_dir),
        recipe_epochs=config.train.epochs,
        compiled=compiled,
    )
    print(f"adapter: {adapter_dir} ({report.wall_s:.0f}s, {report.tokens_per_s:.0f} tok/s on {report.device})")


def merge_adapter(base_dir: Path, adapter_dir: Path, out_dir: Path) -> None:
    """Fold the adapter into the base weights (merge_and_unload), giving a plain model to export."""
    merged = PeftModel.from_pretrained(load_model(str(base_dir)), adapter_dir).merge_and_unload()
    save_model(merged, load_tokenizer(str(base_dir)), out_dir)
