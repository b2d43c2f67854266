"""repeated-word: the same word twice in a row in a target ("the the").

Why Python's re on one joined string: the check needs a back-reference, which polars' regex engine lacks;
one scan of all targets joined by newlines (the pattern never crosses one) costs about what a polars pass
does. Chinese targets are not checked: reduplication (看看, 常常, 的的确确) is grammar there.
"""

from __future__ import annotations

import re

import numpy as np
import polars as pl

from termkit.lang import HAN_CLASS, NO_SPACE_LANGUAGES
from termkit.lint.context import LintContext
from termkit.lint.registry import HITS_SCHEMA, no_hits, rule

REPEAT = re.compile(r"\b([^\W\d_]+(?:['’][^\W\d_]+)?)[^\S\n]+(\1)\b", re.IGNORECASE)
#: A Chinese reduplication (珍珍, 咯当咯当): a doubled word in the target may well render it ("Zhen Zhen", "tock tock").
REDUPLICATION = re.compile(f"([{HAN_CLASS}]{{1,2}})\\1")
#: Doubled words that are English grammar or dialogue ("he had had enough", "No no, not that").
ALLOWED = frozenset({"had", "that", "is", "no", "yes", "well", "now", "there", "come", "bye", "so", "very", "far",
                     "ha", "ho", "hee", "tut", "oh", "ah", "boo", "hush", "knock", "chop", "go", "again", "on", "over",
                     "round", "more", "out", "away", "little", "many", "long", "quick", "slowly"})


def repeats(texts: list[str]) -> list[tuple[int, str]]:
    """(index into ``texts``, repeated word) of every doubled word not in ALLOWED nor capitalised twice (a name
    such as "Bora Bora"; "The the" is still caught)."""
    joined = "\n".join(t.replace("\n", " ") for t in texts)
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    out = []
    for m in REPEAT.finditer(joined):
        if m.group(1).lower() not in ALLOWED and not (m.group(1)[0].isupper() and m.group(2)[0].isupper()):
            out.append((int(np.searchsorted(starts, m.start(), side="right")) - 1, m.group(1)))
    return out


@rule("repeated-word", "warning", "The same word twice in a row in the target.",
      """Case aside and only spaces between (`No, no` and `had had` pass; so do other doubles of grammar and
      dialogue such as `that that`, `well well`, and names such as `Bora Bora`), and not when the source has a
      Chinese reduplication the double may render (珍珍 → `Zhen Zhen`, 咯当咯当 → `tock tock`). Not applied to
      Chinese or Japanese targets. Example:
      `会议开始了。` → `The the meeting began.` reports `The`; the fix drops the second one.""")
def repeated_word(ctx: LintContext) -> pl.DataFrame:
    u = ctx.units.filter(~pl.col("tgt_base").is_in(list(NO_SPACE_LANGUAGES))).select("_row", "src_text", "tgt_text")
    sources = u["src_text"]
    found = [(i, w) for i, w in repeats(u["tgt_text"].to_list()) if not REDUPLICATION.search(sources[i])]
    if not found:
        return no_hits()
    rows: dict[int, list[str]] = {}
    for i, word in found:
        rows.setdefault(i, []).append(word)
    idx = sorted(rows)
    texts = u["tgt_text"].gather(idx).to_list()
    fixes = [REPEAT.sub(lambda m: m.group(0) if m.group(1).lower() in ALLOWED else m.group(1), t) for t in texts]
    return pl.DataFrame({"_row": u["_row"].gather(idx), "term": [", ".join(rows[i]) for i in idx], "fix": fixes},
                        schema={"_row": pl.Int64, "term": pl.String, "fix": pl.String}).select(
        "_row", pl.lit(None, pl.String).alias("concept_id"), "term",
        pl.format("“{}” twice in a row in the target", "term").alias("message"), "fix").cast(HITS_SCHEMA)
