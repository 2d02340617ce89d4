"""Check a persona's `apps.json` (what the built-in cards show) against the element's schema, src/models/apps-data.ts.

Each problem names the file, the line of the object it is in, and the field's path, so a persona writer can fix a
card before any twin is trained; test/finetune/test_apps_data.py checks this schema against the TypeScript one.
"""

from __future__ import annotations

import json
import json.scanner
from pathlib import Path

from .config import TwinConfig

# Per app: whether its data is a list of items, and each field's kind ("?" marks an optional field).
# A kind is "string", "number", "strings" (a list of strings), a list of allowed strings, or a nested schema.
Schema = dict[str, object]
LINK: Schema = {"label": "string", "url": "string"}
APPS: dict[str, tuple[bool, Schema]] = {
    "about": (False, {"name": "string", "tagline": "string", "bio": "string", "location?": "string"}),
    "now": (False, {"updated": "string", "items": "strings"}),
    "projects": (
        True,
        {
            "title": "string",
            "summary": "string",
            "tags": "strings",
            "category": ["oss", "professional"],
            "url?": "string",
            "year?": "number",
        },
    ),
    "books": (
        True,
        {"title": "string", "author": "string", "note?": "string", "status?": ["reading", "read", "favourite"]},
    ),
    "musings": (True, {"title": "string", "date": "string", "summary": "string", "url?": "string"}),
    "uses": (True, {"category": "string", "items": "strings"}),
    "talks": (True, {"title": "string", "event": "string", "date": "string", "url?": "string"}),
    "contact": (False, {"email?": "string", "links": [LINK]}),
}


class _LocatingDecoder(json.JSONDecoder):
    """json.loads that also remembers where each object and list starts, to give errors a line number."""

    def __init__(self, text: str):
        super().__init__()
        self.starts: dict[int, int] = {}
        for name in ("parse_object", "parse_array"):
            setattr(self, name, self._locating(getattr(self, name)))
        self.scan_once = json.scanner.py_make_scanner(self)
        self.text = text

    def _locating(self, parse):
        def located(s_and_end, *args):
            value, end = parse(s_and_end, *args)
            self.starts[id(value)] = s_and_end[1] - 1
            return value, end

        return located

    def line_of(self, value: object) -> int:
        return self.text.count("\n", 0, self.starts.get(id(value), 0)) + 1


def _kind_problem(value: object, kind: object) -> str | None:
    if kind == "string":
        return None if isinstance(value, str) else "must be a string"
    if kind == "number":
        return None if isinstance(value, (int, float)) and not isinstance(value, bool) else "must be a number"
    if kind == "strings":
        return (
            None if isinstance(value, list) and all(isinstance(v, str) for v in value) else "must be a list of strings"
        )
    if isinstance(kind, list) and all(isinstance(k, str) for k in kind):
        return None if value in kind else f"must be one of {kind}, got {value!r}"
    return None


def _check_object(value: object, schema: Schema, path: str, owner: object, decoder: _LocatingDecoder) -> list[str]:
    where = decoder.line_of(value if isinstance(value, (dict, list)) else owner)
    if not isinstance(value, dict):
        return [f"{where}: {path} must be an object"]
    problems = []
    fields = {name.rstrip("?"): (kind, name.endswith("?")) for name, kind in schema.items()}
    for name, (kind, optional) in fields.items():
        if name not in value:
            if not optional:
                problems.append(f'{where}: {path}: missing "{name}"')
        elif isinstance(kind, list) and kind and isinstance(kind[0], dict):
            items = value[name]
            if not isinstance(items, list):
                problems.append(f"{where}: {path}.{name} must be a list")
            else:
                problems += [
                    p
                    for i, item in enumerate(items)
                    for p in _check_object(item, kind[0], f"{path}.{name}[{i}]", items, decoder)
                ]
        elif problem := _kind_problem(value[name], kind):
            problems.append(f"{where}: {path}.{name} {problem}")
    problems += [f'{where}: {path}: unknown field "{name}"' for name in value if name not in fields]
    return problems


def check_apps(path: Path, config: TwinConfig) -> list[str]:
    """Every problem with the app data, as `file:line: message`; an empty list when the cards can show it."""
    if not path.exists():
        return [f'{path}: missing (the data the twin\'s cards show; see finetune/README.md, "Seed format")']
    text = path.read_text(encoding="utf-8")
    decoder = _LocatingDecoder(text)
    try:
        data = decoder.decode(text)
    except json.JSONDecodeError as e:
        return [f"{path}:{e.lineno}: invalid JSON ({e.msg})"]
    if not isinstance(data, dict):
        return [f"{path}:1: the app data must be a JSON object"]
    problems = [f'1: unknown app "{app}" (known: {", ".join(APPS)})' for app in data if app not in APPS]
    for app, value in data.items():
        if app not in APPS:
            continue
        is_list, schema = APPS[app]
        if not is_list:
            problems += _check_object(value, schema, app, data, decoder)
        elif not isinstance(value, list):
            problems.append(f"{decoder.line_of(data)}: {app} must be a list")
        else:
            problems += [
                p for i, item in enumerate(value) for p in _check_object(item, schema, f"{app}[{i}]", value, decoder)
            ]
    problems += [
        f'1: [tools] in twin.toml names "{app}", but there is no "{app}" data for its card'
        for app in config.tools
        if app in APPS and app not in data
    ]
    return [f"{path}:{p}" for p in problems]
