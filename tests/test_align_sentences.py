"""The aligner on tiny synthetic documents: merges, omissions, numbers, names, comparable mode."""

from __future__ import annotations

import pytest

from termkit.align import Bead, align_sentences

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
