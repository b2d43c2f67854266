"""Finding glossary terms in a column of texts, in both Chinese scripts and across English variants.

Why polars: ``str.extract_many`` runs one Aho-Corasick automaton over the whole column, so the cost grows
with the text, not with segments × terms. Forms are searched longest first, leftmost, without overlaps:
a term inside a longer term is not reported on its own (国务院 inside 国务院新闻办公室, "State Council"
inside "State Council Information Office"), as a reader would read it. ``contained_forms`` recovers
those inner terms where a check needs them (a rendering inside a longer name still renders the concept).

Two entry points:
- ``scan_terms`` (used by ``termkit lint`` at scale): which forms occur in which row, no Python per row.
- ``find_terms`` (the public one, used by the suggester): also the text as written and character offsets.
"""

from __future__ import annotations

import re

import polars as pl

from termkit.tables import status_rank
from termkit.terms.forms import FORMS_SCHEMA, normalise_expr, term_forms

MATCH_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.Int64,  # index into the texts searched
    "concept_id": pl.String,
    "term": pl.String,  # the glossary term
    "status": pl.String,
    "script": pl.String,
    "term_type": pl.String,
    "form": pl.String,  # the searched form that matched (Chinese script variant, or normalised words)
    "matched": pl.String,  # the slice of the searched text (case as written)
}


FIND_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.Int64,
    "concept_id": pl.String,
    "term": pl.String,
    "status": pl.String,
    "matched": pl.String,  # the text as written at that place
    "start": pl.Int64,  # character offsets into the original text
    "end": pl.Int64,
}


def _searched(texts: pl.Series, lang: str) -> pl.Series:
    texts = texts.fill_null("")
    if lang == "zh":
        return texts
    return texts.to_frame("t").select(normalise_expr(pl.col("t")).alias("t"))["t"]


def _patterns(forms: pl.DataFrame) -> list[str]:
    """Distinct search keys, longest first: leftmost-first matching then prefers the longest term."""
    keys = forms["key"].unique()
    return keys.to_frame("k").sort([pl.col("k").str.len_bytes(), pl.col("k")], descending=[True, False])[
        "k"].to_list()


def scan_terms(texts: pl.Series, forms: pl.DataFrame, lang: str, positions: bool = False) -> pl.DataFrame:
    """Matches of ``forms`` (from ``term_forms``) of language ``lang`` in ``texts``: MATCH_SCHEMA rows.

    ``positions`` adds ``start``: the byte offset of the match in the searched text (normalised for
    languages other than Chinese), at the cost of a second pass.
    """
    forms = forms.filter(pl.col("lang") == lang)
    schema = {**MATCH_SCHEMA, **({"start": pl.Int64} if positions else {})}
    if forms.height == 0 or texts.len() == 0:
        return pl.DataFrame(schema=schema)
    patterns = _patterns(forms)
    t = pl.col("t")
    opts = {"ascii_case_insensitive": True, "leftmost": True}
    cols = [t.str.extract_many(patterns, **opts).alias("matched")]
    if positions:
        cols.append(t.str.find_many(patterns, **opts).alias("start"))
    hits = (_searched(texts, lang).to_frame("t").with_row_index("row").select(pl.col("row").cast(pl.Int64), *cols)
            .filter(pl.col("matched").list.len() > 0).explode(["matched", "start"] if positions else ["matched"]))
    hits = hits.with_row_index("_hit").with_columns(pl.col("matched").str.to_lowercase().alias("key"))
    found = hits.join(forms, on="key").filter(~pl.col("case_sensitive") | (pl.col("matched") == pl.col("form")))
    # one slice written the same way by two terms of a concept (Co-operation closed up = Cooperation):
    # it is the better-status term that was written
    found = found.sort(["_hit", status_rank()]).unique(["_hit", "concept_id"], keep="first", maintain_order=True)
    return found.select([pl.col(c).cast(d) for c, d in schema.items()])


def contained_forms(forms: pl.DataFrame) -> pl.DataFrame:
    """(outer form, inner form) for every form that occurs inside another of the same language.

    Lets a check see "Shenzhen Park" inside "Development Plan for the Shenzhen Park of ..." without a
    second, overlapping pass over the texts.
    """
    out = []
    for (lang,), fs in forms.group_by("lang"):
        keys = fs["key"].unique()
        inner = (keys.to_frame("outer").with_columns(
            pl.col("outer").str.extract_many(keys.to_list(), overlapping=True).alias("inner"))
            .explode("inner").filter(pl.col("inner").is_not_null() & (pl.col("inner") != pl.col("outer"))))
        out.append(inner.unique().with_columns(pl.lit(lang).alias("lang")))
    schema = {"outer": pl.String, "inner": pl.String, "lang": pl.String}
    return pl.concat(out).select([pl.col(c).cast(d) for c, d in schema.items()]) if out else pl.DataFrame(
        schema=schema)


def with_contained(matches: pl.DataFrame, forms: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
    """``matches`` plus, for each, the terms whose forms lie inside its form (see ``contained_forms``)."""
    if matches.height == 0 or pairs.height == 0:
        return matches
    lower = matches.with_columns(pl.col("form").str.to_lowercase().alias("outer"))
    extra = (lower.select("row", "matched", "outer").join(pairs, on="outer")
             .select("row", pl.col("inner").alias("key"), "matched", "lang")
             .join(forms, on=["key", "lang"]).filter(~pl.col("case_sensitive")))
    return pl.concat([matches, extra.select(matches.columns).cast(matches.schema)]).unique(maintain_order=True)


def _word_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"[^\W_]+", text)]


def find_terms(texts: pl.Series, concepts: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Where the glossary's ``lang`` terms occur in ``texts``: FIND_SCHEMA (row, concept, term, text, offsets).

    Chinese terms match in every script (see termkit.terms.forms); other languages match whole words,
    tolerating case (unless case-sensitive), hyphen/space/quote variants and plurals. ``lang`` is the
    language subtag (``zh``, ``en``). Offsets are character offsets into each original text; this
    function does a little Python work per match, so for millions of rows use ``scan_terms``.
    """
    forms = term_forms(concepts.filter(pl.col("lang") == lang))
    m = scan_terms(texts, forms, lang, positions=True)
    if m.height == 0:
        return pl.DataFrame(schema=FIND_SCHEMA)
    values = texts.fill_null("").to_list()
    searched = _searched(texts, lang).to_list() if lang != "zh" else values
    rows: list[dict] = []
    for r in m.iter_rows(named=True):
        text = values[r["row"]]
        prefix = searched[r["row"]].encode("utf-8")[:r["start"]].decode("utf-8", errors="ignore")
        if lang == "zh":
            start = len(prefix)
            rows.append({**r, "start": start, "end": start + len(r["matched"])})
            continue
        # the match covers normalised words i..i+n-1; the original's words are the same words
        spans = _word_spans(text)
        i, n = len(prefix.split()), len(r["form"].split())
        if len(spans) >= i + n:
            start, end = spans[i][0], spans[i + n - 1][1]
            rows.append({**r, "start": start, "end": end, "matched": text[start:end]})
    rows = [{k: r[k] for k in FIND_SCHEMA} for r in rows]
    if not rows:
        return pl.DataFrame(schema=FIND_SCHEMA)
    return pl.DataFrame(rows, schema=FIND_SCHEMA).sort(["row", "start"])


__all__ = ["FIND_SCHEMA", "FORMS_SCHEMA", "MATCH_SCHEMA", "contained_forms", "find_terms", "scan_terms",
           "with_contained"]
