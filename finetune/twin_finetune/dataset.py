"""Seeds → chat-format examples: system, user and assistant messages, ready for the chat template.

The split is a rule, not a random draw, so it is the same on every machine: in a single-turn record with three or
more question variants, the last variant is a held-out paraphrase (eval only); everything else is trained.

A multi-turn record is rendered the way the browser will show it its own history: earlier replies without their
TOOL lines. A reply that ends with a TOOL line is trained with it, then appears in later turns'
history stripped and marked `"train": false`, so each assistant turn is trained exactly once, in exactly the
context it will meet at runtime.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .config import TwinConfig
from .seeds import DialogueRecord, Record
from .tool_line import split_answer

Message = dict[str, str]


@dataclass(frozen=True)
class Example:
    messages: list[Message]
    split: str  # "train" or "heldout"
    kind: str  # "qa", "contrast" or "dialogue"
    line: int  # the seed's line, so any example can be traced back to what a person wrote


def expand(records: list[Record], config: TwinConfig) -> list[Example]:
    system: Message = {"role": "system", "content": config.system}
    examples = []
    for record in records:
        if isinstance(record, DialogueRecord):
            examples += [Example(m, "train", "dialogue", record.line) for m in _dialogue(system, record)]
            continue
        for index, (q, a) in enumerate(record.pairs()):
            split = "heldout" if record.is_held_out(index) else "train"
            messages = [system, {"role": "user", "content": q}, {"role": "assistant", "content": a}]
            examples.append(Example(messages, split, "contrast" if record.contrast else "qa", record.line))
    return examples


def _dialogue(system: Message, record: DialogueRecord) -> list[list[Message]]:
    """One conversation per run of turns whose history the browser renders unchanged."""
    conversations, messages = [], [system]
    for number, (user, assistant) in enumerate(record.turns, start=1):
        messages = messages + [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]
        text, tool = split_answer(assistant)
        if tool is not None or number == len(record.turns):
            conversations.append(messages)
            history = {"role": "assistant", "content": text, "train": False}
            messages = [{**m, "train": False} if m["role"] == "assistant" else m for m in messages[:-1]] + [history]
    return conversations


def write_dataset(examples: list[Example], out_dir: Path) -> dict[str, int]:
    """Write train.jsonl and heldout.jsonl (one example per line); returns the count per split."""
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for split in ("train", "heldout"):
        rows = [asdict(e) for e in examples if e.split == split]
        with (out_dir / f"{split}.jsonl").open("w", encoding="utf-8") as f:
            f.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        counts[split] = len(rows)
    return counts


def read_dataset(path: Path) -> list[Example]:
    return [Example(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
