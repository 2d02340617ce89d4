"""Everything a persona folder must hold before any step spends time on it, checked at once.

`twin-finetune dataset` runs this check, and so do `micro` and `build` before they train: a missing off-map file or
a broken card would otherwise surface only after an hour of training.
"""

from __future__ import annotations

from .apps_data import check_apps
from .config import TwinConfig
from .seeds import Record, SeedError, load_offmap, load_seeds


def check_persona(config: TwinConfig) -> list[Record]:
    """The seeds, once everything a later step reads is valid: seeds, off-map questions and app data, all at once."""
    problems, records = [], []
    try:
        records = load_seeds(config.seeds_path, config)
    except SeedError as e:
        problems += e.problems
    try:
        load_offmap(config.offmap_path)
    except SeedError as e:
        problems += e.problems
    problems += check_apps(config.apps_path, config)
    if problems:
        raise SeedError(problems)
    return records
