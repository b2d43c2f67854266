"""repeated-word: the same word twice in a row in a target ("the the").

Why two steps: the check needs a back-reference, which polars' regex engine lacks, and Python's re over a
million targets takes seconds. So polars first finds the targets where a space-separated word equals the one
before it (punctuation after the second set aside), a few per thousand in real text, and Python's re looks
only at those. Chinese targets are not checked: reduplication (看看, 常常, 的的确确) is grammar there.
"""

from __future__ import annotations

import re

import polars as pl

from termkit.lang import HAN_CLASS, NO_SPACE_LANGUAGES
from termkit.lint.context import LintContext
from termkit.lint.registry import HITS_SCHEMA, no_hits, rule

REPEAT = re.compile(r"\b([^\W\d_]++(?:['’][^\W\d_]++)?+)[^\S\n]++(\1)\b", re.IGNORECASE)
#: A Chinese reduplication (珍珍, 咯当咯当): a doubled word in the target may well render it ("Zhen Zhen", "tock tock").
REDUPLICATION = re.compile(f"([{HAN_CLASS}]{{1,2}})\\1")
#: Doubled words that are English grammar or dialogue ("he had had enough", "No no, not that").
ALLOWED = frozenset({"had", "that", "is", "no", "yes", "well", "now", "there", "come", "bye", "so", "very", "far",
                     "ha", "ho", "hee", "tut", "oh", "ah", "boo", "hush", "knock", "chop", "go", "again", "on", "over",
                     "round", "more", "out", "away", "little", "many", "long", "quick", "slowly"})


_CHUNK = 200_000  # rows exploded into words at a time (memory)
_TRAILING = ".,;:!?\"'”’)]…"


def candidates(texts: pl.Series) -> pl.Series:
    """Indices of the texts in which a space-separated word (case aside) equals the one before it."""
    found = []
    for start in range(0, texts.len(), _CHUNK):
        words = (pl.DataFrame({"t": texts.slice(start, _CHUNK)}).with_row_index("i")
                 .select("i", pl.col("t").str.to_lowercase().str.split(" ").alias("w")).explode("w"))
        same = ((pl.col("w").str.strip_chars_end(_TRAILING) == pl.col("w").shift(1))
                & (pl.col("i") == pl.col("i").shift(1)) & (pl.col("w") != ""))
        found.append(words.filter(same)["i"].unique().sort().cast(pl.Int64) + start)
    return pl.concat(found) if found else pl.Series([], dtype=pl.Int64)


def repeats(text: str) -> tuple[list[str], str]:
    """The doubled words of ``text`` not in ALLOWED nor capitalised twice (a name such as "Bora Bora"; "The the"
    is still caught), and the text without their second occurrences."""
    words, kept, last = [], [], 0
    for m in REPEAT.finditer(text):
        if m.group(1).lower() not in ALLOWED and not (m.group(1)[0].isupper() and m.group(2)[0].isupper()):
            words.append(m.group(1))
            kept.append(text[last:m.end(1)])
            last = m.end(2)
    return words, "".join(kept) + text[last:]


@rule("repeated-word", "warning", "The same word twice in a row in the target.",
      """Case aside and one space between (`No, no` and `had had` pass; so do other doubles of grammar and
      dialogue such as `that that`, `well well`, and names such as `Bora Bora`), and not when the source has a
      Chinese reduplication the double may render (珍珍 → `Zhen Zhen`, 咯当咯当 → `tock tock`). Not applied to
      Chinese or Japanese targets. Example:
      `会议开始了。` → `The the meeting began.` reports `The`; the fix drops the second one.""")
def repeated_word(ctx: LintContext) -> pl.DataFrame:
    u = ctx.units.filter(~pl.col("tgt_base").is_in(list(NO_SPACE_LANGUAGES))).select("_row", "src_text", "tgt_text")
    u = u[candidates(u["tgt_text"])]
    rows, terms, fixes = [], [], []
    for row, src, tgt in u.iter_rows():
        words, fix = repeats(tgt)
        if words and not REDUPLICATION.search(src):
            rows.append(row)
            terms.append(", ".join(words))
            fixes.append(fix)
    if not rows:
        return no_hits()
    return pl.DataFrame({"_row": rows, "term": terms, "fix": fixes},
                        schema={"_row": pl.Int64, "term": pl.String, "fix": pl.String}).select(
        "_row", pl.lit(None, pl.String).alias("concept_id"), "term",
        pl.format("“{}” twice in a row in the target", "term").alias("message"), "fix").cast(HITS_SCHEMA)
