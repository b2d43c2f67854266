"""brackets-quotes, end-punctuation, width and whitespace: the typography of a target, Chinese-aware.

Why against the source: a sentence-aligned novel opens a quotation in one unit and closes it three units
later, and a Chinese question asked inside quotes ends an English sentence with "he asked." So a target's
unpaired quote is reported only when the source's quotes pair up, and a question mark need only appear.
"""

from __future__ import annotations

import re
import unicodedata

import polars as pl

from termkit.lang import NO_SPACE_LANGUAGES, ends_sentence
from termkit.lint.context import LintContext
from termkit.lint.registry import HITS_SCHEMA, no_hits, rule

#: Pairs in families: a family is balanced on a side when each of its pairs is (and straight quotes are even).
FAMILIES = {"quotes": [("“", "”"), ("「", "」"), ("『", "』"), ('"', '"')],
            "parentheses": [("(", ")"), ("（", "）")],
            "square brackets": [("[", "]"), ("【", "】"), ("〔", "〕")],
            "title marks": [("《", "》"), ("〈", "〉")]}
#: Single curly quotes pair only in Chinese text; in English ’ is also the apostrophe.
_ZH_ONLY = ("quotes", ("‘", "’"))
_CLOSERS = "」』”’\"')）》\\]"


def _balance(side: str, pairs: list[tuple[str, str]]) -> pl.Expr:
    """True when every pair of the family is balanced in ``side``'s text."""
    text = pl.col(f"{side}_text")
    checks = []
    for a, b in pairs:
        if a == b:
            checks.append(text.str.count_matches(a, literal=True) % 2 == 0)
        else:
            checks.append(text.str.count_matches(a, literal=True) == text.str.count_matches(b, literal=True))
    return pl.all_horizontal(checks)


def _unpaired(pairs: list[tuple[str, str]]) -> pl.Expr:
    """The target's unbalanced marks, as text: "“ ×2, ” ×1"."""
    text = pl.col("tgt_text")
    parts = []
    for a, b in pairs:
        na, nb = text.str.count_matches(a, literal=True), text.str.count_matches(b, literal=True)
        bad = (na % 2 == 1) if a == b else (na != nb)
        label = (pl.format("{} ×{}", pl.lit(a), na) if a == b
                 else pl.format("{} ×{}, {} ×{}", pl.lit(a), na, pl.lit(b), nb))
        parts.append(pl.when(bad).then(label))
    return pl.concat_str(parts, separator="; ", ignore_nulls=True)


@rule("brackets-quotes", "warning", "Unpaired brackets or quotes in the target, CJK pairs included.",
      """Counts （）()【】[]〔〕《》〈〉「」『』“” and straight double quotes (and ‘’ in Chinese) by family; a family
      that pairs up in the source but not in the target is reported, so a quotation that spans several units
      is not. Example: `他说：「走吧。」` → `He said: "Let's go.` reports the lone `"`.""")
def brackets_quotes(ctx: LintContext) -> pl.DataFrame:
    marks = "".join(dict.fromkeys(c for pairs in [*FAMILIES.values(), [_ZH_ONLY[1]]] for pair in pairs for c in pair))
    u = ctx.units.filter(pl.col("tgt_text").str.contains(f"[{re.escape(marks)}]"))
    parts = []
    for family, pairs in FAMILIES.items():
        for zh_target in (False, True):
            fam = [*pairs, _ZH_ONLY[1]] if zh_target and family == _ZH_ONLY[0] else pairs
            sub = u.filter((pl.col("tgt_base") == "zh") == zh_target)
            src_pairs = [p for p in fam if p != _ZH_ONLY[1]]
            src_ok = (pl.when(pl.col("src_base") == "zh").then(_balance("src", fam))
                      .otherwise(_balance("src", src_pairs)))
            bad = sub.filter(~_balance("tgt", fam) & src_ok)
            if bad.height:
                parts.append(bad.select("_row", pl.lit(None, pl.String).alias("concept_id"),
                                        _unpaired(fam).alias("term"),
                                        pl.format("unpaired {} in the target ({}), though they pair up in the source",
                                                  pl.lit(family), _unpaired(fam)).alias("message"),
                                        pl.lit("").alias("fix")).cast(HITS_SCHEMA))
    return pl.concat(parts).sort("_row") if parts else no_hits()


#: The last mark of a text, closers and spaces after it set aside.
_LAST = rf"([。．.？?！!：:…;；,，、—])[{_CLOSERS}\s]*$"
_KIND = {"。": "stop", "．": "stop", ".": "stop", "？": "question", "?": "question", "！": "exclamation",
         "!": "exclamation", "：": "colon", ":": "colon"}
#: Marks anywhere in the target that answer a source's final mark of each kind.
_ANSWER = {"question": "[?？]", "exclamation": "[!！]", "colon": "[:：]"}
#: A question that asks nothing (岂可不到？ "how could he not go"): published translations state it.
RHETORICAL = r"岂|豈|难道|難道|何必|何尝|何嘗|何苦|哪里|哪裡|哪裏|那里|那裡|那裏|怎能|怎么能|怎麼能|不成[？?]"
_MARK = {("question", False): "?", ("question", True): "？", ("exclamation", False): "!",
         ("exclamation", True): "！", ("colon", False): ":", ("colon", True): "：", ("stop", False): ".",
         ("stop", True): "。"}


def _end_fix(text: str, kind: str, zh: bool) -> str:
    """The target with its final mark replaced by (or given) the expected one; "" when closers make it unclear."""
    stripped = text.rstrip()
    if stripped and stripped[-1] in _CLOSERS:
        return ""
    if stripped and stripped[-1] in "。．.？?！!：:;；,，、":
        stripped = stripped[:-1]
    return stripped + _MARK[(kind, zh)]


@rule("end-punctuation", "warning", "The source ends in a question or exclamation mark, a full stop or a colon, and "
      "the target does not answer it.",
      """Either width counts (？ and ?). A question or exclamation need only have its mark somewhere in the
      target (`他问：“你去吗？”` → `"Are you going?" he asked.` passes), a colon likewise; a full stop needs
      the target to end as a sentence does (termkit.lang.ends_sentence) or break off with a dash. A missing
      exclamation or colon, and a rhetorical question (岂, 难道, 何必…) stated, are notes: literary
      translators do that on purpose. Example: `你去吗？` → `You are going.` is a question rendered as a
      statement.""", translation_only=True)
def end_punctuation(ctx: LintContext) -> pl.DataFrame:
    u = ctx.units.filter(pl.col("tgt_text").str.contains(r"[\p{L}\p{N}]")).with_columns(
        pl.col("src_text").str.extract(_LAST).replace_strict(_KIND, default=None).alias("kind"),
        pl.col("tgt_text").str.extract(_LAST).alias("tgt_last")).drop_nulls("kind")
    answered = pl.lit(False)
    for kind, marks in _ANSWER.items():
        answered = answered | ((pl.col("kind") == kind) & pl.col("tgt_text").str.contains(marks))
    # a sentence broken off with a dash ends too
    stop_like = pl.col("tgt_last").is_in(list("。．.？?！!…;；—")).fill_null(False)
    answered = answered | ((pl.col("kind") == "stop") & stop_like)
    cand = u.filter(~answered)
    if cand.height == 0:
        return no_hits()
    keep = [k != "stop" or not ends_sentence(t) for k, t in zip(cand["kind"], cand["tgt_text"], strict=True)]
    cand = cand.filter(pl.Series(keep, dtype=pl.Boolean))
    if cand.height == 0:
        return no_hits()
    fixes = [_end_fix(t, k, base == "zh") for t, k, base in cand.select("tgt_text", "kind", "tgt_base").iter_rows()]
    what = {"question": "a question", "exclamation": "an exclamation", "stop": "a full stop", "colon": "a colon"}
    # literary translators soften exclamations, turn colons into commas and state rhetorical questions: notes
    soft = (pl.col("kind").is_in(["exclamation", "colon"])
            | ((pl.col("kind") == "question") & pl.col("src_text").str.contains(RHETORICAL)))
    return cand.with_columns(pl.Series("fix", fixes, dtype=pl.String)).select(
        "_row", pl.lit(None, pl.String).alias("concept_id"), pl.col("src_text").str.extract(_LAST).alias("term"),
        pl.format("the source ends in {} but the target does not{}", pl.col("kind").replace_strict(what),
                  pl.when(pl.col("kind") == "stop").then(pl.lit(" end as a sentence"))
                  .otherwise(pl.lit(" have its mark"))).alias("message"), "fix",
        pl.when(soft).then(pl.lit("note")).otherwise(pl.lit(None, pl.String)).alias("severity"),
    ).cast({**HITS_SCHEMA, "severity": pl.String})


#: Full-width forms of ASCII (２０２５，Ａ) and CJK punctuation, out of place in a Latin-script text.
_WIDE = r"[\x{FF01}-\x{FF5E}\x{3000}-\x{3003}\x{3008}-\x{3011}\x{3014}-\x{301F}]"
_TO_LATIN = str.maketrans({"。": ". ", "、": ", ", "，": ", ", "：": ": ", "；": "; ", "！": "! ", "？": "? ",
                           "「": "“", "」": "”", "『": "‘", "』": "’", "《": "“", "》": "”",
                           "〈": "‘", "〉": "’", "【": "[", "】": "]", "〔": "(", "〕": ")", "\u3000": " "})
#: Half-width punctuation touching a Chinese character (今天,我们 / 好吗?), where 3.89, 1,000 and 10:30 do not.
_NARROW = r"\p{Han}\s*[,;:?!]|\p{Han}\.(?:\s|$)"
_TO_WIDE = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。"}


@rule("width", "warning", "Full-width digits, letters or punctuation in a Latin-script target; half-width "
      "punctuation in a Chinese one.",
      """In English (and other spaced scripts) `２０２５`, `Ａ`, `，` and `。「」` belong to Chinese typography;
      in a Chinese target (Simplified or Traditional) a comma, colon, semicolon, question or exclamation mark
      or full stop right after a character is written full-width (`今天，我们`), while `3.89` and `1,000`
      stay. Example: `2025年` → `in ２０２５，the` reports `２０２５，`.""")
def width(ctx: LintContext) -> pl.DataFrame:
    spaced = ~pl.col("tgt_base").is_in(list(NO_SPACE_LANGUAGES)) & (pl.col("tgt_base") != "")
    latin = ctx.units.filter(spaced & pl.col("tgt_text").str.contains(_WIDE))
    zh = ctx.units.filter((pl.col("tgt_base") == "zh") & pl.col("tgt_text").str.contains(_NARROW))
    parts = []
    if latin.height:
        fixes = [" ".join(unicodedata.normalize("NFKC", t.translate(_TO_LATIN)).split()) for t in latin["tgt_text"]]
        parts.append(latin.with_columns(pl.Series("fix", fixes, dtype=pl.String)).select(
            "_row", pl.lit(None, pl.String).alias("concept_id"),
            pl.col("tgt_text").str.extract_all(f"{_WIDE}+").list.unique(maintain_order=True).list.join(" ")
            .alias("term"),
            pl.lit("full-width characters in a Latin-script target").alias("message"), "fix").cast(HITS_SCHEMA))
    if zh.height:
        fix = pl.col("tgt_text")
        for narrow, wide in _TO_WIDE.items():
            after = r"(?:\s|$)" if narrow == "." else ""
            fix = fix.str.replace_all(rf"(\p{{Han}})\s*\{narrow}{after}", f"${{1}}{wide}")
        marks = pl.col("tgt_text").str.extract_all(_NARROW).list.eval(pl.element().str.slice(-1).str.strip_chars())
        parts.append(zh.select(
            "_row", pl.lit(None, pl.String).alias("concept_id"),
            marks.list.unique(maintain_order=True).list.join(" ").alias("term"),
            pl.lit("half-width punctuation after a Chinese character").alias("message"),
            fix.str.strip_chars_end().alias("fix")).cast(HITS_SCHEMA))
    return pl.concat(parts).sort("_row") if parts else no_hits()


@rule("whitespace", "note", "Double spaces in the target, or leading or trailing whitespace unlike the source's.",
      """Example: `会议开始。` → `The  meeting began. ` has a double space and a trailing space the source
      lacks; the fix collapses the one and gives the target the source's leading and trailing whitespace.""",
      translation_only=True)
def whitespace(ctx: LintContext) -> pl.DataFrame:
    # an ideographic-space paragraph indent (　　第一章) is layout, not the translator's to copy
    lead = {s: pl.col(f"{s}_text").str.extract(r"^([\s&&[^\x{3000}]]*)") for s in ("src", "tgt")}
    trail = {s: pl.col(f"{s}_text").str.extract(r"([\s&&[^\x{3000}]]*)$") for s in ("src", "tgt")}
    spaces = r"\S[ \x{3000}]{2,}\S"
    double = pl.col("tgt_text").str.contains(spaces) & ~pl.col("src_text").str.contains(spaces)
    u = ctx.units.filter(pl.col("tgt_text").str.strip_chars() != "").with_columns(
        double.alias("double"), (lead["src"] != lead["tgt"]).alias("lead"),
        (trail["src"] != trail["tgt"]).alias("trail"))
    hits = u.filter(pl.col("double") | pl.col("lead") | pl.col("trail"))
    if hits.height == 0:
        return no_hits()
    what = pl.concat_str([pl.when("double").then(pl.lit("double spaces")),
                          pl.when("lead").then(pl.lit("leading whitespace unlike the source's")),
                          pl.when("trail").then(pl.lit("trailing whitespace unlike the source's"))],
                         separator="; ", ignore_nulls=True)
    collapsed = pl.col("tgt_text").str.strip_chars().str.replace_all(r"(\S)[ \x{3000}]{2,}", "${1} ")
    fix = pl.concat_str([lead["src"], collapsed,
                         trail["src"]])
    return hits.select("_row", pl.lit(None, pl.String).alias("concept_id"), pl.lit("").alias("term"),
                       pl.format("{} in the target", what).alias("message"), fix.alias("fix")).cast(HITS_SCHEMA)
