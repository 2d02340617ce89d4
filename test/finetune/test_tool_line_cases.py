"""The fine-tune validator reads TOOL lines with the browser's grammar: both pass test/fixtures/tool-line-cases.json
(the browser's side is test/unit/tool-line-cases.test.ts)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from twin_finetune.tool_line import parse_tool_line, split_answer

FILE = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "tool-line-cases.json").read_text(encoding="utf-8")
)
TOOLS = {tool["app"]: tool["params"] for tool in FILE["tools"]}


@pytest.mark.parametrize("case", FILE["cases"], ids=lambda c: json.dumps(c["reply"])[:60])
def test_case(case):
    text, line = split_answer(case["reply"])
    assert (text, line) == (case["text"], case["toolLine"])
    call = None
    if line is not None:
        try:
            parsed = parse_tool_line(line, TOOLS)
            call = {"app": parsed.app, "params": parsed.params}
        except ValueError:
            pass
    assert call == case["call"]
