"""The one corpus path: a file → (ingest → segment | one sentence a line) → a side ready to align → beads.

Why one path: ``termkit build`` (a manifest row) and ``termkit align`` (a file and the user's flags) must read,
check and align text the same way; two copies had drifted apart in how they treated languages and a missing
glossary. The language a side is said to be in (a flag, a manifest column) is checked against the text
before anything is aligned, and the glossary's term pairs are the aligner's anchors in both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from termkit.encoding import read_text
from termkit.errors import TermkitError
from termkit.lang import base_language, canonical_tag
from termkit.script import clearly_not_in, detect_language, detect_script, han_ratio
from termkit.tables import ALIGNMENTS, SEGMENTS, conform

if TYPE_CHECKING:
    from termkit.ingest import Ingested

#: One side this many times longer (in sentences) than the other: probably not a translation pair.
MISMATCH_RATIO = 10
#: ... and a median pair confidence below this says the two files are not translations of each other: the
#: confidence of such pairs is near 0 (``confidence.TRANSLATION``), a translation's median is 0.8-0.9 even where
#: it is loose. A round half, set, not tuned.
UNRELATED_MEDIAN = 0.5
#: Sentences read to tell a side's language and script (more says nothing new and costs time on a book).
_SAMPLE = 2000
_TAG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Side:
    """One document read as sentences, with its language and the tag written to TMX."""

    path: Path
    lang: str  # zh | en | de ...
    tag: str  # zh-Hans | zh-Hant | en | de ...
    segments: pl.DataFrame  # tables.SEGMENTS


@dataclass(frozen=True)
class PairResult:
    """What aligning one pair produced, and what the user should be warned about."""

    alignments: pl.DataFrame  # tables.ALIGNMENTS
    src: Side
    tgt: Side
    warnings: list[str] = field(default_factory=list)


def check_language_tag(value: str | None, option: str) -> str | None:
    """A user's language flag, refused at once when it is not a language tag at all."""
    if value is not None and not _TAG.match(value):
        raise TermkitError(f"{option} {value!r} is not a language code (e.g. zh, en, de, zh-Hant)")
    return value


def _presplit_segments(path: Path, doc_id: str, encoding: str | None = None) -> pl.DataFrame:
    """One sentence a line; sentence i is line i (0-based), as the ladder indices of ``../shared/data``."""
    text, _ = read_text(path, encoding)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    n = len(lines)
    return pl.DataFrame({
        "doc_id": [doc_id] * n, "seg_id": list(range(n)), "para_id": list(range(n)), "start": [0] * n,
        "end": [len(s) for s in lines], "kind": ["body"] * n, "lang": [""] * n, "text": lines,
    }, schema=SEGMENTS)


def _side(path: Path, segments: pl.DataFrame, lang: str | None, script: str, what: str) -> Side:
    """Check the claimed language against the text (or detect it) and tag the script."""
    texts = segments["text"].to_list()
    if not any(t.strip() for t in texts):
        raise TermkitError("no sentences to align", path)
    sample = "\n".join(texts[:_SAMPLE])
    detected = detect_language(sample)
    lang = lang or detected
    base = base_language(lang)
    if clearly_not_in(sample, base):
        share = f"{han_ratio(sample):.0%} of its letters are Chinese characters"
        raise TermkitError(f"{what} {lang} does not fit this text: it reads as {detected} ({share})", path)
    if base != "zh":
        tag = canonical_tag(lang)
    else:  # the user's own tag when it says more than "zh"; else the script ingest saw, else the sample's
        tag = canonical_tag(lang) if "-" in lang or "_" in lang else script or detect_script(sample)
    return Side(path, base, tag, segments.with_columns(pl.lit(base).alias("lang")))


def presplit_side(path: Path, lang: str | None = None, *, what: str = "--src-lang",
                  encoding: str | None = None) -> Side:
    """A file of one sentence a line as a side; ``what`` names the claim in errors (a flag, a manifest column)."""
    return _side(path, _presplit_segments(path, path.stem, encoding), lang, "", what)


def article_side(path: Path, lang: str | None = None, *, what: str = "--src-lang",
                 meta: Mapping[str, str] | None = None, doc_id: str | None = None,
                 encoding: str | None = None) -> tuple[Side, Ingested]:
    """A raw article through ingest (boilerplate out, paragraphs reflowed) and sentence segmentation.

    The sentence rules are those of the language claimed (``lang``, else the manifest row's), else of the one
    ingest detected. Returns the side and what ingest found (``termkit.ingest.Ingested``: the build keeps
    its tables).
    """
    from termkit.ingest import ingest_file
    from termkit.segment import segment_paragraphs

    got = ingest_file(path, meta=meta, doc_id=doc_id or path.stem, encoding=encoding)
    if got.paragraphs.height == 0:
        raise TermkitError(f"no text left after removing {got.removed.height} boilerplate block(s)", path)
    lang = lang or (meta or {}).get("lang") or None
    rules = base_language(lang) if lang else got.document["lang"]
    segments = conform(segment_paragraphs(got.paragraphs, rules), SEGMENTS)
    return _side(path, segments, lang, got.document["script"] or "", what), got


def align_sides(src: Side, tgt: Side, *, mode: str = "parallel", extra_pairs: tuple[tuple[str, str], ...] = (),
                tuid_prefix: str | None = None, encoder_name: str | None = None) -> PairResult:
    """Align two sides; a translation whose lengths differ tenfold or more is aligned, with a warning returned,
    as are two files whose pairs read as unrelated (``UNRELATED_MEDIAN``) and the sentence encoder's falling back
    to ``none`` for a language it lacks."""
    from termkit.align import align_segments, confidence, encoder

    encoder_name, notice = encoder.resolve(encoder_name or encoder.DEFAULT, src.lang, tgt.lang)

    warnings = [f"{src.path} ↔ {tgt.path}: {notice}"] if notice and mode == "parallel" else []
    n_src, n_tgt = src.segments.height, tgt.segments.height
    if mode == "parallel" and max(n_src, n_tgt) >= MISMATCH_RATIO * min(n_src, n_tgt):
        warnings.append(f"{src.path} has {n_src} sentences and {tgt.path} {n_tgt}: one side is "
                        f"{MISMATCH_RATIO}× the other or more; are these really the same text?")
    table = align_segments(src.segments, tgt.segments, src_tag=src.tag, tgt_tag=tgt.tag, mode=mode,
                           extra_pairs=list(extra_pairs),
                           tuid_prefix=tuid_prefix or f"{src.path.stem}-{tgt.path.stem}", encoder_name=encoder_name)
    pairs = table.filter((pl.col("src_ids").list.len() > 0) & (pl.col("tgt_ids").list.len() > 0))["score"]
    if mode == "parallel" and len(pairs) >= confidence.MIN_PAIRS and float(pairs.median()) < UNRELATED_MEDIAN:
        warnings.append(f"{src.path} ↔ {tgt.path}: these do not read as translations of each other (the aligned "
                        f"pairs are no more alike than unrelated sentences; median confidence {pairs.median():.2f}); "
                        "is the other file the right one?")
    return PairResult(conform(table, ALIGNMENTS), src, tgt, warnings)


def glossary_pairs(path: Path | None, default: Path | None = None) -> tuple[tuple[str, str], ...]:
    """(Chinese, English) term pairs of a glossary, every script: the aligner's anchors.

    ``path`` is the user's (missing: an error); ``default`` the project's ``glossary/`` (missing: no anchors).
    """
    from termkit.terms import term_pairs
    from termkit.terms.check import glossary_or_default

    concepts = glossary_or_default(path, default)
    return () if concepts is None else tuple((a, b) for a, b in term_pairs(concepts))
