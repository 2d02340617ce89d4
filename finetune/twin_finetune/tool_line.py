"""The TOOL line (DESIGN seam 3): an answer may end with `TOOL {"app": ..., "params": {...}}`.

The browser drops malformed or unknown calls silently; here, at training time, the same mistakes are errors, so a
twin never learns a call the browser would throw away.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from .config import ParamKind

PREFIX = "TOOL "


@dataclass(frozen=True)
class ToolCall:
    app: str
    params: dict[str, str]


def split_answer(answer: str) -> tuple[str, str | None]:
    """Split an answer into its text and its final TOOL line (None when it has none)."""
    head, _, last = answer.rpartition("\n")
    if last.startswith(PREFIX):
        return head, last
    if not head and answer.startswith(PREFIX):
        return "", answer
    return answer, None


def parse_tool_line(line: str, tools: dict[str, dict[str, ParamKind]]) -> ToolCall:
    """Parse and check one TOOL line against the twin's tools; raises ValueError saying what is wrong."""
    try:
        call = json.loads(line[len(PREFIX):])
    except json.JSONDecodeError as e:
        raise ValueError(f"malformed TOOL JSON ({e.msg})") from None
    if not isinstance(call, dict) or set(call) - {"app", "params"} or "app" not in call:
        raise ValueError('TOOL JSON must be {"app": "<name>", "params": {...}}')
    app, params = call["app"], call.get("params", {})
    if app not in tools:
        raise ValueError(f"unknown app {app!r} (known: {', '.join(tools)})")
    if not isinstance(params, dict):
        raise ValueError("TOOL params must be an object")
    for name, value in params.items():
        if name not in tools[app]:
            raise ValueError(f"unknown param {name!r} for app {app!r}")
        kind = tools[app][name]
        if not isinstance(value, str) or (isinstance(kind, list) and value not in kind):
            allowed = "a string" if kind == "string" else f"one of {kind}"
            raise ValueError(f"param {name!r} of app {app!r} must be {allowed}, got {value!r}")
    return ToolCall(app=app, params=params)


def find_tool_call(reply: str, tools: dict[str, dict[str, ParamKind]]) -> ToolCall | None:
    """The call a generated reply makes, as the browser would see it: a valid final TOOL line, else None."""
    _, line = split_answer(reply)
    if line is None:
        return None
    try:
        return parse_tool_line(line, tools)
    except ValueError:
        return None


def has_tool_line(reply: str) -> bool:
    """Whether a reply tries to make a call at all, valid or not (a false TOOL line counts even if malformed)."""
    return any(line.startswith("TOOL") for line in reply.split("\n"))
