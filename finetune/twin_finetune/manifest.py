"""Write `twin.json` (ARCHITECTURE.md, "The manifest"), the one file the browser reads about a twin.

The schema is src/models/manifest.ts; test/finetune/test_manifest.py checks this output against that file's keys
and types, so the two cannot drift apart silently. The architecture comes from the build's own config and is
checked, never guessed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from .config import TwinConfig
from .seeds import DialogueRecord, QARecord, Record

# The one list both halves share; src/models/architectures.ts is generated from the same file.
ARCHITECTURES = tuple(json.loads(Path(__file__).with_name("architectures.json").read_text()))
# For a manifest written before any build exists (the scripted engine needs only knowledge).
KNOWN_BASES = {"HuggingFaceTB/SmolLM2-135M-Instruct": "llama", "Qwen/Qwen2.5-0.5B-Instruct": "qwen2"}
# transformers.js downloads these beside the ONNX file whatever the dtype.
SHARED_FILES = ("config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json")
APPS_FILE = "apps.json"
ONNX_FILES = {"fp32": "model.onnx", "q8": "model_quantized.onnx", "q4": "model_q4.onnx"}
# Smallest first: a 4-bit build downloads a quarter of the bytes, and float16 halves the GPU's memory traffic.
MLC_PREFERENCE = ("q4f16_1", "q4f32_1", "q0f32")
# q8 on WASM (q4's MatMulNBits decodes ~8x slower there); fp32 on WebGPU.
DEVICE_DTYPES = {"wasm": "q8", "webgpu": "fp32"}


def knowledge(records: list[Record]) -> list[dict]:
    """The twin's own Q/A for scripted mode and grounding: trained question variants grouped by the answer they get,
    then every dialogue turn whose answer is not a note yet, so a fact told only in a dialogue is a note too."""
    entries: list[dict] = []
    for record in records:
        if not isinstance(record, QARecord):
            continue
        by_answer: dict[str, list[str]] = {}
        for index, (q, a) in enumerate(record.pairs()):
            if not record.is_held_out(index):
                by_answer.setdefault(a, []).append(q)
        entries += [{"q": qs, "a": a} for a, qs in by_answer.items()]
    answers = {entry["a"] for entry in entries}
    for record in records:
        if isinstance(record, DialogueRecord):
            for q, a in record.turns:
                if a not in answers:
                    entries.append({"q": [q], "a": a})
                    answers.add(a)
    return entries


def detect_architecture(build_dir: Path) -> str:
    """model_type from the build's config.json (ONNX) or mlc-chat-config.json (MLC); unknown types are refused."""
    for name in ("config.json", "mlc-chat-config.json"):
        path = build_dir / name
        if path.exists():
            model_type = json.loads(path.read_text())["model_type"]
            if model_type not in ARCHITECTURES:
                raise ValueError(f"{path}: model_type {model_type!r} is not one of {ARCHITECTURES}")
            return model_type
    raise FileNotFoundError(f"{build_dir}: no config.json or mlc-chat-config.json to read the architecture from")


def file_hashes(build_dir: Path, names: list[str]) -> dict[str, str]:
    """SHA-256 (hex) of each build file, by its path in the build folder: the browser checks cached copies with it."""
    return {name: hashlib.sha256((build_dir / name).read_bytes()).hexdigest() for name in names}


def onnx_build(out_dir: Path) -> dict | None:
    onnx_dir = out_dir / "onnx"
    if not (onnx_dir / ONNX_FILES["fp32"]).exists():
        return None
    shared = sum((out_dir / name).stat().st_size for name in SHARED_FILES)
    sizes = {
        dtype: shared + (onnx_dir / f).stat().st_size for dtype, f in ONNX_FILES.items() if (onnx_dir / f).exists()
    }
    dtypes = {device: dtype for device, dtype in DEVICE_DTYPES.items() if dtype in sizes}
    onnx_names = [f"onnx/{f}" for dtype, f in ONNX_FILES.items() if dtype in sizes]
    return {"url": ".", "dtypes": dtypes, "bytes": sizes, "sha256": file_hashes(out_dir, [*SHARED_FILES, *onnx_names])}


def mlc_builds(out_dir: Path) -> list[dict]:
    """The MLC builds `twin-finetune export-mlc` wrote into <out>/mlc/<quantization>/, each described by its
    mlc-build.json, in the order the element should try them: the first whose GPU features the adapter has."""
    builds = []
    for info_path in sorted((out_dir / "mlc").glob("*/mlc-build.json")):
        build_dir, info = info_path.parent, json.loads(info_path.read_text())
        url = build_dir.relative_to(out_dir).as_posix()
        builds.append(
            {
                "url": url,
                "model_lib": f"{url}/{info['model_lib']}",
                "quantization": info["quantization"],
                "required_features": info["required_features"],
                "bytes": sum(
                    p.stat().st_size
                    for p in [build_dir / info["model_lib"], *(build_dir / "resolve").rglob("*")]
                    if p.is_file()
                ),
                "known_answer": info["known_answer"],
            }
        )
    return sorted(builds, key=lambda build: MLC_PREFERENCE.index(build["quantization"]))


def build_manifest(
    config: TwinConfig,
    records: list[Record],
    out_dir: Path,
    *,
    twin_id: str | None = None,
    label: str | None = None,
    base: str | None = None,
) -> dict:
    builds = {k: v for k, v in (("onnx", onnx_build(out_dir)), ("mlc", mlc_builds(out_dir))) if v}
    base = base or config.base
    architectures = set()
    if "onnx" in builds:
        architectures.add(detect_architecture(out_dir))
    for build in builds.get("mlc", []):
        architectures.add(detect_architecture(out_dir / build["url"] / "resolve" / "main"))
    if not architectures:
        if base not in KNOWN_BASES:
            raise ValueError(f"no build in {out_dir} and base {base!r} is not one of {list(KNOWN_BASES)}")
        architectures.add(KNOWN_BASES[base])
    if len(architectures) != 1:
        raise ValueError(f"{out_dir}: the ONNX and MLC builds disagree on the architecture: {sorted(architectures)}")
    manifest = {
        "schema": 1,
        "id": twin_id or config.id,
        "label": label or config.label,
        "person": config.person,
        "base": base,
        "architecture": architectures.pop(),
        "system": config.system,
        "sampling": {
            "temperature": config.sampling.temperature,
            "top_p": config.sampling.top_p,
            "repetition_penalty": config.sampling.repetition_penalty,
            "max_new_tokens": config.sampling.max_new_tokens,
        },
        "context_window": config.context_window,
        "greeting": config.greeting,
        "tools": [{"app": app, "params": params} for app, params in config.tools.items()],
        "builds": builds,
        "knowledge": knowledge(records),
    }
    if config.suggestions:
        manifest["suggestions"] = config.suggestions
    if config.apps_path.exists():
        manifest["apps"] = APPS_FILE
    return manifest


def write_manifest(manifest: dict, out_dir: Path, config: TwinConfig) -> Path:
    """twin.json, and beside it a copy of the persona's app data, so the twin's folder is all a site hosts."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if "apps" in manifest:
        shutil.copyfile(config.apps_path, out_dir / APPS_FILE)
    path = out_dir / "twin.json"
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
