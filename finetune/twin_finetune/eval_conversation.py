"""The `conversation` eval set: the training questions asked one after another in one chat, as a curious visitor
would, never cleared. Each prompt is the element's: the system prompt, the history of the visit so far (the twin's
own replies, TOOL lines stripped, capped by the element's limits) and the question, fitted to the context window
as the worker fits it (history.py). A twin that recites its notes only in a fresh chat fails here.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from transformers import PreTrainedTokenizerBase

from .config import TwinConfig
from .dataset import Example
from .history import Message, cap_history, fit_to_context, remembered

# (prompt messages) -> (reply, whether it stopped)
Reply = Callable[[list[Message]], tuple[str, bool]]


def conversation_questions(examples: list[Example], seed: int) -> list[Example]:
    """Every single-turn training example, in one seeded order: the questions of a visit that asks them all."""
    questions = [e for e in examples if e.split == "train" and e.kind in ("qa", "contrast")]
    random.Random(seed).shuffle(questions)
    return questions


def token_counter(tokenizer: PreTrainedTokenizerBase) -> tuple[Callable[[Message], int], int]:
    """Tokens of one rendered message, and of the generation prompt after the last one (as the worker counts)."""

    def count(message: Message) -> int:
        text = f"<|im_start|>{message['role']}\n{message['content']}<|im_end|>\n"
        return len(tokenizer(text, add_special_tokens=False)["input_ids"])

    return count, len(tokenizer("<|im_start|>assistant\n", add_special_tokens=False)["input_ids"])


def conversation_rows(
    config: TwinConfig,
    tokenizer: PreTrainedTokenizerBase,
    reply: Reply,
    examples: list[Example],
    on_reply: Callable[[], None] = lambda: None,
) -> list[dict]:
    count, tail = token_counter(tokenizer)
    system: Message = {"role": "system", "content": config.system}
    history: list[Message] = []
    rows = []
    for turn, example in enumerate(conversation_questions(examples, config.train.seed), start=1):
        question: Message = {"role": "user", "content": example.messages[1]["content"]}
        prompt = fit_to_context(
            [system, *history, question], count, tail, config.context_window, config.sampling.max_new_tokens
        )
        text, stopped = reply(prompt)
        rows.append(
            {
                "set": "conversation",
                "kind": example.kind,
                "line": example.line,
                "turn": turn,
                "history_messages": len(prompt) - 2,
                "question": question["content"],
                "expected": example.messages[2]["content"],
                "reply": text,
                "stopped": stopped,
            }
        )
        history = cap_history([*history, question, remembered({"role": "assistant", "content": text})])
        on_reply()
    return rows
