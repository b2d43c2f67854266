"""untranslated, same-as-source and length: is there a translation at all, and is it about the right size?

Why a fitted band for length: how long an English rendering of a Chinese sentence is depends on the pair and
the text (about 4 characters an ideograph in fiction); a fixed ratio would either flood literary prose with
findings or miss a truncated segment. The ratio and the Gale–Church variance are fitted on the file set
itself, robustly (medians), as the aligner fits them; small file sets fall back to figures measured on
literary Chinese–English gold alignments.
"""

from __future__ import annotations

import polars as pl

from termkit.lint.context import LintContext
from termkit.lint.registry import HITS_SCHEMA, no_hits, rule

_CONTENT = r"[\p{L}\p{N}]"
#: Sources that are rightly left as they are: a URL or e-mail, a code or version, a short Latin-script name.
_KEEP = (r"^(?:(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\S*[\d_]\S*|\S*\p{Ll}\p{Lu}\S*|[\p{Lu}\d&.\-]{2,}"
         r"|\p{Lu}[\p{Latin}'’.\-]*(?:\s+\p{Lu}[\p{Latin}'’.\-]*){0,3})$")
#: Fewer units than this in a language pair: use the prior below instead of fitting.
MIN_FIT = 30
#: (source, target) language → target characters per source character and Gale–Church variance, measured on
#: the gold beads of ../shared/data/mac-dev (benchmarks/lint_false_alarms.py prints them).
PRIORS = {("zh", "en"): (4.0, 7.5), ("en", "zh"): (1 / 4.0, 7.5 / 4.0)}
#: How many (robust) standard deviations from the expected length a target may be.
BAND = 4.5
#: Units shorter than this (characters, spaces included) on both sides are never judged by length.
MIN_CHARS = 20


def _norm(col: str) -> pl.Expr:
    return pl.col(col).str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()


@rule("untranslated", "warning", "The target is empty or holds only spaces and punctuation.",
      """The source has letters or digits and the target none. Example: `会议开始。` → `` (empty) or → `…`.
      An aligner's deliberate 1-0 bead (a sentence the translator left out) is reported too: silence it
      with `termkit-ignore: untranslated` when the omission is intended.""", translation_only=True)
def untranslated(ctx: LintContext) -> pl.DataFrame:
    hits = ctx.units.filter(pl.col("src_text").str.contains(_CONTENT) & ~pl.col("tgt_text").str.contains(_CONTENT))
    if hits.height == 0:
        return no_hits()
    empty = pl.col("tgt_text").str.strip_chars() == ""
    return hits.select("_row", pl.lit(None, pl.String).alias("concept_id"), pl.lit("").alias("term"),
                       pl.when(empty).then(pl.lit("the target is empty"))
                       .otherwise(pl.lit("the target has only spaces and punctuation")).alias("message"),
                       pl.lit("").alias("fix")).cast(HITS_SCHEMA)


@rule("same-as-source", "warning", "The target is the source copied unchanged.",
      """Compared after case and spacing are set aside, between different languages only; a source that is
      a URL, an e-mail, a code or number (`ABC-123`, `v2.0`, `iOS`) or a short Latin-script name
      (`Hong Kong`) may rightly stay as it is. Example: `会议开始。` → `会议开始。` in a Chinese–English file.""",
      translation_only=True)
def same_as_source(ctx: LintContext) -> pl.DataFrame:
    # the first characters compared first: a cheap test that leaves few units for the full comparison
    first = {side: pl.col(f"{side}_text").str.strip_chars().str.slice(0, 1).str.to_lowercase()
             for side in ("src", "tgt")}
    hits = ctx.units.filter((pl.col("src_base") != pl.col("tgt_base")) & (first["src"] == first["tgt"])).filter(
        pl.col("src_text").str.contains(r"\p{L}") & (_norm("src_text") == _norm("tgt_text"))
                            & ~pl.col("src_text").str.strip_chars().str.contains(_KEEP))
    if hits.height == 0:
        return no_hits()
    return hits.select("_row", pl.lit(None, pl.String).alias("concept_id"), pl.col("tgt_text").str.slice(0, 80)
                       .alias("term"), pl.lit("the target is the source, untranslated").alias("message"),
                       pl.lit("").alias("fix")).cast(HITS_SCHEMA)


def unit_lengths(ctx: LintContext) -> pl.DataFrame:
    """_row, src_base, tgt_base, ls, lt: the lengths of the units long enough, and translated, to be judged."""
    chars = {side: pl.col(f"{side}_text").str.len_chars().cast(pl.Float64) for side in ("src", "tgt")}
    # a comparable bead pairs two accounts of one event, whose lengths owe nothing to each other
    return (ctx.units.filter(pl.col("mode") != "comparable")
            .select("_row", "src_base", "tgt_base", chars["src"].alias("ls"), chars["tgt"].alias("lt"))
            .filter((pl.col("ls") > 0) & (pl.col("lt") > 0) & (pl.max_horizontal("ls", "lt") >= MIN_CHARS)))


def length_fit(lengths: pl.DataFrame) -> pl.DataFrame:
    """src_base, tgt_base → ratio, variance, n: the robust fit of each language pair (priors when few units)."""
    ratio = (pl.col("lt") / pl.col("ls")).median()
    fit = lengths.group_by(["src_base", "tgt_base"]).agg(pl.len().alias("n"), ratio.alias("ratio"))
    resid = (pl.col("lt") - pl.col("ratio") * pl.col("ls")) ** 2 / ((pl.col("ratio") * pl.col("ls") + pl.col("lt")) / 2)
    var = (lengths.join(fit, on=["src_base", "tgt_base"]).group_by(["src_base", "tgt_base"])
           .agg((resid.median() / 0.455).alias("variance")))  # 0.455: the median of a χ²(1) variable
    fit = fit.join(var, on=["src_base", "tgt_base"])
    prior = pl.DataFrame([(s, t, r, v) for (s, t), (r, v) in PRIORS.items()],
                         schema={"src_base": pl.String, "tgt_base": pl.String, "p_ratio": pl.Float64,
                                 "p_var": pl.Float64}, orient="row")
    small = pl.col("n") < MIN_FIT
    return (fit.join(prior, on=["src_base", "tgt_base"], how="left")
            .with_columns(pl.when(small).then("p_ratio").otherwise("ratio").alias("ratio"),
                          pl.when(small).then("p_var").otherwise(pl.max_horizontal("variance", pl.lit(1.0)))
                          .alias("variance"))
            .drop_nulls(["ratio", "variance"]).select("src_base", "tgt_base", "ratio", "variance", "n"))


@rule("length", "warning", "The target is far longer or shorter than the source's length predicts for the pair.",
      f"""The expected length is the source's times the ratio fitted on the file set for the language pair;
      findings are targets more than {BAND} robust standard deviations (Gale–Church) from it, among units of at
      least {MIN_CHARS} characters. Example: a 60-character Chinese sentence rendered `He left.` (about 180
      letters expected) — often a truncated or misaligned unit. Comparable beads are not judged.""",
      translation_only=True)
def length(ctx: LintContext) -> pl.DataFrame:
    lengths = unit_lengths(ctx)
    if lengths.height == 0:
        return no_hits()
    fit = length_fit(lengths)
    expected = pl.col("ratio") * pl.col("ls")
    delta = (pl.col("lt") - expected) / ((pl.col("variance") * (expected + pl.col("lt")) / 2 + 1).sqrt())
    hits = (lengths.join(fit, on=["src_base", "tgt_base"]).with_columns(delta.alias("delta"), expected.alias("exp"))
            .filter(pl.col("delta").abs() > BAND).sort("_row"))
    if hits.height == 0:
        return no_hits()
    return hits.select(
        "_row", pl.lit(None, pl.String).alias("concept_id"), pl.lit("").alias("term"),
        pl.format("the target is much {} than the source: {} characters where about {} are expected ({}→{})",
                  pl.when(pl.col("delta") > 0).then(pl.lit("longer")).otherwise(pl.lit("shorter")),
                  pl.col("lt").cast(pl.Int64), pl.col("exp").round(0).cast(pl.Int64), "src_base", "tgt_base")
        .alias("message"), pl.lit("").alias("fix")).cast(HITS_SCHEMA)
