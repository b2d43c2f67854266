"""segment-inconsistent: the same source translated differently, and one target used for different sources."""

from __future__ import annotations

import polars as pl

from termkit.lint.context import LintContext
from termkit.lint.registry import HITS_SCHEMA, no_hits, rule
from termkit.lint.textnorm import comparison_key, convert_column
from termkit.script import to_simplified

_EXCERPT = 80


def _keys(ctx: LintContext) -> pl.DataFrame:
    u = ctx.units.filter((pl.col("src_text").str.strip_chars() != "") & (pl.col("tgt_text").str.strip_chars() != ""))
    cols = {}
    for side in ("src", "tgt"):
        zh = u[f"{side}_base"] == "zh"
        simplified = u[f"{side}_text"]
        if zh.any():
            simplified = simplified.clone().scatter(zh.arg_true(), convert_column(simplified.filter(zh), to_simplified))
        cols[f"{side}_key"] = comparison_key(u[f"{side}_text"], simplified)
    return u.with_columns(**cols).filter((pl.col("src_key") != "") & (pl.col("tgt_key") != ""))


def _one_way(keys: pl.DataFrame, group: str, other: str, text: str, message: str) -> pl.DataFrame:
    """Rows whose ``other`` side differs from the most common one among rows sharing ``group``."""
    counts = keys.group_by([group, other]).agg(pl.len().alias("n"), pl.col(text).first().alias("_text"),
                                               pl.col("_row").min().alias("_first"))
    ways = counts.group_by(group).agg(pl.len().alias("ways")).filter(pl.col("ways") > 1)
    if ways.height == 0:
        return no_hits()
    best = (counts.join(ways, on=group).sort(["n", "_first"], descending=[True, False])
            .group_by(group, maintain_order=True).agg(pl.col(other).first().alias("_best"),
                                                       pl.col("_text").first().alias("fix"), pl.col("ways").first()))
    hits = keys.join(best, on=group).filter(pl.col(other) != pl.col("_best")).sort("_row")
    return hits.select("_row", pl.lit(None, pl.String).alias("concept_id"),
                       pl.col(text).str.slice(0, _EXCERPT).alias("term"),
                       pl.format(message, "ways").alias("message"), "fix").cast(HITS_SCHEMA)


@rule("segment-inconsistent", "warning", "The same (normalised) source has different targets across the file "
      "set, or the same target stands for different sources.", translation_only=True)
def segment_inconsistent(ctx: LintContext) -> pl.DataFrame:
    keys = _keys(ctx)
    if keys.height < 2:
        return no_hits()
    return pl.concat([
        _one_way(keys, "src_key", "tgt_key", "tgt_text",
                 "the same source is translated {} different ways in the file set; most common target given as fix"),
        _one_way(keys, "tgt_key", "src_key", "src_text",
                 "the same target translates {} different sources in the file set; most common source given as fix"),
    ])
