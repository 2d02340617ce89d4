"""A finished twin joins a registry in one line, its manifest URL relative to the registry, without duplicates."""

from __future__ import annotations

import json

from twin_finetune.registry import add_to_registry


def test_adds_then_replaces_a_twin(tmp_path):
    registry = tmp_path / "models" / "registry.json"
    registry.parent.mkdir()
    registry.write_text('[{"id": "ada-twin", "manifest": "ada-twin/twin.json"}]')
    add_to_registry(registry, "ada-twin-135m", "Ada (135M)", tmp_path / "models" / "ada-twin-135m" / "twin.json")
    add_to_registry(registry, "ada-twin-135m", "Ada (135M twin)", tmp_path / "models" / "ada-twin-135m" / "twin.json")
    assert json.loads(registry.read_text()) == [
        {"id": "ada-twin", "manifest": "ada-twin/twin.json"},
        {"id": "ada-twin-135m", "label": "Ada (135M twin)", "manifest": "ada-twin-135m/twin.json"},
    ]
