"""number-mismatch: numbers, dates, percentages and amounts that differ between source and target.

Why 'strong' and 'weak' numbers: Arabic numerals and Chinese numerals before a measure word (五个, 第四,
二〇二三年, 百分之三十) must reappear on the other side; English number words and month names (five,
September) only count as reappearances, because "one country" or "a first step" are not quantities. 万 and
亿 are multiplied out so that 150万 matches "1.5 million"; 1,000 and 1000, 9 and 09 are the same number.
"""

from __future__ import annotations

import re

import polars as pl

from termkit.lint.context import LintContext
from termkit.lint.registry import HITS_SCHEMA, no_hits, rule

_CN_DIGITS = "〇零一二两兩三四五六七八九"
_CN = f"[{_CN_DIGITS}十拾百佰千仟万萬亿億]"
_MEASURE = "个個项項年月日号號名家位人所条條座期次届屆倍周週天岁歲元米公平小分秒"
_MULT = r"(?:\s*(?:万|萬|亿|億|million|billion|thousand|trillion))?"
STRONG = (rf"(?:^|[^A-Za-z\d.,])\d+(?:,\d{{3}})*(?:\.\d+)?{_MULT}"
          rf"|百分之{_CN}+|第{_CN}+|{_CN}{{2,}}[{_MEASURE}]|[二两兩三四五六七八九][{_MEASURE}]")
_WORDS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
     "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])}
_WORDS |= {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
           "hundred": 100, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
           "eighth": 8, "ninth": 9, "tenth": 10, "twice": 2, "double": 2, "dozen": 12, "half": 0.5}
_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"], 1)}
WEAK = r"(?i)\b(?:" + "|".join(sorted([*_WORDS, *_MONTHS], key=len, reverse=True)) + r")\b"
_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2, "兩": 2}
_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_SCALE = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "thousand": 1e3, "million": 1e6, "billion": 1e9,
          "trillion": 1e12}


def chinese_number(text: str) -> float | None:
    """Value of a Chinese numeral: 十八 → 18, 二〇二三 → 2023, 一百五十万 → 1500000; None if not one."""
    if text and all(c in _DIGIT for c in text) and len(text) > 1:
        return float("".join(str(_DIGIT[c]) for c in text))
    total, section, digit = 0, 0, None
    for c in text:
        if c in _DIGIT:
            digit = _DIGIT[c]
        elif c in _UNIT:
            section += (1 if digit is None else digit) * _UNIT[c]
            digit = None
        elif c in _BIG:
            total += (section + (digit or 0)) * _BIG[c]
            section, digit = 0, None
        else:
            return None
    return float(total + section + (digit or 0))


def _canonical(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.10g}"


def token_value(token: str) -> str | None:
    """A number token (strong or weak) → its canonical value, or None when it is not a number after all."""
    t = token.lower()
    if len(t) > 1 and not t[0].isdigit() and t[1].isdigit():  # the character before a numeral (see STRONG)
        t = t[1:]
    t = t.strip()
    if t and t[-1] in _MEASURE and not t[0].isdigit():  # the measure word that made a Chinese numeral count
        t = t[:-1]
    if t.startswith("百分之"):
        v = chinese_number(t[3:])
    elif t.startswith("第"):
        v = chinese_number(t[1:])
    elif t in _WORDS:
        v = float(_WORDS[t])
    elif t in _MONTHS:
        v = float(_MONTHS[t])
    elif t[0].isdigit():
        m = re.match(r"([\d,]+(?:\.\d+)?)\s*(\S*)", t)
        if not m:
            return None
        v = float(m.group(1).replace(",", "")) * _SCALE.get(m.group(2), 1)
    else:
        v = chinese_number(t)
    return None if v is None else _canonical(v)


def _values(units: pl.DataFrame, text: str, pattern: str, name: str) -> pl.DataFrame:
    """``_row`` → list of canonical values of the tokens of ``pattern`` in column ``text``."""
    tokens = (units.select("_row", pl.col(text).str.extract_all(pattern).alias("tok")).explode("tok")
              .drop_nulls("tok"))
    uniq = tokens["tok"].unique()
    mapping = pl.DataFrame({"tok": uniq, "val": [token_value(t) for t in uniq.to_list()]},
                           schema={"tok": pl.String, "val": pl.String})
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
