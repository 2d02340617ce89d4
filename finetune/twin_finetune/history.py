"""The conversation history exactly as the element keeps it, so training and eval see the prompts a visit makes.

A port of the element's `ConversationHistory` (src/conversation/history.ts), `DEFAULT_HISTORY_LIMITS`
(src/conversation/limits.ts) and `fitToContext` (src/generation/context-fit.ts); test/finetune/test_history.py
reads the TypeScript limits and checks these against them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .tool_line import strip_tool_lines

Message = dict[str, str]


@dataclass(frozen=True)
class HistoryLimits:
    max_messages: int  # a question and its answer are two
    max_chars: int  # over all kept messages' content


# The element's `max-history` and `max-history-chars` defaults.
DEFAULT_LIMITS = HistoryLimits(max_messages=20, max_chars=6000)


def remembered(message: Message) -> Message:
    """What the element keeps of a message: an answer without its TOOL lines, so the prompt never replays a call."""
    content = strip_tool_lines(message["content"]) if message["role"] == "assistant" else message["content"]
    return {"role": message["role"], "content": content}


def cap_history(messages: list[Message], limits: HistoryLimits = DEFAULT_LIMITS) -> list[Message]:
    """Drops the oldest messages until both caps hold; a question goes together with the answer after it."""
    kept = list(messages)
    chars = sum(len(m["content"]) for m in kept)
    while kept and (len(kept) > limits.max_messages or chars > limits.max_chars):
        pair = kept[0]["role"] == "user" and len(kept) > 1 and kept[1]["role"] == "assistant"
        for dropped in kept[: 2 if pair else 1]:
            chars -= len(dropped["content"])
        kept = kept[2 if pair else 1 :]
    return kept


def fit_to_context(
    messages: list[Message], count: Callable[[Message], int], tail: int, context_window: int, max_new_tokens: int
) -> list[Message]:
    """[system, *history, question] minus the oldest exchanges, until prompt + reply fit the context window.

    `count` gives one message's tokens as rendered (each message is wrapped in special tokens, so they add up) and
    `tail` the generation prompt's. Raises ValueError when the system prompt and the question alone do not fit.
    """
    budget = context_window - max_new_tokens
    system, *history, question = messages
    tokens = count(system) + count(question) + tail
    if tokens > budget:
        raise ValueError(f"the prompt is {tokens} tokens with no history; the model reads at most {budget}")
    first = len(history)
    while first > 0:
        exchange = first >= 2 and history[first - 2]["role"] == "user" and history[first - 1]["role"] == "assistant"
        start = first - 2 if exchange else first - 1
        cost = sum(count(m) for m in history[start:first])
        if tokens + cost > budget:
            break
        tokens += cost
        first = start
    return [system, *history[first:], question]
