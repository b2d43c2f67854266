"""Alignment of two SEGMENTS tables into an ALIGNMENTS table: the stage function the pipeline calls."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from termkit.align import encoder
from termkit.align.aligner import align_sentences
from termkit.lang import base_language, joiner
from termkit.tables import ALIGNMENTS, conform, empty


def join_segments(texts: list[str], tag: str) -> str:
    """A bead side's text: Chinese segments join without a space (as they sat in the paragraph), others with one."""
    return joiner(tag).join(texts)


def _doc(frame: pl.DataFrame) -> str:
    docs = frame["doc_id"].unique().to_list() if frame.height else [""]
    return str(docs[0])


def align_segments(src: pl.DataFrame, tgt: pl.DataFrame, *, src_tag: str, tgt_tag: str, mode: str = "parallel",
                   extra_pairs: Iterable[tuple[str, str]] = (), tuid_prefix: str,
                   encoder_name: str = encoder.DEFAULT) -> pl.DataFrame:
    """Align the segments of one source document with those of one target document.

    ``src``/``tgt`` are ``tables.SEGMENTS`` frames (one document each); the result follows
    ``tables.ALIGNMENTS`` with ``seg_id`` lists and the joined texts, ready for lint and export.
    """
    src = src.sort("seg_id")
    tgt = tgt.sort("seg_id")
    s_lang, t_lang = base_language(src_tag), base_language(tgt_tag)
    s_text, t_text = src["text"].to_list(), tgt["text"].to_list()
    s_ids, t_ids = src["seg_id"].to_list(), tgt["seg_id"].to_list()
    beads = align_sentences(s_text, t_text, s_lang, t_lang, mode=mode, extra_pairs=extra_pairs,
                             encoder_name=encoder_name)
    if not beads:
        return empty(ALIGNMENTS)
    n = len(beads)
    columns = {  # built column by column: a book's beads as one dict each took some 30 MB more
        "tuid": [f"{tuid_prefix}-{k}" for k in range(1, n + 1)],
        "src_doc": [_doc(src)] * n,
        "tgt_doc": [_doc(tgt)] * n,
        "src_ids": [[s_ids[i] for i in b.src] for b in beads],
        "tgt_ids": [[t_ids[j] for j in b.tgt] for b in beads],
        "src_lang": [src_tag] * n,
        "tgt_lang": [tgt_tag] * n,
        "src_text": [join_segments([s_text[i] for i in b.src], src_tag) for b in beads],
        "tgt_text": [join_segments([t_text[j] for j in b.tgt], tgt_tag) for b in beads],
        "score": [float(b.score) for b in beads],
        "mode": [mode] * n,
    }
    return conform(pl.DataFrame(columns, schema=ALIGNMENTS), ALIGNMENTS)
