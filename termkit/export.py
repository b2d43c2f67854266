"""Preparing aligned files for one TMX: what ``termkit export tmx`` must know before it writes a byte.

Why a module of its own: the choices made here (which language a row without one is in, which source
language the header names, which units a reviewer accepted) are the export's, not the command line's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl

from termkit.formats.alignments import read_aligned

_SAMPLE = 200  # rows of a file whose text decides the language of its rows that lack one


def _blank(col: str) -> pl.Expr:
    return pl.col(col).fill_null("").str.strip_chars() == ""


def _fill_languages(df: pl.DataFrame, fills: dict[str, str | None]) -> pl.DataFrame:
    """Language tags for rows that lack them (``fills``: side → tag, or None to leave the side alone)."""
    for side, tag in fills.items():
        if tag:
            col = f"{side}_lang"
            df = df.with_columns(pl.when(_blank(col)).then(pl.lit(tag)).otherwise(pl.col(col)).alias(col))
    return df


class ExportSurvey:
    """What a first pass over the aligned files learns before a byte of TMX is written.

    Why two passes: the TMX header names the source language of most units, and a file's rows without
    a language get the one detected from the first of them (or the option); both are known only once
    the files have been read, and streaming keeps just one batch in memory. Reading the TSV is fast,
    so the second pass costs little.
    """

    def __init__(self, src_lang: str | None, tgt_lang: str | None, min_score: float,
                 batch_rows: int = 10_000, encoding: str | None = None) -> None:
        self.batch_rows = batch_rows
        self.encoding = encoding
        self.given = {"src": src_lang, "tgt": tgt_lang}
        self.min_score = min_score
        self.reviewed: set[str] = set()  # tuids a translator accepted (build's review column)
        self.fills: dict[Path, dict[str, str | None]] = {}
        self.src_langs: dict[str, int] = {}
        self.units = 0
        self.skipped = {"one_sided": 0, "below_min_score": 0}

    def read(self, path: Path) -> None:
        from termkit.formats.tmx import select_units
        from termkit.review.decisions import accepted_tuids
        from termkit.script import detect_script

        self.reviewed |= accepted_tuids(path)  # build's tuids name their pair, so one set serves all files

        samples: dict[str, list[str]] = {side: [] for side, tag in self.given.items() if not tag}
        langs: dict[str, int] = {}
        for batch in read_aligned(path, self.batch_rows, encoding=self.encoding):
            for side, sample in samples.items():
                if len(sample) < _SAMPLE:
                    sample += batch.filter(_blank(f"{side}_lang"))[f"{side}_text"].head(_SAMPLE - len(sample)).to_list()
            units, skipped = select_units(_fill_languages(batch, self.given), self.min_score, self.reviewed)
            for key, n in skipped.items():
                self.skipped[key] += n
            self.units += units.height
            keyed = units.select(
                pl.when(_blank("src_lang")).then(pl.lit("")).otherwise(pl.col("src_lang")).alias("src_lang"))
            for lang, n in keyed.group_by("src_lang").len().iter_rows():
                langs[lang] = langs.get(lang, 0) + n
        fills = dict(self.given)
        for side, sample in samples.items():
            if sample:
                fills[side] = detect_script("".join(sample))
        self.fills[path] = fills
        for lang, n in langs.items():
            lang = (fills["src"] or "") if lang == "" else lang
            self.src_langs[lang] = self.src_langs.get(lang, 0) + n

    def header_language(self) -> str:
        """The TMX header's srclang for the units, as ``tmx.header_language``."""
        from termkit.formats.tmx import srclang_of

        return srclang_of(self.src_langs)

    def commonest_source(self) -> str:
        """The commonest source language of the units (ties: first by name)."""
        from termkit.formats.tmx import commonest_language

        return commonest_language(self.src_langs)

    def batches(self) -> Iterator[pl.DataFrame]:
        """The second pass: every file's rows in batches, languages filled in."""
        for path, fills in self.fills.items():
            for batch in read_aligned(path, self.batch_rows, encoding=self.encoding):
                yield _fill_languages(batch, fills)
