"""Seed validation names file:line for every mistake; the dataset split and multi-turn history follow the rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from twin_finetune.config import TwinConfig, load_config
from twin_finetune.dataset import expand
from twin_finetune.seeds import SeedError, load_offmap, load_seeds

GOOD = {"q": ["Who are you?"], "a": ["I'm a twin."]}
REPO = Path(__file__).resolve().parents[2]
SHIPPED_PERSONAS = sorted(p.parent for p in (REPO / "finetune" / "personas").glob("*/twin.toml"))


def problems(tmp_path: Path, config: TwinConfig, *records: object) -> list[str]:
    path = tmp_path / "seeds.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n")
    with pytest.raises(SeedError) as error:
        load_seeds(path, config)
    return error.value.problems


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"q": ["Books?"], "a": ['Here.\nTOOL {"app":"films","params":{}}']}, "unknown app 'films'"),
        ({"q": ["Books?"], "a": ['Here.\nTOOL {"app":"books","params":{}']}, "malformed TOOL JSON"),
        ({"q": ["Books?"], "a": ['Here.\nTOOL {"app":"books","params":{"genre":"sf"}}']}, "unknown param 'genre'"),
        ({"q": ["Rust?"], "a": ['Here.\nTOOL {"app":"projects","params":{"category":"hobby"}}']}, "must be one of"),
        ({"q": ["Books?"], "a": ['Here.\nTOOL {"app":"books","params":{},"x":1}']}, "TOOL JSON must be"),
        ({"q": ["Books?"], "a": ["   "]}, "empty answer"),
        ({"q": ["Books?"], "a": ['TOOL {"app":"books","params":{}}']}, "empty answer"),
        ({"q": ["Books?"], "a": ['TOOL {"app":"books","params":{}}\nthen text']}, "must be the answer's last line"),
        ({"turns": [["Hi", "Hello"], ["Books?", ""]]}, "turn 2: empty answer"),
        ({"q": ["Books?"], "a": ['Here.\ntool {"app":"books"}']}, '"TOOL" in capitals'),
        ({"q": ["Books?"], "a": ['Here.\n  TOOL {"app":"films"}']}, "unknown app 'films'"),
        ({"q": ["Books?"], "a": ['Here.\nTOOL{"app":"films"}']}, "unknown app 'films'"),
        ({"q": ["Books?"], "a": ["x"], "kind": "other"}, "unknown kind"),
        ('{"q": ["Books?"], "a": ["x"]', "invalid JSON"),
    ],
)
def test_each_mistake_is_reported_with_file_and_line(tmp_path, config, record, message):
    found = problems(tmp_path, config, GOOD, "", record)
    assert len(found) == 1
    assert found[0].startswith(f"{tmp_path / 'seeds.jsonl'}:3: "), found[0]
    assert message in found[0]


def test_all_problems_are_reported_at_once_and_conflicting_answers_are_caught(tmp_path, config):
    found = problems(
        tmp_path, config, GOOD, {"q": ["Books?"], "a": [""]}, {"q": ["who are you?"], "a": ["Someone else."]}
    )
    assert [p.split(": ")[0].rsplit(":", 1)[1] for p in found] == ["2", "3"]
    assert "has a different answer on line 1" in found[1]


def test_offmap_lines_are_checked(tmp_path):
    path = tmp_path / "offmap.jsonl"
    path.write_text('{"q": "Chess?"}\n{"question": "x"}\n')
    with pytest.raises(SeedError, match=r"offmap.jsonl:2: "):
        load_offmap(path)


def test_split_holds_out_the_last_of_three_or_more_variants(config, examples):
    held = [e.messages[1]["content"] for e in examples if e.split == "heldout"]
    assert held == ["Are you Bo?", "Rust projects?", "what do you make a year"]
    trained = [e.messages[1]["content"] for e in examples if e.split == "train"]
    assert "Who are you?" in trained and "What have you built?" in trained
    assert expand(load_seeds(config.seeds_path, config), config) == examples  # deterministic


def test_answer_variants_pair_by_index(examples):
    replies = {e.messages[1]["content"]: e.messages[2]["content"] for e in examples if e.kind == "qa"}
    assert replies["Any book tips?"] == "Read anything by Ursula K. Le Guin."
    assert replies["What are you reading?"].endswith('TOOL {"app":"books","params":{}}')


def test_dialogue_history_shows_replies_without_tool_lines_and_trains_each_turn_once(config, examples):
    books = [
        e.messages for e in examples if e.kind == "dialogue" and e.messages[1]["content"] == "Got any books for me?"
    ]
    assert len(books) == 2
    first, second = books
    assert first[2] == {"role": "assistant", "content": 'Here\'s my shelf.\nTOOL {"app":"books","params":{}}'}
    assert second[2] == {"role": "assistant", "content": "Here's my shelf.", "train": False}
    assert second[4] == {"role": "assistant", "content": "The lighthouse one, 2019 edition."}
    assert all(m["content"] == config.system for e in examples for m in e.messages if m["role"] == "system")


def test_there_is_a_second_persona_to_check_the_honesty_threshold_on():
    assert {p.name for p in SHIPPED_PERSONAS} >= {"ada", "tobias"}


@pytest.mark.parametrize("persona", SHIPPED_PERSONAS, ids=lambda p: p.name)
def test_every_shipped_persona_validates_with_held_out_and_unseen_offmap_questions(persona):
    config = load_config(persona)
    examples = expand(load_seeds(config.seeds_path, config), config)
    assert {e.split for e in examples} == {"train", "heldout"}
    assert {e.kind for e in examples} == {"qa", "contrast", "dialogue"}
    asked = {m["content"].lower() for e in examples for m in e.messages if m["role"] == "user"}
    offmap = load_offmap(config.offmap_path)
    assert len(offmap) >= 40
    assert not asked & {q.lower() for q in offmap}
    # Every app the twin may open has data to show on its card.
    apps = json.loads((REPO / "models" / config.id / config.apps).read_text())
    assert set(config.tools) <= set(apps)
