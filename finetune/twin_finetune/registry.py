"""Add a twin to a registry, the JSON list the element reads its model picker from (README, "Embed it")."""

from __future__ import annotations

import json
import os
from pathlib import Path


def add_to_registry(registry: Path, twin_id: str, label: str, manifest: Path) -> None:
    """Adds the twin's line, or replaces the line with its id; the manifest URL is relative to the registry."""
    lines = json.loads(registry.read_text(encoding="utf-8")) if registry.exists() else []
    line = {"id": twin_id, "label": label, "manifest": Path(os.path.relpath(manifest, registry.parent)).as_posix()}
    lines = [line if existing.get("id") == twin_id else existing for existing in lines]
    if line not in lines:
        lines.append(line)
    registry.write_text(
        "[\n" + ",\n".join(f"  {json.dumps(entry, ensure_ascii=False)}" for entry in lines) + "\n]\n", encoding="utf-8"
    )
