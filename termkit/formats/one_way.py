"""A glossary seen in one language direction, for tools that read a termbase for one project.

Why: OmegaT and Translate Toolkit read a termbase for one project (source → target) and offer every
target-language term of a concept as a rendering; neither looks at TBX's ``administrativeStatus``. A file
for them therefore holds no deprecated target term: each usable target term's note says instead which
renderings not to use, one "do not use" per rendering with its reason, so that the advice stays visible
where the translator sees the rendering. Source terms keep their deprecated forms (they still occur in
source texts). Chinese terms are given in the project's script: a Traditional (Hong Kong, Taiwan) project
finds a glossary's Simplified terms only once they are converted (OpenCC's Hong Kong table, Taiwan's for
``zh-TW``).
"""

from __future__ import annotations

import polars as pl

from termkit.lang import lang_script, parse_tag
from termkit.script import to_simplified, to_traditional
from termkit.tables import CONCEPTS, STATUSES, conform, empty


def variant(tag: str) -> str:
    """The OpenCC Traditional table for a tag: Taiwan's for ``zh-TW``, else Hong Kong's (the corpus's)."""
    return "tw" if parse_tag(tag).region == "TW" else "hk"


def in_script(term: str, script: str, tag: str) -> str:
    """A Chinese term written in ``script`` (``zh-Hans``/``zh-Hant``) with the table ``tag`` calls for."""
    return to_simplified(term) if script == "zh-Hans" else to_traditional(term, variant(tag))


def _side(rows: list[dict], tag: str) -> list[dict]:
    """One language's terms of a concept, Chinese ones in the script ``tag`` names (explicit forms first)."""
    lang, script = lang_script(tag)
    mine = [r for r in rows if r["lang"] == lang]
    if lang != "zh" or not script:
        return mine
    out: list[dict] = []
    seen: set[str] = set()
    for r in [r for r in mine if r["script"] == script] + [r for r in mine if r["script"] != script]:
        term = r["term"] if r["script"] == script else in_script(r["term"], script, tag)
        if term not in seen:
            seen.add(term)
            out.append({**r, "term": term, "script": script})
    return out


def advice(deprecated: dict) -> str:
    """The "do not use" line for one deprecated rendering, with its reason when the glossary gives one."""
    reason = " ".join(deprecated["note"].split())
    return f'do not use "{deprecated["term"]}"' + (f" ({reason})" if reason else "")


def one_way(concepts: pl.DataFrame, src_lang: str, tgt_lang: str) -> pl.DataFrame:
    """The glossary for one direction (see the module docstring), as ``tables.CONCEPTS``.

    A concept without a source term or without a usable target term is left out: a tool could offer nothing.
    """
    df = conform(concepts, CONCEPTS).with_columns(
        [pl.col(c).fill_null("") for c, t in CONCEPTS.items() if t == pl.String])
    groups: dict[str, list[dict]] = {}
    for row in df.iter_rows(named=True):
        groups.setdefault(row["concept_id"], []).append(row)
    out: list[dict] = []
    for rows in groups.values():
        sources, targets = _side(rows, src_lang), _side(rows, tgt_lang)
        usable = sorted((r for r in targets if r["status"] != "deprecated"), key=lambda r: STATUSES.index(r["status"]))
        if not sources or not usable:
            continue
        avoid = [advice(r) for r in targets if r["status"] == "deprecated"]
        out.extend(sources)
        out.extend({**r, "note": "; ".join(p for p in [" ".join(r["note"].split()), *avoid] if p)} for r in usable)
    return pl.DataFrame(out, schema=CONCEPTS) if out else empty(CONCEPTS)
