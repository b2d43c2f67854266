"""Word files (.docx) through python-docx: paragraphs and tables' text in reading order, headings by style.

Why the styles decide headings: a translator's Word file says what a heading is (``Heading 1``, ``Title``);
guessing from length would be a worse answer to a question the file already answers. Footnotes and comments
are not part of the body python-docx reads, so they stay out of the text, as a scrape's do. "Lines" of a
Word file are its blocks (paragraphs and table cells) numbered from 1 in reading order: that is what
``--explain`` and the tables' line columns count.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from termkit.boilerplate import Line
from termkit.errors import TermkitError
from termkit.ingest import Structure

_HEADING_STYLES = ("heading", "title", "subtitle", "标题", "標題")
_CAPTION_STYLES = ("caption", "题注", "題注")


def _blocks(doc: object) -> Iterator[tuple[str, str]]:
    """(style name, text) of every paragraph, table cells' paragraphs included, in reading order."""
    from docx.table import Table

    for item in doc.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(item, Table):
            for row in item.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is returned once per column it spans
                        continue
                    seen.add(id(cell._tc))
                    for para in cell.paragraphs:
                        yield (para.style.name if para.style is not None else ""), para.text
        else:
            yield (item.style.name if item.style is not None else ""), item.text


def read_docx(path: Path, data: bytes) -> tuple[list[Line], Structure]:
    """A Word file's blocks as lines for ingest, with the headings and captions its styles mark."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise TermkitError(f"not a Word document (.docx): {reason}", path) from None
    lines: list[Line] = []
    headings: set[int] = set()
    dropped: dict[int, str] = {}
    for style, text in _blocks(doc):
        text = " ".join(text.split())
        if not text:
            continue
        no = len(lines) + 1
        lines.append(Line(no, text, False))
        name = style.lower()
        if name.startswith(_HEADING_STYLES):
            headings.add(no)
        elif name.startswith(_CAPTION_STYLES):
            dropped[no] = "caption"
    if not lines:
        raise TermkitError("a Word document with no text at all", path)
    title = (doc.core_properties.title or "").strip()
    return lines, Structure(frozenset(headings), dropped, (), title)
