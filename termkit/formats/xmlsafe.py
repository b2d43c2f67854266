"""Hardened XML parsing for files from outside: TMX and TBX from other tools, or from attackers.

Why: a translation memory or termbase is often a file a stranger sent. The parser here never resolves
entities, never loads a DTD, never touches the network, and rejects any document that declares
entities at all (billion laughs, XXE): TMX and TBX never need them. Errors name the file, line and
column of the first problem so that a truncated download is told apart from a wrong file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import polars as pl
from lxml import etree

from termkit.errors import TermkitError
from termkit.fileio import read_bytes

#: The one set of parser options used everywhere (both whole-document and incremental parsing).
PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,  # keep libxml2's limits on depth and text size
    "remove_comments": True,
    "remove_pis": True,
}


def safe_parser() -> etree.XMLParser:
    """An lxml parser with ``PARSER_OPTIONS`` (for callers that need one, e.g. ``etree.fromstring``)."""
    return etree.XMLParser(**PARSER_OPTIONS)


def _syntax_error(exc: etree.XMLSyntaxError, path: str | Path) -> TermkitError:
    line, column = exc.position if exc.position else (exc.lineno, 0)
    msg = re.sub(r",? line \d+, column \d+$", "", (exc.msg or str(exc)).strip())
    lowered = msg.lower()
    if "entity" in lowered and any(w in lowered for w in ("loop", "amplification", "exceeded")):
        kind = "entity expansion refused (possible billion-laughs attack)"
    elif "start tag expected" in lowered or "document is empty" in lowered:
        kind = "not an XML file"
    elif "premature end" in lowered or "no element found" in lowered or _ends_abruptly(path):
        kind = "file is truncated or incomplete"
    else:
        kind = "not well-formed XML"
    return TermkitError(f"{kind}: {msg}", path, line or None, column or None)


def _ends_abruptly(path: str | Path) -> bool:
    """Whether the file stops inside markup (its last character is not ``>``): a cut-off download."""
    try:
        with open(path, "rb") as fh:
            fh.seek(0, 2)
            fh.seek(max(0, fh.tell() - 64))
            tail = fh.read().rstrip(b"\x00 \t\r\n")
    except OSError:
        return False
    return bool(tail) and not tail.endswith(b">")


def check_doctype(tree: etree._ElementTree, path: str | Path) -> None:
    """Reject documents whose DOCTYPE declares entities (billion laughs, external entities, XXE)."""
    dtd = tree.docinfo.internalDTD
    if dtd is None:
        return
    names = [e.name for e in dtd.iterentities()]
    if names:
        raise TermkitError(
            f"refusing XML that declares entities ({', '.join(names[:3])}): entity expansion and external "
            "entities are a known attack (billion laughs, XXE) and TMX/TBX never need them", path, 1)


def parse(path: str | Path) -> etree._ElementTree:
    """Parse a whole (small) XML file safely; ``TermkitError`` with line and column on any problem."""
    data = read_bytes(path)
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, path) from None
    tree = root.getroottree()
    check_doctype(tree, path)
    return tree


def iterparse(path: str | Path, events: Sequence[str] = ("end",),
              tag: str | Sequence[str] | None = None) -> Iterator[tuple[str, etree._Element]]:
    """Parse a (huge) XML file incrementally and safely; yields ``(event, element)`` like lxml's.

    The caller clears elements it has consumed, so memory stays flat. The DOCTYPE is checked at the
    first event, before any content is handed out.
    """
    p = Path(path)
    _check_path(p)
    context = etree.iterparse(str(p), events=tuple(events), tag=tag, **PARSER_OPTIONS)
    checked = False
    try:
        for event, elem in context:
            if not checked:
                check_doctype(elem.getroottree(), p)
                checked = True
            yield event, elem
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, p) from None


def _check_path(path: Path) -> None:
    """Fail early and clearly on a missing, empty or directory path before handing it to libxml2."""
    if not path.exists() or path.is_dir() or path.stat().st_size == 0:
        read_bytes(path)  # raises the usual one-line error


#: Characters XML 1.0 cannot carry at all, not even as character references (C0 controls but tab, LF
#: and CR; U+FFFE, U+FFFF). Surrogates cannot reach here: polars holds only valid UTF-8.
XML_ILLEGAL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
_ILLEGAL = re.compile(XML_ILLEGAL)


def first_illegal(df: pl.DataFrame, columns: Sequence[str]) -> tuple[dict, str, str] | None:
    """The first row of ``df`` whose ``columns`` hold a character XML cannot carry: (row, column, ``U+XXXX``).

    Why refuse rather than drop such characters: a writer that quietly removes them hands back text
    that differs from what the user gave, and nobody is told.
    """
    for col in columns:
        hit = df.filter(pl.col(col).fill_null("").str.contains(XML_ILLEGAL))
        if hit.height:
            row = hit.row(0, named=True)
            found = _ILLEGAL.search(row[col])
            assert found is not None  # the same pattern matched in polars
            return row, col, f"U+{ord(found.group()):04X}"
    return None
