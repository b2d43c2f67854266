"""Comparable mode: only the pairs that say the same thing, in any order, with a confidence that means something."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from conftest import ROOT, TEST_GLOSSARY, run_cli, shared_path

from termkit.align import encoder
from termkit.align.aligner import align_sentences
from termkit.align.comparable import (
    THRESHOLD,
    _fit_similarity,
    align_comparable,
    function_word,
    in_order,
    is_heading,
    said_concepts,
)
from termkit.formats.ladder import read_ladder
from termkit.formats.tsv import read_alignments_tsv


def _consistent(bead_src: tuple[int, ...], bead_tgt: tuple[int, ...], allowed: list[tuple[set[int], set[int]]]) -> bool:
    """A mined bead is right when all its sentences lie within one allowed (gold) group."""
    return any(set(bead_src) <= s and set(bead_tgt) <= t for s, t in allowed)


# --- tiny synthetic documents ------------------------------------------------------------------------------

# Two mini-articles on Shenzhen–Hong Kong cooperation: the trio "Shenzhen", "Hong Kong", "cooperation" is in
# nearly every sentence, so sharing it proves nothing; three statements are shared.
ZH = ["林新表示，科技部将支持深港在人才培养、创业孵化和科技金融方面开展合作。",
      "深圳和香港合作，在合作区举办了一场音乐会。",
      "南沙：",
      "到2025年，园区将建成20个科研平台。",
      "香港与深圳的合作让房价上涨。",
      "深圳与香港的合作有很长的历史。",
      "香港和深圳的学生通过合作项目交流。",
      "孙志洋说，广东省将制定重点任务清单。"]
EN = ["Shenzhen and Hong Kong began cooperation on water supply.",
      "By 2035, the park will attract global companies in Shenzhen and Hong Kong.",
      "Lin Xin said the ministry will support Shenzhen and Hong Kong in talent training, business incubation "
      "and technology finance.",
      "Football teams from Hong Kong and Shenzhen met under the cooperation plan.",
      "By 2025 the park will have built 20 research platforms.",
      "Hong Kong and Shenzhen cooperation brings tourists to restaurants.",
      "Sun Zhiyang said Guangdong will draw up a list of key tasks.",
      "Trains between Shenzhen and Hong Kong run every ten minutes thanks to the cooperation."]


def test_the_statement_pairs_and_sentences_sharing_only_frequent_words_do_not() -> None:
    beads = align_comparable(ZH, EN, "zh", "en")
    pairs = {(b.src, b.tgt) for b in beads}
    assert ((0,), (2,)) in pairs  # Lin Xin's statement
    assert ((3,), (4,)) in pairs  # the 2025 target, not the 2035 one
    assert ((7,), (6,)) in pairs  # Sun Zhiyang's task list
    assert len(beads) == 3  # nothing that shares only the trio; the label "南沙：" pairs with nothing


def test_a_multiword_name_counts_as_one_concept() -> None:
    """Sentences sharing only "Guangdong-Hong Kong-Macao Greater Bay Area" (stems, spellings, a glossary hit)."""
    zh = [*ZH, "粤港澳大湾区的人口很多。", "粤港澳大湾区有很多大学。", "粤港澳大湾区的交通很方便。"]
    en = [*EN, "The Guangdong-Hong Kong-Macao Greater Bay Area is big.", "Guangdong-Hong Kong-Macao Greater Bay Area "
          "officials met.", "The Guangdong-Hong Kong-Macao Greater Bay Area grew."]
    beads = align_comparable(zh, en, "zh", "en", [("粤港澳大湾区", "Guangdong-Hong Kong-Macao Greater Bay Area")])
    pairs = {(b.src, b.tgt) for b in beads}
    assert {((0,), (2,)), ((3,), (4,)), ((7,), (6,))} <= pairs
    assert all(b.score < 0.6 for b in beads if b.src[0] >= len(ZH))


def test_each_sentence_once_scores_are_confidences_above_the_threshold() -> None:
    beads = align_comparable(ZH + ZH, EN, "zh", "en")  # every statement twice on one side
    src = [i for b in beads for i in b.src]
    tgt = [j for b in beads for j in b.tgt]
    assert len(src) == len(set(src)) and len(tgt) == len(set(tgt))
    assert all(THRESHOLD <= b.score <= 1.0 for b in beads)
    assert beads == sorted(beads, key=lambda b: (b.src, b.tgt))


def test_contradicting_years_count_against() -> None:
    zh = ["到2025年，园区将建成20个科研平台和五个国际标准组织。", "今天天气很好。"]
    same = ["By 2025 the park will have built 20 research platforms and five international standard bodies.",
            "The recipe needs flour."]
    other = ["By 2035 the park will have built 30 research platforms and five international standard bodies.",
             "The recipe needs flour."]
    right = align_comparable(zh, same, "zh", "en")
    wrong = align_comparable(zh, other, "zh", "en")
    assert [(b.src, b.tgt) for b in right] == [((0,), (0,))]
    assert not wrong or wrong[0].score < 0.6  # without the penalty: 0.87


def test_headings_pair_only_with_headings() -> None:
    zh = ["南沙：", "河套合作区发展规划", "国务院印发河套合作区发展规划，支持深港科技创新合作。"]
    en = ["Nansha has a larger area and focuses on comprehensive cooperation with Hong Kong and Macao.",
          "Development plan of the Hetao cooperation zone",
          "The State Council issued the development plan of the Hetao zone to support science and innovation."]
    pairs = {(b.src, b.tgt) for b in align_comparable(zh, en, "zh", "en", [("河套合作区", "Hetao cooperation zone")])}
    assert ((1,), (1,)) in pairs and ((2,), (2,)) in pairs
    assert not any(s == (0,) for s, _ in pairs)


def test_is_heading() -> None:
    assert is_heading("南沙：") and is_heading("加速匯聚香港及全球頂尖科創資源") and is_heading("Chapter One")
    assert not is_heading("他说：“好。”") and not is_heading("She left.") and not is_heading("真的吗？")


def test_one_to_two_when_the_second_sentence_carries_its_own_evidence() -> None:
    zh = ["林新表示，科技部将加大对合作区的支持力度，支持深港在科技项目、人才培养、创业孵化、科技金融、国际技术转移等方面"
          "开展深度合作。", *ZH[1:]]
    en = [*EN[:2], "Lin Xin said the Ministry of Science and Technology will increase support for the cooperation zone.",
          "It will support Shenzhen and Hong Kong in technology projects, talent training, business incubation, "
          "technology finance and international technology transfer.", *EN[3:]]
    beads = align_comparable(zh, en, "zh", "en")
    assert ((0,), (2, 3)) in [(b.src, b.tgt) for b in beads]


def test_a_chinese_word_is_one_expression_found_by_any_of_its_glosses() -> None:
    """Not a quarter share of each of "loot; rob; plunder; ransack", and glossed words the other side never
    uses still count (as missing); a function word does not count at all."""
    said, renderings = said_concepts([{"#3": 1.0}], [["打劫", "和", "音乐会", "3"]], True, {"rob": 0, "loot": 1, "#3": 2})
    assert said == [{"w:打劫": 1.0, "w:音乐会": 1.0, "#3": 1.0}]
    assert renderings == {"w:打劫": ["loot", "rob"], "w:音乐会": [], "#3": ["#3"]}


def test_a_function_word_is_no_evidence() -> None:
    assert function_word("和") and function_word("的") and function_word("那")  # "and", "of", "that"
    assert not function_word("男孩") and not function_word("打劫")
    # 和 also glosses "to draw (a game)" and "to mix with water": neither makes these two sentences one statement.
    zh = ["水和电都很贵。", "今天天气很好。", "火车晚点了。"]
    en = ["The water supply was cut.", "The recipe needs flour.", "A museum opens."]
    assert align_comparable(zh, en, "zh", "en") == []


def test_running_text_and_a_shuffled_list_are_told_apart() -> None:
    """Neighbours in running text share words (here: each sentence names the next one's subject)."""
    rng = random.Random(0)
    things = [f"thing{k}" for k in range(300)]
    text = [[things[k], things[k + 1], "the", "and", rng.choice(things)] for k in range(299)]
    assert in_order(text) > 0.99
    shuffled = text[:]
    rng.shuffle(shuffled)
    assert in_order(shuffled) < 0.2
    assert in_order(text[:6]) > 0.5  # too short to tell: the benefit of the doubt


def test_a_shuffled_document_gets_no_runs_of_two() -> None:
    """Neighbours in a shuffled list are strangers: a 1-2 bead there glues a random sentence to a pair."""
    zh = shared_path("data", "mac-dev", "zh", "001").read_text(encoding="utf-8").splitlines()
    en = shared_path("data", "mac-dev", "en", "001").read_text(encoding="utf-8").splitlines()
    keep = random.Random(0).sample(range(len(en)), len(en) // 2)
    shuffled = align_comparable(zh, [en[j] for j in keep], "zh", "en")
    ordered = align_comparable(zh, [en[j] for j in sorted(keep)], "zh", "en")
    assert not any(len(b.tgt) == 2 for b in shuffled)
    assert any(len(b.tgt) == 2 for b in ordered)


def test_nothing_in_common_gives_nothing() -> None:
    assert align_comparable(["今天天气很好。", "火车晚点了。"], ["The recipe needs flour.", "A museum opens."], "zh", "en") == []
    assert align_comparable([], ["A museum opens."], "zh", "en") == []
    assert align_comparable(["……"], ["..."], "zh", "en") == []  # no evidence is not even odds


# --- the sentence encoder's evidence -----------------------------------------------------------------------

# Two paraphrases the dictionary cannot see (no gloss of one is a word of the other) among unrelated lines.
PARA_ZH = ["她哭得很伤心。", "火车晚点了。", "今天天气很好。", "这道菜太咸了。", "我们迟到了。"]
PARA_EN = ["The recipe needs flour.", "A museum opens.", "Tears ran down her face.", "Parliament passed the budget.",
           "We missed the start."]


def _refuse_the_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_sentences: object) -> np.ndarray:
        raise AssertionError("the encoder was asked")

    monkeypatch.setattr(encoder, "encode", refuse)


def test_the_encoder_pairs_paraphrases_that_share_no_concept() -> None:
    assert align_comparable(PARA_ZH, PARA_EN, "zh", "en", encoder_name="none") == []
    beads = align_comparable(PARA_ZH, PARA_EN, "zh", "en", encoder_name="use")
    assert {(b.src, b.tgt) for b in beads} == {((0,), (2,)), ((4,), (4,))}


def test_align_sentences_hands_its_encoder_to_comparable_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    beads = align_sentences(PARA_ZH, PARA_EN, "zh", "en", mode="comparable")  # the default: use
    assert {(b.src, b.tgt) for b in beads} == {((0,), (2,)), ((4,), (4,))}
    _refuse_the_encoder(monkeypatch)
    assert align_sentences(PARA_ZH, PARA_EN, "zh", "en", mode="comparable", encoder_name="none") == []


def test_none_and_a_language_the_encoder_lacks_never_ask_it(monkeypatch: pytest.MonkeyPatch) -> None:
    _refuse_the_encoder(monkeypatch)
    beads = align_comparable(ZH, EN, "zh", "en", encoder_name="none")
    assert {(b.src, b.tgt) for b in beads} == {((0,), (2,)), ((3,), (4,)), ((7,), (6,))}
    en = ["In 2025 Anna Berg opened 20 schools in Malmo.", "The weather was cold.", "Olof Lind sold 300 boats."]
    sv = ["Olof Lind sålde 300 båtar.", "År 2025 öppnade Anna Berg 20 skolor i Malmö.", "Kaffet var starkt."]
    beads = align_comparable(en, sv, "en", "sv", encoder_name="use")  # Swedish: not one of the encoder's languages
    assert beads and beads == align_comparable(en, sv, "en", "sv", encoder_name="none")


def _unrelated_pairs(slope: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cosines of 200 × 150 unrelated pairs that rise by ``slope`` per nat of the concepts' lift, and their posteriors."""
    rng = np.random.default_rng(0)
    concepts = rng.normal(-3.0, 2.0, size=(200, 150)).astype(np.float32)
    cos = (slope * np.logaddexp(0.0, concepts) + rng.normal(0.0, 0.1, size=concepts.shape)).astype(np.float32)
    return cos, concepts, np.full(cos.shape, 1e-4)


def test_the_encoder_ratio_rises_with_the_cosine_and_costs_at_most_log_misses() -> None:
    cos, concepts, post = _unrelated_pairs(0.0)
    sim = _fit_similarity(cos, concepts, post, np.arange(cos.size), None)
    assert np.all(np.diff(sim.table) >= 0)
    assert sim.table.min() >= np.log(sim.misses) - 1e-6
    assert sim.table.max() > 2.0  # a cosine far above every unrelated pair's is evidence


def test_a_cosine_the_shared_words_explain_is_less_evidence() -> None:
    """Unrelated sentences that share words also encode alike: the encoder's share is what it says beyond that."""
    cos, concepts, post = _unrelated_pairs(0.05)
    sim = _fit_similarity(cos, concepts, post, np.arange(cos.size), None)
    assert abs(sim.slope - 0.05) < 0.01
    at = np.float32([[0.4]])
    assert sim.llr(at, np.float32([[3.0]])) < sim.llr(at, np.float32([[-5.0]]))


# --- the bundled corpus through `termkit build` -------------------------------------------------------------

# Read side by side. Each entry names the sentences of one shared statement by a snippet of each
# (snippets, not positions, so a change in boilerplate removal or splitting does not move the answer):
# (Hong Kong article 002 snippets, English 004 snippets).
GOLD_002 = [
    (["秘書長林新在發布會上表示"],  # Lin Xin: the ministry will support technology projects, talent training, ...
     ["Lin Xin, a member of the party group", "Give full play to the advantages of Hong Kong and Shenzhen, and"]),
    (["政務司司長陳國基5日"],  # Chen Guoji: the HK government will keep cooperating, "one zone, two parks", ...
     ["Chen Guoji, Chief Secretary", "let Hong Kong give full play to the advantages of being backed"]),
    (["力爭到2025年打造深港高水平科研合作平台"], ["strive to build more than 20 high-level"]),  # 20 platforms by 2025
    (["在產業方面，覃偉中表示"], ["In addition, focus on cutting-edge fields"]),  # R&D platforms, pilot bases
    (["下一步還在深圳園區加快形成靈活高效"], ["Qin Weizhong, deputy secretary"]),  # Qin: cross-border mechanisms
]
# Overlapping in part (the same announcement told with other details): not required, not wrong.
OK_002 = [
    (["國務院上周印發", "國務院新聞辦公室舉行"],
     ["A few days ago, the State Council issued", "At the press conference held by the State Council"]),
    (["在人員和貨物進出方面", "在數據跨境流動方面"], ["Uncover the list"]),
    (["在人員和貨物進出方面"], ["sub-line management"]),
    (["郭蘭峰指出，國務院此次印發了"], ["is the fourth major cooperation platform"]),
    (["支持開展科技政策先行先試"], ["Qin Weizhong, deputy secretary"]),
    (["陳國基說，香港特區政府將一如既往"], ["Chen Guoji, Chief Secretary"]),
    (["廣東省副省長孫志洋則表示"], ["Sun Zhiyang, vice governor"]),
]
# People's Daily commentary 000 against the same English report.
GOLD_000 = [
    (["近日,国务院印发"], ["A few days ago, the State Council issued"]),  # the State Council issued the plan
    (["一是准确把握深圳园区的战略定位", "明确了深圳园区的三大定位"], ["Three major positionings, namely"]),
    (["明确以2025年和2035年作为关键节点", "到2025年,基本建立高效的深港科技创新协同机制"],
     ["The two-stage goal is to take 2025 and 2035"]),  # the two stages
    (["要求坚持科技创新和制度创新双轮驱动"], ["The four major tasks are"]),
    (["对人员进出、货物流动实行"],  # "first line" / "second line" management, a highly open supervision system
     ["sub-line management", "Sun Yuning, deputy director of the General Administration of Customs"]),
]
OK_000 = [
    (["近日,国务院印发"], ["A few days ago", "At the press conference held by"]),
    (["四是凝聚力量加强组织实施", "在中央区域协调发展领导小组领导下"], ["A number of safeguard measures"]),
    (["二是集聚落地全球顶尖创新资源", "推动科技资源共享和技术标准合作"], ["accelerate the gathering of Hong Kong and"]),
    (["新时期规划建设河套合作区"], ["The introduction of the plan is conducive"]),
    (["作为深圳园区开发建设的顶层设计"], ["Guo Lanfeng, a member of the party group of the National Development"]),
    (["一是全面对接香港及国际先进规则"], ["Qin Weizhong, deputy secretary"]),
    (["到2035年,与香港园区协同创新的格局"], ["The two-stage goal"]),
]
Snippets = list[tuple[list[str], list[str]]]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("corpus")
    shutil.copytree(ROOT / "sources", project / "sources")
    shutil.copytree(TEST_GLOSSARY, project / "glossary")
    res = run_cli("build", cwd=project)
    assert res.returncode == 0, res.stderr
    return project / "aligned"


def _beads(aligned: Path, name: str) -> list[tuple[list[str], list[str], float]]:
    """The mined beads of ``name`` as (source sentences, target sentences, score)."""
    segments = pl.read_parquet(aligned / "segments.parquet")
    text = {(d, s): t for d, s, t in segments.select("doc_id", "seg_id", "text").iter_rows()}
    src_doc, tgt_doc = name.split("-")
    table = read_alignments_tsv(aligned / f"{name}.alignments.tsv")
    assert (table["mode"] == "comparable").all()
    return [([text[(src_doc, i)] for i in s], [text[(tgt_doc, j)] for j in t], sc)
            for s, t, sc in table.select("src_ids", "tgt_ids", "score").iter_rows()]


def _says(src: list[str], tgt: list[str], entries: Snippets) -> bool:
    """Every sentence of the bead is one that an entry names (on its side)."""
    return any(all(any(n in s for n in zh) for s in src) and all(any(n in t for n in en) for t in tgt)
               for zh, en in entries)


@pytest.mark.parametrize(("name", "gold", "ok", "min_found"), [("002-004", GOLD_002, OK_002, 5),
                                                            ("000-004", GOLD_000, OK_000, 4)])
def test_build_finds_the_shared_statements(built: Path, name: str, gold: Snippets, ok: Snippets,
                                           min_found: int) -> None:
    beads = _beads(built, name)
    found = [g for g in gold if any(_says(s, t, [g]) for s, t, _ in beads)]
    assert len(found) >= min_found, (name, beads)
    right = [b for b in beads if _says(b[0], b[1], gold + ok)]
    assert len(right) / len(beads) >= 0.7, beads
    assert all(0.0 <= sc <= 1.0 for _, _, sc in beads)


def test_build_pairs_no_label_with_a_sentence(built: Path) -> None:
    for src, tgt, _ in _beads(built, "002-004") + _beads(built, "000-004"):
        assert "南沙：" not in src
        assert len({is_heading(x) for x in src + tgt}) == 1  # headings with headings, sentences with sentences


# --- a real parallel chapter turned comparable ---------------------------------------------------------------


def _shuffled_mac_dev(chapter: str, seed: int = 0, encoder_name: str = encoder.DEFAULT) -> tuple[float, float]:
    """MAC-Dev ``chapter`` with the English shuffled and half of it dropped: precision and 1-1 recall."""
    zh = shared_path("data", "mac-dev", "zh", chapter).read_text(encoding="utf-8").splitlines()
    en = shared_path("data", "mac-dev", "en", chapter).read_text(encoding="utf-8").splitlines()
    gold = read_ladder(shared_path("data", "mac-dev", "gold", f"{chapter}.align"))
    rng = random.Random(seed)
    keep = rng.sample(range(len(en)), len(en) // 2)
    beads = align_comparable(zh, [en[j] for j in keep], "zh", "en", encoder_name=encoder_name)
    groups = [(set(s), set(t)) for s, t in gold if s and t]
    right = [b for b in beads if _consistent(b.src, tuple(keep[j] for j in b.tgt), groups)]
    kept = set(keep)
    ones = [(s[0], t[0]) for s, t in gold if len(s) == len(t) == 1 and t[0] in kept]
    hit = {(i, keep[j]) for b in right for i in b.src for j in b.tgt}
    return len(right) / max(len(beads), 1), sum(p in hit for p in ones) / max(len(ones), 1)


@pytest.mark.parametrize(("encoder_name", "min_recall"), [("none", 0.4), ("use", 0.7)])
def test_shuffled_parallel_chapter_comes_out_with_high_precision(encoder_name: str, min_recall: float) -> None:
    precision, recall = _shuffled_mac_dev("001", encoder_name=encoder_name)
    assert precision >= 0.9  # none 0.958 when written; use 0.973
    # none 0.447 (0.351 before Chinese words counted whole and the carry-over was fitted by EM); use 0.763
    assert recall >= min_recall
