"""Export an MLC build for web-llm with the real `mlc_llm convert_weight` + `gen_config`.

A fine-tune changes weights, not shapes, so the twin reuses the base model's prebuilt WebGPU library. Its URL and
required features are read from the pinned @mlc-ai/web-llm's own prebuilt list, so they always match the web-llm
version the element ships with.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from .manifest import detect_architecture

INSTALL_HINT = (
    "mlc_llm is not installed. Install it (Linux/macOS, CPU build is enough for converting weights):\n"
    "  pip install --pre -f https://mlc.ai/wheels mlc-llm-nightly-cpu mlc-ai-nightly-cpu\n"
    "See https://llm.mlc.ai/docs/install/mlc_llm.html. The ONNX build alone is still a complete twin."
)
# web-llm's prebuilt model id prefix and the conversation template, per architecture.
BASES = {"llama": ("SmolLM2-135M-Instruct", "chatml"), "qwen2": ("Qwen2.5-0.5B-Instruct", "qwen2")}


def prebuilt_entry(web_llm_index: Path, model_id: str) -> dict:
    """model_lib URL and required_features of one entry of web-llm's prebuiltAppConfig.model_list."""
    source = web_llm_index.read_text()
    constants = dict(re.findall(r'(modelVersion|modelLibURLPrefix) = "([^"]*)"', source))
    match = re.search(r'model_id: "' + re.escape(model_id) + r'",(.*?)\n        \}', source, re.S)
    if not match:
        raise LookupError(f"{web_llm_index}: no prebuilt entry for {model_id}")
    body = match.group(1)
    parts = re.search(r"model_lib:\s*((?:\w+|\"[^\"]*\")(?:\s*\+\s*(?:\w+|\"[^\"]*\"))*)", body).group(1)
    model_lib = "".join(constants[p] if p in constants else p.strip('"') for p in re.split(r"\s*\+\s*", parts))
    features = re.search(r"required_features: \[([^\]]*)\]", body)
    return {"model_lib": model_lib, "required_features": re.findall(r'"([^"]+)"', features.group(1)) if features else []}


def export_mlc(model_dir: Path, out_dir: Path, quantization: str, node_modules: Path) -> None:
    architecture = detect_architecture(model_dir)
    base_name, conv_template = BASES[architecture]
    entry = prebuilt_entry(node_modules / "@mlc-ai/web-llm/lib/index.js", f"{base_name}-{quantization}-MLC")
    mlc = shutil.which("mlc_llm")
    if mlc is None:
        raise SystemExit(INSTALL_HINT)
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run([mlc, "convert_weight", str(model_dir), "--quantization", quantization, "-o", str(out_dir)], check=True)
    subprocess.run(
        [mlc, "gen_config", str(model_dir), "--quantization", quantization, "--conv-template", conv_template, "-o", str(out_dir)],
        check=True,
    )
    if not (out_dir / "tensor-cache.json").exists() and not (out_dir / "ndarray-cache.json").exists():
        raise RuntimeError(f"{out_dir}: mlc_llm convert_weight wrote no tensor cache")
    info = {"quantization": quantization, **entry}
    (out_dir / "mlc-build.json").write_text(json.dumps(info, indent=2) + "\n")
    print(f"mlc: {out_dir} (model_lib {entry['model_lib']})")
