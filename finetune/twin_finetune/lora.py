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
from .dataset import read_dataset
from .labels import encode
from .train import add_lora, pick_device, train_loop, write_report


def fetch_base(source: str, out_dir: Path) -> None:
    """Materialise the base (hub id, local folder or the bundled GGUF) as plain safetensors + tokenizer."""
    save_model(load_model(source), load_tokenizer(source), out_dir)


def train_adapter(config: TwinConfig, base_dir: Path, dataset_dir: Path, adapter_dir: Path, epochs: int | None) -> None:
    torch.manual_seed(config.train.seed)
    tokenizer = load_tokenizer(str(base_dir))
    data = [encode(tokenizer, e.messages) for e in read_dataset(dataset_dir / "train.jsonl")]
    device = pick_device()
    model = add_lora(load_model(str(base_dir)).to(device), config.train)
    model.print_trainable_parameters()
    epochs = epochs or config.train.epochs
    report = train_loop(
        model,
        data,
        pad_id=tokenizer.pad_token_id,
        epochs=epochs,
        learning_rate=config.train.learning_rate,
        batch_size=config.train.batch_size,
        seed=config.train.seed,
    )
    model.save_pretrained(adapter_dir)
    write_report(report, adapter_dir / "train-report.json", base=str(base_dir), recipe_epochs=config.train.epochs)
    print(f"adapter: {adapter_dir} ({report.wall_s:.0f}s, {report.tokens_per_s:.0f} tok/s on {report.device})")


def merge_adapter(base_dir: Path, adapter_dir: Path, out_dir: Path) -> None:
    """Fold the adapter into the base weights (merge_and_unload), giving a plain model to export."""
    merged = PeftModel.from_pretrained(load_model(str(base_dir)), adapter_dir).merge_and_unload()
    save_model(merged, load_tokenizer(str(base_dir)), out_dir)
