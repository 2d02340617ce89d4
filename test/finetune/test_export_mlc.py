"""`twin-finetune export-mlc` end to end on a tiny llama: the model library, web-llm's files in the hub layout,
the known-answer and greedy references, and a manifest that lists the build. The emscripten link needs
Debian's emscripten (`apt-get install emscripten lld-14`), which CI does not install: there the test is skipped,
and the browser tests run the committed micro twins' builds instead."""

from __future__ import annotations

import json
import shutil

import pytest

pytest.importorskip("tvm", reason="apache-tvm is pinned in finetune/requirements-mlc.txt")

from conftest import tiny_model  # noqa: E402
from twin_finetune.base_models import save_model  # noqa: E402
from twin_finetune.export_mlc import export_mlc  # noqa: E402
from twin_finetune.manifest import build_manifest  # noqa: E402
from twin_finetune.seeds import load_seeds  # noqa: E402


@pytest.mark.skipif(shutil.which("em++") is None, reason="Debian's emscripten is not installed")
def test_export_writes_a_build_web_llm_loads_and_the_manifest_lists_it(config, micro_tokenizer, tmp_path):
    model_dir, out = tmp_path / "merged", tmp_path / "twin"
    save_model(tiny_model("llama", len(micro_tokenizer)), micro_tokenizer, model_dir)
    conversations = [[{"role": "system", "content": config.system}, {"role": "user", "content": "Who are you?"}]]
    export_mlc(model_dir, out, ["q4f32_1"], config, conversations)

    build = out / "mlc" / "q4f32_1"
    info = json.loads((build / "mlc-build.json").read_text())
    assert info["model_lib"] == "twin-q4f32_1-webgpu.wasm" and (build / info["model_lib"]).read_bytes()[:4] == b"\0asm"
    assert info["required_features"] == [] and info["shaders"]["kernels"] > 40
    assert info["known_answer"]["question"] == "Who are you?" and len(info["known_answer"]["top_logprobs"]) == 5
    files = {p.name for p in (build / "resolve" / "main").iterdir()}
    assert {"mlc-chat-config.json", "tensor-cache.json", "tokenizer.json", "params_shard_0.bin"} <= files
    reference = json.loads((build / "reference.json").read_text())
    assert reference["cases"][0]["prompt_ids"] and "penalized_text" in reference["cases"][0]

    manifest = build_manifest(config, load_seeds(config.seeds_path, config), out)
    (listed,) = manifest["builds"]["mlc"]
    assert listed["url"] == "mlc/q4f32_1" and listed["model_lib"] == "mlc/q4f32_1/twin-q4f32_1-webgpu.wasm"
    assert listed["known_answer"] == info["known_answer"]
