"""Prints the provenance marker's figures for every twin under models/ that has an eval report.

Each eval*.json already holds the twin's greedy replies (twin-finetune eval), so nothing is regenerated: the
replies are scored with the twin's own manifest knowledge, as the browser would score them, and the TypeScript
grounding is timed on the same replies in Node (bench/grounding-speed.mjs).
Run from the repository root: .venv/bin/python bench/honesty-eval.py [--threshold 0.5]
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

from twin_finetune.grounding import DEFAULT_GROUNDING_THRESHOLD
from twin_finetune.grounding_eval import grounding_summary

MODELS = Path("models")


def pct(value: float | None, n: int) -> str:
    return f"n/a (n={n})" if value is None else f"{100 * value:.1f}% (n={n})"


def browser_timings(manifest: Path, reports: list[Path]) -> dict[str, dict]:
    out = subprocess.run(
        ["node", "bench/grounding-speed.mjs", str(manifest), *map(str, reports)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {line["eval"]: line for line in map(json.loads, out.splitlines())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threshold", type=float, default=DEFAULT_GROUNDING_THRESHOLD)
    threshold = parser.parse_args().threshold
    print(
        f"Threshold {threshold}. Faithful = ROUGE-L recall of the expected answer >= 0.8. "
        "Timings: TypeScript groundReply in Node, one pass over the replies after the index build.\n"
    )
    print(
        "| twin | eval | persona | off-map declined | off-map flagged improvised (not declining) "
        "| honest declines marked declined | baked falsely flagged (strict) "
        "| baked falsely flagged (faithful only) | grounded precision | held-out faithful flagged "
        "| median / max ms per reply | index build ms |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for manifest in sorted(MODELS.glob("*/twin.json")):
        reports = sorted(manifest.parent.glob("eval*.json"))
        if not reports:
            continue
        twin = json.loads(manifest.read_text(encoding="utf-8"))
        timings = browser_timings(manifest, reports)
        for report in reports:
            g = grounding_summary(json.loads(report.read_text(encoding="utf-8"))["rows"], twin["knowledge"], threshold)
            o, b, h, d, t = g["offmap"], g["baked"], g["heldout"], g["honest_declines"], timings[str(report)]
            declining = round((o["declined"] or 0) * o["n"])
            print(
                f"| {twin['id']} | {report.stem} | {twin['person']} | {pct(o['declined'], o['n'])} | "
                f"{pct(o['flagged_improvised'], o['n'] - declining)} | {pct(d['marked_declined'], d['n'])} | "
                f"{pct(b['falsely_flagged_strict'], b['n'])} | {pct(b['falsely_flagged_faithful'], b['faithful_n'])} | "
                f"{pct(b['grounded_precision'], b['grounded_n'])} | "
                f"{pct(h['faithful_flagged_improvised'], h['faithful_n'])} | "
                f"{t['median_ms']} / {t['max_ms']} (first {t['first_ms']}) | {t['index_ms']} |"
            )


if __name__ == "__main__":
    main()
