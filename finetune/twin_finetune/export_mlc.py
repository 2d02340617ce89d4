"""`twin-finetune export-mlc`: a twin's MLC builds for web-llm, compiled here from registry packages only.

For each quantization it writes `<out>/mlc/<quantization>/`:

    <twin>-<quantization>-webgpu.wasm   the model library (mlc/library.py)
    resolve/main/                       what web-llm fetches from `<model url>/resolve/main/`:
        mlc-chat-config.json, tensor-cache.json, params_shard_*.bin, tokenizer.json
    mlc-build.json                      for `twin-finetune manifest`: quantization, library, required GPU
                                        features, the known-answer reference, shader sizes
    reference.json                      PyTorch's greedy ids for the parity prompts, for the browser tests

The same model and quantization give byte-identical weights, configs and references; the library differs only
where the compilers embed paths or times.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from transformers import AutoModelForCausalLM, AutoTokenizer

from .config import TwinConfig
from .mlc.architecture import Architecture
from .mlc.chat_config import chat_config, write_chat_config
from .mlc.library import compile_library
from .mlc.quantization import QUANTIZATIONS, Quantization
from .mlc.reference import build_model, greedy_reference, known_answer
from .mlc.web_runtime import web_runtime_home
from .mlc.weights import convert, load_checkpoint, write_tensor_cache

RUNTIME_CACHE = Path("build/mlc-runtime")


def _write_json(path: Path, value: dict) -> None:
    path.write_text(json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def export_build(
    model_dir: Path,
    build_dir: Path,
    twin_id: str,
    quantization: Quantization,
    twin: TwinConfig,
    conversations: list[list[dict]],
    runtime_home: Path,
) -> dict:
    """One quantization's build folder; returns its mlc-build.json."""
    started = time.perf_counter()
    arch = Architecture.from_model_dir(model_dir)
    shutil.rmtree(build_dir, ignore_errors=True)
    files = build_dir / "resolve" / "main"
    files.mkdir(parents=True)
    library_name = f"{twin_id}-{quantization.name}-webgpu.wasm"
    library = compile_library(arch, quantization, build_dir / library_name, runtime_home)
    compiled = time.perf_counter()
    write_tensor_cache(convert(load_checkpoint(model_dir), arch, quantization), library.param_names, files)
    tokenizer_json = json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8"))
    shutil.copy(model_dir / "tokenizer.json", files / "tokenizer.json")
    write_chat_config(chat_config(arch, quantization, twin, tokenizer_json), files)

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = build_model(AutoModelForCausalLM.from_pretrained(model_dir).eval(), quantization)
    question = twin_question(conversations)
    info = {
        "quantization": quantization.name,
        "model_lib": library_name,
        "required_features": quantization.required_features,
        "known_answer": known_answer(model, tokenizer, twin.system, question, quantization.dtype),
        "shaders": {
            "kernels": len(library.shaders),
            "largest_wgsl_bytes": max(len(code) for code in library.shaders.values()),
        },
    }
    _write_json(build_dir / "mlc-build.json", info)
    _write_json(build_dir / "reference.json", greedy_reference(model, tokenizer, conversations))
    print(
        f"mlc {quantization.name}: {build_dir} (compile {compiled - started:.0f} s, weights and references "
        f"{time.perf_counter() - compiled:.0f} s; {info['shaders']['kernels']} kernels, largest WGSL "
        f"{info['shaders']['largest_wgsl_bytes'] / 1000:.0f} KB)"
    )
    return info


def twin_question(conversations: list[list[dict]]) -> str:
    """The known-answer question: the first parity prompt's, a trained one that the twin answers confidently."""
    return next(m["content"] for m in conversations[0] if m["role"] == "user")


def export_mlc(
    model_dir: Path, out_dir: Path, quantizations: list[str], twin: TwinConfig, conversations: list[list[dict]]
) -> None:
    runtime_home = web_runtime_home(RUNTIME_CACHE)
    for name in quantizations:
        export_build(
            model_dir, out_dir / "mlc" / name, out_dir.name, QUANTIZATIONS[name], twin, conversations, runtime_home
        )
