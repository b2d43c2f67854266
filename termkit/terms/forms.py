"""The surface forms under which a glossary term is searched for in text.

Why a table of forms: matching then is one multi-pattern (Aho-Corasick) pass of polars over a whole text
column, and every tolerance is decided once per term here instead of once per segment.
- Chinese is one language with scripts: a zh term without a script expands through OpenCC into its
  Simplified, Hong Kong, Taiwan and standard Traditional forms; when the concept has an explicit zh-Hant
  term, that term replaces the converted Traditional forms. Explicitly scripted terms match as written.
- Other languages are matched on a normalised text: every run of characters that are not letters or digits
  (hyphens, quotes, commas, spaces) becomes two spaces, and the text is padded with one space each side,
  so a form `` w1  w2 `` can only match whole words, and two terms side by side both match. Case is
  ignored (ASCII letters) unless the term is case-sensitive. A hyphenated term also matches with its
  hyphens closed up (co-operation/cooperation); a noun also matches its plural.
"""

from __future__ import annotations

import re

import polars as pl

from termkit.script import to_simplified, to_traditional

#: Characters that separate words in normalised text (everything but letters, digits and marks).
SEPARATORS = r"[^\p{L}\p{N}\p{M}]+"
#: A short prefix joined by a hyphen (co-operation, re-export, e-commerce) may also be written closed up.
_PREFIX_HYPHEN = re.compile(r"\b([A-Za-z][a-z]{0,2})-(?=[a-z])")
_NO_PLURAL_POS = ("properNoun", "verb", "adjective", "adverb")
_NO_PLURAL_TYPES = ("abbreviation", "acronym")

FORMS_SCHEMA: dict[str, pl.DataType] = {
    "concept_id": pl.String,
    "lang": pl.String,
    "script": pl.String,
    "term": pl.String,
    "status": pl.String,
    "term_type": pl.String,
    "case_sensitive": pl.Boolean,
    "form": pl.String,  # the pattern as searched: exact Chinese, or " normalised  words " for other languages
    "key": pl.String,  # the form lower-cased: what a matched slice is joined on
}


def normalise_expr(expr: pl.Expr) -> pl.Expr:
    """Text → the padded, separator-normalised form word matching runs on (see the module docstring)."""
    return pl.concat_str([pl.lit(" "), expr.str.replace_all(SEPARATORS, "  ").str.strip_chars(" "), pl.lit(" ")])


def normalise(texts: list[str]) -> list[str]:
    """``normalise_expr`` over a Python list (the same polars code, so terms and texts always agree)."""
    return pl.Series("t", texts, dtype=pl.String).to_frame().select(normalise_expr(pl.col("t")).alias("t"))[
        "t"].to_list()


def plural(word: str) -> str:
    """Regular English plural of a lower-case word (park → parks, city → cities, box → boxes)."""
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _with_plurals(forms: list[str], term_type: str, pos: str) -> list[str]:
    out = set(forms)
    if pos not in _NO_PLURAL_POS and term_type not in _NO_PLURAL_TYPES:
        for f in forms:
            words = f.split()
            last = words[-1]
            if last.isalpha() and not last.isupper() and len(last) > 2 and not last.lower().endswith("s"):
                out.add(" " + "  ".join([*words[:-1], plural(last)]) + " ")
    return sorted(f for f in out if f.strip())


def _chinese_forms(term: str, script: str, has_hant: bool) -> list[str]:
    if script:
        return [term]
    simp = to_simplified(term)
    forms = {term, simp}
    if not has_hant:
        forms |= {to_traditional(simp, "hk"), to_traditional(simp, "tw"), to_traditional(simp, "t")}
    return sorted(forms)


def term_forms(concepts: pl.DataFrame) -> pl.DataFrame:
    """One row per (term, searchable form) of the glossary; see the module docstring for the rules."""
    hant = set(concepts.filter((pl.col("lang") == "zh") & (pl.col("script") == "zh-Hant"))["concept_id"])
    records = concepts.select([c for c in FORMS_SCHEMA if c not in ("form", "key")] + ["pos"]).to_dicts()
    latin = [(i, v) for i, r in enumerate(records) if r["lang"] != "zh"
             for v in sorted({r["term"], _PREFIX_HYPHEN.sub(r"\1", r["term"])})]
    normed: dict[int, list[str]] = {}
    for (i, _), form in zip(latin, normalise([v for _, v in latin]), strict=True):
        normed.setdefault(i, []).append(form)
    rows: list[dict] = []
    for i, r in enumerate(records):
        if r["lang"] == "zh":
            forms = _chinese_forms(r["term"], r["script"], r["concept_id"] in hant)
        else:
            forms = _with_plurals(normed[i], r["term_type"] or "", r["pos"] or "")
        base = {k: r[k] for k in FORMS_SCHEMA if k not in ("form", "key")}
        rows.extend(base | {"form": f, "key": ""} for f in forms)
    df = pl.DataFrame(rows, schema=FORMS_SCHEMA).with_columns(pl.col("form").str.to_lowercase().alias("key"))
    return df.unique(maintain_order=True)
