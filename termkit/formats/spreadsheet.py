"""Bilingual spreadsheets (.xlsx): a translator's older memory kept as two columns, read as aligned units.

Why polars' reader (calamine, through fastexcel): it reads the cells without Excel and without evaluating
anything, fast, and gives every cell as text. Which columns are the two sides is said by the header row, as
for CSV (``bilingual_csv.bilingual_columns``). Rows are numbered as the spreadsheet shows them (the header is
row 1), for lint and for errors.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import polars as pl

from termkit.errors import TermkitError
from termkit.fileio import read_bytes
from termkit.formats.bilingual_csv import bilingual_columns
from termkit.tables import ALIGNMENTS


def iter_xlsx(path: str | Path, batch_rows: int = 10_000, *, keep: Sequence[str] = (),
              lines: bool = False) -> Iterator[pl.DataFrame]:
    """The first sheet's rows as ALIGNMENTS batches (``line``: the spreadsheet's row number)."""
    p = Path(path)
    read_bytes(p)  # a missing file or a folder: the usual one-line errors
    try:
        sheet = pl.read_excel(p, engine="calamine", has_header=False, infer_schema_length=0,
                              drop_empty_rows=False)
    except Exception as exc:  # fastexcel's CalamineError and friends: a corrupt or foreign file
        raise TermkitError(f"not a readable spreadsheet: {str(exc).splitlines()[0]}", p) from None
    if sheet.height == 0:
        raise TermkitError("an empty spreadsheet", p)
    header = [c or "" for c in sheet.row(0)]
    try:
        si, ti, src_lang, tgt_lang = bilingual_columns(header)
    except ValueError as exc:
        raise TermkitError(str(exc), p, 1) from None
    by_name = {h.strip(): i for i, h in enumerate(header)}
    schema = {**ALIGNMENTS, "line": pl.Int64, **dict.fromkeys(keep, pl.String)}
    columns = [*ALIGNMENTS, *(["line"] if lines else []), *keep]
    rows: list[dict] = []
    for n, cells in enumerate(sheet.iter_rows(), start=1):
        if n == 1:
            continue
        src, tgt = (cells[si] or "").strip(), (cells[ti] or "").strip()
        if not src and not tgt:
            continue
        if not src or not tgt:
            side = "source" if not src else "target"
            raise TermkitError(f"row {n} has no {side} text (column {header[si if not src else ti]!r})", p, n)
        rows.append({"tuid": str(n), "src_doc": p.stem, "tgt_doc": p.stem, "src_ids": [], "tgt_ids": [],
                     "src_lang": src_lang, "tgt_lang": tgt_lang, "src_text": src, "tgt_text": tgt, "score": None,
                     "mode": "imported", "line": n,
                     **{c: (cells[by_name[c]] or "") if c in by_name else "" for c in keep}})
        if len(rows) == batch_rows:
            yield pl.DataFrame(rows, schema=schema).select(columns)
            rows = []
    if rows:
        yield pl.DataFrame(rows, schema=schema).select(columns)
