"""The Python grounding is the browser's, number for number: both check test/fixtures/grounding-cases.json,
written by the TypeScript implementation (node test/fixtures/grounding-cases.mjs)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from twin_finetune.grounding import DEFAULT_GROUNDING_THRESHOLD, build_index, ground_reply
from twin_finetune.grounding_eval import grounding_markdown, grounding_summary
from twin_finetune.text_similarity import term_similarity, terms, words

CASES = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "grounding-cases.json").read_text(encoding="utf-8")
)
INDEXES = {name: build_index(knowledge) for name, knowledge in CASES["knowledge"].items()}


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda c: c["name"][:60])
def test_matches_the_typescript_grounding(case):
    threshold = DEFAULT_GROUNDING_THRESHOLD if case["threshold"] is None else case["threshold"]
    result = ground_reply(case["reply"], INDEXES[case["knowledge"]], threshold, case["question"])
    expected = case["expected"]
    assert result.score == pytest.approx(expected["score"], abs=1e-9)
    assert result.grounded == expected["grounded"]
    assert (asdict(result.source) if result.source else None) == expected["source"]
    assert result.declined == expected["declined"]


def test_wrong_answers_made_of_the_notes_own_words_are_improvised_and_right_ones_grounded():
    def verdicts(prefix: str) -> list[bool]:
        return [
            ground_reply(c["reply"], INDEXES[c["knowledge"]], question=c["question"]).grounded
            for c in CASES["cases"]
            if c["name"].startswith(prefix)
        ]

    assert verdicts("unseen persona, wrong:") == [False] * 13
    assert verdicts("echo of the question and the note's questions") == [False]
    assert verdicts("unseen persona, right:") == [True] * 6


def test_the_case_file_covers_both_verdicts_and_the_edge_cases():
    names = " ".join(c["name"] for c in CASES["cases"])
    for needed in ("empty reply", "TOOL line", "typos", "accents", "paraphrase", "off-topic question"):
        assert needed in names
    verdicts = {(c["expected"]["grounded"], c["expected"]["declined"]) for c in CASES["cases"]}
    assert verdicts == {(True, False), (False, False), (False, True)}


def test_text_port_matches_the_browser_on_known_inputs():
    # The same expectations as test/unit/text-similarity.test.ts.
    assert words("Café-crème? What's 2x!") == ["cafe", "creme", "what", "s", "2x"]
    assert terms("What are you reading?") == terms("what do you read")
    assert terms("are you?") == ["are", "you"]
    assert terms("speaking") == terms("talks") and terms("emial") == terms("email") and terms("most") != terms("post")
    assert term_similarity("adress", "address") > 0 and term_similarity("car", "cat") == 0


def test_grounding_summary_counts_what_the_report_says():
    small = CASES["knowledge"]["small"]
    porto, cat = small[0], small[3]

    def row(set_: str, question: str, expected: str | None, reply: str) -> dict:
        return {"set": set_, "question": question, "expected": expected, "reply": reply}

    rows = [
        row("train", "Where do you live?", porto["a"], porto["a"]),  # faithful, grounded in its own note
        row("train", "Any pets?", cat["a"], "I have two goldfish called Bert and Ernie."),  # improvised: strict only
        # Grounded, but in another note than the question's own (the expected answer is Porto's): not precise.
        row("train", "Do you have a cat?", porto["a"], cat["a"]),
        row("train", "And then?", "A reply no note holds.", "Something."),  # dialogue turn with no note: left out
        row("offmap", "Do you play chess?", None, porto["a"]),  # a recited note, off-topic: improvised
        row("offmap", "What's your star sign?", None, "Leo, and proud of it."),
        row("offmap", "Do you ski?", None, "I don't know that one, and I'd rather not guess."),  # declined
    ]
    summary = grounding_summary(rows, small)
    assert summary["offmap"] == {"n": 3, "declined": round(1 / 3, 4), "flagged_improvised": 1.0}
    baked = summary["baked"]
    assert baked["n"] == 3 and baked["left_out_not_in_notes"] == 1
    assert baked["falsely_flagged_strict"] == round(1 / 3, 4)
    assert baked["faithful_n"] == 1 and baked["falsely_flagged_faithful"] == 0.0
    assert baked["grounded_precision"] == 0.5


def test_the_report_section_quotes_the_figures_and_the_definition():
    small = CASES["knowledge"]["small"]
    rows = [
        {"set": "offmap", "question": "Do you play chess?", "expected": None, "reply": small[0]["a"]},
        {"set": "train", "question": small[0]["q"][0], "expected": small[0]["a"], "reply": small[0]["a"]},
    ]
    text = "\n".join(grounding_markdown(grounding_summary(rows, small)))
    assert "| 0.0% of 1 | 100.0% | n/a of 0 | 0.0% of 1 | 0.0% of 1 | 100.0% |" in text
    assert "ROUGE-L recall of the expected answer >= 0.8" in text and "faithful-only rate" in text


def test_the_default_threshold_is_the_browsers():
    source = (Path(__file__).resolve().parents[2] / "src" / "honesty" / "grounding.ts").read_text(encoding="utf-8")
    assert f"export const DEFAULT_GROUNDING_THRESHOLD = {DEFAULT_GROUNDING_THRESHOLD};" in source
