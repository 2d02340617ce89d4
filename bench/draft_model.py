"""Would a draft *model* speed up new text? Distils a tiny draft from the model's own greedy replies, then counts how
many of its guesses the model would accept.

Speculative decoding checks k drafted tokens in one forward pass, which yields the drafts the model agrees with plus
one token of its own. On ORT-web's WASM a pass of a few tokens costs little more than a pass of one
(docs/benchmarks.md), so tokens a pass bounds the speed-up, before the draft's own cost. This bench:

1. has the model reply greedily to prompts made of templates × subjects, behind bench/engines.mjs's system prompt;
2. trains a small llama on those replies, with the model's tokenizer and its embeddings projected to the draft's
   width (the draft has to speak the model's vocabulary, and the embedding is most of its weights);
3. replays speculative decoding on replies to prompts it never trained on, "Tell me a story." first, and prints
   tokens a pass for k = 1…6 drafts, and the draft's size.

  .venv/bin/python bench/draft_model.py build/ada-twin-135m/base [--subjects 80] [--threads 2]
"""

from __future__ import annotations

import argparse
import itertools
import time
from pathlib import Path

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaConfig, LlamaForCausalLM
from twin_finetune.config import load_config

TEMPLATES = [
    "Tell me a story about {}.",
    "Describe {} in a few sentences.",
    "Write a short paragraph about {}.",
    "Explain {} to a child.",
    "What is interesting about {}?",
    "Write a short poem about {}.",
]
ADJECTIVES = [
    "a lonely",
    "a brave",
    "an old",
    "a tiny",
    "a curious",
    "a noisy",
    "a clever",
    "a sleepy",
    "a lost",
    "a kind",
]
NOUNS = ["lighthouse", "robot", "dragon", "river", "baker", "fox", "train", "garden", "city", "ship", "owl", "violin"]
HELD_OUT_SUBJECTS = ["a grumpy whale", "a forgotten key", "a midnight market", "a paper kite", "a rusty bicycle"]
STORY = "Tell me a story."
MAX_DRAFTS = 6


def chat_prompts(tokenizer, system: str, questions: list[str]) -> list[list[int]]:
    return [
        tokenizer.apply_chat_template(
            [{"role": "system", "content": system}, {"role": "user", "content": q}],
            add_generation_prompt=True,
            return_dict=False,
        )
        for q in questions
    ]


@torch.no_grad()
def greedy_replies(model, prompts: list[list[int]], new_tokens: int, batch: int, pad: int) -> list[list[int]]:
    """The model's greedy replies, a batch at a time, left-padded; each cut at its end-of-turn token."""
    end = model.generation_config.eos_token_id
    ends = end if isinstance(end, list) else [end]
    replies = []
    for start in range(0, len(prompts), batch):
        group = prompts[start : start + batch]
        width = max(map(len, group))
        ids = torch.tensor([[pad] * (width - len(p)) + p for p in group])
        mask = torch.tensor([[0] * (width - len(p)) + [1] * len(p) for p in group])
        out = model.generate(input_ids=ids, attention_mask=mask, max_new_tokens=new_tokens, do_sample=False)
        for row in out[:, width:].tolist():
            cut = next((i + 1 for i, t in enumerate(row) if t in ends), len(row))
            replies.append(row[:cut])
        print(f"  replies {len(replies)}/{len(prompts)}", flush=True)
    return replies


def draft_for(teacher, width: int) -> LlamaForCausalLM:
    """A 2-layer llama at `width`, its tied embedding the teacher's projected onto its top principal directions."""
    t = teacher.config
    config = LlamaConfig(
        vocab_size=t.vocab_size,
        hidden_size=width,
        intermediate_size=3 * width,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=t.max_position_embeddings,
        rope_parameters=t.rope_parameters,
        tie_word_embeddings=True,
        bos_token_id=t.bos_token_id,
        eos_token_id=t.eos_token_id,
    )
    draft = LlamaForCausalLM(config)
    embedding = teacher.get_input_embeddings().weight.float()
    centred = embedding - embedding.mean(0)
    _, _, directions = torch.pca_lowrank(centred, q=width)
    projected = centred @ directions
    draft.get_input_embeddings().weight.data.copy_(projected * (0.02 / projected.std()))
    return draft


def train_draft(draft, sequences: list[tuple[list[int], list[int]]], epochs: int, batch: int, lr: float) -> None:
    """Next-token loss on the replies only: the draft is asked to guess the model's reply, never the prompt."""
    optimizer = torch.optim.AdamW(draft.parameters(), lr=lr, weight_decay=0.0)
    steps = epochs * -(-len(sequences) // batch)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=lr, total_steps=steps, pct_start=0.1)
    generator = torch.Generator().manual_seed(0)
    draft.train()
    for epoch in range(epochs):
        order = torch.randperm(len(sequences), generator=generator).tolist()
        losses = []
        for start in range(0, len(order), batch):
            group = [sequences[i] for i in order[start : start + batch]]
            width = max(len(p) + len(r) for p, r in group)
            ids = torch.tensor([p + r + [0] * (width - len(p) - len(r)) for p, r in group])
            labels = torch.tensor([[-100] * len(p) + r + [-100] * (width - len(p) - len(r)) for p, r in group])
            loss = draft(input_ids=ids, labels=labels).loss
            loss.backward()
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            losses.append(loss.item())
        print(f"  draft epoch {epoch + 1}/{epochs}: loss {sum(losses) / len(losses):.3f}", flush=True)
    draft.eval()


@torch.no_grad()
def agreement_runs(draft, prompt: list[int], reply: list[int]) -> list[int]:
    """For each position of the reply, how many of the draft's next greedy tokens (up to MAX_DRAFTS) match it."""
    runs = []
    for position in range(len(reply)):
        context = prompt + reply[:position]
        guessed = draft.generate(
            input_ids=torch.tensor([context]), max_new_tokens=MAX_DRAFTS, min_new_tokens=MAX_DRAFTS, do_sample=False
        )[0, len(context) :].tolist()
        truth = reply[position : position + MAX_DRAFTS]
        agreed = 0
        while agreed < len(truth) and guessed[agreed] == truth[agreed]:
            agreed += 1
        runs.append(agreed)
    return runs


def passes_for(runs: list[int], drafts: int) -> int:
    """Replays speculative decoding: a pass at `position` accepts the agreeing drafts and adds one token of its own."""
    position, passes = 0, 0
    while position < len(runs):
        position += min(runs[position], drafts) + 1
        passes += 1
    return passes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", type=Path, help="a Hugging Face folder: the base weights or a twin's merged/")
    parser.add_argument("--persona", type=Path, default=Path("finetune/personas/ada"), help="whose system prompt")
    parser.add_argument("--subjects", type=int, default=len(ADJECTIVES) * len(NOUNS), help="training subjects")
    parser.add_argument("--width", type=int, default=128, help="the draft's hidden size")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--new-tokens", type=int, default=100)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    system = load_config(args.persona).system
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    teacher = AutoModelForCausalLM.from_pretrained(args.model, dtype=torch.bfloat16).eval()
    subjects = [f"{a} {n}" for a, n in itertools.product(ADJECTIVES, NOUNS)][: args.subjects]
    trained_questions = [t.format(s) for s in subjects for t in TEMPLATES]
    held_out_questions = [STORY, *(t.format(s) for s in HELD_OUT_SUBJECTS for t in TEMPLATES[:3])]

    started = time.perf_counter()
    print(f"{len(trained_questions)} training and {len(held_out_questions)} held-out prompts, {args.threads} threads")
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    prompts = chat_prompts(tokenizer, system, trained_questions + held_out_questions)
    replies = greedy_replies(teacher, prompts, args.new_tokens, batch=16, pad=pad)
    pairs = list(zip(prompts, replies, strict=True))
    trained, held_out = pairs[: len(trained_questions)], pairs[len(trained_questions) :]
    print(f"teacher: {sum(len(r) for _, r in pairs)} reply tokens in {time.perf_counter() - started:.0f} s")

    draft = draft_for(teacher, args.width)
    parameters = sum(p.numel() for p in draft.parameters())
    train_draft(draft, trained, args.epochs, batch=16, lr=3e-3)
    runs = [agreement_runs(draft, p, r) for p, r in held_out]

    megabytes = f"{parameters * 4 / 1e6:.0f} MB fp32, {parameters / 1e6:.0f} MB int8"
    print(f"\ndraft: {parameters / 1e6:.1f}M parameters ({megabytes})")
    print(f"trained on {sum(len(r) for _, r in trained)} reply tokens; {time.perf_counter() - started:.0f} s in all")
    print("\n| replies | first draft right | " + " | ".join(f"tokens a pass, k={k}" for k in range(1, 7)) + " |")
    print("|---|---|" + "---|" * MAX_DRAFTS)
    for label, chosen in (("the story", runs[:1]), ("all held-out", runs)):
        flat = [run for reply in chosen for run in reply]
        first = sum(run > 0 for run in flat) / len(flat)
        per_k = [len(flat) / sum(passes_for(r, k) for r in chosen) for k in range(1, MAX_DRAFTS + 1)]
        print(f"| {label} | {first:.0%} | " + " | ".join(f"{v:.2f}" for v in per_k) + " |")


if __name__ == "__main__":
    main()
