"""run_lint: every enabled rule over the units, then severities, ignores and excerpts applied once.

Why here and not in each rule: rules say only *what* they found; how loud it is (config, comparable
beads), whether it is silenced (inline markers, ignored terms) and how it is shown are the same for all.
"""

from __future__ import annotations

import polars as pl

from termkit.lint import rules as _rules  # noqa: F401  (registers the rules)
from termkit.lint.config import LintConfig
from termkit.lint.context import LintContext, prepare_units
from termkit.lint.registry import HITS_SCHEMA, RULES, SEVERITIES
from termkit.tables import FINDINGS, empty

EXCERPT = 160
_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def _excerpt(col: str) -> pl.Expr:
    text = pl.col(col)
    return pl.when(text.str.len_chars() > EXCERPT).then(text.str.slice(0, EXCERPT - 1) + pl.lit("…")).otherwise(text)


def _ignored(units: pl.DataFrame) -> pl.DataFrame:
    """``_row`` → rules silenced on that unit (``*`` for all), from the lint_ignore column and inline markers."""
    marked = units.filter(pl.col("lint_ignore").str.strip_chars() != "").select("_row", "lint_ignore")
    return (marked.select("_row", pl.col("lint_ignore").str.split(",").alias("rule")).explode("rule")
            .with_columns(pl.col("rule").str.strip_chars())
            .with_columns(pl.when(pl.col("rule").is_in(["all", "yes", "true"])).then(pl.lit("*"))
                          .otherwise(pl.col("rule")).alias("rule"))
            .filter(pl.col("rule") != "").unique())


def run_lint(alignments: pl.DataFrame, concepts: pl.DataFrame, config: LintConfig | None = None) -> pl.DataFrame:
    """Check aligned units against the glossary and each other → tables.FINDINGS, sorted by file and line.

    ``alignments`` is an ALIGNMENTS table; optional columns ``file``, ``line`` (where each unit came from)
    and ``lint_ignore`` (rules to silence on that unit) are used when present.
    """
    config = config or LintConfig()
    units = prepare_units(alignments)
    ctx = LintContext(units, concepts, config.custom)
    found = []
    for rule in RULES.values():
        level = config.level(rule.id)
        if level == "off" or units.height == 0:
            continue
        hits = rule.func(ctx)
        if hits.height == 0:
            continue
        own = pl.col("severity") if "severity" in hits.columns else pl.lit(None, pl.String)  # a finding's own level
        hits = hits.join(units.select("_row", "mode"), on="_row", how="left").with_columns(
            pl.lit(rule.id).alias("rule"), pl.coalesce(own, pl.lit(level)).alias("severity"))
        if rule.translation_only:
            cap = config.comparable
            if cap == "off":
                hits = hits.filter(pl.col("mode") != "comparable")
            elif _RANK[cap] > _RANK[level]:
                hits = hits.with_columns(pl.when(pl.col("mode") == "comparable").then(pl.lit(cap))
                                         .otherwise(pl.col("severity")).alias("severity"))
        found.append(hits.select(*HITS_SCHEMA, "rule", "severity"))
    if not found:
        return empty(FINDINGS)
    hits = pl.concat(found)
    if config.ignore_terms:
        keep = ~(pl.col("concept_id").fill_null("").is_in(list(config.ignore_terms))
                 | pl.col("term").fill_null("").is_in(list(config.ignore_terms)))
        hits = hits.filter(keep)
    silenced = _ignored(units)
    if silenced.height:
        hits = hits.join(silenced.filter(pl.col("rule") == "*").select("_row"), on="_row", how="anti").join(
            silenced, on=["_row", "rule"], how="anti")
    out = hits.join(units.select("_row", "file", "line", "tuid", "src_text", "tgt_text"), on="_row", how="left")
    out = out.with_columns(_excerpt("src_text").alias("source"), _excerpt("tgt_text").alias("target"))
    return out.sort(["file", "line", "_row", "rule"], nulls_last=True, maintain_order=True).select(
        [pl.col(c).cast(t) for c, t in FINDINGS.items()])
