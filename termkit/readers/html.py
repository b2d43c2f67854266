"""Web pages: the encoding the page declares, its text blocks in reading order, and which are the article.

Why readability-lxml decides what the article is: on pages built from the bundled articles, with the furniture
Chinese news sites put around them (``benchmarks/html_extract.py``), it kept every paragraph, with or without
telling class names, where trafilatura lost headings and let comment-form notices in once the class names said
nothing, and jusText needs stop-word lists that Chinese (unspaced) cannot use. Its verdict is one input: every
block of the page goes through termkit's furniture rules first (so a date line, a source or an editor line is
read as metadata and removed with its own reason), then what readability left out is removed as
``outside-article``, figure captions as ``caption``. The ``<h1>`` stays as the title heading, as in a scrape.
"""

from __future__ import annotations

import codecs
import difflib
import re
from email.message import Message
from pathlib import Path

import lxml.html
from lxml import etree

from termkit.boilerplate import Line
from termkit.encoding import check_encoding, decode_bytes
from termkit.errors import TermkitError
from termkit.ingest import Structure

#: Declared encodings read as their supersets: servers label GBK and GB18030 text GB2312, HKSCS text Big5.
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs"}
_BLOCK = frozenset([
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "br",
    "label", "button", "option", "select", "textarea", "title",
])
_SKIP = frozenset(["script", "style", "noscript", "template", "head", "svg", "iframe", "object"])
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_CAPTIONS = frozenset(("figcaption", "caption"))
#: What sites put after the headline in ``<title>``: ``--观点--人民网``, ``_新闻中心_新浪网``, `` | 文匯網``.
_TITLE_SUFFIX = re.compile(r"\s*(--|__|_|\s[|｜\-–—]\s|[|｜]).*$")


def _declared(data: bytes) -> str | None:
    """The charset of ``<meta charset>`` or ``<meta http-equiv="Content-Type">`` in the page's head."""
    head = lxml.html.document_fromstring(data[:8192].decode("latin-1") or "<html></html>")
    for meta in head.iter("meta"):
        if meta.get("charset"):
            return meta.get("charset").strip()
        if (meta.get("http-equiv") or "").lower() == "content-type" and meta.get("content"):
            msg = Message()
            msg["content-type"] = meta.get("content")
            charset = msg.get_content_charset()
            if charset:
                return charset
    return None


def decode_page(data: bytes, path: Path, encoding: str | None = None) -> tuple[str, str]:
    """The page's text and encoding: the user's, else the BOM's, else the declared one (as its superset),
    else detected as for text."""
    if encoding or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data, path, encoding)
    declared = _declared(data)
    if declared:
        try:
            name = check_encoding(declared)
        except TermkitError:
            raise TermkitError(f"the page declares an unknown encoding {declared!r} (try --encoding)", path) from None
        text, used = decode_bytes(data, path, SUPERSETS.get(name, name))
        return text, "big5" if used.startswith("big5") else used
    return decode_bytes(data, path)


class _Blocks:
    """The page's text blocks in reading order: text, source lines, the element that holds it."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.lines: list[tuple[int, int]] = []
        self.tags: list[str] = []
        self._buf: list[str] = []
        self._start: int | None = None
        self._end = 0
        self._tag = ""

    def add(self, text: str | None, line: int | None, tag: str) -> None:
        if text and text.strip():
            if not self._buf:
                self._start, self._tag = line, tag
            self._buf.append(text)
            self._end = max(self._end, line or 0)

    def flush(self) -> None:
        text = " ".join("".join(self._buf).split())
        if text:
            start = self._start or self._end or 1
            self.texts.append(text)
            self.lines.append((start, max(start, self._end)))
            self.tags.append(self._tag)
        self._buf, self._start, self._end = [], None, 0

    def walk(self, el: etree._Element, block_tag: str) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag and tag not in _SKIP:
            is_block = tag in _BLOCK
            inner = tag if is_block else block_tag
            if is_block:
                self.flush()
            self.add(el.text, el.sourceline, inner)
            for child in el:
                self.walk(child, inner)
            if is_block:
                self.flush()
        self.add(el.tail, el.sourceline, block_tag)


def blocks_of(root: etree._Element) -> _Blocks:
    """Every text block under ``root`` (scripts, styles and the head left out)."""
    blocks = _Blocks()
    body = root.find("body")
    blocks.walk(body if body is not None else root, "body")
    blocks.flush()
    return blocks


def _article_texts(text: str) -> list[str]:
    """The blocks readability takes for the article."""
    from readability import Document

    summary = Document(text).summary(html_partial=True)
    return blocks_of(lxml.html.document_fromstring(summary)).texts


def page_title(root: etree._Element) -> str:
    """The headline: the first ``<h1>``, else ``<title>`` without the site's suffix."""
    for h1 in root.iter("h1"):
        text = " ".join(h1.text_content().split())
        if text:
            return text
    title = root.find(".//title")
    text = " ".join((title.text_content() if title is not None else "").split())
    return _TITLE_SUFFIX.sub("", text) or text


def read_html(path: Path, data: bytes, encoding: str | None = None) -> tuple[list[Line], str, Structure]:
    """A page's blocks as lines for ingest, its encoding, and what its structure and readability say."""
    text, encoding = decode_page(data, path, encoding)
    try:
        root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", text))
    except (etree.ParserError, ValueError) as exc:
        raise TermkitError(f"not a readable web page: {exc}", path) from None
    title = page_title(root)
    blocks = blocks_of(root)
    if not blocks.texts:
        raise TermkitError("a web page with no text at all", path)
    article = _article_texts(text)
    matcher = difflib.SequenceMatcher(None, blocks.texts, article, autojunk=False)
    inside = {i + k for i, _, n in matcher.get_matching_blocks() for k in range(n)}
    dropped: dict[int, str] = {}
    headings: set[int] = set()
    for i, (block, tag) in enumerate(zip(blocks.texts, blocks.tags, strict=True), start=1):
        if tag in _CAPTIONS:
            dropped[i] = "caption"
        elif tag in _HEADINGS:
            headings.add(i)
            if i - 1 not in inside and block != title:
                dropped[i] = "outside-article"
        elif i - 1 not in inside:
            dropped[i] = "outside-article"
    lines = [Line(i, t, False) for i, t in enumerate(blocks.texts, start=1)]
    return lines, encoding, Structure(frozenset(headings), dropped, blocks.lines, title)
