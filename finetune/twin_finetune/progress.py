"""A progress bar with an ETA for the long steps (training, export, eval), on stderr so reports stay clean."""

from __future__ import annotations

import sys

from tqdm import tqdm


class Progress:
    def __init__(self, what: str, total: int, unit: str):
        # A bar redrawn every few seconds at most: a log file of a two-hour run stays readable.
        self._bar = tqdm(total=total, desc=what, unit=unit, file=sys.stderr, mininterval=5, dynamic_ncols=True)

    def advance(self, status: str = "") -> None:
        if status:
            self._bar.set_postfix_str(status, refresh=False)
        self._bar.update()

    def note(self, line: str) -> None:
        """A line of its own above the bar, which keeps drawing below it."""
        self._bar.write(line, file=sys.stderr)

    def close(self) -> None:
        self._bar.close()
