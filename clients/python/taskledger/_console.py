"""Terminal output for the command-line tool: aligned tables and a progress bar on stderr."""

from __future__ import annotations

import json
import sys
import time
from typing import Any, Callable, Iterable, List, Mapping, Optional, Sequence, TextIO, Tuple, Union

Column = Tuple[str, Union[str, Callable[[Mapping[str, Any]], Any]]]
MAX_CELL = 60


def cell(value: Any) -> str:
    """A value as table text: JSON for structures, empty for None."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def table(rows: Iterable[Mapping[str, Any]], columns: Sequence[Column], out: Optional[TextIO] = None) -> None:
    """Prints ``rows`` as left-aligned columns under a header; long cells are cut on a terminal."""
    out = out or sys.stdout
    cut = out.isatty()
    lines: List[List[str]] = [[h for h, _ in columns]]
    for row in rows:
        values = []
        for _, key in columns:
            text = cell(key(row) if callable(key) else row.get(key)).replace("\n", " ")
            if cut and len(text) > MAX_CELL:
                text = text[: MAX_CELL - 1] + "…"
            values.append(text)
        lines.append(values)
    widths = [max(len(line[i]) for line in lines) for i in range(len(columns))]
    for line in lines:
        out.write("  ".join(v.ljust(w) for v, w in zip(line, widths)).rstrip() + "\n")


def fields(obj: Mapping[str, Any], out: Optional[TextIO] = None) -> None:
    """Prints an object as ``key  value`` lines."""
    out = out or sys.stdout
    width = max((len(k) for k in obj), default=0)
    for key, value in obj.items():
        out.write(f"{key.ljust(width)}  {cell(value)}\n")


def print_json(value: Any, out: Optional[TextIO] = None) -> None:
    (out or sys.stdout).write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


class Progress:
    """A one-line progress bar on stderr (``label [#####-----] done/total``), redrawn at most 10 times a second."""

    WIDTH = 30

    def __init__(self, label: str, total: Optional[int], enabled: bool, out: Optional[TextIO] = None) -> None:
        self.label = label
        self.total = total
        self.enabled = enabled
        self.out = out or sys.stderr
        self.done = 0
        self._drawn = 0.0

    def add(self, n: int) -> None:
        self.done += n
        if self.enabled and time.monotonic() - self._drawn >= 0.1:
            self._draw()

    def finish(self) -> None:
        if self.enabled:
            self._draw()
            self.out.write("\n")
            self.out.flush()

    def _draw(self) -> None:
        self._drawn = time.monotonic()
        if self.total:
            filled = min(self.WIDTH, self.done * self.WIDTH // self.total)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            text = f"{self.label} [{bar}] {self.done:,}/{self.total:,} rows"
        else:
            text = f"{self.label} {self.done:,} rows"
        self.out.write("\r" + text)
        self.out.flush()
