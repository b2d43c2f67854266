"""The controlled glossary (issue 4): files, searchable forms, matching, and lexicon pairs.

Public API (other stages code against these names):
- ``load_glossary(path)`` / ``save_glossary(concepts, path)``: glossary files ↔ tables.CONCEPTS.
- ``term_pairs(concepts)``: (Chinese, English) pairs for the aligner's lexicon, Chinese in every script.
- ``find_terms(texts, concepts, lang)``: where glossary terms occur in a text column (both scripts).
- ``scan_terms(texts, forms, lang)`` with ``term_forms(concepts)``: the same at scale, byte offsets.
"""

from __future__ import annotations

import polars as pl

from termkit.script import script_variants
from termkit.terms.forms import term_forms
from termkit.terms.match import find_terms, scan_terms
from termkit.terms.store import load_glossary, save_glossary

__all__ = ["find_terms", "load_glossary", "save_glossary", "scan_terms", "term_forms", "term_pairs"]

_USABLE = ("preferred", "admitted")


def term_pairs(concepts: pl.DataFrame) -> list[tuple[str, str]]:
    """(Chinese term, English term) for every concept's preferred and admitted renderings.

    A Chinese term without a script is expanded into its script forms (termkit.script.script_variants),
    so the aligner finds 一區兩園 as well as 一区两园. Sorted, without duplicates.
    """
    usable = concepts.filter(pl.col("status").is_in(_USABLE))
    zh = usable.filter(pl.col("lang") == "zh").select("concept_id", "term", "script")
    en = usable.filter(pl.col("lang") == "en").select("concept_id", pl.col("term").alias("en"))
    pairs: set[tuple[str, str]] = set()
    for r in zh.join(en, on="concept_id").iter_rows(named=True):
        forms = script_variants(r["term"]) if not r["script"] else {r["term"]}
        pairs.update((f, r["en"]) for f in forms)
    return sorted(pairs)
