"""segment-inconsistent and target-inconsistent: one source translated several ways, one target for several sources.

Why chrF grades them: two renderings that differ by a word ("began" / "started") are an editor's slip worth a
glance, two that share little are a real divergence; sacrebleu's character n-gram F-score tells them apart
in any script, so near-identical variants are a note and the rest keep the rule's level.
"""

from __future__ import annotations

import polars as pl
from sacrebleu.metrics import CHRF

from termkit.lang import HAN
from termkit.lint.context import LintContext
from termkit.lint.registry import HITS_SCHEMA, no_hits, rule

_EXCERPT = 80
#: chrF (0-100) from which two variants count as near-identical.
NEAR_IDENTICAL = 75.0
_CHRF = CHRF()
#: A Chinese character carries about what an English word does: n-grams up to 3 characters, not 6.
_CHRF_HAN = CHRF(char_order=3)


def chrf(hypothesis: str, reference: str) -> float:
    """sacrebleu's sentence chrF of two texts, 0-100 (character 3-grams at most for Chinese text)."""
    metric = _CHRF_HAN if HAN.search(reference) else _CHRF
    return metric.sentence_score(hypothesis, [reference]).score


def _one_way(keys: pl.DataFrame, group: str, other: str, text: str, message: str, what: str) -> pl.DataFrame:
    """Rows whose ``other`` side differs from the most common one among rows sharing ``group``, graded by chrF.

    On a tie (two variants used equally often) the first one seen is the reference for the chrF, but no fix is
    offered: nothing says it is the right one, and a fix applied blindly could spread the wrong variant."""
    counts = keys.group_by([group, other]).agg(pl.len().alias("n"), pl.col(text).first().alias("_text"),
                                               pl.col("_row").min().alias("_first"))
    ways = counts.group_by(group).agg(pl.len().alias("ways")).filter(pl.col("ways") > 1)
    if ways.height == 0:
        return no_hits()
    best = (counts.join(ways, on=group).sort(["n", "_first"], descending=[True, False])
            .group_by(group, maintain_order=True).agg(pl.col(other).first().alias("_best"),
                                                       pl.col("_text").first().alias("_ref"), pl.col("ways").first(),
                                                       (pl.col("n").get(1) == pl.col("n").first()).alias("_tie")))
    hits = keys.join(best, on=group).filter(pl.col(other) != pl.col("_best")).sort("_row")
    pairs = hits.select(text, "_ref").unique()
    scores = pairs.with_columns(pl.Series("chrf", [chrf(a, b) for a, b in pairs.iter_rows()], dtype=pl.Float64))
    hits = hits.join(scores, on=[text, "_ref"], how="left")
    near = pl.col("chrf") >= NEAR_IDENTICAL
    tie = pl.col("_tie")
    said = pl.concat_str([
        pl.format(message, "ways"),
        pl.when(tie).then(pl.lit(f"; no {what} is more common than another, so no fix (chrF "))
        .otherwise(pl.lit(f"; most common {what} given as fix (chrF ")),
        pl.col("chrf").round(0).cast(pl.Int64).cast(pl.String),
        pl.when(tie).then(pl.lit(" to the first one seen")).otherwise(pl.lit(" to it")),
        pl.when(near).then(pl.lit(", near-identical)")).otherwise(pl.lit(")")),
    ])
    return hits.select(
        "_row", pl.lit(None, pl.String).alias("concept_id"), pl.col(text).str.slice(0, _EXCERPT).alias("term"),
        said.alias("message"),
        pl.when(tie).then(pl.lit(None, pl.String)).otherwise(pl.col("_ref")).alias("fix"),
        pl.when(near).then(pl.lit("note")).otherwise(pl.lit(None, pl.String)).alias("severity"),
    ).cast({**HITS_SCHEMA, "severity": pl.String})


@rule("segment-inconsistent", "warning", "The same (normalised) source has different targets across the file set.",
      """Sources are compared after case, spacing, punctuation and script are set aside (會議開始 = 会议开始。);
      each unit whose target differs from the most common one is reported with it as the fix (no fix when two
      targets are used equally often: nothing says which is right). Variants with a
      chrF of 75 or more to it (character 3-grams for Chinese) are a note, the rest a warning. Example:
      `会议开始。` → `The meeting began.` twice, `Then the meeting began.` once (a note) and `Everyone sat
      down.` once (a warning).""", translation_only=True)
def segment_inconsistent(ctx: LintContext) -> pl.DataFrame:
    keys = ctx.segment_keys
    if keys.height < 2:
        return no_hits()
    return _one_way(keys, "src_key", "tgt_key", "tgt_text",
                    "the same source is translated {} different ways in the file set", "target")


@rule("target-inconsistent", "warning", "The same (normalised) target stands for different sources across the "
      "file set.",
      """The reverse of segment-inconsistent: one translation used for sources that differ, often a segment
      copied from a neighbour and not edited. Graded by chrF like segment-inconsistent. Example: `会议开始。` and
      `会议结束。` both rendered `The meeting began.` reports the less common source.""", translation_only=True)
def target_inconsistent(ctx: LintContext) -> pl.DataFrame:
    keys = ctx.segment_keys
    if keys.height < 2:
        return no_hits()
    return _one_way(keys, "tgt_key", "src_key", "src_text",
                    "the same target translates {} different sources in the file set", "source")
