"""The files an ALIGNMENTS table is written to: ladder, TSV, JSON Lines, TMX; chosen by name or by suffix.

Why here: ``align``, ``align --batch`` and ``build`` all write alignments, and the choice of format from
``--format`` and ``-o``'s suffix must be made once, the same way, refusing a pair that contradicts itself.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import polars as pl

from termkit.errors import TermkitError
from termkit.fileio import atomic_write
from termkit.formats.ladder import format_ladder


class Format(StrEnum):
    ladder = "ladder"
    tsv = "tsv"
    jsonl = "jsonl"
    tmx = "tmx"


SUFFIX = {Format.ladder: ".align", Format.tsv: ".tsv", Format.jsonl: ".jsonl", Format.tmx: ".tmx"}
_BY_SUFFIX = {**{v: k for k, v in SUFFIX.items()}, ".ladder": Format.ladder}


def output_format(fmt: Format | None, out: Path | None) -> Format:
    """``--format`` when given, else what ``-o``'s suffix says (``out.tmx`` → TMX), else ladder.

    Why a contradiction is an error: ``-o o.tmx -f tsv`` would put a TSV where a CAT tool expects TMX.
    """
    implied = _BY_SUFFIX.get(out.suffix.lower()) if out is not None else None
    if fmt is not None and implied is not None and fmt is not implied:
        raise TermkitError(f"--format {fmt.value} contradicts the output's suffix {out.suffix} "
                           f"(which means {implied.value}): drop one of them", out)
    return fmt or implied or Format.ladder


def file_name(name: str, fmt: Format) -> str:
    """The file an alignment called ``name`` is written to in a folder: TSV as ``NAME.alignments.tsv``,
    which is what ``termkit build`` writes and what every command reading a folder recognises."""
    return f"{name}.alignments.tsv" if fmt is Format.tsv else f"{name}{SUFFIX[fmt]}"


def _jsonl(df: pl.DataFrame) -> str:
    rows = []
    for row in df.iter_rows(named=True):
        row["score"] = round(row["score"], 4)
        rows.append(json.dumps(row, ensure_ascii=False) + "\n")
    return "".join(rows)


def write_alignments(df: pl.DataFrame, fmt: Format, out: Path, *, creation_date: str | None = None) -> None:
    """Write an ALIGNMENTS table in ``fmt`` to ``out``, atomically."""
    if fmt is Format.tsv:
        from termkit.formats.tsv import write_alignments_tsv

        write_alignments_tsv(df, out)
    elif fmt is Format.tmx:
        from termkit.formats.tmx import write_tmx

        write_tmx(df, out, creation_date=creation_date)
    else:
        text = format_ladder(zip(df["src_ids"], df["tgt_ids"], strict=True)) if fmt is Format.ladder else _jsonl(df)
        with atomic_write(out) as fh:
            fh.write(text)
