"""How well the provenance marker tells notes from improvisation, on a twin's eval replies.

Definitions (the README quotes them):
- baked: a training question whose expected answer is one of the manifest's notes. (A dialogue turn whose
  answer is in no note is left out and counted: the marker cannot know an answer the browser was never given.)
- off-map declined: off-map replies in which the twin says it doesn't know (src/honesty/decline.ts): the right
  answer to a question its notes do not cover, marked neither grounded nor improvised.
- off-map flagged improvised (recall): of the off-map replies that do not decline, those whose grounding is below
  the threshold.
- honest declines marked declined: faithful replies to baked questions whose note is its person's decline answer.
- baked falsely flagged, strict: baked replies flagged improvised, whatever they say.
- baked falsely flagged, faithful: the same among faithful replies only, those that give back their note
  (ROUGE-L recall of the expected answer >= 0.8). A weak twin that improvises on a baked question is flagged
  correctly, so the "<= 5% falsely flagged" target is judged on this rate; the strict rate is reported beside it.
- grounded precision: of baked replies flagged grounded, the share whose matched note is the question's own.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from .grounding import DEFAULT_GROUNDING_THRESHOLD, Grounding, Index, build_index, declines, ground_reply, sentences
from .rouge import rouge_l_recall
from .tool_line import split_answer, strip_tool_lines

FAITHFUL_RECALL = 0.8


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


@dataclass(frozen=True)
class _Scored:
    row: dict
    grounding: Grounding
    faithful: bool  # the reply gives its expected answer back
    own: bool  # the matched note is the one holding the expected answer
    ms: float


def _score(row: dict, index: Index, threshold: float) -> _Scored:
    start = time.perf_counter()
    result = ground_reply(row["reply"], index, threshold, row["question"])
    ms = (time.perf_counter() - start) * 1000
    expected = row["expected"]
    faithful = (
        expected is not None
        and rouge_l_recall(split_answer(expected)[0], split_answer(row["reply"])[0]) >= FAITHFUL_RECALL
    )
    own = result.source is not None and expected is not None and result.source.a == strip_tool_lines(expected).strip()
    return _Scored(row, result, faithful, own, ms)


def grounding_summary(rows: list[dict], knowledge: list[dict], threshold: float = DEFAULT_GROUNDING_THRESHOLD) -> dict:
    index = build_index(knowledge)
    notes = {entry["a"] for entry in knowledge}
    scored = [_score(row, index, threshold) for row in rows]
    train = [s for s in scored if s.row["set"] == "train"]
    baked = [s for s in train if s.row["expected"] in notes]
    heldout = [s for s in scored if s.row["set"] == "heldout"]
    offmap = [s for s in scored if s.row["set"] == "offmap"]
    grounded = [s for s in baked if s.grounding.grounded]
    answering = [s for s in offmap if not s.grounding.declined]
    honest_declines = [s for s in baked if s.faithful and declines((sentences(s.row["expected"]) or [""])[0])]
    milliseconds = [s.ms for s in scored]
    return {
        "threshold": threshold,
        "faithful": f"ROUGE-L recall of the expected answer >= {FAITHFUL_RECALL}",
        "offmap": {
            "n": len(offmap),
            "declined": _share([s.grounding.declined for s in offmap]),
            "flagged_improvised": _share([not s.grounding.grounded for s in answering]),
        },
        "honest_declines": {
            "n": len(honest_declines),
            "marked_declined": _share([s.grounding.declined for s in honest_declines]),
        },
        "baked": {
            "n": len(baked),
            "left_out_not_in_notes": len(train) - len(baked),
            "falsely_flagged_strict": _share([_improvised(s.grounding) for s in baked]),
            "faithful_n": sum(s.faithful for s in baked),
            "falsely_flagged_faithful": _share([_improvised(s.grounding) for s in baked if s.faithful]),
            "grounded_n": len(grounded),
            "grounded_precision": _share([s.own for s in grounded]),
        },
        "heldout": {
            "n": len(heldout),
            "faithful_n": sum(s.faithful for s in heldout),
            "faithful_flagged_improvised": _share([_improvised(s.grounding) for s in heldout if s.faithful]),
        },
        "python_ms": {"median": round(statistics.median(milliseconds), 2), "max": round(max(milliseconds), 2)}
        if milliseconds
        else None,
    }


def _improvised(grounding: Grounding) -> bool:
    return not grounding.grounded and not grounding.declined


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def grounding_markdown(g: dict) -> list[str]:
    """The report's grounding section."""
    b, o, h, d = g["baked"], g["offmap"], g["heldout"], g["honest_declines"]
    return [
        "",
        f"## Grounding (provenance marker, threshold {g['threshold']})",
        "",
        "| off-map declined | off-map flagged improvised (of those not declining) | honest declines marked declined "
        "| baked falsely flagged (strict) | baked falsely flagged (faithful only) | grounded precision "
        "| held-out faithful flagged |",
        "|---|---|---|---|---|---|---|",
        f"| {_pct(o['declined'])} of {o['n']} | {_pct(o['flagged_improvised'])} | "
        f"{_pct(d['marked_declined'])} of {d['n']} | {_pct(b['falsely_flagged_strict'])} of {b['n']} | "
        f"{_pct(b['falsely_flagged_faithful'])} of {b['faithful_n']} | {_pct(b['grounded_precision'])} | "
        f"{_pct(h['faithful_flagged_improvised'])} of {h['faithful_n']} |",
        "",
        f"Faithful: {g['faithful']}. Baked = training questions whose answer is a note "
        f"({b['left_out_not_in_notes']} dialogue turns "
        'with no note left out). The "≤ 5% falsely flagged" target is judged on the faithful-only rate.',
    ]
