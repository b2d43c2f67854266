"""script-mix: Traditional characters in a Simplified text, and Simplified characters in a Traditional one.

Why per-position comparison with OpenCC: a character is Traditional-only when converting the text to
Simplified changes it; it is Simplified-only when every Traditional variant (standard, Hong Kong,
Taiwan) changes it, so characters the Hong Kong standard shares with the mainland (着, 台) pass.
A side whose tag names no script (plain ``zh``) is judged against the majority script of its document.
"""

from __future__ import annotations

import polars as pl

from termkit.lint.context import LintContext
from termkit.lint.registry import HITS_SCHEMA, no_hits, rule
from termkit.lint.textnorm import convert_column
from termkit.script import conversions_to, foreign_chars, to_simplified


def _declared(tag: pl.Expr) -> pl.Expr:
    """The script a BCP-47 tag names: zh-Hant, zh-HK, zh-TW, zh-MO → zh-Hant; zh-Hans, zh-CN, zh-SG → zh-Hans."""
    t = tag.str.to_lowercase()
    return (pl.when(t.str.contains(r"-(hant|hk|tw|mo)\b")).then(pl.lit("zh-Hant"))
            .when(t.str.contains(r"-(hans|cn|sg|my)\b")).then(pl.lit("zh-Hans")).otherwise(pl.lit("")))


def _foreign(u: pl.DataFrame, to: str) -> pl.DataFrame:
    """_row, chars, fix for the texts of ``u`` holding characters foreign to script ``to``.

    Only texts that a conversion changes at all get the per-character look (few, in a consistent corpus).
    """
    schema = {"_row": pl.Int64, "chars": pl.String, "fix": pl.String}
    if u.height == 0:
        return pl.DataFrame(schema=schema)
    texts = u["text"]
    base = convert_column(texts, to_simplified) if to == "zh-Hant" else texts  # as script.conversions does
    variants = [convert_column(base, convert) for convert in conversions_to(to)]
    changed = texts != variants[0]
    for v in variants[1:]:
        changed = changed & (texts != v)
    idx = changed.arg_true()
    if idx.len() == 0:
        return pl.DataFrame(schema=schema)
    cand_texts = texts.gather(idx).to_list()
    cand_variants = [v.gather(idx).to_list() for v in variants]
    chars = [foreign_chars(t, to, [v[i] for v in cand_variants]) for i, t in enumerate(cand_texts)]
    out = pl.DataFrame({"_row": u["_row"].gather(idx), "chars": chars, "fix": variants[0].gather(idx)}, schema=schema)
    return out.filter(pl.col("chars") != "")


@rule("script-mix", "warning", "Traditional characters in a Simplified Chinese text, or the reverse.",
      """A character is Traditional-only when OpenCC's conversion to Simplified changes it, Simplified-only
      when every Traditional standard (including Hong Kong's) changes it; a side tagged plain `zh` is held to
      its document's majority script. Example: `推动一區两园` (zh-Hans) reports `區`; the fix is the text
      converted.""")
def script_mix(ctx: LintContext) -> pl.DataFrame:
    parts = []
    for side in ("src", "tgt"):
        u = ctx.units.filter((pl.col(f"{side}_base") == "zh") & (pl.col(f"{side}_text") != "")).select(
            "_row", "file", pl.col(f"{side}_doc").alias("doc"), pl.col(f"{side}_text").alias("text"),
            _declared(pl.col(f"{side}_tag")).alias("declared"))
        trad = _foreign(u.filter(pl.col("declared") != "zh-Hant"), "zh-Hans")  # Traditional chars in Hans texts
        simp = _foreign(u.filter(pl.col("declared") != "zh-Hans"), "zh-Hant")  # Simplified chars in Hant texts
        # a side whose tag names no script is held to the script with more characters of its own in its document
        undeclared = u.filter(pl.col("declared") == "").select("_row", "file", "doc")
        if undeclared.height:
            weight = pl.col("chars").str.len_chars()
            score = (undeclared.join(trad.select("_row", weight.alias("t")), on="_row", how="left")
                     .join(simp.select("_row", weight.alias("s")), on="_row", how="left").fill_null(0)
                     .group_by(["file", "doc"]).agg(pl.col("t").sum(), pl.col("s").sum()))
            majority = undeclared.join(score, on=["file", "doc"]).select(
                "_row", pl.when(pl.col("t") > pl.col("s")).then(pl.lit("zh-Hant")).otherwise(pl.lit("zh-Hans"))
                .alias("majority"))
            u = u.join(majority, on="_row", how="left").with_columns(
                pl.coalesce(pl.when(pl.col("declared") != "").then("declared"), "majority").alias("expected"))
        else:
            u = u.with_columns(pl.col("declared").alias("expected"))
        where = "source" if side == "src" else "target"
        for found, script, kind, name in ((trad, "zh-Hans", "Traditional", "Simplified (zh-Hans)"),
                                          (simp, "zh-Hant", "Simplified", "Traditional (zh-Hant)")):
            got = found.join(u.filter(pl.col("expected") == script).select("_row"), on="_row", how="semi")
            if got.height:
                parts.append(got.select(
                    "_row", pl.lit(None, pl.String).alias("concept_id"), pl.col("chars").alias("term"),
                    pl.format("{} characters {} in a {} {} text", pl.lit(kind), "chars", pl.lit(name),
                              pl.lit(where)).alias("message"),
                    pl.col("fix").str.slice(0, 200)).cast(HITS_SCHEMA))
    return pl.concat(parts).sort("_row") if parts else no_hits()
