"""Glossary suggestions: ranked Chinese–English term pairs mined from a translation memory, with evidence.

memory (tables of Chinese–English pairs) → candidates on each side (termkit.terms.candidates) → pairs by
association (termkit.terms.associate) → ranked by the memory's evidence and the dictionary's → checked
against the glossary: pairs whose concept the glossary already holds are left out (also when both sides
are only fragments of one of its concepts), and pairs whose English is a rendering the glossary deprecates
are flagged, not proposed. The glossary is also searched directly (its Chinese terms in the Chinese side,
its deprecated English in the English side of the same pairs), because a deprecated rendering such as
"one district, two parks" crosses a comma and so is never an English candidate itself.

Why the dictionary counts in the ranking: two independent witnesses beat one. A pair CC-CEDICT confirms
(termkit.terms.judge.support: the share of its English content words among the glosses of the Chinese, or
a name in Hanyu Pinyin) ranks as if the memory had shown it up to twice as strongly: score = G² × (1 +
support). The memory alone still decides for everything the dictionary lacks (novel names, literary
renderings): such a pair keeps its G² and ranks among the rest on that.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from termkit import cedict
from termkit.script import to_simplified
from termkit.terms.associate import associate
from termkit.terms.candidates import collect
from termkit.terms.judge import judge, support

#: One suggestion (or flagged pair) a row, strongest first.
SUGGESTIONS: dict[str, pl.DataType] = {
    "zh": pl.String,  # the Chinese as most often written in the memory
    "zh_forms": pl.String,  # every spelling seen (scripts), comma-separated
    "en": pl.String,
    "zh_count": pl.Int64,
    "en_count": pl.Int64,
    "joint_count": pl.Int64,
    "llr": pl.Float64,
    "dice": pl.Float64,
    "score": pl.Float64,  # the rank: G² × (1 + CC-CEDICT support)
    "cedict": pl.String,  # termkit.terms.judge verdict
    "example_file": pl.String,
    "example_doc": pl.String,
    "example_unit": pl.String,
    "example_zh": pl.String,
    "example_en": pl.String,
    "concept_id": pl.String,  # the glossary concept of a flagged pair; "" for a new candidate
    "flag": pl.String,  # why a pair is not proposed; "" for a candidate
}


@dataclass(frozen=True)
class Suggestions:
    """New candidates, and pairs flagged against the glossary."""

    candidates: pl.DataFrame
    flagged: pl.DataFrame
    pairs: int  # aligned pairs read
    left_out: int  # pairs whose concept the glossary already has


def _en_key(term: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", term.lower()))


@dataclass(frozen=True)
class _GlossaryIndex:
    zh: dict[str, str]  # Simplified Chinese term → concept_id
    en_usable: dict[str, str]  # English preferred/admitted key → concept_id
    en_deprecated: dict[str, str]  # English deprecated key → concept_id
    preferred_en: dict[str, str]  # concept_id → its preferred English term

    def holds_fragment(self, zh: str, en_keys: set[str]) -> bool:
        """The pair is part of one concept on both sides (深港科技创新 ↔ "Shenzhen-Hong Kong Science and
        Technology" inside 河套深港科技创新合作区): the memory shows it because it shows the whole term."""
        concepts = {c for term, c in self.zh.items() if zh in term}
        return any(f" {k} " in f" {term} " for term, c in self.en_usable.items() if c in concepts
                   for k in en_keys)


def _index(concepts: pl.DataFrame | None) -> _GlossaryIndex:
    zh: dict[str, str] = {}
    usable: dict[str, str] = {}
    deprecated: dict[str, str] = {}
    preferred: dict[str, str] = {}
    if concepts is not None:
        for r in concepts.iter_rows(named=True):
            if r["lang"] == "zh":
                zh[to_simplified(r["term"])] = r["concept_id"]
            elif r["lang"] == "en":
                key = _en_key(r["term"])
                if r["status"] == "deprecated":
                    deprecated[key] = r["concept_id"]
                else:
                    usable[key] = r["concept_id"]
                    if r["status"] == "preferred":
                        preferred.setdefault(r["concept_id"], r["term"])
    return _GlossaryIndex(zh, usable, deprecated, preferred)


def _deprecated_in_memory(memory: pl.DataFrame, concepts: pl.DataFrame) -> pl.DataFrame:
    """(row, concept_id, term) where a concept's Chinese and one of its deprecated English terms share a pair."""
    from termkit.terms import scan_terms, term_forms

    deprecated_en = concepts.filter((pl.col("lang") == "en") & (pl.col("status") == "deprecated"))
    if deprecated_en.is_empty():
        return pl.DataFrame(schema={"row": pl.Int64, "concept_id": pl.String, "term": pl.String})
    ids = deprecated_en["concept_id"].unique()
    zh_forms = term_forms(concepts.filter((pl.col("lang") == "zh") & pl.col("concept_id").is_in(ids.to_list())))
    zh_hits = scan_terms(memory["zh"], zh_forms, "zh").select("row", "concept_id").unique()
    en_hits = scan_terms(memory["en"], term_forms(deprecated_en), "en").select("row", "concept_id", "term").unique()
    return zh_hits.join(en_hits, on=["row", "concept_id"])


def _example(memory: pl.DataFrame, row: int) -> dict[str, str]:
    r = memory.row(row, named=True)
    return {"example_file": r["file"], "example_doc": r["doc"], "example_unit": r["unit"],
            "example_zh": r["zh"], "example_en": r["en"]}


@lru_cache(maxsize=100_000)
def _only_a_name(zh: str) -> bool:
    """CC-CEDICT knows ``zh`` only as a proper name (every gloss capitalised: 山上 "Shanshang township")."""
    glosses = [g for g in (cedict.clean_gloss(x) for x in cedict.load().lookup(zh)) if g]
    return bool(glosses) and all(g[0].isupper() for g in glosses)


def _name_misread(zh: str, en: str) -> bool:
    """A Chinese proper name paired with lower-case English: the memory uses the characters as words
    (山上 "on the mountain" ↔ "mountain", not the township), so the pair is not a term."""
    return en.islower() and _only_a_name(zh)


def rank(pairs: pl.DataFrame) -> pl.DataFrame:
    """``pairs`` (termkit.terms.associate.PAIRS) that can be terms, with ``support`` and ``score``, strongest
    score first."""
    pairs = pairs.filter([not _name_misread(z, e) for z, e in pairs.select("zh", "en").iter_rows()])
    backing = [support(z, e) for z, e in pairs.select("zh", "en").iter_rows()]
    return (pairs.with_columns(pl.Series("support", backing, dtype=pl.Float64))
            .with_columns(score=pl.col("llr") * (1.0 + pl.col("support")))
            .sort(["score", "zh", "en"], descending=[True, False, False]))


def suggest_terms(memory: pl.DataFrame, concepts: pl.DataFrame | None = None, *, min_count: int = 3,
                  top: int | None = None) -> Suggestions:
    """Rank term pairs of ``memory`` (termkit.terms.memory.MEMORY) against the glossary ``concepts``.

    ``min_count`` is the fewest aligned pairs a candidate pair must share (a single co-occurrence is never
    evidence); ``top`` keeps the strongest new candidates only. Flagged pairs are always all reported.
    """
    zh_texts = memory["zh"].fill_null("").to_list()
    en_texts = memory["en"].fill_null("").to_list()
    zh = collect(zh_texts, "zh")
    en = collect(en_texts, "en")
    lengths = [len(a) + len(b) for a, b in zip(zh_texts, en_texts, strict=True)]
    pairs = rank(associate(zh, en, min_count=min_count, text_length=lengths, support=support))
    glossary = _index(concepts)

    candidates: list[dict] = []
    flagged: list[dict] = []
    left_out = 0
    for r in pairs.iter_rows(named=True):
        forms: Counter = zh.forms.get(r["zh"], Counter())
        shown = forms.most_common(1)[0][0] if forms else r["zh"]
        en_forms: Counter = en.forms.get(r["en"], Counter())
        en_shown = en_forms.most_common(1)[0][0] if en_forms else r["en"]
        ekeys = {_en_key(en_shown), _en_key(r["en"])}  # as written, and with the last word singular
        row = {
            "zh": shown, "zh_forms": ", ".join(sorted(forms)), "en": en_shown,
            "zh_count": r["zh_count"], "en_count": r["en_count"], "joint_count": r["joint_count"],
            "llr": round(r["llr"], 2), "dice": round(r["dice"], 3), "score": round(r["score"], 2), "cedict": "",
            **_example(memory, r["example"]), "concept_id": "", "flag": "",
        }
        concept = next((glossary.en_deprecated[k] for k in sorted(ekeys) if k in glossary.en_deprecated), None)
        if concept is not None:
            prefer = glossary.preferred_en.get(concept, "")
            row |= {"concept_id": concept,
                    "flag": f"deprecated rendering; the glossary prefers {prefer!r}" if prefer else
                    "deprecated rendering in the glossary"}
            flagged.append(row)
        elif r["zh"] in glossary.zh or ekeys & glossary.en_usable.keys() or glossary.holds_fragment(r["zh"], ekeys):
            left_out += 1
        elif top is None or len(candidates) < top:
            candidates.append(row | {"cedict": judge(r["zh"], r["en"])})

    if concepts is not None and not concepts.is_empty():
        flagged.extend(_direct_flags(memory, concepts, glossary, {(f["concept_id"], _en_key(f["en"]))
                                                                   for f in flagged}))
    return Suggestions(
        candidates=pl.DataFrame(candidates, schema=SUGGESTIONS) if candidates else pl.DataFrame(schema=SUGGESTIONS),
        flagged=pl.DataFrame(flagged, schema=SUGGESTIONS) if flagged else pl.DataFrame(schema=SUGGESTIONS),
        pairs=memory.height,
        left_out=left_out,
    )


def _direct_flags(memory: pl.DataFrame, concepts: pl.DataFrame, glossary: _GlossaryIndex,
                  seen: set[tuple[str, str]]) -> list[dict]:
    """Flags for deprecated English found by searching the glossary's own terms in the memory."""
    hits = _deprecated_in_memory(memory, concepts)
    out: list[dict] = []
    if hits.is_empty():
        return out
    zh_of = (concepts.filter(pl.col("lang") == "zh").group_by("concept_id", maintain_order=True)
             .agg(pl.col("term").first()))
    zh_term = dict(zip(zh_of["concept_id"], zh_of["term"], strict=True))
    groups = hits.group_by("concept_id", "term").agg(pl.col("row").sort()).sort("concept_id", "term")
    for cid, term, rows in groups.iter_rows():
        if (cid, _en_key(term)) in seen:
            continue
        example = min(rows, key=lambda i: (len(memory["zh"][i] or "") + len(memory["en"][i] or ""), i))
        prefer = glossary.preferred_en.get(cid, "")
        out.append({
            "zh": zh_term.get(cid, ""), "zh_forms": "", "en": term, "zh_count": None, "en_count": None,
            "joint_count": len(rows), "llr": None, "dice": None, "score": None, "cedict": "",
            **_example(memory, example), "concept_id": cid,
            "flag": f"deprecated rendering; the glossary prefers {prefer!r}" if prefer else
            "deprecated rendering in the glossary",
        })
    return out
