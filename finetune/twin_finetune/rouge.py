"""How much of a baked answer came back in a reply, word for word (used by the eval and the grounding eval)."""

from __future__ import annotations

import re


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def rouge_l_recall(reference: str, candidate: str) -> float:
    """Longest common word subsequence over the reference's length: how much of the baked answer came back."""
    ref, cand = words(reference), words(candidate)
    if not ref:
        return 1.0
    previous = [0] * (len(cand) + 1)
    for r in ref:
        current = [0]
        for j, c in enumerate(cand):
            current.append(previous[j] + 1 if r == c else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1] / len(ref)
