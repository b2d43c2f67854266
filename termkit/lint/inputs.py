"""What ``termkit lint`` reads: any aligned file (``formats.alignments``) and folders of them (``formats.discover``).

Why the line numbers: a finding is only useful if the editor can jump to it, so every unit keeps the file
and 1-based line it came from (TMX units keep their tuid instead).
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

import polars as pl

from termkit.formats.alignments import read_aligned
from termkit.formats.discover import expand
from termkit.tables import LINT_INPUT, conform, empty

IGNORE_COLUMN = "lint_ignore"


def read_target(path: Path, encoding: str | None = None) -> pl.DataFrame:
    """One file → tables.LINT_INPUT: ALIGNMENTS plus the file, the line and the row's ``lint_ignore``."""
    batches = list(read_aligned(path, keep=(IGNORE_COLUMN,), lines=True, encoding=encoding))
    table = pl.concat(batches) if batches else empty(LINT_INPUT).drop("file")
    return conform(table.with_columns(pl.lit(str(path)).alias("file")), LINT_INPUT)


def read_targets(paths: list[Path], exclude: tuple[str, ...] = (),
                 encoding: str | None = None) -> tuple[pl.DataFrame, list[Path]]:
    """Every unit of every file to check, in one table, and the files read (``encoding`` replaces detection)."""
    files = [f for f in expand(paths, exclude, encoding)
             if not any(fnmatch.fnmatch(f.as_posix(), pat) for pat in exclude)]
    frames = [read_target(f, encoding) for f in files]
    return (pl.concat(frames) if frames else empty(LINT_INPUT)), files
