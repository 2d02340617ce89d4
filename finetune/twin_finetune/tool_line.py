"""The TOOL line: an answer may end with `TOOL {"app": ..., "params": {...}}` (ARCHITECTURE.md, "The TOOL line").

One grammar, the browser's (src/tools/tool-line.ts): "TOOL" as a whole word at the start of the reply's last line,
leading spaces allowed, then JSON. Both implementations pass test/fixtures/tool-line-cases.json, so a seed is
judged here exactly as the element will judge the twin's reply. The browser drops malformed or unknown calls
silently; here, at training time, the same mistakes are errors, so a twin never learns a call the browser would
throw away.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .config import ParamKind

# "TOOL" as a whole word at the start of a line: `TOOLS are fun` is prose, `TOOL {…}` and `TOOL: x` are not.
TOOL_LINE = re.compile(r"^\s*TOOL(?!\w)")
# What a person may have meant as a TOOL line but the browser would show as text: `tool {…}`, `Tool{…}`.
LOOKS_LIKE_TOOL_LINE = re.compile(r"^\s*tool\s*\{", re.IGNORECASE)


@dataclass(frozen=True)
class ToolCall:
    app: str
    params: dict[str, str]


def is_tool_line(line: str) -> bool:
    return TOOL_LINE.match(line) is not None


def split_answer(answer: str) -> tuple[str, str | None]:
    """The reply's text and its final TOOL line (None when the last line is not one), as the browser splits them."""
    reply = answer.rstrip()
    head, _, last = reply.rpartition("\n")
    if not is_tool_line(last):
        return reply, None
    return head.rstrip(), last.strip()


def strip_tool_lines(text: str) -> str:
    """Every TOOL line removed, as the element keeps an answer in its history: prose only, never a replayed call."""
    return "\n".join(line for line in text.split("\n") if not is_tool_line(line)).rstrip()


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def parse_tool_line(line: str, tools: dict[str, dict[str, ParamKind]]) -> ToolCall:
    """Parse and check one TOOL line against the twin's tools; raises ValueError saying what is wrong."""
    try:
        call = json.loads(line.strip()[len("TOOL") :], parse_constant=_reject_constant)
    except (json.JSONDecodeError, ValueError) as e:
        raise ValueError(f"malformed TOOL JSON ({getattr(e, 'msg', e)})") from None
    if not isinstance(call, dict) or set(call) - {"app", "params"} or "app" not in call:
        raise ValueError('TOOL JSON must be {"app": "<name>", "params": {...}}')
    app, params = call["app"], call.get("params", {})
    if not isinstance(app, str) or app not in tools:
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
    return any(is_tool_line(line) for line in reply.split("\n"))
