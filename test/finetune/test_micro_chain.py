"""A new persona's micro twin from the runbook's commands alone: dataset, then micro with --registry, on the
fixture persona (two epochs: the chain, not the quality, is under test)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from twin_finetune import pipeline
from twin_finetune.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "persona"


def test_dataset_then_micro_then_registry(tmp_path, capsys, monkeypatch):
    # Without the MLC toolchain (as in CI): the twin gets its ONNX build only, and a stale MLC build is removed.
    monkeypatch.setattr(pipeline, "mlc_toolchain_missing", lambda: "emscripten")
    persona = tmp_path / "you"
    shutil.copytree(FIXTURE, persona)
    stale = tmp_path / "models" / "bo-twin" / "mlc" / "q4f32_1" / "mlc-build.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    args = ["--threads", "1", "--persona", str(persona), "--work", str(tmp_path / "work")]
    main([*args, "dataset"])
    registry = tmp_path / "models" / "registry.json"
    main([*args, "micro", "--out", str(tmp_path / "models" / "bo-twin"), "--epochs", "2", "--registry", str(registry)])
    out = tmp_path / "models" / "bo-twin"
    manifest = json.loads((out / "twin.json").read_text())
    assert manifest["builds"]["onnx"]["dtypes"] == {"wasm": "q8", "webgpu": "fp32"}
    assert (out / "apps.json").read_bytes() == (persona / "apps.json").read_bytes()
    assert not (out / "mlc").exists() and "mlc" not in manifest["builds"]
    assert "mlc: skipped, emscripten is not installed" in capsys.readouterr().out
    report = json.loads((out / "eval.json").read_text())
    assert {"train", "heldout", "conversation", "offmap"} <= set(report["summary"])
    assert json.loads(registry.read_text()) == [
        {"id": manifest["id"], "label": manifest["label"], "manifest": "bo-twin/twin.json"}
    ]
