"""The aligned table as TSV: the people-readable twin of ``alignments.parquet``.

One bead a row with the columns of ``tables.ALIGNMENTS``; index lists are written ``0,1`` (empty for
an omitted side). Tabs and newlines inside text are escaped as ``\\t`` and ``\\n`` so that every bead
is exactly one line, which keeps git diffs and ``grep`` useful and lets checks report line numbers.
"""

from __future__ import annotations

import codecs
import csv
import itertools
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import polars as pl

from termkit.encoding import decode_bytes, read_text
from termkit.errors import TermkitError
from termkit.fileio import atomic_write
from termkit.tables import ALIGNMENTS, conform, empty

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


def _format_rows(df: pl.DataFrame) -> Iterator[str]:
    """The TSV lines (without newline) of an ALIGNMENTS table, one per row."""
    cols = list(ALIGNMENTS)
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
        yield "\t".join(cells)


def write_table_tsv(df: pl.DataFrame, path: str | Path) -> None:
    """Any table as TSV, a header and one escaped row a line (documents, paragraphs, summaries), atomically."""
    with atomic_write(path) as fh:
        fh.write("\t".join(df.columns) + "\n")
        for row in df.iter_rows():
            fh.write("\t".join(escape("" if v is None else str(v)) for v in row) + "\n")


def write_alignments_tsv(df: pl.DataFrame, path: str | Path, extra_columns: Sequence[str] = ()) -> None:
    """Write an ALIGNMENTS table as TSV (atomically); ``extra_columns`` of ``df`` follow, as text.

    Why extra columns: build adds ``review`` (a translator accepted the bead); readers ignore what they
    do not know, so the file stays an aligned table for every reader.
    """
    extras = df.select(extra_columns).iter_rows() if extra_columns else itertools.repeat((), df.height)
    with atomic_write(path) as fh:
        fh.write("\t".join([*ALIGNMENTS, *extra_columns]) + "\n")
        for line, more in zip(_format_rows(df), extras, strict=True):
            fh.write("\t".join([line, *(escape("" if v is None else str(v)) for v in more)]) + "\n")


def _escape_expr(col: str) -> pl.Expr:
    """Vectorised ``escape`` (backslash first, so that the escapes added after it stay single)."""
    expr = pl.col(col).fill_null("")
    for raw, esc in _ESC.items():
        expr = expr.str.replace_all(raw, esc, literal=True)
    return expr


def _format_batch(df: pl.DataFrame) -> bytes:
    """The TSV lines of one batch, formatted by polars; the same bytes as ``_format_rows``."""
    ids = ("src_ids", "tgt_ids")
    if df.select(pl.any_horizontal(pl.col(c).list.eval(pl.element().is_null()).list.any().any() for c in ids)).item():
        return "".join(line + "\n" for line in _format_rows(df)).encode("utf-8")  # None inside a list
    score = pl.Series("score", ["" if v is None else f"{v:.4f}" for v in df["score"].to_list()], dtype=pl.String)
    lines = df.select(pl.concat_str([
        *(_escape_expr(c) for c in ("tuid", "src_doc", "tgt_doc")),
        *(pl.col(c).list.eval(pl.element().cast(pl.String)).list.join(",").fill_null("") for c in ids),
        *(_escape_expr(c) for c in ("src_lang", "tgt_lang", "src_text", "tgt_text")),
        pl.lit(score), _escape_expr("mode"),
    ], separator="\t").alias("line"))["line"]
    return ("\n".join(lines.to_list()) + "\n").encode("utf-8") if len(lines) else b""


def write_alignments_tsv_batches(batches: Iterable[pl.DataFrame], path: str | Path) -> int:
    """Write ALIGNMENTS batches as one TSV, streaming and atomically; return the number of rows.

    Why: an import of millions of units never holds the whole table. The bytes are those that
    ``write_alignments_tsv`` writes for the concatenated batches. An exception from ``batches`` (a
    truncated input, say) leaves no file behind, and an existing file as it was.
    """
    rows = 0
    with atomic_write(path, "wb") as fh:
        fh.write(("\t".join(ALIGNMENTS) + "\n").encode("utf-8"))
        for batch in batches:
            fh.write(_format_batch(conform(batch, ALIGNMENTS)))
            rows += batch.height
    return rows


def _header(line: str, path: Path) -> list[str]:
    header = line.rstrip("\r").split("\t")
    if "src_text" not in header or "tgt_text" not in header:
        raise TermkitError("not an aligned table: the header needs src_text and tgt_text columns", path, 1)
    return header


def _schema(keep: Sequence[str]) -> dict[str, pl.DataType]:
    """ALIGNMENTS, the 1-based ``line`` of each row, and the raw cells of the ``keep`` columns (lint_ignore)."""
    return {**ALIGNMENTS, "line": pl.Int64, **dict.fromkeys(keep, pl.String)}


def _parse_lines(header: list[str], lines: list[str], first_line: int, p: Path,
                 keep: Sequence[str] = ()) -> pl.DataFrame:
    """Rows of an aligned TSV, checked cell by cell; errors name the line (``first_line`` is that of lines[0])."""
    rows: dict[str, list] = {c: [] for c in _schema(keep)}
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    for n, cells in enumerate(reader, start=first_line):
        if not cells or cells == [""]:
            continue
        if len(cells) != len(header):
            raise TermkitError(f"expected {len(header)} tab-separated cells, found {len(cells)}", p, n)
        rec = dict(zip(header, cells, strict=True))
        rows["line"].append(n)
        for c in keep:
            rows[c].append(rec.get(c, ""))
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
    return pl.DataFrame(rows, schema=_schema(keep))


def read_alignments_tsv(path: str | Path) -> pl.DataFrame:
    """Read an aligned TSV written by termkit; errors name the file and line.

    Besides ``tuid``, only ``src_text`` and ``tgt_text`` are required, so a plain bilingual table with
    those two columns (and optionally ``src_lang``/``tgt_lang``) can be checked too.
    """
    batches = list(iter_alignments_tsv(path))
    return pl.concat(batches) if batches else empty(ALIGNMENTS)


def _unescape_expr(col: str) -> pl.Expr:
    """Vectorised ``unescape``: ``\\\\`` waits on NUL (kept out of fast batches) while the others are replaced."""
    expr = pl.col(col).str.replace_all("\\\\", "\x00", literal=True)
    for esc, raw in (("\\t", "\t"), ("\\n", "\n"), ("\\r", "\r"), ("\x00", "\\")):
        expr = expr.str.replace_all(esc, raw, literal=True)
    return expr


def _ids_expr(col: str, present: bool) -> pl.Expr:
    if not present:
        return pl.lit([], dtype=pl.List(pl.Int64)).alias(col)
    return (pl.when(pl.col(col) == "").then(pl.lit([], dtype=pl.List(pl.Int64)))
            .otherwise(pl.col(col).str.split(",").list.eval(pl.element().cast(pl.Int64, strict=True))).alias(col))


def _parse_fast(header: list[str], lines: list[str], first_line: int, p: Path,
                keep: Sequence[str] = ()) -> pl.DataFrame | None:
    """``_parse_lines`` done by polars, for the usual well-formed batch (a million rows in seconds).

    Returns None for anything unusual (blank lines, ragged rows, cells polars reads differently from
    Python): the careful parser then gives the same table or names the bad line.
    """
    tabs = len(header) - 1  # polars pads a short row with empty cells: count the cells here
    if len(set(header)) != len(header) or any(line.count("\t") != tabs or "\x00" in line for line in lines):
        return None
    has = set(header)
    try:
        raw = pl.read_csv("\n".join(lines).encode("utf-8"), has_header=False, new_columns=header, separator="\t",
                          quote_char=None, infer_schema=False, empty_string_is_null=False,
                          truncate_ragged_lines=False, comment_prefix=None)
        if raw.shape != (len(lines), len(header)) or raw.null_count().sum_horizontal().item() > 0:
            return None
        line = pl.int_range(pl.len(), dtype=pl.Int64) + first_line
        row_tuid = (line - 1).cast(pl.String)
        df = raw.select(
            (pl.when(pl.col("tuid") != "").then(pl.col("tuid")).otherwise(row_tuid) if "tuid" in has
             else row_tuid).alias("tuid"),
            *[(pl.col(c) if c in has else pl.lit(p.stem)).alias(c) for c in ("src_doc", "tgt_doc")],
            _ids_expr("src_ids", "src_ids" in has), _ids_expr("tgt_ids", "tgt_ids" in has),
            *[(pl.col(c) if c in has else pl.lit("")).alias(c) for c in ("src_lang", "tgt_lang")],
            _unescape_expr("src_text").alias("src_text"), _unescape_expr("tgt_text").alias("tgt_text"),
            (pl.col("score").replace("", None).cast(pl.Float64, strict=True) if "score" in has
             else pl.lit(None, pl.Float64)).alias("score"),
            (pl.col("mode") if "mode" in has else pl.lit("imported")).alias("mode"),
            line.alias("line"), *[(pl.col(c) if c in has else pl.lit("")).alias(c) for c in keep],
        )
    except (pl.exceptions.PolarsError, ValueError):
        return None
    return conform(df, _schema(keep))


_SMALL = 16 * 2**20  # bytes: files up to this size are simply read whole, exactly as ``read_text`` does
_HEAD = 2**16


def _streams_as_utf8(p: Path) -> bool:
    """Whether ``p`` is a large UTF-8 file that ``read_text`` would decode as UTF-8 (so it can be streamed).

    Anything else (small, UTF-16, GB18030, Big5, blank head) is read whole by ``read_text``, so that
    every file decodes, and fails, exactly as ``read_alignments_tsv`` would have it.
    """
    if not p.is_file() or p.stat().st_size <= _SMALL:
        return False
    with open(p, "rb") as fh:
        head = fh.read(_HEAD)
        cut = head.rfind(b"\n") + 1
        if not cut or not head.strip() or decode_bytes(head[:cut], p)[1] != "utf-8":
            return False
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := fh.read(4 * 2**20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _text_lines(p: Path, encoding: str | None = None) -> Iterator[str]:
    """The lines of a user's text file as ``read_text(p, encoding)[0].split("\n")`` gives them, large UTF-8
    files lazily."""
    if encoding or not _streams_as_utf8(p):
        yield from read_text(p, encoding)[0].split("\n")
        return
    with open(p, encoding="utf-8-sig", newline=None) as fh:  # universal newlines: \r\n and \r become \n
        for line in fh:
            yield line[:-1] if line.endswith("\n") else line


def iter_alignments_tsv(path: str | Path, batch_rows: int = 10_000, *, keep: Sequence[str] = (),
                        lines: bool = False, encoding: str | None = None) -> Iterator[pl.DataFrame]:
    """An aligned TSV in ALIGNMENTS batches of up to ``batch_rows`` lines, so that memory stays flat.

    Empty batches are not yielded; bad input raises errors naming the line. ``lines`` adds each row's 1-based
    ``line``, and ``keep`` the raw cells of other columns (``""`` where the file has no such column): what a
    checker needs to point at a row and honour its ``lint_ignore``. ``encoding`` replaces detection.
    """
    p = Path(path)
    text = _text_lines(p, encoding)
    header = _header(next(text), p)
    columns = [*ALIGNMENTS, *(["line"] if lines else []), *keep]
    first_line = 2
    while batch := list(itertools.islice(text, batch_rows)):
        df = _parse_fast(header, batch, first_line, p, keep)
        if df is None:
            df = _parse_lines(header, batch, first_line, p, keep)
        if df.height:
            yield df.select(columns)
        first_line += len(batch)
