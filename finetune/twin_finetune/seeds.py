"""Read and validate a persona's seeds (format: finetune/README.md, "Seed format").

Every problem is reported as `file:line: message`, all of them at once, so a persona writer can fix a whole file in
one pass. A seed that would teach the twin something the browser rejects (an unknown app, a malformed TOOL line,
an unknown param) or nothing at all (an empty answer) is an error, never a warning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .config import TwinConfig
from .tool_line import LOOKS_LIKE_TOOL_LINE, is_tool_line, parse_tool_line, split_answer


@dataclass(frozen=True)
class QARecord:
    """A single-turn record: question variants, answer variants; variant i is answered by a[i % len(a)]."""

    line: int
    q: list[str]
    a: list[str]
    contrast: bool

    def is_held_out(self, index: int) -> bool:
        """With three or more variants, the last one is a held-out paraphrase, never trained on."""
        return len(self.q) >= 3 and index == len(self.q) - 1

    def pairs(self) -> list[tuple[str, str]]:
        """Every (question, answer) pair, held-out variant included."""
        return [(q, self.a[i % len(self.a)]) for i, q in enumerate(self.q)]


@dataclass(frozen=True)
class DialogueRecord:
    """A multi-turn record: [user, assistant] pairs; every assistant turn is trained."""

    line: int
    turns: list[tuple[str, str]]


Record = QARecord | DialogueRecord


class SeedError(ValueError):
    """Raised with every `file:line: message` problem found, one per line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _strings(value: object) -> bool:
    return isinstance(value, list) and len(value) > 0 and all(isinstance(v, str) for v in value)


def _check_answer(answer: str, config: TwinConfig) -> str | None:
    """The problem with one answer, or None."""
    text, tool = split_answer(answer)
    if not text.strip():
        return "empty answer (an answer needs text, even when it ends with a TOOL line)"
    if any(is_tool_line(line) for line in text.split("\n")):
        return "a TOOL line must be the answer's last line"
    if any(LOOKS_LIKE_TOOL_LINE.match(line) for line in text.split("\n")):
        return 'a TOOL line starts with "TOOL" in capitals; the browser would show this line as text'
    if tool is not None:
        try:
            parse_tool_line(tool, config.tools)
        except ValueError as e:
            return str(e)
    return None


def _parse_record(raw: object, line: int, config: TwinConfig) -> tuple[Record | None, list[str]]:
    if not isinstance(raw, dict):
        return None, ["a record must be a JSON object"]
    if "turns" in raw:
        turns = raw["turns"]
        if set(raw) != {"turns"}:
            return None, [f"unexpected keys {sorted(set(raw) - {'turns'})} in a multi-turn record"]
        if (
            not isinstance(turns, list)
            or not turns
            or not all(isinstance(t, list) and len(t) == 2 and all(isinstance(s, str) for s in t) for t in turns)
        ):
            return None, ['"turns" must be a non-empty list of ["user says", "assistant says"] pairs']
        problems = [f"turn {i + 1}: empty question" for i, (u, _) in enumerate(turns) if not u.strip()]
        problems += [f"turn {i + 1}: {p}" for i, (_, a) in enumerate(turns) if (p := _check_answer(a, config))]
        return DialogueRecord(line, [(u, a) for u, a in turns]), problems
    if set(raw) - {"q", "a", "kind"} or not {"q", "a"} <= set(raw):
        return None, ['a record is {"q": [...], "a": [...]} (optionally "kind": "contrast") or {"turns": [...]}']
    if not _strings(raw["q"]) or not _strings(raw["a"]):
        return None, ['"q" and "a" must be non-empty lists of strings']
    if raw.get("kind", "contrast") != "contrast":
        return None, [f'unknown kind {raw["kind"]!r} (only "contrast")']
    problems = [f"q[{i}]: empty question" for i, q in enumerate(raw["q"]) if not q.strip()]
    problems += [f"a[{i}]: {p}" for i, a in enumerate(raw["a"]) if (p := _check_answer(a, config))]
    return QARecord(line, list(raw["q"]), list(raw["a"]), raw.get("kind") == "contrast"), problems


def _jsonl(path: Path) -> list[tuple[int, object | None, str | None]]:
    """(line number, parsed value or None, JSON error or None) for every non-blank line."""
    rows = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            rows.append((number, json.loads(text), None))
        except json.JSONDecodeError as e:
            rows.append((number, None, f"invalid JSON ({e.msg})"))
    return rows


def load_seeds(path: Path, config: TwinConfig) -> list[Record]:
    records: list[Record] = []
    problems: list[str] = []
    answer_of: dict[str, tuple[int, str]] = {}
    for number, raw, error in _jsonl(path):
        if error:
            problems.append(f"{path}:{number}: {error}")
            continue
        record, found = _parse_record(raw, number, config)
        problems += [f"{path}:{number}: {p}" for p in found]
        if record is None:
            continue
        # One question taught two different answers makes exact recall impossible. (A dialogue may open with a
        # known question, as long as it gets the same answer; its later turns have context, so they may repeat.)
        pairs = record.pairs() if isinstance(record, QARecord) else record.turns[:1]
        for q, a in pairs:
            key = " ".join(q.lower().split())
            seen_line, seen_answer = answer_of.setdefault(key, (number, a))
            if seen_answer != a:
                problems.append(f"{path}:{number}: question {q!r} has a different answer on line {seen_line}")
        records.append(record)
    if not records and not problems:
        problems.append(f"{path}: no records")
    if problems:
        raise SeedError(problems)
    return records


def load_offmap(path: Path) -> list[str]:
    """Off-map questions: `{"q": "question"}` per line."""
    if not path.exists():
        raise SeedError(
            [f'{path}: missing (questions the seeds never cover, for the off-map eval: {{"q": "..."}} per line)']
        )
    questions, problems = [], []
    for number, raw, error in _jsonl(path):
        if error:
            problems.append(f"{path}:{number}: {error}")
        elif not isinstance(raw, dict) or set(raw) != {"q"} or not isinstance(raw["q"], str) or not raw["q"].strip():
            problems.append(f'{path}:{number}: an off-map record is {{"q": "question"}}')
        else:
            questions.append(raw["q"])
    if problems:
        raise SeedError(problems)
    return questions
