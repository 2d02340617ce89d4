"""Training measurably lowers the loss on the persona, for LoRA on both real architectures; the adapter holds all
the change, and merging it back gives the same model."""
from __future__ import annotations

import torch
from transformers import AutoModelForCausalLM

from conftest import tiny_model
from twin_finetune.labels import encode
from twin_finetune.lora import merge_adapter
from twin_finetune.train import add_lora, collate, train_loop


def mean_loss(model, data, pad_id) -> float:
    with torch.no_grad():
        return model(**collate(data, pad_id)).loss.item()


def test_lora_training_lowers_loss_and_merges(tmp_path, config, examples, micro_tokenizer, tiny_model_dir):
    data = [encode(micro_tokenizer, e.messages) for e in examples if e.split == "train"]
    pad = micro_tokenizer.pad_token_id
    base = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    before = mean_loss(base, data, pad)
    model = add_lora(base, config.train)
    trainable = {n for n, p in model.named_parameters() if p.requires_grad}
    assert trainable and all("lora_" in n for n in trainable)
    for projection in ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"):
        assert any(f"{projection}.lora_A" in n for n in trainable), projection
    report = train_loop(model, data, pad_id=pad, epochs=25, learning_rate=1e-2, batch_size=4, seed=1, log=lambda _: None)
    after = mean_loss(model, data, pad)
    assert after < before - 0.5, (before, after)
    assert report.epoch_losses[-1] < report.epoch_losses[0]

    adapter = tmp_path / "adapter"
    model.save_pretrained(adapter)
    merge_adapter(tiny_model_dir, adapter, tmp_path / "merged")
    merged = AutoModelForCausalLM.from_pretrained(tmp_path / "merged")
    assert abs(mean_loss(merged, data, pad) - after) < 1e-3
    assert (tmp_path / "merged" / "tokenizer.json").exists()


def test_training_is_reproducible(config, examples, micro_tokenizer):
    data = [encode(micro_tokenizer, e.messages) for e in examples if e.split == "train"]
    losses = []
    for _ in range(2):
        model = tiny_model("llama", len(micro_tokenizer))
        report = train_loop(model, data, pad_id=micro_tokenizer.pad_token_id, epochs=2, learning_rate=1e-2, batch_size=4,
                            seed=3, log=lambda _: None)
        losses.append(report.epoch_losses)
    assert losses[0] == losses[1]
