"""twin.json has exactly the keys and types of src/models/manifest.ts, and the architecture is read and checked."""

from __future__ import annotations

import hashlib
import json
import re
import shutil

import pytest
from conftest import FIXTURE, REPO
from twin_finetune.config import load_config
from twin_finetune.export_onnx import export_build
from twin_finetune.manifest import ARCHITECTURES, build_manifest, detect_architecture, knowledge, write_manifest
from twin_finetune.seeds import load_seeds

MANIFEST_TS = (REPO / "src" / "models" / "manifest.ts").read_text()


def interface(name: str) -> dict[str, tuple[str, bool]]:
    """field -> (TypeScript type, optional) for one `export interface` in manifest.ts."""
    body = re.search(r"export interface " + name + r" \{(.*?)\n\}", MANIFEST_TS, re.S).group(1)
    body = re.sub(r"/\*\*.*?\*/", "", body, flags=re.S)
    return {m[0]: (m[2].strip(), m[1] == "?") for m in re.findall(r"^\s+(\w+)(\??): (.+);$", body, re.M)}


def check(value: object, ts_type: str) -> None:
    """Check one JSON value against the TypeScript types manifest.ts uses."""
    if ts_type in ("string", "number"):
        assert isinstance(value, str if ts_type == "string" else (int, float)) and not isinstance(value, bool), (
            value,
            ts_type,
        )
    elif ts_type == "1":
        assert value == 1
    elif ts_type == "Architecture":
        assert value in ARCHITECTURES
    elif ts_type.endswith("[]"):
        assert isinstance(value, list)
        for item in value:
            check(item, ts_type[:-2])
    elif ts_type.startswith(("Record<", "Partial<Record<")):
        assert isinstance(value, dict)
        value_type = ts_type.rsplit(", ", 1)[1].rstrip(">")
        for v in value.values():
            check(v, value_type) if value_type != "'string' | string[]" else (v == "string" or check(v, "string[]"))
    elif ts_type.startswith("{"):
        fields = dict(re.findall(r"(\w+)\?: ([\w\[\]]+)", ts_type))
        assert set(value) <= set(fields)
        for k, v in value.items():
            check(v, fields[k])
    else:
        check_object(value, ts_type)


def check_object(value: object, name: str) -> None:
    fields = interface(name)
    assert isinstance(value, dict)
    required = {k for k, (_, optional) in fields.items() if not optional}
    assert required <= set(value), f"{name} misses {required - set(value)}"
    assert set(value) <= set(fields), f"{name} has unknown keys {set(value) - set(fields)}"
    for key, v in value.items():
        check(v, fields[key][0])


@pytest.fixture(scope="module")
def built(tmp_path_factory, tiny_model_dir):
    out = tmp_path_factory.mktemp("model")
    export_build(tiny_model_dir, out, [[{"role": "user", "content": "Who are you?"}]])
    return out


def test_manifest_with_onnx_build_matches_the_typescript_schema(built, config, tmp_path):
    manifest = build_manifest(config, load_seeds(config.seeds_path, config), built)
    check_object(manifest, "TwinManifest")
    assert manifest["architecture"] == json.loads((built / "config.json").read_text())["model_type"]
    assert manifest["system"] == config.system
    assert manifest["tools"][0] == {"app": "projects", "params": {"tag": "string", "category": ["oss", "professional"]}}
    onnx = manifest["builds"]["onnx"]
    assert onnx["dtypes"] == {"wasm": "q8", "webgpu": "fp32"} and set(onnx["bytes"]) == {"fp32", "q8", "q4"}
    assert onnx["bytes"]["fp32"] > (built / "onnx" / "model.onnx").stat().st_size
    assert onnx["sha256"]["onnx/model.onnx"] == hashlib.sha256((built / "onnx" / "model.onnx").read_bytes()).hexdigest()
    assert set(onnx["sha256"]) == {
        "config.json",
        "generation_config.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "onnx/model.onnx",
        "onnx/model_quantized.onnx",
        "onnx/model_q4.onnx",
    }
    assert manifest["apps"] == "apps.json"
    written = json.loads(write_manifest(manifest, tmp_path, config).read_text())
    assert written == manifest
    assert (tmp_path / "apps.json").read_bytes() == config.apps_path.read_bytes()  # the folder is all a site hosts


def test_manifest_without_builds_has_knowledge_for_scripted_mode(config, tmp_path):
    manifest = build_manifest(config, load_seeds(config.seeds_path, config), tmp_path)
    check_object(manifest, "TwinManifest")
    assert manifest["builds"] == {} and manifest["architecture"] == "llama"


def test_knowledge_holds_trained_variants_only(config):
    entries = knowledge(load_seeds(config.seeds_path, config))
    assert {"q": ["Who are you?", "who is this"], "a": "I'm Bo's twin, a tiny model."} in entries
    assert not any("Are you Bo?" in e["q"] for e in entries)  # held out
    assert {"q": ["Any book tips?"], "a": "Read anything by Ursula K. Le Guin."} in entries


def test_facts_told_only_in_dialogues_become_notes(config):
    entries = knowledge(load_seeds(config.seeds_path, config))
    assert {"q": ["Why Pixel?"], "a": "She is small and square."} in entries
    assert {"q": ["Which is best?"], "a": "The lighthouse one, 2019 edition."} in entries
    assert len({e["a"] for e in entries}) == len(entries)


def test_unknown_or_mismatched_architecture_is_refused(built, tmp_path):
    shutil.copytree(built, tmp_path / "b")
    config_path = tmp_path / "b" / "config.json"
    config_json = json.loads(config_path.read_text())
    config_json["model_type"] = "gpt2"
    config_path.write_text(json.dumps(config_json))
    with pytest.raises(ValueError, match="gpt2"):
        detect_architecture(tmp_path / "b")


def test_onnx_and_mlc_builds_must_agree_on_the_architecture(built, config, tmp_path):
    out = tmp_path / "b"
    shutil.copytree(built, out)
    other = {"llama": "qwen2", "qwen2": "llama"}[detect_architecture(out)]
    for quantization, features in (("q0f32", []), ("q4f16_1", ["shader-f16"])):
        files = out / "mlc" / quantization / "resolve" / "main"
        files.mkdir(parents=True)
        (files / "mlc-chat-config.json").write_text(json.dumps({"model_type": other}))
        (out / "mlc" / quantization / "lib.wasm").write_bytes(b"\0asm")
        known = {"question": "hi", "top_logprobs": [{"token": "Hi", "id": 7, "logprob": -0.5}], "tolerance": 0.05}
        info = {
            "model_lib": "lib.wasm",
            "quantization": quantization,
            "required_features": features,
            "known_answer": known,
        }
        (out / "mlc" / quantization / "mlc-build.json").write_text(json.dumps(info))
    with pytest.raises(ValueError, match="disagree"):
        build_manifest(config, load_seeds(config.seeds_path, config), out)
    for files in (out / "mlc").glob("*/resolve/main"):
        (files / "mlc-chat-config.json").write_text(json.dumps({"model_type": detect_architecture(out)}))
    manifest = build_manifest(config, load_seeds(config.seeds_path, config), out)
    check_object(manifest, "TwinManifest")
    # Smallest first: the float16 build, then the float32 one for adapters without shader-f16.
    assert [(b["quantization"], b["url"], b["model_lib"]) for b in manifest["builds"]["mlc"]] == [
        ("q4f16_1", "mlc/q4f16_1", "mlc/q4f16_1/lib.wasm"),
        ("q0f32", "mlc/q0f32", "mlc/q0f32/lib.wasm"),
    ]
    assert manifest["builds"]["mlc"][0]["required_features"] == ["shader-f16"]
    assert manifest["builds"]["mlc"][1]["bytes"] == 4 + len(json.dumps({"model_type": detect_architecture(out)}))


def test_suggestions_go_from_twin_toml_into_the_manifest(config, tmp_path):
    manifest = build_manifest(config, load_seeds(config.seeds_path, config), tmp_path)
    assert manifest["suggestions"] == ["Where do you live?", "Show me your projects"]
    check_object(manifest, "TwinManifest")


def test_suggestions_that_are_not_questions_are_refused(tmp_path):
    persona = tmp_path / "persona"
    shutil.copytree(FIXTURE, persona)
    toml = persona / "twin.toml"
    toml.write_text(
        toml.read_text().replace('suggestions = ["Where do you live?", "Show me your projects"]', 'suggestions = "hi"')
    )
    with pytest.raises(ValueError, match="suggestions must be a list of questions"):
        load_config(persona)
