"""Glossary suggestions on small synthetic memories where the right pairs are known."""

from __future__ import annotations

import polars as pl
import pytest

from termkit.tables import CONCEPTS
from termkit.terms.memory import MEMORY
from termkit.terms.suggest import suggest_terms

TERMS = [("科技园区", "science park"), ("人工智能", "artificial intelligence"), ("海关", "customs")]
TEMPLATES = [
    ("我们昨天参观了{zh}。", "Yesterday we visited the {en}."),
    ("{zh}发展很快。", "The {en} is growing fast."),
    ("政府将支持{zh}。", "The government will support the {en}."),
    ("记者报道了{zh}的情况。", "Reporters covered the situation of the {en}."),
    ("专家讨论{zh}。", "Experts discussed the {en}."),
]


def memory(pairs: list[tuple[str, str]]) -> pl.DataFrame:
    return pl.DataFrame({"file": ["mem.tsv"] * len(pairs), "doc": ["a + b"] * len(pairs),
                         "unit": [str(i + 1) for i in range(len(pairs))],
                         "zh": [z for z, _ in pairs], "en": [e for _, e in pairs]}, schema=MEMORY)


def glossary(rows: list[tuple[str, str, str, str]]) -> pl.DataFrame:
    """Concept rows from (concept_id, lang, term, status)."""
    return pl.DataFrame([{"concept_id": c, "subject": "", "definition": "", "source": "", "lang": lang,
                          "script": "", "term": term, "status": status, "term_type": "", "pos": "",
                          "case_sensitive": False, "note": "", "file": "g.tsv", "line": n + 2}
                         for n, (c, lang, term, status) in enumerate(rows)], schema=CONCEPTS)


def synthetic(extra: list[tuple[str, str]] = ()) -> pl.DataFrame:
    pairs = [(zt.format(zh=zh), et.format(en=en)) for zh, en in TERMS for zt, et in TEMPLATES]
    return memory(pairs + list(extra))


def found(result) -> set[tuple[str, str]]:
    return set(zip(result.candidates["zh"], result.candidates["en"], strict=True))


def test_consistent_pairs_are_found_and_one_off_cooccurrence_is_not():
    one_off = [("量子计算改变世界。", "Quantum computing changes the world.")]
    result = suggest_terms(synthetic(one_off), min_count=3)
    pairs = found(result)
    assert set(TERMS) <= pairs
    assert not any(zh == "量子计算" or "Quantum" in en for zh, en in pairs)


def test_a_term_wins_over_words_that_merely_share_its_pairs():
    # "support" co-occurs with every term once (template 3) but consistently only with 支持
    result = suggest_terms(synthetic(), min_count=3)
    for zh, en in found(result):
        assert zh not in ("科技园区", "人工智能", "海关") or (zh, en) in TERMS


def test_scripts_fold_into_one_candidate():
    pairs = [("一區兩園是新的安排。", "The one-zone-two-parks model is the new arrangement."),
             ("我们落实一区两园。", "We implement the one-zone-two-parks model."),
             ("一区两园的建设很快。", "Construction under the one-zone-two-parks model is fast."),
             ("推进一區兩園。", "Advance the one-zone-two-parks model.")]
    result = suggest_terms(synthetic(pairs), min_count=3)
    rows = result.candidates.filter(pl.col("zh").is_in(["一区两园", "一區兩園"]))
    assert rows.height == 1
    assert set(rows["zh_forms"][0].split(", ")) == {"一区两园", "一區兩園"}
    assert rows["joint_count"][0] == 4
    assert rows["en"][0] == "one-zone-two-parks model"


def test_existing_concepts_are_left_out():
    concepts = glossary([("science-park", "zh", "科技園區", "preferred"),
                         ("science-park", "en", "science park", "preferred")])
    result = suggest_terms(synthetic(), concepts, min_count=3)
    assert ("科技园区", "science park") not in found(result)
    assert ("人工智能", "artificial intelligence") in found(result)
    assert result.left_out >= 1


def test_deprecated_english_is_flagged_not_proposed():
    concepts = glossary([("one-zone-two-parks", "zh", "一区两园", "preferred"),
                         ("one-zone-two-parks", "en", "one zone, two parks", "preferred"),
                         ("one-zone-two-parks", "en", "one district, two parks", "deprecated"),
                         ("customs", "en", "customs", "deprecated")])
    pairs = [("一區兩園很重要。", 'The "one district, two parks" plan matters.'),
             ("他们介绍了一区两园。", "They presented one district, two parks.")]
    result = suggest_terms(synthetic(pairs), concepts, min_count=3)
    flags = {(r["concept_id"], r["en"]): r for r in result.flagged.iter_rows(named=True)}
    district = flags[("one-zone-two-parks", "one district, two parks")]
    assert district["joint_count"] == 2
    assert "one zone, two parks" in district["flag"]
    assert district["example_unit"] in ("16", "17")
    # an English candidate the glossary deprecates is flagged too, and not proposed
    assert ("customs", "customs") in flags or any(en == "customs" for _, en in flags)
    assert "customs" not in set(result.candidates["en"])


def test_top_and_evidence_columns():
    result = suggest_terms(synthetic(), min_count=3, top=2)
    assert result.candidates.height == 2
    row = result.candidates.row(0, named=True)
    assert row["joint_count"] >= 3 and row["llr"] > 10 and 0 < row["dice"] <= 1
    assert row["zh"] in row["example_zh"].replace("區", "区") and row["example_unit"]
    assert result.candidates["score"].is_sorted(descending=True)


def test_min_count_is_respected():
    result = suggest_terms(synthetic(), min_count=6)
    assert result.candidates.is_empty()


@pytest.mark.parametrize("top", [None, 1])
def test_deterministic(top):
    a = suggest_terms(synthetic(), min_count=3, top=top).candidates
    b = suggest_terms(synthetic(), min_count=3, top=top).candidates
    assert a.equals(b)


def test_the_dictionary_raises_a_pair_it_confirms_but_is_not_the_only_road_in():
    # 海关 ↔ customs is confirmed by CC-CEDICT; 科技园区 ↔ "Qianhai" is not, with the same evidence
    terms = [("海关", "customs"), ("科技园区", "Qianhai")]
    pairs = [(zt.format(zh=zh), et.format(en=en)) for zh, en in terms for zt, et in TEMPLATES]
    result = suggest_terms(memory(pairs), min_count=3)
    rows = {r["zh"]: r for r in result.candidates.iter_rows(named=True)}
    assert rows["海关"]["llr"] == rows["科技园区"]["llr"]
    # fully supported: twice the memory's evidence; unsupported: the memory's evidence alone
    assert rows["海关"]["score"] == pytest.approx(2 * rows["海关"]["llr"], abs=0.02)
    assert rows["科技园区"]["score"] == rows["科技园区"]["llr"] and rows["科技园区"]["en"] == "Qianhai"
    assert result.candidates["zh"].to_list().index("海关") < result.candidates["zh"].to_list().index("科技园区")


def test_a_dictionary_name_used_as_plain_words_is_not_a_term():
    # CC-CEDICT knows 山上 only as a township; here it is 山 + 上 "on the mountain"
    terms = [("山上", "mountain"), ("台中", "Taichung")]
    pairs = [(zt.format(zh=zh), et.format(en=en)) for zh, en in terms for zt, et in TEMPLATES]
    got = found(suggest_terms(memory(pairs), min_count=3))
    assert ("台中", "Taichung") in got
    assert not any(zh == "山上" for zh, _ in got)


def test_fragments_of_a_glossary_concept_on_both_sides_are_left_out():
    concepts = glossary([("zone", "zh", "河套科技园区", "preferred"), ("zone", "en", "Hetao science park", "preferred")])
    result = suggest_terms(synthetic(), concepts, min_count=3)
    assert ("科技园区", "science park") not in found(result)
    assert result.left_out >= 1
    # a fragment on the Chinese side only is a new concept
    concepts = glossary([("zone", "zh", "河套科技园区", "preferred"), ("zone", "en", "Hetao zone", "preferred")])
    assert ("科技园区", "science park") in found(suggest_terms(synthetic(), concepts, min_count=3))
