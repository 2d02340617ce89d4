"""The end-to-end chains: `micro` (the committed from-scratch twin) and `build` (a LoRA twin from a real base).

Each is the individual steps in order; nothing here that a step does not also do on its own.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import sys
import time
from pathlib import Path

import torch

from .config import TwinConfig
from .dataset import Example, expand, write_dataset
from .evaluate import evaluate, items_from, write_report
from .export_onnx import export_build
from .manifest import build_manifest, write_manifest
from .parity import check_parity
from .persona import check_persona
from .seeds import load_offmap, load_seeds
from .train import write_report as write_train_report


def hardware() -> str:
    if torch.cuda.is_available():
        device = torch.cuda.get_device_name(0)
    else:
        cpuinfo = Path("/proc/cpuinfo")
        names = re.findall(r"model name\s*: (.*)", cpuinfo.read_text()) if cpuinfo.exists() else []
        device = f"{os.cpu_count()}-core CPU ({names[0] if names else platform.machine()})"
    return f"{device}, torch {torch.__version__}, {torch.get_num_threads()} torch thread(s)"


def command_line() -> str:
    return " ".join(["twin-finetune", *map(shlex.quote, sys.argv[1:])])


def train_provenance(report_path: Path, out_dir: Path) -> list[str]:
    """One report line saying how the weights were trained, from the train step's own record, which is copied beside
    the eval (`train-report.json`) so the two are kept together."""
    if not report_path.exists():
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(report_path, out_dir / "train-report.json")
    t = json.loads(report_path.read_text())
    losses = [f"{x:.3f}" for x in t["epoch_losses"]]
    if len(losses) > 10:
        losses = [*losses[:5], "…", *losses[-3:]]
    recipe = f" (recipe: {t['recipe_epochs']})" if t.get("recipe_epochs", t["epochs"]) != t["epochs"] else ""
    compiled = ", compiled layers" if t.get("compiled") else ""
    return [
        f"Training: {t['epochs']} epochs{recipe}, {t['steps']} steps, "
        f"{t['wall_s'] / 60:.1f} min at {t['tokens_per_s']:.0f} "
        f"tokens/s on {t['device']} with {t['torch_threads']} torch thread(s), {t.get('precision', 'fp32')}{compiled}; "
        f"epoch losses "
        f"{', '.join(losses)} [{report_path}]."
    ]


def parity_conversations(examples: list[Example], offmap: list[str], system: str) -> list[list[dict]]:
    """A handful of prompts covering single-turn, multi-turn history, held-out and off-map questions."""
    items = items_from(examples, offmap, system)
    picks = []
    for wanted in (
        ("train", "qa"),
        ("train", "dialogue"),
        ("heldout", "qa"),
        ("offmap", "offmap"),
        ("train", "contrast"),
    ):
        picks += [i.messages for i in items if (i.set, i.kind) == wanted][:2]
    return picks


def mlc_toolchain_missing() -> str | None:
    """What the MLC export needs that is not installed here, or None."""
    if importlib.util.find_spec("tvm") is None:
        return "apache-tvm (pip install -r finetune/requirements-mlc.txt)"
    if shutil.which("em++") is None:
        return "emscripten (apt-get install emscripten lld-14 binaryen wabt)"
    return None


def export_mlc_if_possible(
    config: TwinConfig, model_dir: Path, out_dir: Path, conversations: list[list[dict]], quantizations: list[str]
) -> None:
    """The MLC builds beside the ONNX one; where the toolchain is missing, none at all, never stale ones."""
    if missing := mlc_toolchain_missing():
        shutil.rmtree(out_dir / "mlc", ignore_errors=True)
        print(f"mlc: skipped, {missing} is not installed; the twin has its ONNX build only")
        return
    from .export_mlc import export_mlc

    export_mlc(model_dir, out_dir, quantizations, config, conversations)


def finish_build(
    config: TwinConfig,
    model_dir: Path,
    out_dir: Path,
    examples: list[Example],
    *,
    title: str,
    provenance: list[str],
    dtype: str,
    manifest_args: dict,
    mlc: list[str] | None = None,
) -> dict:
    """export-onnx → parity → eval → (export-mlc) → manifest, shared by both chains."""
    offmap = load_offmap(config.offmap_path)
    conversations = parity_conversations(examples, offmap, config.system)
    export_build(model_dir, out_dir, conversations)
    print("parity:", check_parity(model_dir, out_dir, conversations))
    report = evaluate(config, out_dir, examples, offmap, dtype)
    write_report(report, out_dir, title, provenance)
    print("eval:", json.dumps(report["summary"], indent=1))
    if mlc:
        export_mlc_if_possible(config, model_dir, out_dir, conversations, mlc)
    manifest = build_manifest(config, load_seeds(config.seeds_path, config), out_dir, **manifest_args)
    print("manifest:", write_manifest(manifest, out_dir, config))
    return report


def run_micro(config: TwinConfig, work: Path, out_dir: Path, epochs: int | None) -> None:
    from .micro import EPOCHS, MICRO_BASE, MICRO_MLC, train_micro

    started = time.perf_counter()
    examples = expand(check_persona(config), config)
    write_dataset(examples, work / "dataset")
    report = train_micro(config, [e for e in examples if e.split == "train"], work / "micro", epochs or EPOCHS)
    write_train_report(report, work / "micro" / "train-report.json")
    provenance = [
        f"Command: `{command_line()}` (from the repository root), on {hardware()}.",
        "A ~1M-parameter llama trained from scratch with its own 1536-token BPE tokenizer.",
        *train_provenance(work / "micro" / "train-report.json", out_dir),
    ]
    finish_build(
        config,
        work / "micro",
        out_dir,
        examples,
        title=f"{config.label}: micro twin eval",
        provenance=provenance,
        dtype="q8",
        manifest_args={"base": MICRO_BASE},
        mlc=MICRO_MLC,
    )
    print(f"micro: done in {(time.perf_counter() - started) / 60:.1f} min")


def run_build(
    config: TwinConfig, source: str, work: Path, out_dir: Path, epochs: int | None, twin_id: str, label: str | None
) -> None:
    from .lora import fetch_base, merge_adapter, train_adapter

    examples = expand(check_persona(config), config)
    if not (work / "base" / "config.json").exists():
        fetch_base(source, work / "base")
    write_dataset(examples, work / "dataset")
    train_adapter(config, work / "base", work / "dataset", work / "adapter", epochs)
    merge_adapter(work / "base", work / "adapter", work / "merged")
    provenance = [
        f"Command: `{command_line()}` (from the repository root), on {hardware()}.",
        *train_provenance(work / "adapter" / "train-report.json", out_dir),
    ]
    finish_build(
        config,
        work / "merged",
        out_dir,
        examples,
        title=f"{label or config.label}: eval",
        provenance=provenance,
        dtype="q8",
        manifest_args={"twin_id": twin_id, "label": label},
    )
