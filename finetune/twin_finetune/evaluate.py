"""How well a twin knows its persona, measured on the exported build the browser will run.

Greedy decoding (with the twin's repetition penalty on generated tokens only, as at runtime) over four sets:
- train: every trained assistant turn, each in a fresh chat (a dialogue's turn behind its own dialogue);
- heldout: paraphrases never trained on (the last variant of records with three or more);
- conversation: the training questions asked one after another in one chat (eval_conversation.py);
- offmap: questions the seeds never cover, where there is no right answer, only behaviour to report.
Every reply is also scored by the browser's grounding check (grounding_eval.py): how often the provenance
marker would call it from the notes or improvised.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from transformers import AutoTokenizer

from .config import TwinConfig
from .dataset import Example
from .eval_conversation import conversation_questions, conversation_rows
from .generate import OrtDecoder, greedy
from .grounding_eval import grounding_markdown, grounding_summary
from .manifest import ONNX_FILES, knowledge
from .progress import Progress
from .rouge import rouge_l_recall, words
from .seeds import load_seeds
from .tool_line import find_tool_call, has_tool_line, split_answer


@dataclass(frozen=True)
class Item:
    set: str
    kind: str
    line: int
    messages: list[dict]  # the prompt: system, history, user
    expected: str | None  # None off-map


def items_from(examples: list[Example], offmap: list[str], system: str) -> list[Item]:
    items = []
    for e in examples:
        for i, m in enumerate(e.messages):
            if m["role"] == "assistant" and m.get("train", True):
                prompt = [{"role": x["role"], "content": x["content"]} for x in e.messages[:i]]
                items.append(Item(e.split, e.kind, e.line, prompt, m["content"]))
    system_message = {"role": "system", "content": system}
    items += [Item("offmap", "offmap", 0, [system_message, {"role": "user", "content": q}], None) for q in offmap]
    return items


def _rate(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _tool_metrics(rows: list[dict], config: TwinConfig) -> dict:
    """A browse question is right when the reply's final TOOL line makes exactly the expected call."""
    browse, plain = [], []
    for r in rows:
        expected = find_tool_call(r["expected"], config.tools)
        if expected is None:
            plain.append(has_tool_line(r["reply"]))
        else:
            browse.append((expected.app, find_tool_call(r["reply"], config.tools) == expected))
    per_app = {}
    for app in config.tools:
        hits = [ok for a, ok in browse if a == app]
        if hits:
            per_app[app] = {"n": len(hits), "accuracy": _rate(hits)}
    return {
        "tool_accuracy": _rate([ok for _, ok in browse]),
        "tool_accuracy_per_app": per_app,
        "false_tool_rate": _rate(plain),
    }


def summarize(rows: list[dict], config: TwinConfig, answers: set[str]) -> dict:
    summary = {}
    for name in ("train", "heldout", "conversation", "offmap"):
        rows_in = [r for r in rows if r["set"] == name]
        if not rows_in:
            continue
        s = {"n": len(rows_in), "stop_rate": _rate([r["stopped"] for r in rows_in])}
        if name == "offmap":
            s["tool_line_rate"] = _rate([has_tool_line(r["reply"]) for r in rows_in])
            s["parrots_baked_answer"] = _rate([r["reply"] in answers for r in rows_in])
            s["mean_words"] = round(sum(len(words(r["reply"])) for r in rows_in) / len(rows_in), 1)
        else:
            s["exact"] = _rate([r["reply"] == r["expected"] for r in rows_in])
            recalls = [rouge_l_recall(split_answer(r["expected"])[0], split_answer(r["reply"])[0]) for r in rows_in]
            s["rouge_l_recall"] = round(sum(recalls) / len(recalls), 4)
            s.update(_tool_metrics(rows_in, config))
            contrast = [r["reply"] == r["expected"] for r in rows_in if r["kind"] == "contrast"]
            if contrast:
                s["contrast_exact"] = _rate(contrast)
        summary[name] = s
    return summary


def evaluate(
    config: TwinConfig, build_dir: Path, examples: list[Example], offmap: list[str], dtype: str, threads: int = 1
) -> dict:
    tokenizer = AutoTokenizer.from_pretrained(build_dir)
    decoder = OrtDecoder.for_model_dir(build_dir, ONNX_FILES[dtype], threads)
    stop_ids = {tokenizer.convert_tokens_to_ids(t) for t in ("<|im_end|>", "<|endoftext|>")}

    def reply(messages: list[dict]) -> tuple[str, bool]:
        text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        result = greedy(
            decoder,
            tokenizer(text, add_special_tokens=False)["input_ids"],
            stop_ids=stop_ids,
            max_new_tokens=config.sampling.max_new_tokens,
            repetition_penalty=config.sampling.repetition_penalty,
        )
        return tokenizer.decode(result.ids, skip_special_tokens=False), result.stopped

    items = items_from(examples, offmap, config.system)
    progress = Progress("eval", len(items) + len(conversation_questions(examples, config.train.seed)), unit="reply")
    rows = []
    start = time.perf_counter()
    for item in items:
        text, stopped = reply(item.messages)
        rows.append(
            {
                "set": item.set,
                "kind": item.kind,
                "line": item.line,
                "question": item.messages[-1]["content"],
                "expected": item.expected,
                "reply": text,
                "stopped": stopped,
            }
        )
        progress.advance(item.set)
    rows += conversation_rows(config, tokenizer, reply, examples, lambda: progress.advance("conversation"))
    progress.close()
    answers = {e.messages[-1]["content"] for e in examples}
    return {
        "build": str(build_dir),
        "dtype": dtype,
        "decoding": {
            "greedy": True,
            "repetition_penalty": config.sampling.repetition_penalty,
            "penalty_counts": "generated tokens only",
            "max_new_tokens": config.sampling.max_new_tokens,
        },
        "eval_wall_s": round(time.perf_counter() - start, 1),
        "summary": summarize(rows, config, answers),
        # The notes the browser's provenance marker grounds replies in: the manifest's knowledge, from the seeds.
        "grounding": grounding_summary(rows, knowledge(load_seeds(config.seeds_path, config))),
        "rows": rows,
    }


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def target_checks(report: dict) -> list[tuple[str, bool]]:
    """What a 135M twin must reach to count as its person's twin, in the build the browser runs."""
    s, offmap = report["summary"], report["grounding"]["offmap"]
    return [
        ("train exact recall ≥ 90%", s["train"]["exact"] >= 0.9),
        ("train TOOL accuracy ≥ 90%", (s["train"]["tool_accuracy"] or 0) >= 0.9),
        ("held-out ROUGE-L recall ≥ 0.5", s["heldout"]["rouge_l_recall"] >= 0.5),
        ("conversation exact recall ≥ 85%", s["conversation"]["exact"] >= 0.85),
        ("stop rate 100%", s["train"]["stop_rate"] == 1.0 and s["conversation"]["stop_rate"] == 1.0),
        ("off-map flagged improvised ≥ 90%", (offmap["flagged_improvised"] or 0) >= 0.9),
    ]


def to_markdown(report: dict, title: str, provenance: list[str]) -> str:
    s = report["summary"]
    lines = [
        f"# {title}",
        "",
        *provenance,
        "",
        f"Build `{report['build']}`, ONNX dtype **{report['dtype']}**, greedy decoding, repetition penalty "
        f"{report['decoding']['repetition_penalty']} on generated tokens only, "
        f"max {report['decoding']['max_new_tokens']} new tokens.",
        "",
        "| set | n | exact | ROUGE-L recall | stop rate | TOOL accuracy (browse) | TOOL lines on non-browse |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in ("train", "heldout", "conversation"):
        if name in s:
            r = s[name]
            lines.append(
                f"| {name} | {r['n']} | {_pct(r['exact'])} | {r['rouge_l_recall']:.3f} | {_pct(r['stop_rate'])} | "
                f"{_pct(r['tool_accuracy'])} | {_pct(r['false_tool_rate'])} |"
            )
    if {"train", "heldout", "conversation"} <= set(s) and "grounding" in report:
        lines += [
            "",
            "Targets for a real twin: "
            + "; ".join(f"{name} {'✅' if ok else '❌'}" for name, ok in target_checks(report))
            + ".",
        ]
    if "offmap" in s:
        o = s["offmap"]
        lines += [
            "",
            f"Off-map ({o['n']} questions): stop rate {_pct(o['stop_rate'])}, TOOL lines {_pct(o['tool_line_rate'])}, "
            f"replies that are a baked answer verbatim {_pct(o['parrots_baked_answer'])}, "
            f"mean {o['mean_words']} words.",
        ]
    for name in ("train", "heldout"):
        if name in s and s[name]["tool_accuracy_per_app"]:
            lines += ["", f"TOOL accuracy per app ({name}):", "", "| app | n | accuracy |", "|---|---|---|"]
            lines += [
                f"| {app} | {v['n']} | {_pct(v['accuracy'])} |" for app, v in s[name]["tool_accuracy_per_app"].items()
            ]
    if "grounding" in report:
        lines += grounding_markdown(report["grounding"])
    lines += ["", "## Off-map replies", ""]
    lines += [
        f"- **{r['question']}** → {json.dumps(r['reply'], ensure_ascii=False)}"
        for r in report["rows"]
        if r["set"] == "offmap"
    ]
    for name, heading in (("train", "Training questions"), ("conversation", "Questions in the conversation")):
        misses = [r for r in report["rows"] if r["set"] == name and r["reply"] != r["expected"]]
        lines += ["", f"## {heading} not recalled exactly ({len(misses)})", ""]
        lines += [
            f"- line {r['line']}: **{r['question']}** → {json.dumps(r['reply'], ensure_ascii=False)}"
            for r in misses[:30]
        ]
    held = [r for r in report["rows"] if r["set"] == "heldout"][:15]
    lines += ["", "## Held-out paraphrases (first 15)", ""]
    lines += [f"- **{r['question']}** → {json.dumps(r['reply'], ensure_ascii=False)}" for r in held]
    return "\n".join(lines) + "\n"


def write_report(report: dict, out_dir: Path, title: str, provenance: list[str], name: str = "eval") -> None:
    (out_dir / f"{name}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    (out_dir / f"{name}.md").write_text(to_markdown(report, title, provenance))
