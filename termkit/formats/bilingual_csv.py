"""Bilingual tables as CSV (a spreadsheet's export), and the header rule of every bilingual table.

The header names the two sides: ``src_text``/``tgt_text`` (as termkit writes), ``source``/``target``
(``src``/``tgt``, 原文/译文), or two language codes (``zh``/``en``, ``zh-Hant``/``en``: then they are the
languages too, the first column the source); any other columns of ``tables.ALIGNMENTS`` are optional.

Why the csv module and not polars: a spreadsheet's CSV quotes cells with commas and newlines, and an error
must name the line a row starts on; Python's reader gives both.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import polars as pl

from termkit.encoding import read_text
from termkit.errors import TermkitError
from termkit.lang import canonical_tag
from termkit.tables import ALIGNMENTS

_PAIRS = (("src_text", "tgt_text"), ("source", "target"), ("src", "tgt"), ("原文", "译文"), ("原文", "譯文"))
_TAG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
#: Short headers that look like language codes but never are.
_NOT_LANGUAGES = frozenset({"id", "no", "nr", "key", "ref", "row", "src", "tgt", "num"})


def bilingual_columns(header: Sequence[str]) -> tuple[int, int, str, str]:
    """The source and target column indices of a header, and the languages it names ("" when it names none).

    Raises ``ValueError`` with what a header needs when it has no pair of sides.
    """
    names = [h.strip().lower() for h in header]
    for src, tgt in _PAIRS:
        if src in names and tgt in names:
            return names.index(src), names.index(tgt), "", ""
    langs = [i for i, h in enumerate(names) if _TAG.match(h) and h not in _NOT_LANGUAGES and h not in ALIGNMENTS]
    if len(langs) >= 2:
        a, b = langs[:2]
        return a, b, canonical_tag(header[a].strip()), canonical_tag(header[b].strip())
    shown = ", ".join(repr(h) for h in header if h.strip()) or "nothing"
    raise ValueError(f"no source and target columns in the header (found {shown}; expected src_text/tgt_text, "
                     "source/target or two language codes such as zh and en)")


def iter_bilingual_csv(path: str | Path, batch_rows: int = 10_000, *, keep: Sequence[str] = (),
                       lines: bool = False, encoding: str | None = None) -> Iterator[pl.DataFrame]:
    """A CSV's rows as ALIGNMENTS batches (as ``tsv.iter_alignments_tsv``: ``lines``, ``keep``, ``encoding``)."""
    p = Path(path)
    text, _ = read_text(p, encoding)
    reader = csv.reader(text.split("\n"))
    header = next(reader, [])
    try:
        si, ti, src_lang, tgt_lang = bilingual_columns(header)
    except ValueError as exc:
        raise TermkitError(f"not a bilingual table: {exc}", p, 1) from None
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
                     "src_lang": rec.get("src_lang") or src_lang, "tgt_lang": rec.get("tgt_lang") or tgt_lang,
                     "src_text": cells[si], "tgt_text": cells[ti], "score": value,
                     "mode": rec.get("mode") or "imported", "line": n, **{c: rec.get(c, "") for c in keep}})
        if len(rows) == batch_rows:
            yield pl.DataFrame(rows, schema=schema).select(columns)
            rows = []
    if rows:
        yield pl.DataFrame(rows, schema=schema).select(columns)
