"""What every rule sees: the units to check (with file and line), the glossary, and term matches computed once.

Why shared: three term rules need the same matches of both sides; computing them once per run (lazily, so
a config that turns the term rules off never pays for them) keeps a million-pair lint within a minute.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import polars as pl

from termkit.lang import base_language_expr
from termkit.lint.textnorm import comparison_key, convert_column
from termkit.script import detect_language, to_simplified
from termkit.tables import LINT_UNITS, conform, status_rank
from termkit.terms.forms import term_forms
from termkit.terms.match import MATCH_SCHEMA, contained_forms, scan_terms, with_contained

if TYPE_CHECKING:
    from termkit.lint.config import CustomCheck

#: Inline marker in either text: ``termkit-ignore`` (every rule) or ``termkit-ignore: term-missing, number-mismatch``.
MARKER = r"\s*termkit-ignore(?::\s*[a-z\-]+(?:\s*,\s*[a-z\-]+)*)?"
#: Texts of a file's untagged side read to tell its language (as ``termkit export tmx`` samples).
_SAMPLE = 200


def side_languages(df: pl.DataFrame, side: str) -> pl.Series:
    """Language subtag of one side of every unit: its own tag, else the language detected for that side of
    its file (German is linted as German, not as English; one short segment alone would be a poor guess)."""
    base = df.select(base_language_expr(f"{side}_lang")).to_series()
    untagged = df.filter(base == "")
    if untagged.is_empty():
        return base
    detected = {file: detect_language("\n".join(texts[:_SAMPLE]))
                for file, texts in untagged.group_by("file", maintain_order=True)
                .agg(pl.col(f"{side}_text").fill_null("")).iter_rows()}
    guess = df["file"].replace_strict(detected, default="", return_dtype=pl.String)
    return pl.select(pl.when(base != "").then(base).otherwise(guess)).to_series()


def prepare_units(alignments: pl.DataFrame) -> pl.DataFrame:
    """ALIGNMENTS (plus optional ``file``, ``line``, ``lint_ignore``) → tables.LINT_UNITS, which rules read.

    Inline markers move from the texts into ``lint_ignore``, so they never take part in a comparison.
    """
    df = alignments
    for col, dtype, default in (("file", pl.String, ""), ("line", pl.Int64, None), ("lint_ignore", pl.String, ""),
                                ("mode", pl.String, ""), ("src_lang", pl.String, ""), ("tgt_lang", pl.String, ""),
                                ("tuid", pl.String, None)):
        if col not in df.columns:
            df = df.with_columns(pl.lit(default, dtype=dtype).alias(col))
    both = pl.concat_str([pl.col("src_text").fill_null(""), pl.col("tgt_text").fill_null("")], separator="\n")
    markers = (both.str.extract_all(MARKER).list.eval(
        pl.element().str.replace(r"^\s*termkit-ignore:?\s*", "").str.replace(r"^$", "*")).list.join(","))
    df = df.with_columns(pl.concat_str([pl.col("lint_ignore").fill_null(""), markers], separator=",")
                         .str.strip_chars(",").alias("lint_ignore"))
    units = df.with_row_index("_row").with_columns(
        pl.col("_row").cast(pl.Int64),
        pl.col("src_text").fill_null("").str.replace_all(MARKER, ""),
        pl.col("tgt_text").fill_null("").str.replace_all(MARKER, ""),
        pl.col("src_lang").fill_null("").alias("src_tag"), pl.col("tgt_lang").fill_null("").alias("tgt_tag"),
        side_languages(df, "src").alias("src_base"), side_languages(df, "tgt").alias("tgt_base"),
        pl.col("mode").fill_null(""), pl.col("file").fill_null(""), pl.col("lint_ignore").fill_null(""),
    ).select("_row", "tuid", "file", "line", "src_doc" if "src_doc" in df.columns else pl.lit("").alias("src_doc"),
             "tgt_doc" if "tgt_doc" in df.columns else pl.lit("").alias("tgt_doc"), "src_tag", "tgt_tag",
             "src_base", "tgt_base", "src_text", "tgt_text", "mode", "lint_ignore")
    return conform(units, LINT_UNITS)


class LintContext:
    """The units, the glossary, the user's custom checks and lazily computed term matches and keys."""

    def __init__(self, units: pl.DataFrame, concepts: pl.DataFrame, custom: tuple[CustomCheck, ...] = ()) -> None:
        self.units = units
        self.concepts = concepts
        self.custom = custom

    @cached_property
    def segment_keys(self) -> pl.DataFrame:
        """Units with both sides, plus ``src_key`` and ``tgt_key``: each side reduced to what makes two segments
        'the same' (case, spacing, punctuation and script set aside)."""
        u = self.units.filter((pl.col("src_text").str.strip_chars() != "")
                              & (pl.col("tgt_text").str.strip_chars() != ""))
        cols = {}
        for side in ("src", "tgt"):
            zh = u[f"{side}_base"] == "zh"
            simplified = u[f"{side}_text"]
            if zh.any():
                simplified = simplified.clone().scatter(zh.arg_true(),
                                                        convert_column(simplified.filter(zh), to_simplified))
            cols[f"{side}_key"] = comparison_key(u[f"{side}_text"], simplified)
        return u.with_columns(**cols).filter((pl.col("src_key") != "") & (pl.col("tgt_key") != ""))

    @cached_property
    def forms(self) -> pl.DataFrame:
        return term_forms(self.concepts)

    def _side_matches(self, side: str) -> pl.DataFrame:
        parts = []
        glossary_langs = set(self.concepts["lang"].unique().to_list())
        for lang in self.units[f"{side}_base"].unique().sort().to_list():
            if lang not in glossary_langs:
                continue
            sub = self.units.filter(pl.col(f"{side}_base") == lang).select("_row", f"{side}_text")
            m = scan_terms(sub[f"{side}_text"], self.forms, lang)
            if m.height:
                rows = sub["_row"]
                parts.append(m.with_columns(pl.col("row").map_batches(lambda s, rows=rows: rows.gather(s),
                                                                       return_dtype=pl.Int64),
                                            pl.lit(lang).alias("lang")))
        if not parts:
            return pl.DataFrame(schema={**MATCH_SCHEMA, "lang": pl.String})
        return pl.concat(parts)

    @cached_property
    def src_matches(self) -> pl.DataFrame:
        """Glossary terms found in the source side; ``row`` is the unit's ``_row``."""
        return self._side_matches("src")

    @cached_property
    def tgt_matches(self) -> pl.DataFrame:
        """Glossary terms found in the target side; ``row`` is the unit's ``_row``."""
        return self._side_matches("tgt")

    @cached_property
    def tgt_matches_all(self) -> pl.DataFrame:
        """Target matches including those inside longer terms: "Shenzhen Park" in the plan's title renders 深圳园区."""
        return with_contained(self.tgt_matches, self.forms, contained_forms(self.forms))

    @cached_property
    def labels(self) -> pl.DataFrame:
        """concept_id, lang → the concept's preferred term in that language (its name in messages and fixes)."""
        ttype = pl.col("term_type").replace_strict({"fullForm": 0, "": 1}, default=2)
        script = pl.col("script").replace_strict({"": 0, "zh-Hans": 1}, default=2)
        return (self.concepts.filter(pl.col("status").is_in(["preferred", "admitted"]))
                .sort([status_rank(), ttype, script], maintain_order=True)
                .group_by(["concept_id", "lang"], maintain_order=True).agg(pl.col("term").first().alias("label")))
