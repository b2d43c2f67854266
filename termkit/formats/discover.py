"""The one rule for finding aligned files in a folder, shared by every command that takes a folder.

A file counts when it is a bilingual table (TSV or CSV whose header names ``src_text`` and ``tgt_text``,
in any encoding termkit reads: so ``termkit build``'s documents.tsv and segments.tsv do not, and a UTF-16
table does), a TMX, or a CAT tool's XLIFF or PO file (bilingual by definition: a CI step that lints a
project's folder must not pass over them). A TMX is left out when a table of the same base name sits beside
it: the build and ``align --batch`` write every alignment both ways, and reading both would count everything
twice. Hidden files and folders (a temporary file, ``.git``) are never read.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

from termkit.encoding import decode_bytes
from termkit.errors import TermkitError
from termkit.formats.alignments import FORMATS

TABLES = (".tsv", ".csv")
CATALOGS = tuple(s for name in ("xliff", "po") for s in FORMATS[name].suffixes)  # .xlf, .sdlxliff, .po...
_HEAD_BYTES = 65_536


def table_header(path: Path, comments: bool = False, encoding: str | None = None) -> list[str]:
    """The header cells of a TSV/CSV file (its first line, in whatever encoding it has; with ``comments``,
    its first line that is neither blank nor a ``#`` comment, as glossary files allow)."""
    with open(path, "rb") as fh:
        head = fh.read(_HEAD_BYTES)
    cut = head.rfind(b"\n")
    if cut > 0 and len(head) == _HEAD_BYTES:
        head = head[:cut]
    try:
        text, _ = decode_bytes(head, path, encoding)
    except TermkitError:
        return []
    lines = text.split("\n")
    if comments:
        lines = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")] or [""]
    first = lines[0]
    sep = "," if path.suffix.lower() == ".csv" else "\t"
    return [c.strip().strip('"') for c in first.split(sep)]


def is_bilingual_table(path: Path, encoding: str | None = None) -> bool:
    """A TSV/CSV whose header names src_text and tgt_text."""
    head = table_header(path, encoding=encoding)
    return "src_text" in head and "tgt_text" in head


def _base(path: Path) -> str:
    return path.name.split(".")[0]


def aligned_files(folder: Path, exclude: tuple[str, ...] = (), encoding: str | None = None) -> list[Path]:
    """The aligned files below ``folder`` by the rule above, sorted; none at all is an error.

    Why an error: a CI step that lints or exports an empty folder must not pass as "clean".
    """
    found = sorted(f for f in folder.rglob("*") if f.is_file() and not any(
        part.startswith(".") for part in f.relative_to(folder).parts))
    found = [f for f in found if not any(fnmatch.fnmatch(f.as_posix(), pat) for pat in exclude)]
    tables = [f for f in found if f.suffix.lower() in TABLES and is_bilingual_table(f, encoding)]
    covered = {(f.parent, _base(f)) for f in tables}
    tmx = [f for f in found if f.suffix.lower() == ".tmx" and (f.parent, _base(f)) not in covered]
    catalogs = [f for f in found if f.name.lower().endswith(CATALOGS)]
    if not tables and not tmx and not catalogs:
        raise TermkitError("no aligned files in this folder (TSV/CSV tables with src_text and tgt_text "
                           "columns, TMX, XLIFF or PO)", folder)
    return sorted(tables + tmx + catalogs)


def expand(paths: list[Path], exclude: tuple[str, ...] = (), encoding: str | None = None) -> list[Path]:
    """Files as given, folders through ``aligned_files``; a missing path is an error."""
    out: list[Path] = []
    for p in paths:
        if not p.exists():
            raise TermkitError("no such file or folder", p)
        out.extend(aligned_files(p, exclude, encoding) if p.is_dir() else [p])
    return out
