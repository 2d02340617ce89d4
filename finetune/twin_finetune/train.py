"""The training loop, shared by the LoRA twin and the from-scratch micro twin. Reads top to bottom like nanoGPT.

It takes a model and a plan (conversations.py: per epoch, per optimizer step, the conversations to learn from)
and returns per-epoch losses. What makes it fast on a laptop CPU, each lever measured by
bench/train_throughput.py:
- bf16 autocast where the CPU (or GPU) has bf16 instructions: the products run in bf16 on frozen weights stored in
  bf16, the weights being trained stay fp32, and the loss is computed in fp32;
- the LM head (49,152 columns for SmolLM2) runs only where a label is, not over the system prompt and history;
- no padding: each conversation is its own forward pass, its gradient added to the step's, so no compute is spent
  on pad tokens and attention never crosses conversations.
(The others are the caller's: no LoRA dropout in the twins' recipe, eager attention on a CPU, every core, and
decoder layers compiled by torch.compile where a C++ compiler is present: compile_decoder_layers below.)
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
import torch.nn.functional as F
from peft import LoraConfig, PeftModel, get_peft_model
from transformers import PreTrainedModel, PreTrainedTokenizerBase

from .config import TrainConfig
from .conversations import Message
from .labels import IGNORE, Encoded, encode
from .progress import Progress

WARMUP_FRACTION = 0.05
Plan = list[list[list[Encoded]]]  # plan[epoch][step] = the encoded conversations of one optimizer step


@dataclass
class TrainReport:
    epochs: int
    steps: int
    examples: int  # trained answers per epoch
    tokens: int  # input tokens processed over all epochs (there is no padding)
    wall_s: float
    tokens_per_s: float
    device: str
    torch_threads: int
    precision: str
    epoch_losses: list[float]


def encode_plan(tokenizer: PreTrainedTokenizerBase, plan: list[list[list[list[Message]]]]) -> Plan:
    return [[[encode(tokenizer, conversation) for conversation in step] for step in steps] for steps in plan]


def pick_device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def pick_precision(device: torch.device) -> str:
    """bf16 where the hardware multiplies bf16 natively (AVX512-BF16/AMX on a CPU, Ampere and later on a GPU)."""
    if device.type == "cuda":
        return "bf16" if torch.cuda.is_bf16_supported() else "fp32"
    return "bf16" if torch.ops.mkldnn._is_mkldnn_bf16_supported() else "fp32"


def store_frozen_weights_in_bf16(model: PreTrainedModel | PeftModel) -> None:
    """Frozen products keep bf16 weights, so autocast does not convert 135M weights on every forward pass.

    The weights being trained (LoRA's) stay fp32 masters. The embedding may share the LM head's weight (SmolLM2
    ties them), so its output is widened back to fp32: the residual stream between blocks stays fp32.
    """
    for module in model.modules():
        if isinstance(module, torch.nn.Linear) and not module.weight.requires_grad:
            module.to(torch.bfloat16)
    embedding = causal_lm(model).get_input_embeddings()
    if embedding.weight.dtype == torch.bfloat16:
        embedding.register_forward_hook(lambda _module, _inputs, output: output.float())


def compile_decoder_layers(model: PreTrainedModel | PeftModel, device: torch.device) -> bool:
    """torch.compile each decoder layer, so the norms, casts, rotary and attention's softmax run as fused kernels.

    Layers share one code path, so one compilation (about half a minute on a laptop CPU) serves them all, and
    shapes are dynamic, so conversations of every length reuse it. Inductor builds its CPU kernels with a C++
    compiler, which a laptop may lack: a one-line probe finds out first, and training goes on uncompiled, only
    slower, with a note saying so. Returns whether the layers were compiled.
    """
    try:
        torch.compile(lambda x: x + 1)(torch.zeros(1, device=device))
    except Exception as e:  # inductor reports a missing or broken compiler with several exception types
        print(f"training uncompiled (slower): torch.compile does not work here: {type(e).__name__}: {e}".strip())
        return False
    for layer in causal_lm(model).get_decoder().layers:
        layer.compile(dynamic=True)
    return True


def causal_lm(model: PreTrainedModel | PeftModel) -> PreTrainedModel:
    return model.get_base_model() if isinstance(model, PeftModel) else model


def tensors(conversation: Encoded, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    """Input ids and next-token targets (labels shifted by one; the last position predicts nothing)."""
    ids = torch.tensor([conversation.input_ids], device=device)
    targets = torch.tensor([conversation.labels[1:] + [IGNORE]], device=device)
    return ids, targets


def answer_loss_sum(
    model: PreTrainedModel | PeftModel, ids: torch.Tensor, targets: torch.Tensor, precision: str
) -> torch.Tensor:
    """Summed cross-entropy of the answer tokens: the LM head runs only at the positions that carry a label."""
    lm = causal_lm(model)
    keep = targets != IGNORE
    with torch.autocast(ids.device.type, dtype=torch.bfloat16, enabled=precision == "bf16"):
        hidden = lm.get_decoder()(input_ids=ids, use_cache=False).last_hidden_state
        logits = lm.get_output_embeddings()(hidden[keep])
    return F.cross_entropy(logits.float(), targets[keep], reduction="sum")


def train_step(model: PreTrainedModel | PeftModel, step: list[Encoded], precision: str) -> float:
    """Accumulates the step's mean answer-token loss gradient, one conversation at a time; returns that loss."""
    device = next(model.parameters()).device
    batch = [tensors(c, device) for c in step]
    answer_tokens = sum(int((targets != IGNORE).sum()) for _, targets in batch)
    total = 0.0
    for ids, targets in batch:
        loss = answer_loss_sum(model, ids, targets, precision) / answer_tokens
        loss.backward()
        total += loss.item()
    return total


def cosine_schedule(total_steps: int) -> Callable[[int], float]:
    """Linear warmup, then cosine decay to zero: the last epochs polish the memorised answers at a small lr."""
    warmup = max(1, int(total_steps * WARMUP_FRACTION))
    return lambda s: (
        (s + 1) / warmup if s < warmup else 0.5 * (1 + math.cos(math.pi * (s - warmup) / max(1, total_steps - warmup)))
    )


def train_loop(
    model: PreTrainedModel | PeftModel,
    plan: Plan,
    *,
    learning_rate: float,
    precision: str,
    log: Callable[[str], None] | None = None,
) -> TrainReport:
    device = next(model.parameters()).device
    if precision == "bf16":
        store_frozen_weights_in_bf16(model)
    params = [p for p in model.parameters() if p.requires_grad]
    # No weight decay: a twin is meant to memorise its answers, not to generalise away from them.
    optimizer = torch.optim.AdamW(params, lr=learning_rate, weight_decay=0.0)
    total_steps = sum(len(epoch) for epoch in plan)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, cosine_schedule(total_steps))
    answers = sum(c.answers for step in plan[0] for c in step)

    model.train()
    tokens, epoch_losses = 0, []
    start = time.perf_counter()
    progress = Progress("train", total_steps, unit="step")
    log = log or progress.note
    for epoch, steps in enumerate(plan):
        losses = []
        for step in steps:
            losses.append(train_step(model, step, precision))
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad(set_to_none=True)
            tokens += sum(len(c.input_ids) for c in step)
            progress.advance(f"epoch {epoch + 1}/{len(plan)}  loss {losses[-1]:.3f}")
        epoch_losses.append(sum(losses) / len(losses))
        elapsed = time.perf_counter() - start
        log(f"epoch {epoch + 1}/{len(plan)}  loss {epoch_losses[-1]:.4f}  {tokens / elapsed:.0f} tok/s  {elapsed:.0f}s")
    progress.close()
    model.eval()
    wall = time.perf_counter() - start
    return TrainReport(
        len(plan),
        total_steps,
        answers,
        tokens,
        wall,
        tokens / wall,
        str(device),
        torch.get_num_threads(),
        precision,
        epoch_losses,
    )


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
