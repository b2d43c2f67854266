"""The corpus manifest: ``sources/manifest.tsv``, one row per article, which users extend.

Why so strict: the manifest says which articles cover the same event (and so get aligned) and what
script each one is in; a silently skipped row or an article nobody registered would give a translation
memory with holes and no one would know. Every problem is reported with the manifest's line number.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from termkit.encoding import read_text
from termkit.errors import TermkitError

MANIFEST = "manifest.tsv"
#: The columns every manifest has, in this order; extra columns (e.g. ``translation_of``) are kept after them.
COLUMNS = ("id", "file", "lang", "script", "outlet", "date", "title", "event")
_REQUIRED = ("id", "file", "lang", "script")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NOT_ARTICLES = {MANIFEST, "readme", "readme.md", "readme.txt", "license", "license.txt"}


def _parse(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and rows of a manifest, rows with their 1-based line numbers; comments (#) and blank lines skipped."""
    text, _ = read_text(path)
    lines = text.split("\n")
    header = lines[0].split("\t")
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise TermkitError(f"manifest header lacks columns {', '.join(missing)} (expected {' '.join(COLUMNS)})",
                           path, 1)
    rows: list[tuple[int, dict[str, str]]] = []
    seen: dict[str, int] = {}
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            raise TermkitError(f"malformed row: expected {len(header)} tab-separated cells, found {len(cells)}",
                               path, n)
        row = {c: v.strip() for c, v in zip(header, cells, strict=True)}
        blank = [c for c in _REQUIRED if not row[c]]
        if blank:
            raise TermkitError(f"malformed row: empty {', '.join(blank)}", path, n)
        if row["date"] and not _DATE.match(row["date"]):
            raise TermkitError(f"malformed row: date {row['date']!r} is not YYYY-MM-DD", path, n)
        if row["id"] in seen:
            raise TermkitError(f"duplicate id {row['id']!r} (first on line {seen[row['id']]})", path, n)
        seen[row["id"]] = n
        rows.append((n, row))
    return header, rows


def load_manifest(sources_dir: Path) -> pl.DataFrame:
    """The manifest of ``sources_dir`` as a table of strings (``COLUMNS`` first), in file order.

    Raises ``TermkitError`` for a missing manifest, a malformed row, a duplicate id, a row whose file is
    missing, and an article in ``sources_dir`` that has no row.
    """
    sources_dir = Path(sources_dir)
    path = sources_dir / MANIFEST
    if not path.is_file():
        raise TermkitError(f"no manifest: {MANIFEST} not found", sources_dir)
    header, rows = _parse(path)
    listed: set[str] = set()
    for n, row in rows:
        target = sources_dir / row["file"]
        if not target.is_file():
            raise TermkitError(f"file {row['file']!r} of id {row['id']!r} does not exist", path, n)
        listed.add(target.resolve().as_posix())
    for candidate in sorted(sources_dir.iterdir()):
        if (candidate.is_file() and not candidate.name.startswith(".")
                and candidate.name.lower() not in _NOT_ARTICLES and candidate.resolve().as_posix() not in listed):
            raise TermkitError(f"missing manifest entry: add a row for it to {path}", candidate)
    columns = list(COLUMNS) + [c for c in header if c not in COLUMNS]
    return pl.DataFrame([row for _, row in rows], schema=dict.fromkeys(columns, pl.String))


def manifest_row(article: Path) -> dict[str, str] | None:
    """The row describing ``article`` in the manifest beside it; None when there is no manifest there.

    Lets ``termkit ingest sources/000_x.txt`` use the manifest's metadata without checking the whole
    folder. An article sitting beside a manifest that does not list it is an error, as in ``termkit build``.
    """
    article = Path(article)
    path = article.parent / MANIFEST
    if not path.is_file() or not article.is_file():
        return None
    for _, row in _parse(path)[1]:
        if (article.parent / row["file"]).resolve() == article.resolve():
            return row
    raise TermkitError(f"missing manifest entry: add a row for it to {path}", article)
