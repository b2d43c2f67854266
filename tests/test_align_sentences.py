"""The aligner on tiny synthetic documents (merges, omissions, numbers, names, comparable mode), and its long-document search (anchors, band widths) on synthetic evidence vectors."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from termkit.align import Bead, align_sentences, band, dp
from termkit.align.aligner import fit_miss
from termkit.align.concepts import Side, concept_bags
from termkit.align.learn import dice_table

ZH = [
    "那天晚上我没走掉。",
    "陈清扬把我拽住，以伟大友谊的名义叫我留下来。",
    "她承认打我不对。",
    "她说我的伟大友谊是假的。",
    "我们在山上住了五个月。",
    "二〇二五年，他买了三本书。",
]
EN = [
    "I did not leave that night.",
    "Chen Qingyang caught me and asked me to stay in the name of our great friendship.",
    "She admitted that she had been wrong to slap me.",
    "She said my great friendship was phony.",
    "We lived on the mountain for 5 months.",
    "In 2025 he bought three books.",
]


def _pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in beads]


def _check_cover(beads: list[Bead], n: int, m: int) -> None:
    assert [i for b in beads for i in b.src] == list(range(n))
    assert [j for b in beads for j in b.tgt] == list(range(m))
    assert all(b.src or b.tgt for b in beads)


def test_one_to_one_translation() -> None:
    beads = align_sentences(ZH, EN, "zh", "en")
    assert _pairs(beads) == [((i,), (i,)) for i in range(len(ZH))]


def test_scores_are_confidences() -> None:
    beads = align_sentences(ZH, EN, "zh", "en")
    assert all(0.0 <= b.score <= 1.0 for b in beads)
    assert min(b.score for b in beads) > 0.5  # every bead here is a clear translation


def test_one_to_two_merge() -> None:
    en = [*EN[:1], "Chen Qingyang caught me.", "She asked me to stay in the name of our great friendship.", *EN[2:]]
    beads = align_sentences(ZH, en, "zh", "en")
    _check_cover(beads, len(ZH), len(en))
    assert ((1,), (1, 2)) in _pairs(beads)
    assert ((2,), (3,)) in _pairs(beads)


def test_two_to_one_merge() -> None:
    en = [*EN[:2], "She admitted that she had been wrong to slap me, but said my great friendship was phony.", *EN[4:]]
    beads = align_sentences(ZH, en, "zh", "en")
    _check_cover(beads, len(ZH), len(en))
    assert ((2, 3), (2,)) in _pairs(beads)


def test_omission_and_addition() -> None:
    en = [*EN[:3], "The weather was terrible all week and the river flooded twice.", *EN[3:]]
    zh = [*ZH[:5], "这是一个完全没有翻译的句子，讲的是别的事情，比如火车站和咖啡馆。", *ZH[5:]]
    beads = align_sentences(zh, en, "zh", "en")
    _check_cover(beads, len(zh), len(en))
    assert ((), (3,)) in _pairs(beads)
    assert ((5,), ()) in _pairs(beads)


def test_numbers_decide_between_look_alikes() -> None:
    zh = ["第一个实验用了三十七只老鼠。", "第二个实验用了一百二十只老鼠。"]
    en = ["The first experiment used 37 mice.", "The second experiment used 120 mice."]
    beads = align_sentences(zh, en, "zh", "en")
    assert _pairs(beads) == [((0,), (0,)), ((1,), (1,))]


def test_no_dictionary_pair_aligns_on_names_numbers_and_length() -> None:
    de = ["Die Nordwand des Kingspitz ist 600 m hoch.", "Michel Piola stieg 1987 mit zwei Freunden ein.",
          "Sie brauchten drei Tage bis zum Gipfel.", "Der Abstieg über den Grat war einfach."]
    fr = ["La face nord du Kingspitz mesure 600 m.", "Michel Piola y est entré en 1987 avec deux amis.",
          "Il leur a fallu trois jours jusqu'au sommet.", "La descente par l'arête était facile."]
    beads = align_sentences(de, fr, "de", "fr")
    assert _pairs(beads) == [((i,), (i,)) for i in range(4)]


def test_glossary_pairs_are_evidence() -> None:
    zh = ["河套合作区今年发展很快。", "这里的天气很好。"]
    en = ["The weather here is fine.", "Hetao Cooperation Zone grew fast this year."]
    beads = align_sentences(zh, en, "zh", "en", mode="comparable", extra_pairs=[("河套合作区", "Hetao Cooperation Zone")])
    assert ((0,), (1,)) in _pairs(beads)


def test_deterministic() -> None:
    a = align_sentences(ZH, EN, "zh", "en")
    b = align_sentences(ZH, EN, "zh", "en")
    assert a == b


def test_empty_sides() -> None:
    assert align_sentences([], EN[:2], "zh", "en") == [Bead((), (0,), 0.5), Bead((), (1,), 0.5)]
    assert align_sentences(ZH[:1], [], "zh", "en", mode="comparable") == []


def test_unknown_mode() -> None:
    with pytest.raises(ValueError, match="mode"):
        align_sentences(ZH, EN, "zh", "en", mode="sideways")


def test_comparable_pairs_shared_sentences_in_any_order_and_nothing_else() -> None:
    zh = ["陈清扬把我拽住，以伟大友谊的名义叫我留下来。", "今天股市大涨，投资者非常高兴。", "我们在山上住了五个月。",
          "她说我的伟大友谊是假的。", "火车晚点了两个小时。"]
    en = ["We lived on the mountain for 5 months.", "A new museum opens downtown next spring.",
          "She said my great friendship was phony.",
          "Chen Qingyang caught me and asked me to stay in the name of our great friendship.",
          "The recipe needs flour, sugar and butter."]
    beads = align_sentences(zh, en, "zh", "en", mode="comparable")
    assert _pairs(beads) == [((0,), (3,)), ((2,), (0,)), ((3,), (2,))]
    assert all(0.5 <= b.score <= 1.0 for b in beads)


# The long-document machinery, on synthetic evidence vectors (no dictionary involved).

def _synthetic(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[int]]:
    """A source of n sparse "sentences" and a noisy translation with a deletion, an insertion and a shuffled stretch.

    Returns x, y, their lengths, and truth[i] = the target of source i (-1 when deleted or shuffled away).
    """
    rng = np.random.default_rng(seed)
    x = np.zeros((n, 256), dtype=np.float32)
    for i in range(n):
        x[i, rng.choice(256, 6, replace=False)] = rng.uniform(0.5, 1.5, 6)
    order = list(range(n))
    del order[n // 3:n // 3 + 5]  # five sentences left untranslated
    stretch = slice(n // 2, n // 2 + 20)
    order[stretch] = rng.permutation(order[stretch]).tolist()  # a stretch told in another order
    y = x[order] + rng.normal(0, 0.15, (len(order), 256)).astype(np.float32)
    y = np.insert(y, 2 * n // 3, np.abs(rng.normal(0, 1, (3, 256))).astype(np.float32), axis=0)  # an addition
    order[2 * n // 3:2 * n // 3] = [-1, -1, -1]
    lx = rng.uniform(20, 60, n)
    ly = np.asarray([lx[o] * 1.3 if o >= 0 else 40.0 for o in order])
    truth = [-1] * n
    shuffled = set(order[stretch])
    for j, o in enumerate(order):
        if o >= 0 and o not in shuffled:
            truth[o] = j
    return x, y, lx, ly, truth


def test_anchors_are_monotone_and_right_around_a_shuffled_stretch() -> None:
    x, y, lx, ly, truth = _synthetic(3000)
    pts = band.anchors(x, y, lx, ly)
    assert len(pts) > 2000
    assert (np.diff(pts[:, 0]) > 0).all() and (np.diff(pts[:, 1]) > 0).all()
    right = sum(truth[i] == j for i, j in pts)
    assert right >= 0.99 * len(pts)


def test_long_document_searches_a_narrow_band_and_finds_the_path() -> None:
    x, y, lx, ly, truth = _synthetic(3000, seed=1)
    n, m = len(x), len(y)
    assert n * m > dp.FULL_CELLS  # so the anchored search is used, not the full one
    lo, hi = band.anchored_band(x, y, lx, ly)
    assert (hi - lo).max() < 100  # a band of a few dozen states a row, never the full n × m
    assert all(lo[i] <= truth[i] <= hi[i] for i in range(n) if truth[i] >= 0)
    sc = dp.Scoring(lexical=3.0, cap=2.0, length_weight=1.0, ratio=1.3, variance=6.8, base=0.0, scale=0.8)
    path = dp.align(x, y, lx, ly, sc)
    found = {i: j for i, a, j, b in path.beads if a == b == 1}
    right = sum(found.get(i) == truth[i] for i in range(n) if truth[i] >= 0)
    assert right >= 0.98 * sum(t >= 0 for t in truth)


def test_increasing_chain() -> None:
    chain = band.increasing_chain(np.asarray([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9]))
    values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9]
    picked = [values[k] for k in chain]
    assert len(picked) == 6 and all(a < b for a, b in itertools.pairwise(picked))


def test_dice_table_learns_consistent_pairs() -> None:
    src = [["haus", "rot"], ["haus", "gross"], ["haus", "alt"], ["rot", "auto"], ["rot", "blume"], ["rot", "tag"]]
    tgt = [["maison", "rouge"], ["maison", "grand"], ["maison", "vieux"], ["rouge", "voiture"], ["rouge", "fleur"],
           ["rouge", "jour"]]
    table = dice_table(src, tgt)
    assert table == {"haus": {"maison": 1.0}, "rot": {"rouge": 1.0}}
    assert dice_table([], []) == {}


def test_band_stays_near_linear_where_anchors_are_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    x, y, lx, ly, _ = _synthetic(4000, seed=2)
    monkeypatch.setattr(band, "anchors", lambda *_: np.zeros((0, 2), dtype=np.int64))
    lo, hi = band.anchored_band(x, y, lx, ly)
    m = len(y)
    assert (hi - lo).max() <= 2 * band.window(m) + 6 * band.BUFFER < m / 2  # a corridor along the length diagonal
    assert lo[0] == 0 and hi[-1] == m and (np.diff(lo) >= 0).all() and (np.diff(hi) >= 0).all()


def test_anchored_search_finds_the_full_search_path() -> None:
    x, y, lx, ly, _ = _synthetic(700, seed=3)
    n, m = len(x), len(y)
    assert n * m > dp.FULL_CELLS
    sc = dp.Scoring(lexical=3.0, cap=2.0, length_weight=1.0, ratio=1.3, variance=6.8, base=0.0, scale=0.8)
    full = dp.search(x, y, lx, ly, np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64), sc)
    assert dp.align(x, y, lx, ly, sc).beads == full.beads


def test_punctuation_is_evidence_in_any_script() -> None:
    zh, en = concept_bags(Side("zh", ["他问：“你走吗？”"]), Side("en", ['He asked: "Are you leaving?"']))
    for key in ("p::", "p:q", "p:?"):
        assert key in zh[0] and key in en[0]
    assert zh[0]["p:q"] == en[0]["p:q"] == 2.0  # opening and closing marks, curly or straight


def test_a_stray_anchor_off_its_neighbours_line_is_dropped() -> None:
    pts = np.asarray([[i * 10, i * 40] for i in range(30)])
    pts[15, 1] += 30  # a repeated formula matched a few verses away, still monotone
    pts[24:, 1] += 12  # a real shift (an omission) moves all later anchors: they stay
    kept = band.consistent_anchors(pts, np.arange(301) * 4)
    assert kept.tolist() == [p for k, p in enumerate(pts.tolist()) if k != 15]


def _with_caption(n: int = 30, at: int = 10) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A faithful translation of n sparse sentences with one short unrelated line (a caption) inserted at ``at``."""
    rng = np.random.default_rng(4)
    x = np.zeros((n, 256), dtype=np.float32)
    for i in range(n):
        x[i, rng.choice(200, 6, replace=False)] = rng.uniform(0.5, 1.5, 6)
    y = x + rng.normal(0, 0.05, x.shape).astype(np.float32)
    caption = np.zeros((1, 256), dtype=np.float32)
    caption[0, 200 + rng.choice(56, 6, replace=False)] = 1.0  # concepts of its own: it shares nothing
    lx = rng.uniform(20, 60, n)
    ly = np.insert(lx * 1.3, at, 8.0)  # short: gluing it changes a bead's length by little
    return x, np.insert(y, at, caption, axis=0), lx, ly


def test_a_line_sharing_nothing_is_an_omission_not_glued_to_a_neighbour() -> None:
    x, y, lx, ly = _with_caption()
    n, m = len(x), len(y)
    sc = dp.Scoring(lexical=3.0, cap=2.0, length_weight=1.0, ratio=1.3, variance=6.8, base=0.0, scale=0.9)
    full = (np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))
    glued = dp.search(x, y, lx, ly, *full, sc).beads
    assert (9, 1, 9, 2) in glued  # without the evidence of what it lacks, Gale–Church's priors glue it on
    miss = np.log(0.05 + 0.95 * 0.7 ** 6.0)  # six concepts, a counterpart holds 30% of them, 5% free renderings
    sc = dataclasses.replace(sc, miss_x=np.full(n, miss), miss_y=np.full(m, miss))
    beads = dp.search(x, y, lx, ly, *full, sc).beads
    assert (10, 0, 10, 1) in beads
    assert [b for b in beads if b[1] and b[3]] == [(i, 1, i + (i >= 10), 1) for i in range(n)]


def test_fit_miss_recovers_how_often_a_counterpart_shares_nothing() -> None:
    rng = np.random.default_rng(5)
    n = rng.uniform(0, 15, 20_000)
    z = (rng.random(len(n)) < 0.05 + 0.95 * 0.7 ** n).astype(np.float64)
    p, eps = fit_miss(n, z)
    assert abs(p - 0.3) < 0.04 and 0.035 < eps < 0.07


def test_hong_kong_names_match_in_their_cantonese_spelling() -> None:
    """陳國基 is "Chan Kwok-ki" in Hong Kong English, not the pinyin "Chen Guoji"."""
    zh = Side("zh", ["政務司司長陳國基表示。"])
    en = Side("en", ["Chief Secretary Eric Chan Kwok-ki said."])
    (zh_bag,), (en_bag,) = concept_bags(zh, en, ())
    assert {"py:chan", "py:kwokki"} <= set(zh_bag) & set(en_bag)


def test_dropping_a_sentence_its_neighbour_needs_for_length_costs_length_evidence() -> None:
    """A free rendering adds a sentence that shares nothing with the source: as a free omission it would
    cost only its prior, so Gale–Church's 1-0 distance (an empty counterpart for a sentence that long) is
    what keeps it in the merge."""
    x, y, lx, ly = _with_caption()
    n, at = len(x), 21  # target 21 renders source 20 (the caption sits at 10)
    extra = np.zeros((1, 256), dtype=np.float32)
    extra[0, 200 + np.arange(6)] = 1.0  # concepts of its own
    y, ly = np.insert(y, at + 1, extra, axis=0), np.insert(ly, at + 1, ly[at] / 2)
    m = len(y)
    miss = np.log(0.05 + 0.95 * 0.7 ** 6.0)
    sc = dp.Scoring(lexical=3.0, cap=2.0, length_weight=1.0, ratio=1.3, variance=6.8, base=0.0, scale=0.9,
                    miss_x=np.full(n, miss), miss_y=np.full(m, miss))
    full = (np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))
    free = dp.search(x, y, lx, ly, *full, sc).beads
    assert (20, 1, at, 1) in free and (21, 0, at + 1, 1) in free
    beads = dp.search(x, y, lx, ly, *full, dataclasses.replace(sc, omission_length=True)).beads
    assert (20, 1, at, 2) in beads
    assert [b for b in beads if b[0] > 10 and b[0] != 20] == [(i, 1, i + 1 + (i > 20), 1) for i in range(11, n) if i != 20]


def test_a_passage_missing_from_one_side_is_one_run_of_omissions() -> None:
    """Four unrelated lines (a caption, an advertisement) pay Gale–Church's 1-0 distance once, as a run:
    charged per line they would be cheaper glued onto their neighbours."""
    x, y, lx, ly = _with_caption()
    n, at = len(x), 21
    rng = np.random.default_rng(7)
    passage = np.zeros((4, 256), dtype=np.float32)
    for row in passage:
        row[200 + rng.choice(56, 6, replace=False)] = 1.0  # concepts of their own
    y, ly = np.insert(y, at, passage, axis=0), np.insert(ly, at, np.full(4, 45.0))
    m = len(y)
    miss = np.log(0.15 + 0.85 * 0.7 ** 6.0)  # a loose translation: sharing nothing is weak evidence
    sc = dp.Scoring(lexical=3.0, cap=2.0, length_weight=1.0, ratio=1.3, variance=6.8, base=0.0, scale=0.9,
                    miss_x=np.full(n, miss), miss_y=np.full(m, miss), omission_length=True)
    full = (np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))
    beads = dp.search(x, y, lx, ly, *full, sc).beads
    assert [(20, 0, at + k, 1) for k in range(4)] == [b for b in beads if at <= b[2] < at + 4]
    assert all(b[1] == b[3] == 1 for b in beads if b[2] > at + 3)


def test_unspaced_languages_without_a_dictionary_get_units_learnt_by_sentencepiece() -> None:
    """Japanese (no spaces, no dictionary shipped): units are recurring pieces, not whole clauses."""
    from termkit.align.concepts import MAX_PIECE, learnt_units

    sentences = ["東京で会議があります。", "大阪で会議があります。", "東京の天気は晴れです。", "大阪の天気は雨です。"] * 5
    units = learnt_units(sentences)
    assert units == learnt_units(sentences)  # deterministic
    for sentence, pieces in zip(sentences, units, strict=True):
        assert "".join(pieces) == sentence.rstrip("。")
        assert all(1 <= len(p) <= MAX_PIECE for p in pieces)
    assert Side("ja", sentences).units == units
    assert Side("de", ["Der Gletscher schmilzt."]).units == [["der", "gletscher", "schmilzt"]]
