"""What ``termkit lint`` reads: aligned TSV, bilingual TSV/CSV tables, TMX, and directories of them.

Why the line numbers: a finding is only useful if the editor can jump to it, so every unit keeps the file
and 1-based line it came from (TMX units keep their tuid instead). In a directory, a TSV or CSV counts as
a bilingual table when its header has ``src_text`` and ``tgt_text`` (so build's documents.tsv and
segments.tsv are skipped), and a TMX is skipped when a bilingual table of the same name sits beside it
(build writes every alignment both ways; checking both would report everything twice).
"""

from __future__ import annotations

import csv
import fnmatch
from pathlib import Path

import polars as pl

from termkit.encoding import read_text
from termkit.errors import TermkitError
from termkit.formats.discover import expand, is_bilingual_table
from termkit.formats.tsv import read_alignments_tsv
from termkit.tables import ALIGNMENTS

IGNORE_COLUMN = "lint_ignore"


def _data_lines(text: str) -> list[int]:
    """1-based line numbers of the data rows of a TSV, skipping blank lines as read_alignments_tsv does."""
    return [n for n, line in enumerate(text.split("\n")[1:], start=2) if line.rstrip("\r") != ""]


def _unescape(col: str) -> pl.Expr:
    """Vectorised twin of termkit.formats.tsv.unescape."""
    return (pl.col(col).fill_null("").str.replace_all("\\\\", "\x00", literal=True)
            .str.replace_all("\\t", "\t", literal=True).str.replace_all("\\n", "\n", literal=True)
            .str.replace_all("\\r", "\r", literal=True).str.replace_all("\x00", "\\", literal=True))


def _ids_expr(col: str, present: bool) -> pl.Expr:
    if not present:
        return pl.lit([], dtype=pl.List(pl.Int64)).alias(col)
    cell = pl.col(col).fill_null("").str.strip_chars()
    return (pl.when(cell == "").then(pl.lit([], dtype=pl.List(pl.Int64)))
            .otherwise(cell.str.split(",").list.eval(pl.element().cast(pl.Int64, strict=True))).alias(col))


def _read_tsv_fast(path: Path, text: str) -> pl.DataFrame | None:
    """A termkit-written aligned TSV read by polars in one pass (a million rows in seconds).

    Returns None for anything unusual (blank lines, ragged rows, bad numbers): the careful reader then
    reports the exact line.
    """
    body = text.rstrip("\n")
    if "\n\n" in body or "\x00" in body:
        return None
    header = body.split("\n", 1)[0].split("\t")
    try:
        raw = pl.read_csv(body.encode("utf-8"), separator="\t", quote_char=None, infer_schema=False,
                          empty_string_is_null=False, truncate_ragged_lines=False)
        # polars refuses a long row but pads a short one; with no long row, equal tab counts mean no short one
        if len(header) != len(raw.columns) or body.count("\t") != (body.count("\n") + 1) * (len(header) - 1):
            return None  # the careful reader names the line
        has = set(raw.columns)
        stem = path.stem
        df = raw.with_row_index("_i").select(
            (pl.col("tuid") if "tuid" in has else (pl.col("_i") + 1).cast(pl.String)).alias("tuid"),
            *[(pl.col(c) if c in has else pl.lit(stem)).alias(c) for c in ("src_doc", "tgt_doc")],
            _ids_expr("src_ids", "src_ids" in has), _ids_expr("tgt_ids", "tgt_ids" in has),
            *[(pl.col(c) if c in has else pl.lit("")).alias(c) for c in ("src_lang", "tgt_lang")],
            _unescape("src_text").alias("src_text"), _unescape("tgt_text").alias("tgt_text"),
            (pl.col("score").replace("", None).cast(pl.Float64, strict=True) if "score" in has
             else pl.lit(None, pl.Float64)).alias("score"),
            (pl.col("mode") if "mode" in has else pl.lit("imported")).alias("mode"),
            pl.lit(str(path)).alias("file"), (pl.col("_i") + 2).cast(pl.Int64).alias("line"),
            (pl.col(IGNORE_COLUMN) if IGNORE_COLUMN in has else pl.lit("")).alias(IGNORE_COLUMN))
    except (pl.exceptions.PolarsError, ValueError):
        return None
    return df


def _read_tsv(path: Path) -> pl.DataFrame:
    text, _ = read_text(path)
    if is_bilingual_table(path):
        fast = _read_tsv_fast(path, text)
        if fast is not None:
            return fast
    df = read_alignments_tsv(path)
    lines = _data_lines(text)
    header = text.split("\n", 1)[0].rstrip("\r").split("\t")
    ignore = [""] * df.height
    if IGNORE_COLUMN in header:
        k = header.index(IGNORE_COLUMN)
        ignore = [row.split("\t")[k] for row in text.split("\n")[1:] if row.rstrip("\r") != ""]
    return df.with_columns(pl.lit(str(path)).alias("file"), pl.Series("line", lines[:df.height], dtype=pl.Int64),
                           pl.Series(IGNORE_COLUMN, ignore[:df.height], dtype=pl.String))


def _read_csv(path: Path) -> pl.DataFrame:
    text, _ = read_text(path)
    reader = csv.reader(text.split("\n"))
    header = next(reader, [])
    if "src_text" not in header or "tgt_text" not in header:
        raise TermkitError("not a bilingual table: the header needs src_text and tgt_text columns", path, 1)
    rows = []
    for n, cells in enumerate(reader, start=2):
        if not cells:
            continue
        if len(cells) != len(header):
            raise TermkitError(f"expected {len(header)} comma-separated cells, found {len(cells)}", path, n)
        rec = dict(zip(header, cells, strict=True))
        rows.append({"tuid": rec.get("tuid") or str(n - 1), "src_doc": path.stem, "tgt_doc": path.stem,
                     "src_ids": [], "tgt_ids": [], "src_lang": rec.get("src_lang", ""),
                     "tgt_lang": rec.get("tgt_lang", ""), "src_text": rec["src_text"], "tgt_text": rec["tgt_text"],
                     "score": None, "mode": rec.get("mode", "imported"), "file": str(path), "line": n,
                     IGNORE_COLUMN: rec.get(IGNORE_COLUMN, "")})
    schema = {**ALIGNMENTS, "file": pl.String, "line": pl.Int64, IGNORE_COLUMN: pl.String}
    return pl.DataFrame(rows, schema=schema)


def _read_tmx(path: Path) -> pl.DataFrame:
    from termkit.formats.tmx import read_tmx  # written alongside (issue 5); imported only when needed

    return read_tmx(path).with_columns(pl.lit(str(path)).alias("file"), pl.lit(None, pl.Int64).alias("line"),
                                       pl.lit("").alias(IGNORE_COLUMN))


def read_target(path: Path) -> pl.DataFrame:
    """One file → ALIGNMENTS plus file, line and lint_ignore columns."""
    suffix = path.suffix.lower()
    if suffix == ".tmx":
        return _read_tmx(path)
    if suffix == ".csv":
        return _read_csv(path)
    return _read_tsv(path)


def read_targets(paths: list[Path], exclude: tuple[str, ...] = ()) -> tuple[pl.DataFrame, list[Path]]:
    """Every unit of every file to check, in one table, and the files read."""
    files = [f for f in expand(paths, exclude) if not any(fnmatch.fnmatch(f.as_posix(), pat) for pat in exclude)]
    frames = [read_target(f) for f in files]
    schema = {**ALIGNMENTS, "file": pl.String, "line": pl.Int64, IGNORE_COLUMN: pl.String}
    if not frames:
        return pl.DataFrame(schema=schema), files
    return pl.concat([f.select([pl.col(c).cast(t) for c, t in schema.items()]) for f in frames]), files
