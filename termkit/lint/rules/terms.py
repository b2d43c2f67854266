"""Glossary rules: a term left untranslated, a deprecated rendering, a term rendered several ways."""

from __future__ import annotations

import polars as pl

from termkit.lang import chinese_script
from termkit.lint.context import LintContext
from termkit.lint.registry import HITS_SCHEMA, no_hits, rule
from termkit.script import to_simplified, to_traditional
from termkit.tables import status_rank

APPROVED = ("preferred", "admitted")
#: Renderings compared by term-inconsistent: short forms and abbreviations after a first mention are normal.
FULL_FORMS = ("fullForm", "variant", "phrase", "")


def _in_script(term: str, lang: str, tag: str) -> str:
    """A zh term written in the target's script (zh-Hant targets get Hong Kong Traditional)."""
    if lang != "zh":
        return term
    return to_traditional(to_simplified(term), "hk") if chinese_script(tag) == "zh-Hant" else to_simplified(term)


def _with_fix(ctx: LintContext, hits: pl.DataFrame) -> pl.DataFrame:
    """Add ``fix``: the concept's preferred target term, in the target's script; and the source label."""
    labels = ctx.labels
    hits = (hits.join(labels.rename({"lang": "tgt_base", "label": "fix"}), on=["concept_id", "tgt_base"], how="left")
            .join(labels.rename({"lang": "src_base", "label": "src_label"}), on=["concept_id", "src_base"],
                  how="left"))
    combos = hits.select("fix", "tgt_base", "tgt_tag").unique().drop_nulls("fix")
    scripted = combos.with_columns(pl.struct(["fix", "tgt_base", "tgt_tag"]).map_elements(
        lambda r: _in_script(r["fix"], r["tgt_base"], r["tgt_tag"]), return_dtype=pl.String).alias("_fix"))
    return (hits.join(scripted, on=["fix", "tgt_base", "tgt_tag"], how="left")
            .with_columns(pl.coalesce("_fix", "fix").fill_null("").alias("fix"),
                          pl.coalesce("src_label", "concept_id").alias("src_label")))


#: Renderings listed in a term-missing message, at most.
_LISTED = 6


def _accepted(ctx: LintContext, hits: pl.DataFrame) -> pl.DataFrame:
    """concept_id, tgt_base, tgt_tag → the approved renderings, in the target's script, quoted and joined."""
    combos = hits.select("concept_id", "tgt_base", "tgt_tag").unique()
    terms = (ctx.concepts.filter(pl.col("status").is_in(APPROVED))
             .sort(pl.col("status").replace_strict({"preferred": 0, "admitted": 1}), maintain_order=True)
             .select("concept_id", pl.col("lang").alias("tgt_base"), "term"))
    rows = []
    for cid, base, tag, renderings in (combos.join(terms, on=["concept_id", "tgt_base"])
                                       .group_by(["concept_id", "tgt_base", "tgt_tag"], maintain_order=True)
                                       .agg("term").iter_rows()):
        written = list(dict.fromkeys(_in_script(t, base, tag) for t in renderings))
        more = f" and {len(written) - _LISTED} more" if len(written) > _LISTED else ""
        rows.append((cid, base, tag, ", ".join(f"“{t}”" for t in written[:_LISTED]) + more))
    return pl.DataFrame(rows, schema={"concept_id": pl.String, "tgt_base": pl.String, "tgt_tag": pl.String,
                                      "accepted": pl.String}, orient="row")


def _sides(ctx: LintContext) -> pl.DataFrame:
    return ctx.units.select(pl.col("_row").alias("row"), "src_base", "tgt_base", "tgt_tag", "tgt_text")


@rule("term-missing", "error", "A glossary term in the source has neither its preferred nor an admitted "
      "rendering in the target.",
      """The source holds a glossary term (in either script) and the target none of the concept's approved
      renderings, nor a longer term containing one. The message lists the renderings that would have been
      accepted. Example: `陈国基出席发布会。` → `The Chief Secretary attended.` wants `Eric Chan Kwok-ki`.""",
      translation_only=True)
def term_missing(ctx: LintContext) -> pl.DataFrame:
    src = ctx.src_matches.unique(["row", "concept_id"], keep="first", maintain_order=True)
    if src.height == 0:
        return no_hits()
    tgt = ctx.tgt_matches_all.select("row", "concept_id", "status")
    rendered = tgt.filter(pl.col("status").is_in([*APPROVED, "deprecated"])).select("row", "concept_id").unique()
    # a concept with no approved term in the target language cannot be expected there
    expectable = ctx.concepts.filter(pl.col("status").is_in(APPROVED)).select(
        "concept_id", pl.col("lang").alias("tgt_base")).unique()
    written = pl.when(pl.col("lang") == "zh").then(pl.col("form")).otherwise(pl.col("term")).alias("written")
    hits = (src.select("row", "concept_id", "term", written).join(rendered, on=["row", "concept_id"], how="anti")
            .join(_sides(ctx), on="row").filter(pl.col("tgt_text").str.strip_chars() != "")
            .join(expectable, on=["concept_id", "tgt_base"], how="semi"))
    if hits.height == 0:
        return no_hits()
    hits = _with_fix(ctx, hits).join(_accepted(ctx, hits), on=["concept_id", "tgt_base", "tgt_tag"], how="left")
    return hits.select(pl.col("row").alias("_row"), "concept_id", "term", pl.format(
        "source has “{}” but the target has neither its preferred nor an admitted rendering (expected “{}”; "
        "accepted: {})", "written", "fix", "accepted").alias("message"), "fix").cast(HITS_SCHEMA)


@rule("term-deprecated", "error", "The target uses a rendering the glossary marks as deprecated.",
      """Example: `Chen Guoji said` for 陈国基 reports `Chen Guoji` with the fix `Eric Chan Kwok-ki`.""")
def term_deprecated(ctx: LintContext) -> pl.DataFrame:
    dep = ctx.tgt_matches.filter(pl.col("status") == "deprecated")
    if dep.height == 0:
        return no_hits()
    hits = _with_fix(ctx, dep.select("row", "concept_id", "term").unique(maintain_order=True).join(_sides(ctx),
                                                                                                    on="row"))
    return hits.select(pl.col("row").alias("_row"), "concept_id", "term", pl.format(
        "deprecated rendering “{}” of {} ({}); write “{}”", "term", "src_label", "concept_id", "fix").alias("message"),
        "fix").cast(HITS_SCHEMA)


@rule("term-inconsistent", "warning", "One source term is rendered in different ways across the file set.",
      """Full forms are compared (a short form after a first mention is normal); the preferred or most common
      rendering is the fix. Example: 陈国基 as `Eric Chan Kwok-ki` twice and `Chen Guoji` once reports the
      `Chen Guoji` unit.""")
def term_inconsistent(ctx: LintContext) -> pl.DataFrame:
    src = ctx.src_matches.select("row", "concept_id").unique()
    tgt = ctx.tgt_matches.filter(pl.col("term_type").is_in(FULL_FORMS)).select(
        "row", "concept_id", "term", "status", pl.col("lang").alias("tgt_base"))
    used = src.join(tgt, on=["row", "concept_id"]).unique(["row", "concept_id", "term"])
    if used.height == 0:
        return no_hits()
    counts = (used.group_by(["concept_id", "tgt_base", "term", "status"]).agg(pl.len().alias("n"))
              .sort([status_rank(), pl.col("n"), pl.col("term")], descending=[False, True, False]))
    per_concept = counts.group_by(["concept_id", "tgt_base"], maintain_order=True).agg(
        pl.col("term").first().alias("fix"), pl.len().alias("ways"),
        pl.format("“{}” ×{}", "term", "n").str.join(", ").alias("variants")).filter(pl.col("ways") > 1)
    if per_concept.height == 0:
        return no_hits()
    hits = (used.join(per_concept, on=["concept_id", "tgt_base"]).filter(pl.col("term") != pl.col("fix"))
            .join(_sides(ctx).select("row", "src_base"), on="row")
            .join(ctx.labels.rename({"lang": "src_base", "label": "src_label"}), on=["concept_id", "src_base"],
                  how="left")
            .with_columns(pl.coalesce("src_label", "concept_id").alias("src_label")).sort("row"))
    return hits.select(pl.col("row").alias("_row"), "concept_id", "term", pl.format(
        "{} ({}) is rendered {} ways across the files: {}", "src_label", "concept_id", "ways", "variants"
    ).alias("message"), "fix").cast(HITS_SCHEMA)
