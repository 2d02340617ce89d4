"""Training measurably lowers the loss on the persona, for LoRA on both real architectures; the adapter holds all
the change, and merging it back gives the same model. The fast loss (LM head on labelled positions only, bf16
autocast) is the plain loss, and the run is reproducible."""

from __future__ import annotations

import pytest
import torch
from conftest import tiny_model
from torch._dynamo.utils import counters
from transformers import AutoModelForCausalLM
from twin_finetune.conversations import training_plan
from twin_finetune.labels import IGNORE, encode
from twin_finetune.lora import merge_adapter
from twin_finetune.train import (
    add_lora,
    answer_loss_sum,
    compile_decoder_layers,
    encode_plan,
    tensors,
    train_loop,
    train_step,
)


def mean_loss(model, data) -> float:
    """Mean next-token loss over every answer token of every example."""
    with torch.no_grad():
        sums = [answer_loss_sum(model, *tensors(e, torch.device("cpu")), "fp32") for e in data]
    return float(sum(sums)) / sum(sum(t != IGNORE for t in e.labels) for e in data)


def test_lora_training_lowers_loss_and_merges(tmp_path, config, examples, micro_tokenizer, tiny_model_dir):
    train = [e for e in examples if e.split == "train"]
    data = [encode(micro_tokenizer, e.messages) for e in train]
    base = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    before = mean_loss(base, data)
    model = add_lora(base, config.train)
    trainable = {n for n, p in model.named_parameters() if p.requires_grad}
    assert trainable and all("lora_" in n for n in trainable)
    for projection in ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"):
        assert any(f"{projection}.lora_A" in n for n in trainable), projection
    plan = encode_plan(micro_tokenizer, training_plan(train, config.system, 25, 4, seed=1))
    report = train_loop(model, plan, learning_rate=1e-2, precision="fp32", log=lambda _: None)
    after = mean_loss(model, data)
    assert after < before - 0.5, (before, after)
    assert report.epoch_losses[-1] < report.epoch_losses[0]
    assert report.examples == sum(m.get("train", True) for e in train for m in e.messages if m["role"] == "assistant")

    adapter = tmp_path / "adapter"
    model.save_pretrained(adapter)
    merge_adapter(tiny_model_dir, adapter, tmp_path / "merged")
    merged = AutoModelForCausalLM.from_pretrained(tmp_path / "merged")
    assert abs(mean_loss(merged, data) - after) < 1e-3
    assert (tmp_path / "merged" / "tokenizer.json").exists()


def test_answer_loss_is_the_models_own_loss(examples, micro_tokenizer):
    """The LM head run only where labels are gives exactly the loss of the full forward pass, and bf16 close to it."""
    model = tiny_model("qwen2", len(micro_tokenizer)).eval()
    dialogue = next(e for e in examples if e.kind == "dialogue")
    encoded = encode(micro_tokenizer, dialogue.messages)
    ids, targets = tensors(encoded, torch.device("cpu"))
    answer_tokens = int((targets != IGNORE).sum())
    with torch.no_grad():
        full = model(input_ids=ids, labels=torch.tensor([encoded.labels])).loss.item()
        ours = answer_loss_sum(model, ids, targets, "fp32").item() / answer_tokens
        bf16 = answer_loss_sum(model, ids, targets, "bf16").item() / answer_tokens
    assert abs(ours - full) < 1e-5
    assert abs(bf16 - full) < 0.05 * full


def test_training_is_reproducible(config, examples, micro_tokenizer):
    train = [e for e in examples if e.split == "train"]
    losses = []
    for _ in range(2):
        model = tiny_model("llama", len(micro_tokenizer))
        plan = encode_plan(micro_tokenizer, training_plan(train, config.system, 2, 4, seed=3))
        losses.append(train_loop(model, plan, learning_rate=1e-2, precision="fp32", log=lambda _: None).epoch_losses)
    assert losses[0] == losses[1]


def test_compiled_layers_train_as_the_plain_ones(config, examples, micro_tokenizer):
    """torch.compile'd decoder layers give the same loss and LoRA gradients as the plain ones, at every length."""
    train = [e for e in examples if e.split == "train"]
    steps = encode_plan(micro_tokenizer, training_plan(train, config.system, 1, 4, seed=5))[0][:3]
    runs = []
    for compiled in (False, True):
        torch.manual_seed(0)
        model = add_lora(tiny_model("llama", len(micro_tokenizer)), config.train)
        if compiled:
            assert compile_decoder_layers(model, torch.device("cpu"))
            counters.clear()  # the compiler probe above made a graph of its own
        losses, grads = [], []
        for step in steps:  # steps of different lengths: the compiled layers must not be tied to one shape
            losses.append(train_step(model, step, "fp32"))
            grads.append(torch.cat([p.grad.flatten() for p in model.parameters() if p.requires_grad]))
            model.zero_grad(set_to_none=True)
        runs.append((losses, grads))
    assert counters["stats"]["unique_graphs"] >= 1  # the compiled run really went through torch.compile
    (plain_losses, plain_grads), (compiled_losses, compiled_grads) = runs
    assert compiled_losses == pytest.approx(plain_losses, rel=1e-4)
    for plain, compiled in zip(plain_grads, compiled_grads, strict=True):
        assert torch.allclose(plain, compiled, rtol=1e-3, atol=1e-6)
