"""greedy()'s repetition penalty, against logits worked out by hand: it counts the reply's own tokens, never the
prompt's (a twin must be free to say its own name, which its system prompt holds)."""

from __future__ import annotations

import numpy as np
from twin_finetune.generate import greedy

NAME, OTHER = 5, 6


class FixedLogits:
    """A decoder whose next-token logits never change: NAME 4, OTHER 3, the rest 0."""

    def reset(self) -> None:
        pass

    def feed(self, ids: list[int]) -> np.ndarray:
        logits = np.zeros(10, dtype=np.float32)
        logits[[NAME, OTHER]] = [4.0, 3.0]
        return logits


def test_without_a_penalty_the_best_token_repeats():
    assert greedy(FixedLogits(), [NAME], stop_ids=set(), max_new_tokens=3).ids == [NAME, NAME, NAME]


def test_the_penalty_skips_the_prompt_and_divides_what_the_reply_already_said():
    # NAME is in the prompt yet comes first (4 > 3). Then it is 4 / 2 = 2 < 3, so OTHER; then both are divided
    # (2 against 1.5) and NAME comes back.
    ids = greedy(FixedLogits(), [NAME, OTHER], stop_ids=set(), max_new_tokens=3, repetition_penalty=2.0).ids
    assert ids == [NAME, OTHER, NAME]
