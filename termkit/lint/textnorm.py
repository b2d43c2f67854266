"""Column-wide text helpers for the rules: OpenCC over a whole column, and comparison keys.

Why batch OpenCC: converting a million short strings one call at a time is dominated by call overhead;
one call on the joined column (newlines as separators, lengths kept) costs a fraction of it.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from termkit.terms.forms import SEPARATORS


def convert_column(texts: pl.Series, convert: Callable[[str], str]) -> pl.Series:
    """Apply an OpenCC conversion to every text of ``texts`` with one call per 50,000 texts."""
    values = texts.fill_null("").str.replace_all("\n", " ").to_list()
    out: list[str] = []
    step = 50_000
    for i in range(0, len(values), step):
        chunk = values[i:i + step]
        converted = convert("\n".join(chunk)).split("\n")
        if len(converted) != len(chunk):  # a conversion that ate a separator: fall back to one call each
            converted = [convert(v) for v in chunk]
        out.extend(converted)
    return pl.Series(texts.name, out, dtype=pl.String)


def comparison_key(texts: pl.Series, simplified: pl.Series | None = None) -> pl.Series:
    """Text reduced to what makes two segments 'the same': case, spacing, punctuation and script ignored."""
    base = simplified if simplified is not None else texts
    return base.fill_null("").str.to_lowercase().str.replace_all(SEPARATORS, "")
