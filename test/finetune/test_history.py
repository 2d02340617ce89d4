"""The Python history is the element's: the same default caps (read from src/conversation/limits.ts), the same
trimming (a question goes with its answer), TOOL lines stripped, and the same fit to the context window."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from twin_finetune.history import DEFAULT_LIMITS, HistoryLimits, cap_history, fit_to_context, remembered

LIMITS_TS = (Path(__file__).resolve().parents[2] / "src" / "conversation" / "limits.ts").read_text()


def exchange(n: int, size: int = 10) -> list[dict]:
    return [{"role": "user", "content": f"q{n}".ljust(size)}, {"role": "assistant", "content": f"a{n}".ljust(size)}]


def test_default_caps_are_the_elements():
    caps = re.search(r"DEFAULT_HISTORY_LIMITS = \{ maxMessages: (\d+), maxChars: (\d+) \}", LIMITS_TS)
    assert caps and HistoryLimits(int(caps[1]), int(caps[2])) == DEFAULT_LIMITS


def test_oldest_exchanges_go_first_and_whole():
    history = [m for n in range(6) for m in exchange(n)]
    assert cap_history(history, HistoryLimits(max_messages=4, max_chars=10_000)) == history[-4:]
    assert cap_history(history, HistoryLimits(max_messages=100, max_chars=35)) == history[-2:]
    assert cap_history(history[1:], HistoryLimits(max_messages=4, max_chars=10_000)) == history[-4:]


def test_answers_are_remembered_without_tool_lines():
    answer = {"role": "assistant", "content": 'Here.\nTOOL {"app":"books"}'}
    assert remembered(answer) == {"role": "assistant", "content": "Here."}
    assert remembered({"role": "user", "content": "TOOL x"}) == {"role": "user", "content": "TOOL x"}


def test_fit_drops_oldest_exchanges_until_the_reply_fits():
    system, question = {"role": "system", "content": "s"}, {"role": "user", "content": "q"}
    history = [m for n in range(5) for m in exchange(n)]
    count = lambda m: 10  # noqa: E731 - every message ten tokens
    fitted = fit_to_context([system, *history, question], count, 3, context_window=100, max_new_tokens=40)
    assert fitted == [system, *history[-2:], question]  # 10 + 10 + 3 + 2 * 10 = 43 <= 60 < 63
    with pytest.raises(ValueError, match="no history"):
        fit_to_context([system, question], count, 3, context_window=60, max_new_tokens=40)
