"""The eval metrics mean what the report says: ROUGE-L recall, exact match, TOOL accuracy and false TOOL lines."""

from __future__ import annotations

from twin_finetune.eval_conversation import conversation_rows
from twin_finetune.evaluate import rouge_l_recall, summarize

BROWSE = 'Here.\nTOOL {"app":"books","params":{}}'


def row(set_: str, expected: str | None, reply: str, stopped: bool = True, kind: str = "qa") -> dict:
    return {
        "set": set_,
        "kind": kind,
        "line": 1,
        "question": "q",
        "expected": expected,
        "reply": reply,
        "stopped": stopped,
    }


def test_rouge_l_recall():
    assert rouge_l_recall("a cat called Pixel", "A cat called Pixel.") == 1.0
    assert rouge_l_recall("a cat called Pixel", "a dog called Rex") == 0.5
    assert rouge_l_recall("a b c d", "d c b a") == 0.25


def test_summary_counts_exact_stop_and_tool_metrics(config):
    rows = [
        row("train", BROWSE, BROWSE),
        row("train", BROWSE, 'Here.\nTOOL {"app":"projects","params":{}}'),
        row("train", "A cat.", "A cat."),
        row("train", "A dog.", 'A dog.\nTOOL {"app":"books","params":{}}', stopped=False),
        row("offmap", None, 'Here.\nTOOL {"app":"books","params":{}}'),
        row("offmap", None, "A cat."),
    ]
    s = summarize(rows, config, answers={"A cat."})
    assert s["train"]["exact"] == 0.5 and s["train"]["stop_rate"] == 0.75
    assert s["train"]["tool_accuracy"] == 0.5 and s["train"]["tool_accuracy_per_app"] == {
        "books": {"n": 2, "accuracy": 0.5}
    }
    assert s["train"]["false_tool_rate"] == 0.5
    assert s["offmap"]["tool_line_rate"] == 0.5 and s["offmap"]["parrots_baked_answer"] == 0.5


def test_the_conversation_set_asks_every_training_question_in_one_chat(config, examples, micro_tokenizer):
    """Each prompt is the element's: the twin's own earlier replies as history (TOOL lines stripped), never cleared."""
    prompts = []

    def reply(messages):
        prompts.append(messages)
        return f'reply {len(prompts)}\nTOOL {{"app":"books","params":{{}}}}', True

    rows = conversation_rows(config, micro_tokenizer, reply, examples)
    single = [e for e in examples if e.split == "train" and e.kind in ("qa", "contrast")]
    assert sorted(r["question"] for r in rows) == sorted(e.messages[1]["content"] for e in single)
    assert [len(p) for p in prompts] == [2 + 2 * n for n in range(len(prompts))]  # history grows, never cleared
    assert prompts[-1][-2] == {"role": "assistant", "content": f"reply {len(prompts) - 1}"}
    assert all(p[0] == {"role": "system", "content": config.system} for p in prompts)
    summary = summarize(rows, config, answers=set())
    assert summary["conversation"]["n"] == len(single) and summary["conversation"]["stop_rate"] == 1.0
