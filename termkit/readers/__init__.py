"""Readers of the documents translators get: text scrapes, web pages and Word files, told apart by content.

Why sniff and not trust the suffix: a page saved from a browser as ``.txt``, or a Word file renamed, is
everyday input; reading a page's markup as article text, or a ZIP's bytes as GB18030, would give garbage
or a baffling error. Every reader hands ingest the same thing: lines (one a block), the encoding, and what
the document's structure says (``termkit.ingest.Structure``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from termkit.errors import TermkitError
from termkit.fileio import read_bytes

if TYPE_CHECKING:
    from termkit.boilerplate import Line
    from termkit.ingest import Structure

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .doc (and .xls)
_HTML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b",
                         re.I | re.S)


def sniff(path: Path, data: bytes) -> str:
    """``docx``, ``html`` or ``text``: the content decides where it is clear, the suffix where it is not."""
    if data.startswith(_ZIP):
        return "docx"
    if data.startswith(_OLE):
        raise TermkitError("an old binary Word (.doc) or Excel file: save it as .docx (or .xlsx) first", path)
    if path.suffix.lower() == ".docx":
        raise TermkitError("not a Word document (.docx): it is not a ZIP file at all", path)
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(head) or (path.suffix.lower() in HTML_SUFFIXES and b"<" in head):
        return "html"
    return "text"


def read_document(path: Path, encoding: str | None = None) -> tuple[list[Line], str, Structure | None]:
    """The lines of any article file, its encoding (``docx`` for Word files) and its structure, if any."""
    data = read_bytes(path)
    kind = sniff(path, data)
    if kind == "docx":
        from termkit.readers.docx import read_docx

        lines, structure = read_docx(path, data)
        return lines, "docx", structure
    if kind == "html":
        from termkit.readers.html import read_html

        return read_html(path, data, encoding)
    from termkit.encoding import decode_bytes
    from termkit.ingest import text_lines

    text, encoding = decode_bytes(data, path, encoding)
    return text_lines(text), encoding, None
