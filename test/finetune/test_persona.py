"""`twin-finetune dataset` checks everything a later step reads, naming file:line, before any training starts; every
step that reads a persona needs --persona."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from twin_finetune.apps_data import APPS
from twin_finetune.cli import main
from twin_finetune.config import load_config
from twin_finetune.persona import check_persona
from twin_finetune.seeds import SeedError

FIXTURE = Path(__file__).parent / "fixtures" / "persona"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def persona(tmp_path: Path) -> Path:
    folder = tmp_path / "persona"
    shutil.copytree(FIXTURE, folder)
    return folder


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(SeedError) as error:
        check_persona(load_config(folder))
    return error.value.problems


def test_the_fixture_persona_is_valid(persona):
    assert check_persona(load_config(persona))


def test_a_missing_offmap_file_is_named(persona):
    (persona / "offmap.jsonl").unlink()
    assert problems_of(persona) == [
        f"{persona / 'offmap.jsonl'}: missing (questions the seeds never cover, for the "
        'off-map eval: {"q": "..."} per line)'
    ]


def test_app_data_is_checked_against_the_cards_schema_with_lines(persona):
    (persona / "apps.json").write_text(
        json.dumps(
            {
                "projects": [
                    {"title": "A", "summary": "B", "tags": ["x"], "category": "oss"},
                    {"title": "C", "summary": "D", "tags": "rust", "category": "hobby", "stars": 3},
                ],
                "films": [],
            },
            indent=2,
        )
    )
    found = problems_of(persona)
    path = persona / "apps.json"
    assert f'{path}:1: unknown app "films" (known: {", ".join(APPS)})' in found
    assert f"{path}:11: projects[1].tags must be a list of strings" in found
    assert f"{path}:11: projects[1].category must be one of ['oss', 'professional'], got 'hobby'" in found
    assert f'{path}:11: projects[1]: unknown field "stars"' in found
    assert f'{path}:1: [tools] in twin.toml names "books", but there is no "books" data for its card' in found


def test_invalid_json_and_a_missing_file_are_named(persona):
    (persona / "apps.json").write_text('{\n  "books": [\n')
    assert problems_of(persona)[0].startswith(f"{persona / 'apps.json'}:3: invalid JSON")
    (persona / "apps.json").unlink()
    assert problems_of(persona)[0].startswith(f"{persona / 'apps.json'}: missing")


def test_seed_offmap_and_app_problems_come_together(persona):
    (persona / "offmap.jsonl").write_text('{"question": "x"}\n')
    (persona / "seeds.jsonl").write_text('{"q": ["Books?"], "a": ["Here.\\ntool {\\"app\\":\\"books\\"}"]}\n')
    (persona / "apps.json").write_text('{"books": [{"title": "T"}]}')
    found = problems_of(persona)
    assert [p.split(":")[0].rsplit("/", 1)[1] for p in found] == [
        "seeds.jsonl",
        "offmap.jsonl",
        "apps.json",
        "apps.json",
    ]


def test_every_persona_step_needs_persona(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["dataset"])
    assert "--persona is required" in str(exit.value)


def test_the_schema_is_the_elements():
    """Every field of every app in src/models/apps-data.ts, with its optional mark, and no other."""
    source = (REPO / "src" / "models" / "apps-data.ts").read_text()
    interfaces = dict(re.findall(r"export interface (\w+) \{(.*?)\n\}", source, re.S))
    app_types = dict(re.findall(r"^  (\w+)\?: (.+);$", interfaces.pop("AppsData"), re.M))
    assert set(app_types) == set(APPS)

    def fields(body: str) -> set[str]:
        return {name + optional for name, optional in re.findall(r"(\w+)(\??):", body)}

    for app, ts_type in app_types.items():
        is_list, schema = APPS[app]
        assert ts_type.endswith("[]") == is_list, app
        body = interfaces[ts_type[:-2]] if is_list else ts_type
        expected = fields(body.split("links:")[0]) | ({"links"} if "links:" in body else set())
        assert expected == set(schema), app
