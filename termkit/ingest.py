"""Ingest: a scraped article file → one document row, clean paragraphs, and every removed block.

Why this order: decoding first (GB18030 and Big5 are real input); furniture next, line by line, because
it is line-shaped; then paragraphs are rebuilt (newspaper columns reflowed) so that captions and bylines,
which can span broken lines, are judged on whole units. Metadata noticed on the way (date, outlet,
byline, title) fills what the manifest leaves blank; the manifest always wins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from termkit.boilerplate import BULLETS, Found, Line, Removal, cut_byline, is_photo_caption, strip_lines
from termkit.errors import TermkitError
from termkit.formats.tsv import write_table_tsv
from termkit.reflow import Block, rebuild_blocks
from termkit.script import detect_language, detect_script
from termkit.tables import DOCUMENTS, PARAGRAPHS, REMOVED

_SPACE = re.compile(r"[ \t\u3000\u00a0\ufeff]+")
_LONE_SENTENCE = re.compile(r"^[^，,；;：:、。！？!?]{4,40}[。！？]$")


@dataclass(frozen=True)
class Ingested:
    """One ingested article: its DOCUMENTS row, its PARAGRAPHS and its REMOVED blocks."""

    document: dict[str, str]
    paragraphs: pl.DataFrame
    removed: pl.DataFrame


def text_lines(text: str) -> list[Line]:
    """The lines of decoded text, spaces normalised, each marked indented or not (reflow needs it)."""
    out = []
    for no, raw in enumerate(text.split("\n"), start=1):
        out.append(Line(no, _SPACE.sub(" ", raw).strip(), raw[:1] in (" ", "\t", "\u3000")))
    return out


def _is_standalone_caption(block: Block, indented_doc: bool, lang: str) -> bool:
    """A photo caption set as its own line between paragraphs (``新美亚科技广场绿树成荫。``).

    Where paragraphs are indented, the caption is the unindented line; elsewhere it is a short single
    sentence without a single comma, which a news paragraph almost never is.
    """
    if lang != "zh" or block.kind != "body":
        return False
    if indented_doc:
        return not block.indented and len(block.text) <= 150
    return bool(_LONE_SENTENCE.match(block.text))


def _clean(blocks: list[Block], found: Found, wrapped: bool, lang: str) -> tuple[list[Block], list[Removal]]:
    """Remove captions and bylines from rebuilt blocks; strip list bullets from what stays."""
    body = [b for b in blocks if b.kind == "body"]
    indented_doc = bool(body) and sum(b.indented for b in body) / len(body) >= 0.6
    kept: list[Block] = []
    removed: list[Removal] = []
    last_line = 0
    for i, block in enumerate(blocks):
        after_image = any(last_line < n < block.first_line for n in found.after_image)
        last_line = block.last_line
        between_paragraphs = any(b.kind == "body" for b in kept) and i < len(blocks) - 1
        if is_photo_caption(block.text, after_image) or (
                between_paragraphs and not wrapped and _is_standalone_caption(block, indented_doc, lang)):
            removed.append(Removal(block.first_line, block.last_line, "caption", block.text))
            continue
        text = block.text
        if block.kind == "body":
            text, cut = cut_byline(text, found)
            for reason, what in cut:
                line = block.first_line if reason in ("byline", "caption") else block.last_line
                removed.append(Removal(line, line, reason, what))
            text = text.lstrip(BULLETS).strip()
        if text:
            kept.append(Block(block.first_line, block.last_line, text, block.kind, block.indented))
    return kept, removed


def _detected_title(blocks: list[Block]) -> str:
    """The first heading among the first three units (a Hong Kong page may open with its lead paragraph)."""
    for block in blocks[:3]:
        if block.kind == "heading":
            return block.text
    return ""


@dataclass(frozen=True)
class Structure:
    """What a structured document (a web page, a Word file) says about its blocks, beyond their text.

    Block ``i`` is line ``i + 1`` of the lines handed to ``ingest_lines``. ``dropped`` are the blocks the
    document itself marks as not article text (outside the extractor's main text, a figure caption), with
    the reason: termkit's own furniture rules run first and name theirs where they know better.
    ``source_lines`` maps each block back to its line in the file, for ``--explain`` and the tables.
    """

    headings: frozenset[int] = frozenset()
    dropped: Mapping[int, str] = field(default_factory=dict)
    source_lines: Sequence[tuple[int, int]] = ()
    title: str = ""


def _relined(first: int, last: int, structure: Structure) -> tuple[int, int]:
    if not structure.source_lines:
        return first, last
    return structure.source_lines[first - 1][0], structure.source_lines[last - 1][1]


def ingest_lines(lines: list[Line], doc_id: str, file: str, encoding: str = "utf-8",
                 meta: Mapping[str, str] | None = None, structure: Structure | None = None) -> Ingested:
    """Ingest an article given as lines (a text file's, or one a block of a page or a Word file)."""
    meta = meta or {}
    structure = structure or Structure()
    lang = meta.get("lang") or detect_language("\n".join(ln.text for ln in lines))
    kept_lines, removed, found = strip_lines(lines)
    if structure.dropped:
        removed += [Removal(ln.no, ln.no, structure.dropped[ln.no], ln.text) for ln in kept_lines
                    if ln.no in structure.dropped]
        kept_lines = [ln for ln in kept_lines if ln.no not in structure.dropped]
    blocks, wrapped = rebuild_blocks(kept_lines, lang)
    if structure.headings:
        blocks = [Block(b.first_line, b.last_line, b.text,
                        "heading" if b.first_line == b.last_line and b.first_line in structure.headings else b.kind,
                        b.indented) for b in blocks]
    blocks, more = _clean(blocks, found, wrapped, lang)
    if not blocks:
        raise TermkitError("no article text left after removing site furniture (is this an article?)", file)
    removed = sorted(removed + more, key=lambda r: (r.first_line, r.last_line))
    clean = "\n".join(b.text for b in blocks)
    detected = {
        "lang": detect_language(clean), "script": detect_script(clean), "outlet": found.outlet, "date": found.date,
        "title": structure.title or _detected_title(blocks), "byline": "; ".join(found.bylines), "event": "",
    }
    document = {"doc_id": doc_id, "file": file, "encoding": encoding}
    for key in ("lang", "script", "outlet", "date", "title", "byline", "event"):
        document[key] = meta.get(key) or detected[key]
    spans = [_relined(b.first_line, b.last_line, structure) for b in blocks]
    paragraphs = pl.DataFrame({
        "doc_id": [doc_id] * len(blocks), "para_id": list(range(len(blocks))), "kind": [b.kind for b in blocks],
        "text": [b.text for b in blocks], "first_line": [a for a, _ in spans], "last_line": [b for _, b in spans],
    }, schema=PARAGRAPHS)
    spans = [_relined(r.first_line, r.last_line, structure) for r in removed]
    removed_df = pl.DataFrame({
        "doc_id": [doc_id] * len(removed), "first_line": [a for a, _ in spans], "last_line": [b for _, b in spans],
        "reason": [r.reason for r in removed], "text": [r.text for r in removed],
    }, schema=REMOVED)
    return Ingested({k: document[k] for k in DOCUMENTS}, paragraphs, removed_df)


def ingest_text(text: str, doc_id: str, file: str, encoding: str = "utf-8",
                meta: Mapping[str, str] | None = None) -> Ingested:
    """Ingest decoded article text (see ``ingest_file``)."""
    return ingest_lines(text_lines(text), doc_id, file, encoding, meta)


def ingest_file(path: Path, meta: Mapping[str, str] | None = None, doc_id: str | None = None,
                encoding: str | None = None) -> Ingested:
    """Read and clean one article file (text scrape, web page or Word file); ``meta`` (a manifest row) wins
    over what is detected.

    The kind of file is told by its content where its suffix lies (a page saved as ``.txt``, a Word file
    renamed): see ``termkit.readers.sniff``. ``encoding`` (the user's ``--encoding``, else the manifest's
    ``encoding`` column) replaces detection for text and web pages.

    ``doc_id`` defaults to the manifest id, then to the file name without suffix; ``file`` in the
    document row is the manifest's file name when there is one (so outputs do not depend on where the
    project lives), else the path as given.
    """
    from termkit.readers import read_document

    path = Path(path)
    meta = dict(meta or {})
    ident = doc_id or meta.get("id") or path.stem
    lines, encoding, structure = read_document(path, encoding or meta.get("encoding") or None)
    return ingest_lines(lines, ident, meta.get("file") or str(path), encoding, meta, structure)


def write_ingested(ingested: Ingested, out_dir: Path) -> list[Path]:
    """Write ``<id>.paragraphs.tsv`` and ``<id>.removed.tsv`` into ``out_dir`` (atomically); return their paths."""
    doc_id = ingested.document["doc_id"]
    paths = [Path(out_dir) / f"{doc_id}.paragraphs.tsv", Path(out_dir) / f"{doc_id}.removed.tsv"]
    write_table_tsv(ingested.paragraphs, paths[0])
    write_table_tsv(ingested.removed, paths[1])
    return paths
