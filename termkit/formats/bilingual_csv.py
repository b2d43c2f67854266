"""Bilingual tables as CSV (a spreadsheet's export): ``src_text`` and ``tgt_text`` columns, any others optional.

Why the csv module and not polars: a spreadsheet's CSV quotes cells with commas and newlines, and an error
must name the line a row starts on; Python's reader gives both.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

import polars as pl

from termkit.encoding import read_text
from termkit.errors import TermkitError
from termkit.tables import ALIGNMENTS


def iter_bilingual_csv(path: str | Path, batch_rows: int = 10_000, *, keep: Sequence[str] = (),
                       lines: bool = False, encoding: str | None = None) -> Iterator[pl.DataFrame]:
    """A CSV's rows as ALIGNMENTS batches (as ``tsv.iter_alignments_tsv``: ``lines``, ``keep``, ``encoding``)."""
    p = Path(path)
    text, _ = read_text(p, encoding)
    reader = csv.reader(text.split("\n"))
    header = next(reader, [])
    if "src_text" not in header or "tgt_text" not in header:
        raise TermkitError("not a bilingual table: the header needs src_text and tgt_text columns", p, 1)
    schema = {**ALIGNMENTS, "line": pl.Int64, **dict.fromkeys(keep, pl.String)}
    columns = [*ALIGNMENTS, *(["line"] if lines else []), *keep]
    rows: list[dict] = []
    start = reader.line_num + 1
    for cells in reader:
        n, start = start, reader.line_num + 1
        if not cells:
            continue
        if len(cells) != len(header):
            raise TermkitError(f"expected {len(header)} comma-separated cells, found {len(cells)}", p, n)
        rec = dict(zip(header, cells, strict=True))
        score = rec.get("score", "").strip()
        try:
            value = float(score) if score else None
        except ValueError:
            raise TermkitError(f"bad score {score!r}", p, n) from None
        rows.append({"tuid": rec.get("tuid") or str(n - 1), "src_doc": rec.get("src_doc") or p.stem,
                     "tgt_doc": rec.get("tgt_doc") or p.stem, "src_ids": [], "tgt_ids": [],
                     "src_lang": rec.get("src_lang", ""), "tgt_lang": rec.get("tgt_lang", ""),
                     "src_text": rec["src_text"], "tgt_text": rec["tgt_text"], "score": value,
                     "mode": rec.get("mode") or "imported", "line": n, **{c: rec.get(c, "") for c in keep}})
        if len(rows) == batch_rows:
            yield pl.DataFrame(rows, schema=schema).select(columns)
            rows = []
    if rows:
        yield pl.DataFrame(rows, schema=schema).select(columns)
