"""The MLC step reads the model lib from the pinned web-llm's prebuilt list, and without mlc_llm it stops with a
message that says how to install it."""
from __future__ import annotations

import json
import shutil

import pytest

from conftest import REPO
from twin_finetune.export_mlc import INSTALL_HINT, export_mlc, prebuilt_entry

WEB_LLM = REPO / "node_modules" / "@mlc-ai" / "web-llm"


def test_model_lib_comes_from_the_installed_web_llm():
    version = json.loads((WEB_LLM / "package.json").read_text())["version"].replace(".", "_")
    entry = prebuilt_entry(WEB_LLM / "lib" / "index.js", "SmolLM2-135M-Instruct-q0f16-MLC")
    assert entry["model_lib"] == ("https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/"
                                  f"v{version}/base/SmolLM2-135M-Instruct-q0f16_cs1k-webgpu.wasm")
    assert entry["required_features"] == ["shader-f16"]
    with pytest.raises(LookupError):
        prebuilt_entry(WEB_LLM / "lib" / "index.js", "No-Such-Model-MLC")


@pytest.mark.skipif(shutil.which("mlc_llm") is not None, reason="mlc_llm is installed here")
def test_missing_mlc_llm_stops_with_install_instructions(tiny_model_dir, tmp_path):
    with pytest.raises(SystemExit) as stop:
        export_mlc(tiny_model_dir, tmp_path / "mlc", "q0f16", REPO / "node_modules")
    assert str(stop.value) == INSTALL_HINT and "pip install" in INSTALL_HINT
