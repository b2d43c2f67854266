"""Every file format an ALIGNMENTS table is read from or written to, and the one place a format is chosen.

Each format says its name, its suffixes, and how it reads (ALIGNMENTS batches, so that millions of units pass
in flat memory) and writes (batches in, atomically; returns the rows written). Commands never pick a reader
or writer by suffix themselves: they ask ``format_for`` (a path) or ``Format`` (a ``--format`` name), so
``lint``, ``export``, ``suggest``, ``align`` and ``import`` agree on what a ``.csv`` or ``.tmx`` is.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import polars as pl

from termkit.errors import TermkitError
from termkit.fileio import atomic_write
from termkit.tables import ALIGNMENTS, conform, empty

Batches = Iterable[pl.DataFrame]


class Format(StrEnum):
    """The formats ``--format`` names (for writing)."""

    ladder = "ladder"
    tsv = "tsv"
    jsonl = "jsonl"
    tmx = "tmx"
    parquet = "parquet"


@dataclass(frozen=True)
class AlignedFormat:
    """One format: ``read(path, batch_rows, keep, lines, encoding)`` and ``write(batches, path, creation_date)``.

    ``encoding`` (the user's ``--encoding``) matters to text formats; XML declares its own, Parquet is binary.
    """

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[Path, int, Sequence[str], bool, str | None], Iterator[pl.DataFrame]] | None
    write: Callable[[Batches, Path, str | None], int] | None


def _read_tsv(path: Path, batch_rows: int, keep: Sequence[str], lines: bool,
              encoding: str | None) -> Iterator[pl.DataFrame]:
    from termkit.formats.tsv import iter_alignments_tsv

    return iter_alignments_tsv(path, batch_rows, keep=keep, lines=lines, encoding=encoding)


def _read_csv(path: Path, batch_rows: int, keep: Sequence[str], lines: bool,
              encoding: str | None) -> Iterator[pl.DataFrame]:
    from termkit.formats.bilingual_csv import iter_bilingual_csv

    return iter_bilingual_csv(path, batch_rows, keep=keep, lines=lines, encoding=encoding)


def _read_xliff(path: Path, batch_rows: int, keep: Sequence[str], lines: bool,
                _encoding: str | None) -> Iterator[pl.DataFrame]:  # the file declares its own
    from termkit.formats.catalogs import iter_xliff

    return iter_xliff(path, batch_rows, keep=keep, lines=lines)


def _read_po(path: Path, batch_rows: int, keep: Sequence[str], lines: bool,
             _encoding: str | None) -> Iterator[pl.DataFrame]:  # the file declares its own
    from termkit.formats.catalogs import iter_po

    return iter_po(path, batch_rows, keep=keep, lines=lines)


def _read_xlsx(path: Path, batch_rows: int, keep: Sequence[str], lines: bool,
               _encoding: str | None) -> Iterator[pl.DataFrame]:  # the file declares its own
    from termkit.formats.spreadsheet import iter_xlsx

    return iter_xlsx(path, batch_rows, keep=keep, lines=lines)


def _with_columns(batches: Iterator[pl.DataFrame], keep: Sequence[str], lines: bool) -> Iterator[pl.DataFrame]:
    """Batches of a format without line numbers or extra columns, given them (null lines, empty cells)."""
    for batch in batches:
        extra = ([pl.lit(None, pl.Int64).alias("line")] if lines else []) + [pl.lit("").alias(c) for c in keep]
        yield conform(batch, ALIGNMENTS).with_columns(extra) if extra else conform(batch, ALIGNMENTS)


def _read_tmx(path: Path, batch_rows: int, keep: Sequence[str], lines: bool,
              encoding: str | None) -> Iterator[pl.DataFrame]:
    from termkit.formats.tmx import iter_tmx

    batches = iter_tmx(path, batch_rows=batch_rows, lines=lines)  # the line of each <tu>, when asked
    return (batch.with_columns([pl.lit("").alias(c) for c in keep]) for batch in batches)


def _read_parquet(path: Path, batch_rows: int, keep: Sequence[str], lines: bool,
                  encoding: str | None) -> Iterator[pl.DataFrame]:
    try:
        table = pl.read_parquet(path, columns=list(ALIGNMENTS))
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise TermkitError(f"not an alignments Parquet file: {str(exc).splitlines()[0]}", path) from None
    return _with_columns(iter(table.iter_slices(batch_rows)), keep, lines)


def _read_jsonl(path: Path, batch_rows: int, keep: Sequence[str], lines: bool,
                encoding: str | None) -> Iterator[pl.DataFrame]:
    from termkit.encoding import read_text

    text, _ = read_text(path, encoding)
    rows = []
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TermkitError(f"not a JSON object: {exc.msg}", path, n) from None
        if not isinstance(row, dict) or "src_text" not in row or "tgt_text" not in row:
            raise TermkitError("a row needs src_text and tgt_text", path, n)
        rows.append({**dict.fromkeys(ALIGNMENTS), "tuid": str(n), **{k: row[k] for k in ALIGNMENTS if k in row}})
    table = conform(pl.DataFrame(rows, schema=ALIGNMENTS), ALIGNMENTS) if rows else empty(ALIGNMENTS)
    return _with_columns(iter(table.iter_slices(batch_rows)), keep, lines)


def _whole(batches: Batches) -> pl.DataFrame:
    frames = [conform(b, ALIGNMENTS) for b in batches]
    return pl.concat(frames) if frames else empty(ALIGNMENTS)


def _write_tsv(batches: Batches, path: Path, _date: str | None) -> int:
    from termkit.formats.tsv import write_alignments_tsv_batches

    return write_alignments_tsv_batches(batches, path)


def _write_tmx(batches: Batches, path: Path, date: str | None) -> int:
    from termkit.formats.tmx import write_tmx

    rows = 0

    def counted() -> Iterator[pl.DataFrame]:
        nonlocal rows
        for b in batches:
            rows += b.height
            yield b

    write_tmx(counted(), path, creation_date=date)
    return rows


def _write_parquet(batches: Batches, path: Path, _date: str | None) -> int:
    """One Parquet file (as ``termkit build`` writes), streaming: only one batch is ever in memory."""
    from polars.io.plugins import register_io_source

    rows = 0

    def source(*_: object) -> Iterator[pl.DataFrame]:
        nonlocal rows
        for batch in batches:
            rows += batch.height
            yield conform(batch, ALIGNMENTS)

    with atomic_write(path, "wb") as fh:
        register_io_source(source, schema=ALIGNMENTS).sink_parquet(fh, statistics=False, row_group_size=50_000)
    return rows


def _write_jsonl(batches: Batches, path: Path, _date: str | None) -> int:
    rows = 0
    with atomic_write(path) as fh:
        for batch in batches:
            for row in conform(batch, ALIGNMENTS).iter_rows(named=True):
                row["score"] = None if row["score"] is None else round(row["score"], 4)
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                rows += 1
    return rows


def _write_ladder(batches: Batches, path: Path, _date: str | None) -> int:
    from termkit.formats.ladder import format_ladder

    df = _whole(batches)
    with atomic_write(path) as fh:
        fh.write(format_ladder(zip(df["src_ids"], df["tgt_ids"], strict=True)))
    return df.height


FORMATS: dict[str, AlignedFormat] = {f.name: f for f in (
    AlignedFormat("tsv", (".alignments.tsv", ".tsv"), _read_tsv, _write_tsv),
    AlignedFormat("csv", (".csv",), _read_csv, None),
    AlignedFormat("tmx", (".tmx",), _read_tmx, _write_tmx),
    AlignedFormat("parquet", (".parquet",), _read_parquet, _write_parquet),
    AlignedFormat("jsonl", (".jsonl",), _read_jsonl, _write_jsonl),
    AlignedFormat("xliff", (".xlf", ".xliff", ".sdlxliff", ".mqxliff"), _read_xliff, None),
    AlignedFormat("po", (".po",), _read_po, None),
    AlignedFormat("xlsx", (".xlsx", ".xlsm"), _read_xlsx, None),
    AlignedFormat("ladder", (".align", ".ladder"), None, _write_ladder),  # no text: see terms.memory.from_ladder
)}


def format_for(path: Path) -> AlignedFormat | None:
    """The format a file name says (its longest matching suffix, any case), or None."""
    name = path.name.lower()
    hits = [(len(s), f) for f in FORMATS.values() for s in f.suffixes if name.endswith(s)]
    return max(hits, key=lambda h: h[0])[1] if hits else None


def output_format(fmt: Format | None, out: Path | None) -> Format:
    """``--format`` when given, else what ``-o``'s suffix says (``out.tmx`` → TMX), else ladder.

    Why a contradiction is an error: ``-o o.tmx -f tsv`` would put a TSV where a CAT tool expects TMX.
    """
    found = format_for(out) if out is not None else None
    implied = Format(found.name) if found is not None and found.write is not None else None
    if fmt is not None and implied is not None and fmt is not implied:
        raise TermkitError(f"--format {fmt.value} contradicts the output's suffix {out.suffix} "
                           f"(which means {implied.value}): drop one of them", out)
    return fmt or implied or Format.ladder


def file_name(name: str, fmt: Format) -> str:
    """The file an alignment called ``name`` is written to in a folder: TSV as ``NAME.alignments.tsv``,
    which is what ``termkit build`` writes and what every command reading a folder recognises."""
    return name + FORMATS[fmt.value].suffixes[0]


def read_aligned(path: Path, batch_rows: int = 10_000, *, keep: Sequence[str] = (), lines: bool = False,
                 encoding: str | None = None) -> Iterator[pl.DataFrame]:
    """ALIGNMENTS batches of any aligned file, by its suffix (``lines``/``keep``/``encoding`` as
    ``tsv.iter_alignments_tsv``)."""
    fmt = format_for(path)
    if fmt is None or fmt.read is None:
        readable = ", ".join(s for f in FORMATS.values() if f.read for s in f.suffixes)
        raise TermkitError(f"not a file of aligned text termkit reads ({readable})", path)
    return fmt.read(path, batch_rows, keep, lines, encoding)


def write_aligned(batches: pl.DataFrame | Batches, fmt: Format, out: Path, *, creation_date: str | None = None) -> int:
    """Write ALIGNMENTS (one table or batches) in ``fmt`` to ``out``, atomically; return the rows written."""
    if isinstance(batches, pl.DataFrame):
        batches = [batches]
    write = FORMATS[fmt.value].write
    assert write is not None  # every Format member names a format that writes
    return write(iter(batches), out, creation_date)


def first_batch(batches: Iterator[pl.DataFrame]) -> tuple[pl.DataFrame | None, Iterator[pl.DataFrame]]:
    """The first batch (None for no rows at all) and the batches again: to refuse an empty input before
    an output file is created."""
    first = next(batches, None)
    return first, (itertools.chain([first], batches) if first is not None else iter(()))
