"""tags and urls-emails: what a translation must carry over character for character.

Why kinds rather than exact text for tags: a translator may rightly reorder ``<b>`` and ``<i>`` or translate a
``title`` attribute, but every inline code of the source must come back, as many times, and no new one.
"""

from __future__ import annotations

import polars as pl

from termkit.lint.context import LintContext
from termkit.lint.registry import HITS_SCHEMA, no_hits, rule

#: Inline codes: TMX inline elements and HTML/XML tags, {1} / {name} / {0:d} placeholders, printf conversions.
TAG = (r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>|\{\w*(?::[^{}\s]*)?\}"
       r"|%(?:\d+\$)?[-+#0]*\d*(?:\.\d+)?[sdifuxXeEgGcp@]|%\(\w+\)[sdif]")
#: An element reduced to its kind: name and whether it opens, closes or stands alone (attributes set aside).
_KIND = r"^<(/?)([A-Za-z][\w:.-]*)[^>]*?(/?)>$"
#: URLs and e-mail addresses in ASCII: a Chinese character right after one (详见www.gov.hk查询) is not part of it.
URL = r"(?i)(?-u:\b)(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#@!$&*+,;=%]*[A-Za-z0-9/\-_~#=&%+]"
EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"


def _codes(col: str, pattern: str, kind: bool) -> pl.Expr:
    codes = pl.col(col).str.extract_all(pattern)
    if kind:
        codes = codes.list.eval(pl.element().str.replace(_KIND, "<$1$2$3>"))
    return codes.list.sort()


def _mismatches(ctx: LintContext, pattern: str, kind: bool, cue: str) -> pl.DataFrame:
    """_row, src, tgt (sorted lists) for units where the codes of the two sides differ; ``cue`` is a cheap
    pattern every code contains (a million units are searched for it, only those with it for ``pattern``)."""
    u = ctx.units.filter(pl.col("src_text").str.contains(cue) | pl.col("tgt_text").str.contains(cue))
    if kind:
        return (u.select("_row", _codes("src_text", pattern, True).alias("src"),
                         _codes("tgt_text", pattern, True).alias("tgt"))
                .filter(pl.col("src") != pl.col("tgt")))
    lower = {side: pl.col(f"{side}_text").str.to_lowercase() for side in ("src", "tgt")}
    return (u.select("_row", lower["src"].str.extract_all(pattern).list.unique().list.sort().alias("src"),
                     lower["tgt"].str.extract_all(pattern).list.unique().list.sort().alias("tgt"))
            .filter(pl.col("src").list.set_difference("tgt").list.len() > 0))


def _multiset_difference(a: list[str], b: list[str]) -> list[str]:
    rest = list(b)
    out = []
    for x in a:
        if x in rest:
            rest.remove(x)
        else:
            out.append(x)
    return out


@rule("tags", "error", "Inline codes (tags, placeholders, printf conversions) differ in number or kind between "
      "source and target.",
      """Looks at TMX and HTML/XML tags (by name: attributes may be translated), `{1}`, `{name}` and `%s`-style
      placeholders; their order may change, their number may not. Example: `点击<b>保存</b>{0}` →
      `Click Save {0}` loses `<b>` and `</b>`.""", translation_only=True)
def tags(ctx: LintContext) -> pl.DataFrame:
    bad = _mismatches(ctx, TAG, kind=True, cue=r"[<{%]")
    if bad.height == 0:
        return no_hits()
    rows = []
    for row, src, tgt in bad.iter_rows():
        lost, added = _multiset_difference(src, tgt), _multiset_difference(tgt, src)
        parts = ([f"source has {' '.join(lost)} that the target lacks"] if lost else []) + (
            [f"target has {' '.join(added)} that the source lacks"] if added else [])
        rows.append((row, " ".join(lost + added), "; ".join(parts)))
    return pl.DataFrame(rows, schema={"_row": pl.Int64, "term": pl.String, "message": pl.String}, orient="row").select(
        "_row", pl.lit(None, pl.String).alias("concept_id"), "term", "message", pl.lit("").alias("fix")
    ).cast(HITS_SCHEMA).sort("_row")


@rule("urls-emails", "error", "A URL or e-mail address of the source is missing or changed in the target.",
      """Each URL (`https://…`, `www.…`) and e-mail address of the source must appear in the target as it is
      (case aside). Example: `详见 www.gov.hk` → `See www.gov.cn` reports `www.gov.hk` (changed to
      `www.gov.cn`).""", translation_only=True)
def urls_emails(ctx: LintContext) -> pl.DataFrame:
    bad = _mismatches(ctx, f"{URL}|{EMAIL}", kind=False, cue=r"(?i)://|www\.|@")
    if bad.height == 0:
        return no_hits()
    lost = pl.col("src").list.set_difference("tgt")
    added = pl.col("tgt").list.set_difference("src")
    return bad.sort("_row").select(
        "_row", pl.lit(None, pl.String).alias("concept_id"), lost.list.join(" ").alias("term"),
        (pl.format("source has {} but the target does not", lost.list.join(", "))
         + pl.when(added.list.len() > 0).then(pl.format(" (the target has {})", added.list.join(", ")))
         .otherwise(pl.lit(""))).alias("message"),
        pl.lit("").alias("fix")).cast(HITS_SCHEMA)
