"""The ladder format of sentence-alignment research data: one bead a line, ``[0,1]:[2]``.

Why this format: it is what the gold sets in ``../shared/data`` (and Vecalign, Bertalign, Sennrich &
Volk's Text+Berg data) use, so any alignment termkit writes can be scored by anyone's tools, and
anyone's alignment can be scored by ``termkit eval``. Indices are 0-based sentence (line) numbers;
``[3]:[]`` is a deletion and ``[]:[4]`` an insertion. Spaces are tolerated (``[0]:[0, 1]``), and so is
a trailing ``:score`` field as Vecalign writes it (the score is ignored on reading).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from termkit.encoding import read_text
from termkit.errors import TermkitError
from termkit.fileio import atomic_write

Bead = tuple[list[int], list[int]]

_LINE = re.compile(r"^\s*\[([^\]]*)\]\s*:\s*\[([^\]]*)\]\s*(?::\s*[-+0-9.eE]+\s*)?$")
_INT_LIST = re.compile(r"^\s*(\d+\s*(,\s*\d+\s*)*)?$")


def _indices(cell: str, path: Path, line: int) -> list[int]:
    if not _INT_LIST.match(cell):
        raise TermkitError(f"bad index list [{cell}] (expected comma-separated sentence numbers)", path, line)
    return [int(x) for x in cell.split(",") if x.strip()]


def parse_ladder(text: str, path: str | Path = "<ladder>") -> list[Bead]:
    """Parse ladder text; blank lines are skipped, anything else malformed names ``path`` and the line.

    A sentence in two beads is accepted, not rejected: published gold has such slips (Text+Berg
    ``002.align`` line 197 repeats source 218), and the files must be scored as published.
    """
    p = Path(path)
    beads: list[Bead] = []
    for n, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        m = _LINE.match(raw)
        if not m:
            raise TermkitError(f"not a ladder bead: {raw.strip()[:60]!r} (expected e.g. [0,1]:[2])", p, n)
        beads.append((_indices(m.group(1), p, n), _indices(m.group(2), p, n)))
    return beads


def read_ladder(path: str | Path) -> list[Bead]:
    """Read a ladder file (any encoding termkit reads); errors name the file and line."""
    text, _ = read_text(path)
    beads = parse_ladder(text, path)
    if not beads:
        raise TermkitError("no beads in ladder file", path)
    return beads


def format_ladder(beads: Iterable[tuple[Sequence[int], Sequence[int]] | Sequence]) -> str:
    """Ladder text for ``beads``: pairs of index lists, or any tuple starting with them (e.g. ``Bead``)."""
    lines = []
    for bead in beads:
        src, tgt = bead[0], bead[1]
        lines.append(f"[{','.join(str(int(i)) for i in src)}]:[{','.join(str(int(i)) for i in tgt)}]\n")
    return "".join(lines)


def write_ladder(beads: Iterable[tuple[Sequence[int], Sequence[int]] | Sequence], path: str | Path) -> None:
    """Write ``beads`` as a ladder file, atomically (the format of ``../shared/data``)."""
    text = format_ladder(beads)
    with atomic_write(path) as fh:
        fh.write(text)
