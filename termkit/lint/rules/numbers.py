"""number-mismatch: numbers, dates, percentages and amounts that differ between source and target.

Why 'strong' and 'weak' numbers: Arabic numerals and Chinese numerals before a measure word (五个, 第四,
二〇二三年, 百分之三十) must reappear on the other side; English number words and month names (five,
September) only count as reappearances, because "one country" or "a first step" are not quantities. 万 and
亿 are multiplied out so that 150万 matches "1.5 million"; 1,000 and 1000, 9 and 09 are the same number.
Values are read by ``termkit.numbers``, the reader the aligner uses too.
"""

from __future__ import annotations

import polars as pl

from termkit.lint.context import LintContext
from termkit.lint.registry import HITS_SCHEMA, no_hits, rule
from termkit.numbers import EN_RUN, SCALES, ZH_NUMERAL_CHARS, amount, canonical, chinese_value, english_values

_CN = f"[{ZH_NUMERAL_CHARS}]"
_MEASURE = "个個项項年月日号號名家位人所条條座期次届屆倍周週天岁歲元米公平小分秒"
_MULT = r"(?:\s*(?:" + "|".join(SCALES) + "))?"
STRONG = (rf"(?:^|[^A-Za-z\d.,])\d+(?:,\d{{3}})*(?:\.\d+)?{_MULT}"
          rf"|百分之{_CN}+|第{_CN}+|{_CN}{{2,}}[{_MEASURE}]|[二两兩三四五六七八九][{_MEASURE}]")
_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"], 1)}
WEAK = r"(?i)\b(?:" + "|".join(_MONTHS) + r")\b|" + EN_RUN  # a month, or a run of number words


def token_values(token: str) -> list[str]:
    """A number token (strong or weak) → its canonical values (a run of English words may hold several,
    "ten and twenty"); empty when it is not a number after all."""
    t = token.lower()
    if len(t) > 1 and not t[0].isdigit() and t[1].isdigit():  # the character before a numeral (see STRONG)
        t = t[1:]
    t = t.strip()
    if not t:
        return []
    if t[-1] in _MEASURE and not t[0].isdigit():  # the measure word that made a Chinese numeral count
        t = t[:-1]
    if t in _MONTHS:
        return [str(_MONTHS[t])]
    if t[0].isdigit():
        v = amount(t)
        return [] if v is None else [canonical(v)]
    if t[0].isascii():
        return [canonical(v) for v in english_values(t)]
    c = chinese_value(t[3:] if t.startswith("百分之") else t[1:] if t.startswith("第") else t)
    return [] if c is None else [canonical(c)]


def _values(units: pl.DataFrame, text: str, pattern: str, name: str) -> pl.DataFrame:
    """``_row`` → list of canonical values of the tokens of ``pattern`` in column ``text``."""
    tokens = (units.select("_row", pl.col(text).str.extract_all(pattern).alias("tok")).explode("tok")
              .drop_nulls("tok"))
    uniq = tokens["tok"].unique()
    mapping = pl.DataFrame({"tok": uniq, "val": [token_values(t) for t in uniq.to_list()]},
                           schema={"tok": pl.String, "val": pl.List(pl.String)}).explode("val")
    vals = tokens.join(mapping, on="tok").drop_nulls("val")
    return vals.group_by("_row").agg(pl.col("val").unique().alias(name))


@rule("number-mismatch", "warning", "Numbers, dates, percentages or amounts differ between source and target.",
      """Every Arabic numeral, and every Chinese numeral before a measure word, must reappear on the other
      side; 万 and 亿 are multiplied out, English number words and month names count as reappearances.
      Example: `约3.89平方公里` → `about 3.98 square kilometres` reports 3.89 and 3.98, while `累计建成150万平方米`
      → `1.5 million square metres` passes.""", translation_only=True)
def number_mismatch(ctx: LintContext) -> pl.DataFrame:
    u = ctx.units.filter((pl.col("src_text").str.strip_chars() != "") & (pl.col("tgt_text").str.strip_chars() != ""))
    if u.height == 0:
        return no_hits()
    empty = pl.lit([], dtype=pl.List(pl.String))
    table = u.select("_row")
    for side in ("src", "tgt"):
        for kind, pattern in (("strong", STRONG), ("weak", WEAK)):
            table = table.join(_values(u, f"{side}_text", pattern, f"{side}_{kind}"), on="_row", how="left")
    table = table.with_columns([pl.col(c).fill_null(empty) for c in table.columns if c != "_row"]).with_columns(
        pl.col("src_strong").list.set_difference(pl.col("tgt_strong").list.concat(pl.col("tgt_weak"))).alias("lost"),
        pl.col("tgt_strong").list.set_difference(pl.col("src_strong").list.concat(pl.col("src_weak"))).alias("added"),
    ).filter((pl.col("lost").list.len() > 0) | (pl.col("added").list.len() > 0))
    if table.height == 0:
        return no_hits()
    lost = pl.col("lost").list.sort().list.join(", ")
    added = pl.col("added").list.sort().list.join(", ")
    message = (pl.when(pl.col("lost").list.len() > 0).then(pl.format("source has {} but the target does not", lost))
               .otherwise(pl.lit("")) + pl.when((pl.col("lost").list.len() > 0) & (pl.col("added").list.len() > 0))
               .then(pl.lit("; ")).otherwise(pl.lit(""))
               + pl.when(pl.col("added").list.len() > 0).then(pl.format("target has {} but the source does not", added))
               .otherwise(pl.lit("")))
    return table.sort("_row").select(
        "_row", pl.lit(None, pl.String).alias("concept_id"),
        pl.concat_list("lost", "added").list.join(", ").alias("term"), message.alias("message"),
        pl.lit("").alias("fix")).cast(HITS_SCHEMA)
