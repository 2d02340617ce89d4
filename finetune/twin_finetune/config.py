"""One twin's settings, read from `finetune/personas/<name>/twin.toml`.

Everything about a twin lives in that one file so the dataset builder, the trainer and the manifest all read the
same system prompt: the system prompt is part of the weights, and a second copy would drift.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

# A tool param is either free text ("string") or one of a fixed list of values.
ParamKind = str | list[str]


@dataclass(frozen=True)
class TrainConfig:
    lora_r: int
    lora_alpha: int
    lora_dropout: float
    learning_rate: float
    epochs: int
    batch_size: int
    seed: int


@dataclass(frozen=True)
class Sampling:
    temperature: float
    top_p: float
    repetition_penalty: float
    max_new_tokens: int


@dataclass(frozen=True)
class TwinConfig:
    persona_dir: Path
    id: str
    label: str
    person: str
    base: str
    apps: str
    context_window: int
    system: str
    greeting: str
    sampling: Sampling
    tools: dict[str, dict[str, ParamKind]]
    train: TrainConfig
    suggestions: list[str] = field(default_factory=list)  # questions the chat offers before the first message

    @property
    def seeds_path(self) -> Path:
        return self.persona_dir / "seeds.jsonl"

    @property
    def offmap_path(self) -> Path:
        return self.persona_dir / "offmap.jsonl"

    @property
    def apps_path(self) -> Path:
        """The data the twin's cards show; the manifest step copies it beside twin.json."""
        return self.persona_dir / self.apps


def _suggestions(value: object, path: Path) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ValueError(f"{path}: suggestions must be a list of questions (non-empty strings)")
    return value


def load_config(persona_dir: Path) -> TwinConfig:
    path = persona_dir / "twin.toml"
    if not path.exists():
        raise SystemExit(f"{path}: missing; a persona folder holds twin.toml, seeds.jsonl, offmap.jsonl and apps.json")
    with path.open("rb") as f:
        raw = tomllib.load(f)
    tools = {app: dict(params) for app, params in raw["tools"].items()}
    for app, params in tools.items():
        for name, kind in params.items():
            if kind != "string" and not (isinstance(kind, list) and all(isinstance(v, str) for v in kind)):
                raise ValueError(f'{path}: [tools] {app}.{name} must be "string" or a list of strings')
    return TwinConfig(
        persona_dir=persona_dir,
        id=raw["id"],
        label=raw["label"],
        person=raw["person"],
        base=raw["base"],
        apps=raw["apps"],
        context_window=int(raw["context_window"]),
        system=raw["system"],
        greeting=raw["greeting"],
        sampling=Sampling(**raw["sampling"]),
        tools=tools,
        train=TrainConfig(**raw["train"]),
        suggestions=_suggestions(raw.get("suggestions", []), path),
    )
