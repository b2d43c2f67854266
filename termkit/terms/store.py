"""The glossary on disk: TSV (or CSV) files, one term a row, grouped by concept; see glossary/README.md.

Why rows per term and not per concept: a concept has any number of terms per language (preferred,
admitted, deprecated; full and short forms), and one row per term keeps ``git diff`` and ``git blame``
pointing at exactly the term that changed. Concept-level cells (subject, definition, source) may be left
blank on a concept's later rows; they are then inherited from the concept's first row.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from termkit.encoding import read_text
from termkit.errors import TermkitError
from termkit.fileio import atomic_write
from termkit.formats.tsv import escape, unescape
from termkit.lang import lang_script
from termkit.tables import CONCEPTS, STATUSES, default_case_sensitive, empty

#: Columns of a glossary file, in the order save_glossary writes them.
COLUMNS = ("concept_id", "subject", "definition", "source", "lang", "script", "term", "status", "term_type",
           "pos", "case_sensitive", "note")
REQUIRED = ("concept_id", "lang", "term")
TERM_TYPES = ("fullForm", "shortForm", "abbreviation", "acronym", "variant", "phrase", "")
POS = ("noun", "verb", "adjective", "adverb", "properNoun", "other", "")
SCRIPTS = ("", "zh-Hans", "zh-Hant")
#: A row filter over a row's raw cells (column → text).
RowFilter = Callable[[dict[str, str]], bool]
_TRUE = {"yes", "true", "1", "y"}
_FALSE = {"no", "false", "0", "n"}
_INHERITED = ("subject", "definition", "source")


@dataclass(frozen=True)
class RowProblem:
    """A malformed glossary row: where, and what is wrong with it."""

    file: str
    line: int
    message: str


def _split_lang(lang: str, script: str) -> tuple[str, str]:
    """``zh-Hant`` in the lang column means lang ``zh``, script ``zh-Hant``; an explicit script wins."""
    base, tagged = lang_script(lang)
    return base, (script or tagged) if base == "zh" else ""


def _glossary_files(path: Path) -> list[Path]:
    if not path.exists():
        raise TermkitError("no such glossary file or directory", path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".tsv", ".csv") and p.is_file())
        if not files:
            raise TermkitError("glossary directory holds no .tsv or .csv files", path)
        return files
    return [path]


def _parse_file(path: Path, extra: Collection[str] = (), keep: RowFilter | None = None,
                ) -> tuple[list[dict], list[RowProblem]]:
    """Rows of one glossary file as CONCEPTS dicts, plus every malformed row found (not just the first).

    ``extra`` columns may appear in the header and are read but not kept; ``keep`` drops rows by their raw cells.
    """
    text, _ = read_text(path)
    delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    problems: list[RowProblem] = []
    rows: list[dict] = []
    header: list[str] | None = None
    first_of: dict[str, dict] = {}
    # CSV reads the text as a stream, so that a quoted cell keeps its line breaks; TSV has one row a line
    source = io.StringIO(text, newline="") if delimiter == "," else text.split("\n")
    reader = csv.reader(source, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE)
    end = 0
    for cells in reader:
        n, end = end + 1, reader.line_num  # n: the line the row starts on
        if not cells or all(not c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [c.strip().lower() for c in cells]
            unknown = [c for c in header if c not in COLUMNS and c not in extra]
            missing = [c for c in REQUIRED if c not in header]
            if unknown or missing:
                what = f"unknown column(s) {unknown}" if unknown else f"missing column(s) {missing}"
                raise TermkitError(f"bad glossary header: {what}; columns are {', '.join(COLUMNS)}", path, n)
            continue
        if len(cells) != len(header):
            problems.append(RowProblem(str(path), n, f"expected {len(header)} cells, found {len(cells)}"))
            continue
        raw = {c: (unescape(v) if delimiter == "\t" else v).strip() for c, v in zip(header, cells, strict=True)}
        if keep is not None and not keep(raw):
            continue
        row, problem = _make_row(raw, str(path), n, first_of)
        if problem:
            problems.append(RowProblem(str(path), n, problem))
        else:
            rows.append(row)
    if header is None:
        raise TermkitError("glossary file has no header row", path)
    return rows, problems


def _make_row(raw: dict[str, str], file: str, line: int, first_of: dict[str, dict]) -> tuple[dict, str]:
    """Validate one row's cells; fill inherited concept cells and defaults. Returns (row, problem)."""
    for col in REQUIRED:
        if not raw.get(col):
            return {}, f"empty {col}"
    lang, script = _split_lang(raw["lang"], raw.get("script", ""))
    if script not in SCRIPTS:
        return {}, f"unknown script {script!r} (use zh-Hans, zh-Hant or leave empty)"
    status = raw.get("status", "") or "preferred"
    if status not in STATUSES:
        return {}, f"unknown status {status!r} (use {', '.join(STATUSES)})"
    term_type = raw.get("term_type", "")
    if term_type not in TERM_TYPES:
        return {}, f"unknown term_type {term_type!r} (use {', '.join(t for t in TERM_TYPES if t)})"
    pos = raw.get("pos", "")
    if pos not in POS:
        return {}, f"unknown pos {pos!r} (use {', '.join(p for p in POS if p)})"
    cs = raw.get("case_sensitive", "").lower()
    if cs and cs not in _TRUE | _FALSE:
        return {}, f"case_sensitive must be yes or no, not {cs!r}"
    term = " ".join(raw["term"].split())
    row = {
        "concept_id": raw["concept_id"], "lang": lang, "script": script, "term": term, "status": status,
        "term_type": term_type, "pos": pos,
        "case_sensitive": (cs in _TRUE) if cs else default_case_sensitive(term_type, term),
        "note": raw.get("note", ""), "file": file, "line": line,
    }
    first = first_of.setdefault(raw["concept_id"], {c: raw.get(c, "") for c in _INHERITED})
    for col in _INHERITED:
        row[col] = raw.get(col, "") or first[col]
    return row, ""


def read_glossary_rows(path: Path, extra: Collection[str] = (), keep: RowFilter | None = None,
                       ) -> tuple[pl.DataFrame, list[RowProblem]]:
    """All well-formed rows of a glossary (file or directory) and every malformed one; for glossary lint.

    ``extra``/``keep``: see ``_parse_file`` (how a file with more columns, such as suggest's candidates, is read).
    """
    rows: list[dict] = []
    problems: list[RowProblem] = []
    for f in _glossary_files(Path(path)):
        got, bad = _parse_file(f, extra, keep)
        rows.extend(got)
        problems.extend(bad)
    if not rows:
        return empty(CONCEPTS), problems
    df = pl.DataFrame(rows, schema=CONCEPTS)
    # concept-level cells are concept-wide even across files: the first row that has one wins
    firsts = df.group_by("concept_id", maintain_order=True).agg(
        [pl.col(c).filter(pl.col(c) != "").first().alias(f"_{c}") for c in ("subject", "definition")])
    df = df.join(firsts, on="concept_id", how="left", maintain_order="left").with_columns(
        [pl.when(pl.col(c) == "").then(pl.col(f"_{c}").fill_null("")).otherwise(pl.col(c)).alias(c)
         for c in ("subject", "definition")])
    return df.select(list(CONCEPTS)), problems


def load_glossary(path: Path, extra: Collection[str] = (), keep: RowFilter | None = None) -> pl.DataFrame:
    """A glossary directory (every *.tsv and *.csv in it) or one file → tables.CONCEPTS, one row per term.

    Raises TermkitError naming file:line at the first malformed row. ``extra``/``keep``: see ``_parse_file``.
    """
    df, problems = read_glossary_rows(Path(path), extra, keep)
    if problems:
        p = problems[0]
        more = f" (and {len(problems) - 1} more; run `termkit glossary lint`)" if len(problems) > 1 else ""
        raise TermkitError(p.message + more, p.file, p.line)
    return df


def _cell(value: object) -> str:
    return escape("" if value is None else str(value))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _check_saved(row: dict, target: Path) -> None:
    """Refuse a row that ``load_glossary`` would not give back as it is (never save text changed unseen).

    Why through ``_make_row``: the reader's rules (trimmed cells, one space between a term's words, the
    default status, canonical language tags) are then checked in exactly one place.
    """
    where = f"cannot save glossary: concept {row['concept_id']!r}"
    cells = {c: "" if row[c] is None else str(row[c]) for c in COLUMNS if c != "case_sensitive"}
    for col, value in cells.items():
        if found := _CONTROL.search(value):
            raise TermkitError(f"{where}: {col} holds U+{ord(found.group()):04X}, a control character that a "
                               "text file cannot carry safely", target)
        if "\r" in value and target.suffix.lower() == ".csv":  # reading takes CR for a line end; TSV escapes it
            raise TermkitError(f"{where}: {col} holds a carriage return (U+000D), which a CSV glossary cannot "
                               "carry; save it as .tsv", target)
    cs = row["case_sensitive"]
    cells["case_sensitive"] = "" if cs is None else ("yes" if cs else "no")
    back, problem = _make_row({c: v.strip() for c, v in cells.items()}, str(target), 0, {})  # as _parse_file
    if problem:
        raise TermkitError(f"{where}: {problem}", target)
    for col in COLUMNS:
        want = bool(cs) if col == "case_sensitive" else cells[col]
        if back[col] != want:
            raise TermkitError(f"{where}: {col} {want!r} would be read back as {back[col]!r} (cells are trimmed, "
                               "a term's words are kept one space apart)", target)


def save_glossary(concepts: pl.DataFrame, path: Path) -> None:
    """Write CONCEPTS in the glossary format, atomically.

    ``path`` ending in .tsv or .csv is the file; anything else is a directory that receives glossary.tsv.
    Rows stay in their given order, except that a concept's rows are gathered at its first appearance;
    subject and definition are written on a concept's first row only, and source only where it changes.
    So ``load_glossary`` of the result equals ``concepts`` (ignoring file and line).
    """
    path = Path(path)
    target = path if path.suffix.lower() in (".tsv", ".csv") else path / "glossary.tsv"
    missing = [c for c in COLUMNS if c not in concepts.columns]
    if missing:
        raise TermkitError(f"cannot save glossary: table lacks columns {missing}", target)
    df = concepts.with_columns(pl.int_range(pl.len()).alias("_n"))
    order = df.group_by("concept_id", maintain_order=True).agg(pl.col("_n").min().alias("_first"))
    df = df.join(order, on="concept_id").sort(["_first", "_n"])
    bad = df.filter(pl.col("concept_id").fill_null("").str.strip_chars().is_in(["", "#"]) |
                    pl.col("concept_id").fill_null("").str.starts_with("#") |
                    (pl.col("term").fill_null("").str.strip_chars() == ""))
    if bad.height:
        raise TermkitError(f"cannot save glossary: a row has an empty or '#' concept_id or an empty term "
                           f"(concept {bad['concept_id'][0]!r})", target)
    for row in df.iter_rows(named=True):
        _check_saved(row, target)
    sep = "," if target.suffix.lower() == ".csv" else "\t"
    with atomic_write(target, newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n") if sep == "," else None
        lines: list[list[str]] = [list(COLUMNS)]
        first_of: dict[str, dict] = {}
        for row in df.iter_rows(named=True):
            first = first_of.setdefault(row["concept_id"], row)
            out = []
            for col in COLUMNS:
                value = row[col]
                if col == "case_sensitive":
                    default = default_case_sensitive(row["term_type"] or "", row["term"])
                    value = "" if bool(value) == default else ("yes" if value else "no")
                elif first is not row and col in _INHERITED and (value or "") == (first[col] or ""):
                    value = ""
                out.append("" if value is None else str(value))
            lines.append(out)
        for out in lines:
            if writer is not None:
                writer.writerow(out)
            else:
                fh.write("\t".join(_cell(v) for v in out) + "\n")
