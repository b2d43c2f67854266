"""Matching glossary terms: both Chinese scripts, English variants, word boundaries, nesting."""

from __future__ import annotations

import polars as pl
from conftest import TEST_GLOSSARY

from termkit.tables import CONCEPTS
from termkit.terms import find_terms, load_glossary, term_forms, term_pairs


def glossary(*rows: tuple) -> pl.DataFrame:
    """Rows (concept_id, lang, script, term, status[, term_type, case_sensitive])."""
    out = []
    for r in rows:
        cid, lang, script, term, status = r[:5]
        out.append({"concept_id": cid, "subject": "", "definition": "", "source": "", "lang": lang,
                    "script": script, "term": term, "status": status, "term_type": r[5] if len(r) > 5 else "fullForm",
                    "pos": "noun", "case_sensitive": r[6] if len(r) > 6 else False, "note": "", "file": "g", "line": 1})
    return pl.DataFrame(out, schema=CONCEPTS)


G = glossary(
    ("yqly", "zh", "", "一区两园", "preferred"),
    ("yqly", "en", "", "one zone, two parks", "preferred"),
    ("yqly", "en", "", "one district, two parks", "deprecated"),
    ("park", "en", "", "science park", "preferred"),
    ("park", "zh", "", "科学园", "preferred"),
    ("coop", "en", "", "co-operation zone", "preferred"),
    ("coop", "zh", "", "合作区", "preferred"),
    ("sc", "zh", "", "国务院", "preferred"),
    ("sc", "en", "", "State Council", "preferred"),
    ("scio", "zh", "", "国务院新闻办公室", "preferred"),
    ("scio", "en", "", "State Council Information Office", "preferred"),
    ("most", "en", "", "MOST", "admitted", "abbreviation", True),
    ("most", "zh", "", "科技部", "preferred"),
    ("hant", "zh", "", "里面", "preferred"),
    ("hant", "zh", "zh-Hant", "裏面", "preferred"),
    ("hant", "en", "", "inside", "preferred"),
)


def found(texts: list[str], lang: str, g: pl.DataFrame = G) -> list[tuple[int, str, str]]:
    m = find_terms(pl.Series(texts), g, lang)
    return [(r["row"], r["concept_id"], r["matched"]) for r in m.iter_rows(named=True)]


def test_chinese_matches_every_script():
    texts = ["推动一区两园建设", "推動「一區兩園」協同", "台灣寫作一區兩園"]
    assert found(texts, "zh") == [(0, "yqly", "一区两园"), (1, "yqly", "一區兩園"), (2, "yqly", "一區兩園")]


def test_offsets_point_into_the_original_text():
    m = find_terms(pl.Series(["陳國基說，推動「一區兩園」"]), G, "zh").row(0, named=True)
    assert "陳國基說，推動「一區兩園」"[m["start"]:m["end"]] == "一區兩園"
    text = 'He praised the "One-Zone, Two-Parks" idea.'
    m = find_terms(pl.Series([text]), G, "en").row(0, named=True)
    assert text[m["start"]:m["end"]] == "One-Zone, Two-Parks" == m["matched"]


def test_explicit_traditional_form_overrides_conversion():
    forms = set(term_forms(G.filter((pl.col("concept_id") == "hant") & (pl.col("lang") == "zh")))["form"])
    # without the explicit row OpenCC would add the Taiwan form 裡面 as well
    assert forms == {"里面", "裏面"}
    assert [c for _, c, _ in found(["在裏面", "在裡面", "在里面"], "zh")] == ["hant", "hant"]


def test_english_tolerates_case_hyphens_quotes_and_plurals():
    texts = ["Two Science Parks opened", "the co-operation zone", "the cooperation zone", "the science-park"]
    assert [c for _, c, _ in found(texts, "en")] == ["park", "coop", "coop", "park"]


def test_english_matches_whole_words_only():
    assert found(["a parkside sciences parking", "the sciencepark"], "en") == []


def test_case_sensitive_terms_match_only_as_written():
    assert found(["MOST said", "most said"], "en") == [(0, "most", "MOST")]


def test_a_term_inside_a_longer_term_is_not_reported_alone():
    zh = found(["国务院新闻办公室和国务院"], "zh")
    assert zh == [(0, "scio", "国务院新闻办公室"), (0, "sc", "国务院")]
    en = found(["the State Council Information Office and the State Council"], "en")
    assert [c for _, c, _ in en] == ["scio", "sc"]


def test_adjacent_terms_both_match():
    assert [c for _, c, _ in found(["State Council science park"], "en")] == ["sc", "park"]


def test_term_pairs_expand_scripts_and_skip_deprecated():
    pairs = set(term_pairs(G))
    assert ("一区两园", "one zone, two parks") in pairs and ("一區兩園", "one zone, two parks") in pairs
    assert not any(en == "one district, two parks" for _, en in pairs)
    assert ("裏面", "inside") in pairs


def test_shipped_glossary_finds_the_bundled_renderings():
    g = load_glossary(TEST_GLOSSARY)
    en = find_terms(pl.Series(['Chen Guoji praised "one district, two parks" and the Northern Metropolitan Area']), g, "en")
    assert set(en.filter(pl.col("status") == "deprecated")["term"]) == {
        "Chen Guoji", "one district, two parks", "northern metropolitan area"}


def test_a_slice_two_terms_of_a_concept_write_alike_counts_once_with_the_better_status():
    g = glossary(("z", "en", "", "Cooperation Zone", "preferred"), ("z", "en", "", "Co-operation Zone", "admitted"),
                 ("z", "zh", "", "合作区", "preferred"))
    m = find_terms(pl.Series(["the Cooperation Zone", "the Co-operation Zone"]), g, "en")
    assert [(r["row"], r["status"]) for r in m.iter_rows(named=True)] == [(0, "preferred"), (1, "admitted")]
