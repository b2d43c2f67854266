"""XLIFF 1.2 / 2.x and PO files from CAT tools, read as aligned units through Translate Toolkit's storage classes.

Why as alignments: a CAT tool's bilingual file is already aligned, unit by unit, so it belongs wherever aligned
text is read (lint, export tmx, glossary suggest), not in the aligner. Units without a target (untranslated),
PO headers and obsolete entries are not translations and are left out; the languages come from the file
(XLIFF ``srcLang``/``source-language``, the PO ``Language`` header). The XML is checked by termkit's hardened
parser first, so a malformed file or one in no XLIFF namespace is one line naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import polars as pl

from termkit.errors import TermkitError
from termkit.fileio import read_bytes
from termkit.lang import canonical_tag
from termkit.tables import ALIGNMENTS

XLIFF_NAMESPACES = {"urn:oasis:names:tc:xliff:document:1.2": "1.2", "urn:oasis:names:tc:xliff:document:2.0": "2",
                    "urn:oasis:names:tc:xliff:document:2.1": "2", "urn:oasis:names:tc:xliff:document:2.2": "2"}


def _batches(rows: list[dict], batch_rows: int, keep: Sequence[str], lines: bool) -> Iterator[pl.DataFrame]:
    schema = {**ALIGNMENTS, "line": pl.Int64, **dict.fromkeys(keep, pl.String)}
    columns = [*ALIGNMENTS, *(["line"] if lines else []), *keep]
    for start in range(0, len(rows), batch_rows):
        chunk = [{**r, **dict.fromkeys(keep, "")} for r in rows[start:start + batch_rows]]
        yield pl.DataFrame(chunk, schema=schema).select(columns)


def _row(path: Path, n: int, uid: str, src: str, tgt: str, src_lang: str, tgt_lang: str, line: int | None) -> dict:
    return {"tuid": uid or str(n), "src_doc": path.stem, "tgt_doc": path.stem, "src_ids": [], "tgt_ids": [],
            "src_lang": src_lang, "tgt_lang": tgt_lang, "src_text": src, "tgt_text": tgt, "score": None,
            "mode": "imported", "line": line}


def _tag(value: str | None) -> str:
    return canonical_tag(value) if value else ""


def iter_xliff(path: str | Path, batch_rows: int = 10_000, *, keep: Sequence[str] = (),
               lines: bool = False) -> Iterator[pl.DataFrame]:
    """An XLIFF file's translated units as ALIGNMENTS batches (``line``: where the unit starts)."""
    from translate.storage import xliff, xliff2

    from termkit.formats.xmlsafe import parse

    p = Path(path)
    root = parse(p).getroot()
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if root.tag.rsplit("}", 1)[-1] != "xliff" or namespace not in XLIFF_NAMESPACES:
        raise TermkitError(f"not an XLIFF file: the root is {root.tag!r}, not <xliff> in an XLIFF 1.2 or 2.x "
                           "namespace", p, root.sourceline)
    cls = xliff.xlifffile if XLIFF_NAMESPACES[namespace] == "1.2" else xliff2.Xliff2File
    try:
        store = cls(read_bytes(p))
    except Exception as exc:  # Translate Toolkit raises what lxml and its own checks raise
        raise TermkitError(f"not a readable XLIFF file: {str(exc).splitlines()[0]}", p) from None
    src_lang, tgt_lang = _tag(store.getsourcelanguage()), _tag(store.gettargetlanguage())
    rows = []
    for n, unit in enumerate(store.getunits(), start=1):
        src, tgt = unit.source or "", unit.target or ""
        if not src.strip() or not tgt.strip():
            continue
        uid = (unit.getid() or "").split("\x04")[-1]  # Translate Toolkit prefixes the file's name
        rows.append(_row(p, n, uid, src, tgt, src_lang, tgt_lang, unit.xmlelement.sourceline))
    return _batches(rows, batch_rows, keep, lines)


#: Where a PO entry starts, as far as its line count goes: its msgid (``#~`` for an obsolete one), not a fuzzy
#: entry's previous msgid (``#|``) or a plural's msgid_plural.
_MSGID = re.compile(rb"^(?:#~\s*)?msgid\s", re.M)
_PARSER_LINE = re.compile(r",?\s*\bon line (\d+)")


def iter_po(path: str | Path, batch_rows: int = 10_000, *, keep: Sequence[str] = (),
            lines: bool = False) -> Iterator[pl.DataFrame]:
    """A PO file's translated entries as ALIGNMENTS batches (msgid → msgstr; ``line``: the entry's msgid line,
    counted here: Translate Toolkit keeps none)."""
    from translate.storage import po

    p = Path(path)
    data = read_bytes(p)
    try:
        store = po.pofile(data)
    except Exception as exc:  # the PO parser raises ValueError and its own errors for broken files
        message = str(exc).splitlines()[0]
        where = _PARSER_LINE.search(message)  # the line goes into the `file:N:` prefix, not twice
        line = int(where.group(1)) if where else None
        raise TermkitError(f"not a readable PO file: {_PARSER_LINE.sub('', message)}", p, line) from None
    header = store.parseheader() if store.units and store.units[0].isheader() else {}
    src_lang = _tag(store.getsourcelanguage() or "")
    tgt_lang = _tag(header.get("Language") or store.gettargetlanguage() or "")
    starts = [data.count(b"\n", 0, m.start()) + 1 for m in _MSGID.finditer(data)]
    if len(starts) != len(store.units):  # a file the count misreads: no line rather than a wrong one
        starts = [None] * len(store.units)
    rows = []
    for n, (unit, line) in enumerate(zip(store.units, starts, strict=True), start=1):
        if unit.isheader() or unit.isobsolete() or not unit.istranslated():
            continue
        src, tgt = unit.source or "", unit.target or ""
        if not src.strip() or not tgt.strip():
            continue
        rows.append(_row(p, n, str(n), src, tgt, src_lang, tgt_lang, line))  # the entry's number: msgids are long
    return _batches(rows, batch_rows, keep, lines)
