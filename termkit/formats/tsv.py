"""The aligned table as TSV: the people-readable twin of ``alignments.parquet``.

One bead a row with the columns of ``tables.ALIGNMENTS``; index lists are written ``0,1`` (empty for
an omitted side). Tabs and newlines inside text are escaped as ``\\t`` and ``\\n`` so that every bead
is exactly one line, which keeps git diffs and ``grep`` useful and lets checks report line numbers.
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl

from termkit.encoding import read_text
from termkit.errors import TermkitError
from termkit.fileio import atomic_write
from termkit.tables import ALIGNMENTS, empty

_ESC = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape(text: str) -> str:
    """Make ``text`` safe for one TSV cell."""
    return "".join(_ESC.get(c, c) for c in text)


def unescape(cell: str) -> str:
    """Inverse of ``escape``."""
    out: list[str] = []
    it = iter(cell)
    for c in it:
        if c == "\\":
            nxt = next(it, "")
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(nxt, "\\" + nxt))
        else:
            out.append(c)
    return "".join(out)


def _ids(cell: str, path: Path, line: int) -> list[int]:
    cell = cell.strip()
    if not cell:
        return []
    try:
        return [int(x) for x in cell.split(",")]
    except ValueError:
        raise TermkitError(f"bad index list {cell!r}", path, line) from None


def write_alignments_tsv(df: pl.DataFrame, path: str | Path) -> None:
    """Write an ALIGNMENTS table as TSV (atomically)."""
    cols = list(ALIGNMENTS)
    with atomic_write(path) as fh:
        fh.write("\t".join(cols) + "\n")
        for row in df.select(cols).iter_rows(named=True):
            cells = []
            for c in cols:
                v = row[c]
                if c in ("src_ids", "tgt_ids"):
                    cells.append(",".join(str(i) for i in v or []))
                elif c == "score":
                    cells.append("" if v is None else f"{v:.4f}")
                else:
                    cells.append(escape("" if v is None else str(v)))
            fh.write("\t".join(cells) + "\n")


def read_alignments_tsv(path: str | Path) -> pl.DataFrame:
    """Read an aligned TSV written by termkit; errors name the file and line.

    Besides ``tuid``, only ``src_text`` and ``tgt_text`` are required, so a plain bilingual table with
    those two columns (and optionally ``src_lang``/``tgt_lang``) can be checked too.
    """
    p = Path(path)
    text, _ = read_text(p)
    lines = text.split("\n")
    header = lines[0].rstrip("\r").split("\t")
    if "src_text" not in header or "tgt_text" not in header:
        raise TermkitError("not an aligned table: the header needs src_text and tgt_text columns", p, 1)
    rows: dict[str, list] = {c: [] for c in ALIGNMENTS}
    reader = csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE)
    for n, cells in enumerate(reader, start=2):
        if not cells or cells == [""]:
            continue
        if len(cells) != len(header):
            raise TermkitError(f"expected {len(header)} tab-separated cells, found {len(cells)}", p, n)
        rec = dict(zip(header, cells, strict=True))
        rows["tuid"].append(rec.get("tuid") or str(n - 1))
        rows["src_doc"].append(rec.get("src_doc", p.stem))
        rows["tgt_doc"].append(rec.get("tgt_doc", p.stem))
        rows["src_ids"].append(_ids(rec.get("src_ids", ""), p, n))
        rows["tgt_ids"].append(_ids(rec.get("tgt_ids", ""), p, n))
        rows["src_lang"].append(rec.get("src_lang", ""))
        rows["tgt_lang"].append(rec.get("tgt_lang", ""))
        rows["src_text"].append(unescape(rec["src_text"]))
        rows["tgt_text"].append(unescape(rec["tgt_text"]))
        try:
            rows["score"].append(float(rec["score"]) if rec.get("score") else None)
        except ValueError:
            raise TermkitError(f"bad score {rec['score']!r}", p, n) from None
        rows["mode"].append(rec.get("mode", "imported"))
    if not rows["tuid"]:
        return empty(ALIGNMENTS)
    return pl.DataFrame(rows, schema=ALIGNMENTS)
