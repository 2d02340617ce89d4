"""Training conversations shaped like the prompts a visit sends, so a twin keeps its notes deep into a chat.

Asked one question after another, the element sends the system prompt, the capped history of the visit and the
new question (history.py). A twin trained only on fresh chats forgets its notes once a few exchanges sit in front
of the question. So each epoch the training examples are shuffled into one long visit, and the visit is cut into
segments, one training sequence each:

    system, [history: the visit's latest exchanges, as the element keeps them, not trained], turn, turn, …

Every turn of a segment is trained, so each example is still trained exactly once an epoch. A segment ends after
an answer with a TOOL line: the turns after it must see that answer without its TOOL line, as the element replays
it, and one causal sequence cannot show both. The history in front of a segment is a random number of the visit's
latest exchanges, from none (a fresh chat) to all that the element's caps allow, so every history length a visit
can send is trained.
"""

from __future__ import annotations

import random

from .dataset import Example
from .history import DEFAULT_LIMITS, HistoryLimits, Message, cap_history, remembered
from .tool_line import split_answer


def _trained(message: Message) -> bool:
    return message["role"] == "assistant" and message.get("train", True) is not False


def answers_in(conversation: list[Message]) -> int:
    return sum(_trained(m) for m in conversation)


def _ends_with_call(turns: list[Message]) -> bool:
    return split_answer(turns[-1]["content"])[1] is not None


def _history_size(segment: list[Message]) -> tuple[int, int]:
    """Messages and characters the element would hold as history when the segment's last question is asked."""
    last_question = max(i for i, m in enumerate(segment) if m["role"] == "user")
    held = [remembered(m) for m in segment[:last_question]]
    return len(held), sum(len(m["content"]) for m in held)


def _fits(segment: list[Message], limits: HistoryLimits) -> bool:
    messages, chars = _history_size(segment)
    return messages <= limits.max_messages and chars <= limits.max_chars


def _with_history(
    segment: list[Message], visit: list[Message], system: str, rng: random.Random, limits: HistoryLimits
) -> list[Message]:
    """The segment behind a random number of the visit's latest exchanges: what still fits the caps in front of it."""
    messages, chars = _history_size(segment)
    room = HistoryLimits(limits.max_messages - messages, limits.max_chars - chars)
    available = cap_history(visit, room)
    exchanges = rng.randint(0, len(available) // 2)
    history = [{**m, "train": False} for m in available[len(available) - 2 * exchanges :]]
    return [{"role": "system", "content": system}, *history, *segment]


def epoch_conversations(
    examples: list[Example], system: str, rng: random.Random, limits: HistoryLimits = DEFAULT_LIMITS
) -> list[list[Message]]:
    """One epoch's training sequences: every example's turns once, inside a shuffled visit."""
    units = [e.messages[1:] for e in examples]  # each example's turns, without its system message
    rng.shuffle(units)
    visit: list[Message] = []  # the whole visit so far, as the element remembers it
    conversations: list[list[Message]] = []
    segment: list[Message] = []

    def close_segment() -> None:
        nonlocal segment
        if segment:
            conversations.append(_with_history(segment, visit, system, rng, limits))
            visit.extend(remembered(m) for m in segment)
            segment = []

    for turns in units:
        if segment and not _fits(segment + turns, limits):
            close_segment()
        segment = segment + turns
        if _ends_with_call(turns):
            close_segment()
    close_segment()
    return conversations


def group_steps(conversations: list[list[Message]], answers_per_step: int) -> list[list[list[Message]]]:
    """Consecutive conversations per optimizer step, until a step trains at least `answers_per_step` answers."""
    steps: list[list[list[Message]]] = []
    step: list[list[Message]] = []
    for conversation in conversations:
        step.append(conversation)
        if sum(answers_in(c) for c in step) >= answers_per_step:
            steps.append(step)
            step = []
    if step:
        steps.append(step)
    return steps


def training_plan(
    examples: list[Example], system: str, epochs: int, answers_per_step: int, seed: int
) -> list[list[list[list[Message]]]]:
    """plan[epoch][step] = the conversations of one optimizer step; fixed by the seed before training starts."""
    rng = random.Random(seed)
    return [group_steps(epoch_conversations(examples, system, rng), answers_per_step) for _ in range(epochs)]
